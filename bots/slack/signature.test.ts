import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from './signature.ts';

// Slack's documented example: https://docs.slack.dev/authentication/verifying-requests-from-slack
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const TIMESTAMP = '1531420618';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT = Number(TIMESTAMP) * 1000;

describe('verifySlackSignature', () => {
  it('accepts Slack’s documented example and signs it identically', () => {
    expect(signSlackRequest(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
    expect(
      verifySlackSignature({
        signingSecret: SECRET,
        rawBody: BODY,
        timestamp: TIMESTAMP,
        signature: SIGNATURE,
        nowMs: AT,
      }),
    ).toEqual({
      isValid: true,
    });
  });

  it('refuses a changed body, a wrong secret, missing headers and timestamps outside five minutes', () => {
    const check = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]>) =>
      verifySlackSignature({
        signingSecret: SECRET,
        rawBody: BODY,
        timestamp: TIMESTAMP,
        signature: SIGNATURE,
        nowMs: AT,
        ...overrides,
      });
    expect(check({ rawBody: `${BODY}&x=1` })).toEqual({ isValid: false, reason: 'signature mismatch' });
    expect(check({ signingSecret: 'other' })).toEqual({ isValid: false, reason: 'signature mismatch' });
    expect(check({ signature: 'v0=short' })).toEqual({ isValid: false, reason: 'signature mismatch' });
    expect(check({ signature: undefined })).toEqual({ isValid: false, reason: 'missing signature headers' });
    expect(check({ timestamp: 'soon' })).toEqual({ isValid: false, reason: 'malformed timestamp' });
    expect(check({ nowMs: AT + 5 * 60_000 })).toEqual({ isValid: true });
    expect(check({ nowMs: AT + 5 * 60_000 + 1000 })).toEqual({ isValid: false, reason: 'stale timestamp' });
    expect(check({ nowMs: AT - 6 * 60_000 })).toEqual({ isValid: false, reason: 'stale timestamp' });
  });
});
