import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { TIMELINE_IMAGE_PATH, timelineImageLinks } from '../../bots/runtime/timeline-links.ts';
import { findTimelineFonts, timelinePngRenderer } from '../../bots/runtime/timeline-png.ts';
import type { Interval } from '../../core/availability/intervals.ts';
import { decodeTimeline } from '../../core/availability/timeline.codec.ts';
import type { TimelineInput } from '../../core/availability/timeline.model.ts';
import { renderTimelineSvg } from '../../core/availability/timeline.svg.ts';
import { timelineImage } from '../../core/commands/timeline-image.ts';

/**
 * The week picture, from the command's input to PNG bytes: what a Slack fetch of the link costs
 * when nothing is cached. Baseline, same run: the picture of one person.
 */

const H = 3_600_000;
const MONDAY = Date.parse('2026-03-02T00:00:00Z');
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'America/Los_Angeles'];

/** `perDay` free windows of 1-4 hours on each of the 7 days, shifted per person. */
function people(count: number, perDay: number): TimelineInput['people'] {
  return Array.from({ length: count }, (_, p) => ({
    label: `Creator ${p}`,
    zone: ZONES[p % ZONES.length]!,
    free: Array.from({ length: 7 * perDay }, (_, i): Interval => {
      const day = Math.floor(i / perDay);
      const start = MONDAY + day * 24 * H + (8 + ((i % perDay) * 16) / perDay + (p % 3)) * H;
      return { startMs: start, endMs: start + (1 + ((p + i) % 4)) * H };
    }),
  }));
}

const busiest = (): TimelineInput['people'] =>
  Array.from({ length: 10 }, (_, p) => ({
    label: `Creator ${p}`,
    zone: 'UTC',
    free: Array.from({ length: 500 }, (_, i) => ({
      startMs: MONDAY + i * 20 * 60_000 + p * 60_000,
      endMs: MONDAY + i * 20 * 60_000 + p * 60_000 + 7 * 60_000,
    })),
  }));

export async function runTimelineBench(): Promise<string[]> {
  const fonts = findTimelineFonts();
  if (!fonts) return ['  skipped: no DejaVu Sans font (apt-get install -y fonts-dejavu-core)'];
  const images = timelineImageLinks({ key: randomBytes(32), publicUrl: 'https://align.example.com' });
  const span = { startMs: MONDAY, endMs: MONDAY + 7 * 24 * H };
  const lines = [
    'week timeline picture, uncached (median of runs): input -> signed link -> payload -> SVG -> PNG',
  ];
  const measure = async (label: string, input: TimelineInput['people'], runs: number) => {
    const common = input.length > 1 ? [{ startMs: MONDAY + 12 * H, endMs: MONDAY + 13 * H }] : [];
    const picture = timelineImage({ images }, { people: input, common, span, viewerZone: 'Europe/London' });
    if (picture?.kind !== 'image') throw new Error('no picture');
    const payload = new URL(picture.url).pathname.slice(TIMELINE_IMAGE_PATH.length, -'.png'.length);
    const times: number[] = [];
    let png: Buffer = Buffer.alloc(0);
    for (let run = 0; run <= runs; run++) {
      // A fresh renderer each run: nothing cached, as for the first fetch of a link.
      const renderer = timelinePngRenderer({ fontFiles: fonts });
      const started = performance.now();
      const model = decodeTimeline(Buffer.from(payload, 'base64url'));
      const outcome = await renderer.render(payload, () => renderTimelineSvg(model));
      if (outcome.kind !== 'png') throw new Error(outcome.kind);
      if (run > 0) times.push(performance.now() - started);
      png = outcome.png;
    }
    const ms = times.toSorted((a, b) => a - b)[Math.floor(times.length / 2)]!;
    return { label, ms, png: png.length, url: picture.url.length };
  };
  const baseline = await measure('1 person x 1 week, 2 windows a day', people(1, 2), 15);
  const results = [
    baseline,
    await measure('10 people x 1 week, 2 windows a day', people(10, 2), 15),
    await measure('10 people x 1 week, 500 windows a row (the most a picture holds)', busiest(), 7),
  ];
  for (const r of results) {
    lines.push(
      `  ${r.label}: ${r.ms.toFixed(1)} ms, PNG ${(r.png / 1024).toFixed(1)} KiB, link ${r.url} chars` +
        (r === baseline ? ' (baseline)' : ` = ${(r.ms / baseline.ms).toFixed(1)}x baseline`),
    );
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runTimelineBench()) console.log(line);
}
