import { describe, expect, it } from 'vitest';
import { decodeTimeline } from '../availability/timeline.codec.ts';
import { heading, reply } from './reply.ts';
import type { ImageLinks } from './services.ts';
import { type TimelineImageInput, timelineImage } from './timeline-image.ts';

const H = 3_600_000;
const MONDAY = Date.parse('2026-03-02T00:00:00Z');

/** Keeps every payload it was asked to link to; the URL names which one. */
function recordingImageLinks(maxPayloadBytes = 2048): ImageLinks & { payloads: Uint8Array[] } {
  const payloads: Uint8Array[] = [];
  return {
    payloads,
    maxPayloadBytes,
    timeline(payload) {
      payloads.push(payload);
      return `https://align.example.com/img/timeline/${payloads.length}.png`;
    },
  };
}

const pair: TimelineImageInput = {
  people: [
    {
      label: 'Ana Silva (@ana)',
      zone: 'Europe/Lisbon',
      free: [{ startMs: MONDAY + 9 * H, endMs: MONDAY + 12 * H }],
    },
    {
      label: 'Ben Ortiz (@ben)',
      zone: 'America/New_York',
      free: [
        { startMs: MONDAY + 10 * H, endMs: MONDAY + 14 * H },
        { startMs: MONDAY + 30 * H, endMs: MONDAY + 31 * H },
      ],
    },
  ],
  common: [{ startMs: MONDAY + 10 * H, endMs: MONDAY + 12 * H }],
  span: { startMs: MONDAY, endMs: MONDAY + 7 * 24 * H },
  viewerZone: 'Europe/London',
};

describe('timelineImage', () => {
  it('is an image block of a reply, its link carrying initials and its alt text the names', () => {
    const images = recordingImageLinks();
    const picture = timelineImage({ images }, pair);
    const answer = reply(heading('Ana + Ben'), ...(picture ? [picture] : []));
    expect(answer.blocks[1]).toEqual({
      kind: 'image',
      url: 'https://align.example.com/img/timeline/1.png',
      alt:
        'Week of free time, Mon 2 Mar – Sun 8 Mar (times in Europe/London): ' +
        'AS = Ana Silva (@ana): 1 free window, BO = Ben Ortiz (@ben): 2 free windows; 1 free for everyone.',
    });
    const drawn = decodeTimeline(images.payloads[0]!);
    expect(drawn.rows.map((row) => [row.label, row.zone, row.free.length])).toEqual([
      ['AS', 'Europe/Lisbon', 1],
      ['BO', 'America/New_York', 2],
    ]);
    expect(drawn.common).toEqual(pair.common);
    expect(new TextDecoder().decode(images.payloads[0])).not.toMatch(/Ana|Ben|@/);
  });

  it('carries the labels as given when asked for names', () => {
    const images = recordingImageLinks();
    timelineImage({ images }, { ...pair, labels: 'names' });
    expect(decodeTimeline(images.payloads[0]!).rows.map((row) => row.label)).toEqual([
      'Ana Silva (@ana)',
      'Ben Ortiz (@ben)',
    ]);
  });

  it('is left out when the server draws no pictures or nothing fits a link', () => {
    expect(timelineImage({}, pair)).toBeUndefined();
    expect(timelineImage({ images: recordingImageLinks(8) }, pair)).toBeUndefined();
  });
});
