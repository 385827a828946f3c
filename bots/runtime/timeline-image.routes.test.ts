import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { type Block, heading, reply } from '../../core/commands/reply.ts';
import { timelineImage } from '../../core/commands/timeline-image.ts';
import { fixedClock } from '../../core/shared/clock.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { renderText } from '../console/render-text.ts';
import { renderReply } from '../slack/blocks.ts';
import { blockKitProblems } from '../slack/limits-check.ts';
import { commandPartsFor } from './command-services.ts';
import { loadConfig } from './config.ts';
import { createHttpApp } from './http-app.ts';
import { createLogger } from './logger.ts';
import { timelineImagesFor } from './timeline-image.routes.ts';
import { timelineImageLinks } from './timeline-links.ts';
import { findTimelineFonts, timelinePngRenderer } from './timeline-png.ts';

const H = 3_600_000;
const MONDAY = Date.parse('2026-03-02T00:00:00Z');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const fonts = findTimelineFonts();
if (!fonts) {
  const hint = 'no DejaVu Sans font (apt-get install -y fonts-dejavu-core): picture rendering tests';
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${hint} are required (REQUIRE_SERVICES=1)`);
  console.warn(`[skip] ${hint} are skipped`);
}

const pair = {
  people: [
    {
      label: 'Ana Silva',
      zone: 'Europe/Lisbon',
      free: [{ startMs: MONDAY + 9 * H, endMs: MONDAY + 12 * H }],
    },
    {
      label: 'Ben Ortiz',
      zone: 'America/New_York',
      free: [{ startMs: MONDAY + 10 * H, endMs: MONDAY + 14 * H }],
    },
  ],
  common: [{ startMs: MONDAY + 10 * H, endMs: MONDAY + 12 * H }],
  span: { startMs: MONDAY, endMs: MONDAY + 7 * 24 * H },
  viewerZone: 'Europe/London',
};

function setup() {
  const key = randomBytes(32);
  const clock = fixedClock(MONDAY - 12 * H);
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const images = timelineImageLinks({ key, publicUrl: 'https://align.example.com', nowMs: clock.nowMs });
  const app = createHttpApp({
    logger: createLogger('info', sink),
    readiness: async () => ({}),
    timelineImages: { key, renderer: timelinePngRenderer({ fontFiles: fonts ?? [] }), nowMs: clock.nowMs },
  });
  const picture = timelineImage({ images }, pair) as Extract<Block, { kind: 'image' }>;
  const path = picture.url.replace('https://align.example.com', '');
  return { app, clock, lines, images, picture, path };
}

/** Width and height from a PNG's IHDR chunk. */
const dimensionsOf = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe.skipIf(!fonts)('the week timeline picture, from reply to PNG', () => {
  it('is an image block Slack accepts and a link line on the console', () => {
    const { picture } = setup();
    const answer = reply(heading('Ana + Ben'), picture);
    const slack = renderReply(answer);
    expect(slack.blocks[1]).toEqual({ type: 'image', image_url: picture.url, alt_text: picture.alt });
    expect(blockKitProblems(slack.blocks, 'message')).toEqual([]);
    expect(renderText(answer)).toContain(`\n🖼 ${picture.alt}: ${picture.url}\n`);
  });

  it('serves the signed link as a PNG of the picture’s size, cached privately, the payload kept out of the log', async () => {
    const { app, path, lines } = setup();
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('private, max-age=86400');
    const png = Buffer.from(await response.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // 160 px of labels + 7 days of 120 px + 16; three rows (two people, everyone) of 48 under a 96 px head.
    expect(dimensionsOf(png)).toEqual({ width: 1016, height: 96 + 3 * 48 + 56 });
    const again = Buffer.from(await (await app.request(path)).arrayBuffer());
    expect(again.equals(png)).toBe(true);
    const logged = lines.filter((line) => line.msg === 'request').map((line) => line.path);
    expect(logged).toEqual(['/img/timeline/…', '/img/timeline/…']);
  });

  it('refuses a changed or unsigned link with 403 and an expired one with 410, with no body', async () => {
    const { app, path, clock } = setup();
    const [file, query] = path.split('?') as [string, string];
    const payload = file.replace(/^\/img\/timeline\//, '').replace(/\.png$/, '');
    const flip = (char: string | undefined) => (char === 'A' ? 'B' : 'A');
    const changed = `${payload.slice(0, 10)}${flip(payload[10])}${payload.slice(11)}`;
    // Change the signature's first character to one it is not (the signature varies with the clock's expiry).
    const forgedSig = query.replace(/sig=(.)/, (_match, first: string) => `sig=${flip(first)}`);
    for (const forged of [
      `/img/timeline/${changed}.png?${query}`,
      `/img/timeline/${payload}.png?${forgedSig}`,
      `/img/timeline/${payload}.png?${query.replace(/exp=\d/, 'exp=9')}`,
      `/img/timeline/${payload}.png`,
      `/img/timeline/${payload}.svg?${query}`,
    ]) {
      const response = await app.request(forged);
      expect([forged, response.status]).toEqual([forged, 403]);
      expect(await response.text()).toBe('');
    }
    clock.advance(8 * 24 * H);
    const expired = await app.request(path);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toBe('');
  });

  it('answers 400 to a signed payload that is not a picture', async () => {
    const { app, images } = setup();
    const url = images.timeline(Uint8Array.from([1, 99]));
    const response = await app.request(url.replace('https://align.example.com', ''));
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('');
  });
});

describe.skipIf(!fonts)('the picture wiring', () => {
  const opened = openTestPglite();
  afterAll(async () => (await opened).close());

  it('serves the links the command services sign, at PUBLIC_URL, with the runtime’s key', async () => {
    const parts = testRuntimeParts(await opened, MONDAY - 12 * H);
    const runtime = { ...parts, config: loadConfig({ PUBLIC_URL: 'https://align.example.com' }) };
    const { services } = commandPartsFor(runtime);
    const picture = timelineImage(services, pair) as Extract<Block, { kind: 'image' }>;
    expect(picture.url).toMatch(
      /^https:\/\/align\.example\.com\/img\/timeline\/[A-Za-z0-9_-]+\.png\?exp=\d+&sig=/,
    );
    const app = createHttpApp({
      logger: createLogger('silent'),
      readiness: async () => ({}),
      timelineImages: timelineImagesFor(runtime, createLogger('silent')),
    });
    const response = await app.request(picture.url.replace('https://align.example.com', ''));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
  });

  it('draws nothing without a font, and says what to do', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const parts = testRuntimeParts(await opened);
    const runtime = { ...parts, config: loadConfig({ TIMELINE_FONT_FILE: '/nowhere/x.ttf' }) };
    expect(timelineImagesFor(runtime, createLogger('warn', sink))).toBeUndefined();
    expect(lines.join('')).toContain(
      'TIMELINE_FONT_FILE /nowhere/x.ttf does not exist: install fonts-dejavu-core',
    );
    expect(commandPartsFor(runtime).services.images).toBeUndefined();
  });
});
