import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ImageLinks } from '../../core/commands/services.ts';

/** Where the pictures are served: `/img/timeline/<payload>.png?exp=…&sig=…`. */
export const TIMELINE_IMAGE_PATH = '/img/timeline/';
/** The secret box purpose whose derived key signs picture links. */
export const TIMELINE_KEY_PURPOSE = 'timeline-image';
export const DEFAULT_TIMELINE_LINK_TTL_MS = 7 * 24 * 3_600_000;
/** Slack takes `image_url` of up to 3,000 characters; every link stays within it. */
export const MAX_IMAGE_URL_CHARS = 3000;
/** A payload the route reads at most (base64url characters): more is refused before any HMAC. */
export const MAX_PAYLOAD_CHARS = 4096;
/** Bytes a payload carries at most, whatever room a short PUBLIC_URL leaves. */
const MAX_PAYLOAD_BYTES = 2048;
/** `.png?exp=` + 10 digits + `&sig=` + 43 characters. */
const SUFFIX_CHARS = '.png?exp='.length + 10 + '&sig='.length + 43;

export interface TimelineLinkOptions {
  /** `secrets.deriveKey(TIMELINE_KEY_PURPOSE)`: never the sealing key itself. */
  key: Buffer;
  /** PUBLIC_URL: Slack fetches pictures from the public internet. */
  publicUrl: string;
  ttlMs?: number;
  nowMs?: () => number;
}

const sign = (key: Buffer, payload: string, exp: string) =>
  createHmac('sha256', key).update(`timeline.v1:${payload}:${exp}`).digest('base64url');

/**
 * Signed, expiring picture links: the payload (what to draw) travels in the path, `exp` is the
 * expiry in Unix seconds, `sig` an HMAC-SHA256 over both with a key derived from the secret box.
 *
 * @example
 * const links = timelineImageLinks({ key: secrets.deriveKey(TIMELINE_KEY_PURPOSE), publicUrl: 'https://align.example.com' });
 * links.timeline(encodeTimeline(model, links.maxPayloadBytes)!.bytes);
 * // 'https://align.example.com/img/timeline/AQEx….png?exp=1767225600&sig=…'
 */
export function timelineImageLinks(options: TimelineLinkOptions): ImageLinks {
  const base = `${options.publicUrl.replace(/\/+$/, '')}${TIMELINE_IMAGE_PATH}`;
  const room = Math.floor((MAX_IMAGE_URL_CHARS - base.length - SUFFIX_CHARS) / 4) * 3;
  const nowMs = options.nowMs ?? Date.now;
  return {
    maxPayloadBytes: Math.max(0, Math.min(MAX_PAYLOAD_BYTES, room)),
    timeline(payload) {
      const encoded = Buffer.from(payload).toString('base64url');
      const exp = String(Math.ceil((nowMs() + (options.ttlMs ?? DEFAULT_TIMELINE_LINK_TTL_MS)) / 1000));
      return `${base}${encoded}.png?exp=${exp}&sig=${sign(options.key, encoded, exp)}`;
    },
  };
}

export type LinkCheck =
  | { kind: 'valid'; payload: Buffer; expiresAtMs: number }
  | { kind: 'forged' }
  | { kind: 'expired' };

/**
 * Whether a request carries a link this server signed: forged (bad shape or signature), expired
 * (signed, but past `exp`; checked after the signature, so a forged link never learns it is late),
 * or valid with its payload bytes.
 */
export function checkTimelineLink(
  key: Buffer,
  request: { payload: string; exp: string | undefined; sig: string | undefined },
  nowMs: number,
): LinkCheck {
  const { payload, exp, sig } = request;
  if (payload.length === 0 || payload.length > MAX_PAYLOAD_CHARS || !/^[A-Za-z0-9_-]+$/.test(payload))
    return { kind: 'forged' };
  if (!exp || !/^\d{1,12}$/.test(exp) || !sig || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return { kind: 'forged' };
  const expected = Buffer.from(sign(key, payload, exp));
  if (!timingSafeEqual(expected, Buffer.from(sig))) return { kind: 'forged' };
  const expiresAtMs = Number(exp) * 1000;
  if (expiresAtMs <= nowMs) return { kind: 'expired' };
  return { kind: 'valid', payload: Buffer.from(payload, 'base64url'), expiresAtMs };
}
