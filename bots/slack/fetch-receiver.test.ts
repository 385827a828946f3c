import { describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/logger.ts';
import { FetchReceiver } from './fetch-receiver.ts';
import { FORM, signedInit, TEST_SIGNING_SECRET } from './testing/slack-requests.ts';

const logLines: string[] = [];
const receiver = new FetchReceiver({
  signingSecret: TEST_SIGNING_SECRET,
  logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
});

/** A body that never ends: 64 KB chunks for as long as someone reads them. */
function endlessBody(): { stream: ReadableStream<Uint8Array>; pulledBytes: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(97);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulledBytes: () => pulled };
}

describe('FetchReceiver body reading', () => {
  it('stops reading at 1 MB and answers 413, even when the body never ends or the length lies', async () => {
    logLines.length = 0;
    for (const headers of [{}, { 'content-length': '100' }]) {
      const body = endlessBody();
      const response = await receiver.handle(
        new Request('http://localhost/slack/events', {
          method: 'POST',
          headers: { 'content-type': FORM, ...headers },
          body: body.stream,
          duplex: 'half',
        } as RequestInit),
      );
      expect(response.status).toBe(413);
      expect(body.pulledBytes()).toBeLessThan(2 * 1024 * 1024);
    }
    expect(logLines).toEqual([]); // no signature check ran on it
  });

  it('still verifies a body within the cap', async () => {
    const response = await receiver.handle(
      new Request('http://localhost/slack/events', signedInit('ssl_check=1', FORM, { secret: 'wrong' })),
    );
    expect(response.status).toBe(401);
    expect(logLines.join('')).toContain('bad signature');
  });
});
