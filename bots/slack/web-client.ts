import type { webApi } from '@slack/bolt';
import type { Logger } from '../runtime/logger.ts';
import { boltLogger } from './bolt-logger.ts';

export type WebClientOptions = webApi.WebClientOptions;
export type RetryOptions = NonNullable<WebClientOptions['retryConfig']>;

/**
 * A few quick retries: we answer people, and a reply two minutes late is worse than an error.
 * On HTTP 429 the client first waits the `Retry-After` seconds Slack asked for (the request queue
 * pauses for every call sharing the client), then retries under this policy.
 * https://docs.slack.dev/apis/web-api/rate-limits
 */
export const SLACK_RETRY_POLICY: RetryOptions = {
  retries: 3,
  factor: 2,
  minTimeout: 200,
  maxTimeout: 2000,
  randomize: true,
};

/**
 * Options for every Slack Web API client this surface makes (Bolt's per-workspace clients and the
 * OAuth exchange): the API base URL (`SLACK_API_URL`, so tests talk to a local fake), our logger,
 * the retry policy, and waiting out rate limits rather than failing on them.
 *
 * @example
 * new webApi.WebClient(token, slackClientOptions({ apiUrl: 'http://127.0.0.1:4000/api/', logger }));
 */
export function slackClientOptions(options: {
  apiUrl?: string;
  logger: Logger;
  retryConfig?: RetryOptions;
  timeoutMs?: number;
}): WebClientOptions {
  return {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger: boltLogger(options.logger),
    retryConfig: options.retryConfig ?? SLACK_RETRY_POLICY,
    rejectRateLimitedCalls: false,
    timeout: options.timeoutMs ?? 10_000,
  };
}
