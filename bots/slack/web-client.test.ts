import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/logger.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackClientOptions } from './web-client.ts';

let fake: FakeSlackApi;
beforeAll(async () => {
  fake = await startFakeSlackApi();
});
afterAll(() => fake.close());

describe('Slack Web API client', () => {
  it('talks to SLACK_API_URL and waits out a 429 for the Retry-After it was given, then succeeds', async () => {
    const client = new webApi.WebClient(
      'xoxb-test',
      slackClientOptions({
        apiUrl: fake.apiUrl,
        logger: createLogger('silent'),
        retryConfig: { retries: 2, minTimeout: 10 },
      }),
    );
    fake.rateLimitNext('chat.postMessage', 1);
    const startedAt = Date.now();
    const result = await client.chat.postMessage({ channel: 'U0ANA', text: 'hello' });
    const elapsedMs = Date.now() - startedAt;
    expect(result.ok).toBe(true);
    const attempts = fake.callsOf('chat.postMessage');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.atMs - attempts[0]!.atMs).toBeGreaterThanOrEqual(1000);
    expect(elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(attempts[1]!.token).toBe('xoxb-test');
  });
});
