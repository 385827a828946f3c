import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { timelineImage } from '../../core/commands/timeline-image.ts';
import { checkTimelineLink, MAX_IMAGE_URL_CHARS, timelineImageLinks } from './timeline-links.ts';

const H = 3_600_000;
const NOW = Date.parse('2026-03-01T12:00:00Z');
const MONDAY = Date.parse('2026-03-02T00:00:00Z');
const key = randomBytes(32);

/** Ten people with 500 short windows each: the most a picture holds. */
const busiest = {
  people: Array.from({ length: 10 }, (_, p) => ({
    label: `Creator Number ${p}`,
    zone: 'America/Argentina/Buenos_Aires',
    free: Array.from({ length: 500 }, (_, i) => ({
      startMs: MONDAY + i * 20 * 60_000 + p * 60_000,
      endMs: MONDAY + i * 20 * 60_000 + p * 60_000 + 7 * 60_000,
    })),
  })),
  common: [],
  span: { startMs: MONDAY, endMs: MONDAY + 7 * 24 * H },
  viewerZone: 'America/Argentina/Buenos_Aires',
};

/** The parts of a link as the route reads them. */
function partsOf(url: string) {
  const parsed = new URL(url);
  const payload = parsed.pathname.replace(/^\/img\/timeline\//, '').replace(/\.png$/, '');
  return {
    payload,
    exp: parsed.searchParams.get('exp') ?? undefined,
    sig: parsed.searchParams.get('sig') ?? undefined,
  };
}

describe('timeline picture links', () => {
  it('stay within Slack’s 3,000 characters for the busiest picture, however long PUBLIC_URL is', () => {
    for (const publicUrl of [
      'https://align.example.com',
      `https://${'a'.repeat(60)}.example.com/${'p'.repeat(900)}`,
    ]) {
      const images = timelineImageLinks({ key, publicUrl, nowMs: () => NOW });
      const picture = timelineImage({ images }, busiest);
      expect(picture?.kind).toBe('image');
      const url = picture?.kind === 'image' ? picture.url : '';
      expect(url.startsWith(`${publicUrl}/img/timeline/`)).toBe(true);
      expect(url.length).toBeLessThanOrEqual(MAX_IMAGE_URL_CHARS);
    }
  });

  it('are valid until their expiry, seven days by default', () => {
    const url = timelineImageLinks({ key, publicUrl: 'https://a.example', nowMs: () => NOW }).timeline(
      Uint8Array.from([1, 2, 3]),
    );
    const parts = partsOf(url);
    expect(Number(parts.exp)).toBe((NOW + 7 * 24 * H) / 1000);
    expect(checkTimelineLink(key, parts, NOW + 7 * 24 * H - 1000)).toEqual({
      kind: 'valid',
      payload: Buffer.from([1, 2, 3]),
      expiresAtMs: NOW + 7 * 24 * H,
    });
    expect(checkTimelineLink(key, parts, NOW + 7 * 24 * H)).toEqual({ kind: 'expired' });
  });

  it('are refused when any part was changed or another key signed them', () => {
    const url = timelineImageLinks({ key, publicUrl: 'https://a.example', nowMs: () => NOW }).timeline(
      Uint8Array.from([1, 2, 3, 4, 5, 6]),
    );
    const parts = partsOf(url);
    const flip = (value: string) => `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [
      { ...parts, payload: flip(parts.payload) },
      { ...parts, exp: String(Number(parts.exp) + 86_400) },
      { ...parts, sig: flip(parts.sig!) },
      { ...parts, sig: undefined },
      { ...parts, exp: undefined },
      { ...parts, payload: `${parts.payload}=` },
      { ...parts, payload: 'A'.repeat(5000) },
    ]) {
      expect(checkTimelineLink(key, forged, NOW)).toEqual({ kind: 'forged' });
    }
    expect(checkTimelineLink(randomBytes(32), parts, NOW)).toEqual({ kind: 'forged' });
    // A forged link past its expiry learns nothing about the expiry.
    expect(checkTimelineLink(key, { ...parts, sig: flip(parts.sig!) }, NOW + 30 * 24 * H)).toEqual({
      kind: 'forged',
    });
  });
});
