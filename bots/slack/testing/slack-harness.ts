import { Writable } from 'node:stream';
import type { CommandRegistry } from '../../../core/commands/command-registry.ts';
import { createCommandRegistry } from '../../../core/commands/definitions/index.ts';
import type { Notifier } from '../../../core/ports/notifier.ts';
import { notifierRouter } from '../../../core/surface/notifier-router.ts';
import type { Database } from '../../../db/database.ts';
import type { testRuntimeParts } from '../../../test/support/test-runtime.ts';
import { createHttpApp } from '../../runtime/http-app.ts';
import { createLogger } from '../../runtime/logger.ts';
import { startOutboxSweeper } from '../../runtime/outbox-sweeper.ts';
import { surfaceKitFor } from '../../runtime/surface-kit.ts';
import type { WorkExecutor } from '../../runtime/work-executor.ts';
import { createSlackSurface, type SlackSurfaceOptions } from '../slack-routes.ts';
import { slackClientOptions } from '../web-client.ts';
import type { FakeSlackApi } from './fake-slack-api.ts';
import { FORM, signedInit, TEST_SIGNING_SECRET } from './slack-requests.ts';

/**
 * The real stack for a test: the Hono app with the Slack surface mounted (Bolt, our receiver,
 * the database), its Web API client pointed at the fake, and the log lines it wrote.
 */
export function slackHarness(input: {
  database: Database;
  parts: ReturnType<typeof testRuntimeParts>;
  fake: FakeSlackApi;
  ackBudgetMs?: number;
  executor?: WorkExecutor;
  registry?: CommandRegistry;
  oauth?: SlackSurfaceOptions['oauth'];
  singleWorkspace?: SlackSurfaceOptions['singleWorkspace'] | null;
  /** Who hears what no Slack identity reaches (session DMs, reminders). */
  fallbackNotifier?: Notifier;
  /** `debug` to see what the SDKs log too. */
  logLevel?: string;
}) {
  const logLines: string[] = [];
  const logger = createLogger(
    input.logLevel ?? 'info',
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  const clientOptions = slackClientOptions({
    apiUrl: input.fake.apiUrl,
    logger,
    retryConfig: { retries: 2, minTimeout: 10 },
  });
  const singleWorkspace =
    input.singleWorkspace === null
      ? undefined
      : (input.singleWorkspace ?? { botToken: 'xoxb-single-workspace', tenantSlug: 'demo' });
  const kit = surfaceKitFor(input.parts);
  const runtime = { ...input.parts, logger };
  const registry = input.registry ?? createCommandRegistry();
  const slack = createSlackSurface({
    runtime,
    kit,
    registry,
    signingSecret: TEST_SIGNING_SECRET,
    clientOptions,
    ...(singleWorkspace ? { singleWorkspace } : {}),
    // Generous unless a test asks otherwise: tests read most answers from the ack, on a busy machine.
    ackBudgetMs: input.ackBudgetMs ?? 2000,
    ...(input.executor ? { executor: input.executor } : {}),
    ...(input.oauth ? { oauth: input.oauth } : {}),
  });
  // Session changes reach people through the outbox, as in the server.
  const notifier = notifierRouter([slack.deliverer], input.fallbackNotifier);
  const outbox = startOutboxSweeper(runtime, {
    notifier,
    registry,
    deliveries: kit.deliveries,
    pollMs: 60_000,
  });
  const http = createHttpApp({ logger, readiness: async () => ({}), mountSurfaces: slack.mount });
  return {
    slack,
    notifier,
    /** Lets listeners still answering finish, then delivers what they put in the outbox. */
    async settle() {
      await slack.stop();
      await outbox.drain();
    },
    async close() {
      await slack.stop();
      await outbox.stop();
    },
    http,
    logLines,
    post: (body: string, contentType = FORM, headers: Record<string, string> = {}) =>
      http.request('/slack/events', signedInit(body, contentType, { headers })),
  };
}
