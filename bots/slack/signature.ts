import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses to replay requests older than this; so do we. */
export const SIGNATURE_MAX_AGE_SECONDS = 5 * 60;

export type SignatureCheck = { isValid: true } | { isValid: false; reason: string };

/**
 * Checks Slack's v0 request signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing
 * secret, compared in constant time, and a timestamp within five minutes of now.
 * https://docs.slack.dev/authentication/verifying-requests-from-slack
 *
 * @example
 * verifySlackSignature({ signingSecret, rawBody, timestamp: '1700000000', signature: 'v0=ab…', nowMs: Date.now() })
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { isValid: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { isValid: false, reason: 'malformed timestamp' };
  const ageSeconds = Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp));
  if (ageSeconds > SIGNATURE_MAX_AGE_SECONDS) return { isValid: false, reason: 'stale timestamp' };
  const expected = Buffer.from(signSlackRequest(input.signingSecret, timestamp, input.rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { isValid: false, reason: 'signature mismatch' };
  }
  return { isValid: true };
}

/** The `X-Slack-Signature` value Slack would send for this body; tests sign their requests with it. */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}
