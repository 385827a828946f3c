import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { notifierRouter } from '../../core/surface/notifier-router.ts';
import { databaseDeadLetters } from '../../jobs/database-dead-letters.ts';
import { SYNC_DUE_CALENDARS_JOB } from '../../jobs/handlers/calendar-sync.job.ts';
import { resumeEmbeddingBacklog } from '../../jobs/handlers/embeddings-refresh.job.ts';
import { admissionControl } from './admission.ts';
import { startAvailabilityDmSweeper } from './availability-dm-sweeper.ts';
import { closeHttpServer } from './close-http-server.ts';
import { type Config, enabledSurfaces, isTeamsOn } from './config.ts';
import { createHttpApp } from './http-app.ts';
import { startLocalControl } from './local-control.server.ts';
import type { Logger } from './logger.ts';
import { startOutboxSweeper } from './outbox-sweeper.ts';
import { startPeriodicJobs } from './periodic-jobs.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { logNotifier } from './session-delivery.ts';
import { startSessionSweeper } from './session-sweeper.ts';
import { surfaceKitFor } from './surface-kit.ts';
import { timelineImagesFor } from './timeline-image.routes.ts';
import { startWarmUp } from './warm-up.ts';
import { workExecutor } from './work-executor.ts';

export const DEMO_TENANT = {
  slug: 'demo',
  name: 'Demo Music Publishing',
  creatorCount: 40,
  seed: 1,
} as const;

export interface RunningServer {
  url: string;
  /** The loopback control listener (embedded database only). */
  controlUrl?: string;
  runtime: Runtime;
  /** Stops accepting, lets in-flight requests and jobs finish (up to SHUTDOWN_TIMEOUT_MS), closes the database. */
  shutdown(reason: string): Promise<void>;
}

/**
 * How long idle HTTP connections stay open: longer than a load balancer's idle timeout (60 s is
 * common) and than Node's 5 s default, so a caller back after a pause reuses its connection instead of
 * opening one mid-burst (same-run A/Bs, PGlite, 100 concurrent /pair: ack p99 302 -> 247 and 616 -> 299 ms).
 */
const KEEP_ALIVE_MS = 65_000;

/** Starts the one HTTP server on the embedded defaults (or DATABASE_URL / REDIS_URL when set). */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  // Only migrations stay before listening; seeding, planner statistics and the match index follow it.
  const runtime = await openRuntime(config, logger, { plannerStatistics: 'caller' });
  const warmUp = startWarmUp(runtime, logger, {
    seedDemo: config.SEED_DEMO === 'true',
    isPglite: !config.DATABASE_URL,
  });

  // With Redis but the embedded database, no separate worker can open the data: the server works the queue.
  // BullMQ loads only then (about a second of start-up).
  const inProcessWorker =
    config.REDIS_URL && !config.DATABASE_URL
      ? (await import('../../jobs/bullmq-job-queue.ts')).startBullmqWorker({
          redisUrl: config.REDIS_URL,
          prefix: config.REDIS_PREFIX,
          handlers: runtime.jobHandlers,
          deadLetters: databaseDeadLetters(runtime.database),
          onError: (error, job) => logger.warn({ err: error, job }, 'job attempt failed'),
        })
      : undefined;
  // Embeddings a crash interrupted (an import, a recompute) are finished in the background, off the start path.
  // After the demo seed, whose creators it may be the one to queue.
  const backlog = warmUp.seeded
    .then(() => resumeEmbeddingBacklog(runtime))
    .then(
      (queued) => {
        if (queued.length > 0) logger.info({ queued }, 'embedding backlog queued');
      },
      (error: unknown) => logger.warn({ err: error }, 'could not queue the embedding backlog'),
    );
  const sweeps = startPeriodicJobs(runtime, [{ name: SYNC_DUE_CALENDARS_JOB, everyMs: 5 * 60_000 }]);
  const kit = surfaceKitFor(runtime);
  const registry = createCommandRegistry();
  // One per process, shared by every surface: work beyond the ack, bounded, a fair share per tenant.
  const executor = workExecutor({
    // PGlite has one session on its own thread: 4 at once keep it fed while others score and render.
    concurrency: config.WORK_CONCURRENCY ?? (config.DATABASE_URL ? 8 : 4),
    maxQueued: config.WORK_QUEUE_MAX,
    maxWaitMs: config.WORK_MAX_WAIT_MS,
  });
  // Bolt loads only when Slack is configured.
  const slack = (
    config.SLACK_SIGNING_SECRET
      ? (await import('../slack/slack-surface-config.ts')).slackSurfaceFromConfig
      : () => undefined
  )(config, runtime, {
    publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    kit,
    executor,
  });
  // The Agents SDK loads only when Teams is on.
  const teams = isTeamsOn(config)
    ? (await import('../teams/teams-surface-config.ts')).teamsSurfaceFromConfig(config, {
        runtime,
        kit,
        registry,
      })
    : undefined;
  // Binds SLACK_BOT_TOKEN to its own workspace; never rejects (a failure is retried on first use).
  const slackStarted = slack?.start();
  // Each person hears from the first surface that reaches them (console users on their next line);
  // nobody reachable: the log.
  const notifier = notifierRouter(
    [...(slack ? [slack.deliverer] : []), ...(teams ? [teams.deliverer] : []), kit.consoleInbox],
    logNotifier(logger),
  );
  const sessionSweeper = startSessionSweeper(runtime, {
    notifier,
    intervalMs: config.SESSION_SWEEP_INTERVAL_MS,
  });
  const availabilityDms =
    teams &&
    startAvailabilityDmSweeper({
      tenants: kit.tenants,
      refs: kit.conversationRefs,
      work: runtime.work,
      sender: teams.sender,
      deliveries: kit.deliveries,
      clock: runtime.clock,
      logger,
    });
  const outbox = startOutboxSweeper(runtime, { notifier, registry, deliveries: kit.deliveries });
  const timelineImages = timelineImagesFor(runtime, logger);
  const app = createHttpApp({
    logger,
    readiness: async () => ({ ...(await runtime.readiness()), warmUp: warmUp.state() }),
    admission: admissionControl({
      maxInFlight: config.HTTP_MAX_IN_FLIGHT,
      retryAfterSeconds: executor.retryAfterSeconds,
    }),
    saturation: executor.saturation,
    ...(timelineImages ? { timelineImages } : {}),
    mountSurfaces: (routes) => {
      slack?.mount(routes);
      teams?.mount(routes);
    },
  });
  // Other `session-align` commands on this DATA_DIR run inside the server (it owns the embedded
  // database) through a listener on loopback only, never reachable on HOST. Started before the public
  // listener, so a server that answers /healthz is fully up.
  const control = config.DATABASE_URL
    ? undefined
    : await startLocalControl({
        dataDir: config.DATA_DIR,
        logger,
        timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
        run: async (request, context) => {
          // A line sent right after start may name the demo tenant: it waits for the seed, nothing else.
          await warmUp.seeded;
          const { runForwardedLine } = await import('../cli/main.ts');
          const { ambientRuntime } = await import('../cli/cli-runtime.ts');
          return ambientRuntime.run(runtime, () => runForwardedLine(request, context));
        },
      });
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () =>
      resolve(started as Server),
    );
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `http://localhost:${port}`;

  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    shuttingDown ??= (async () => {
      logger.info({ reason }, 'shutting down: finishing in-flight requests and jobs');
      // Forwarded lines stop at their next safe point (an import between batches) and answer first.
      await control?.close();
      if (!(await closeHttpServer(server, config.SHUTDOWN_TIMEOUT_MS))) {
        logger.warn('shutdown timeout: cut the connections still open');
      }
      sweeps.stop();
      const warmedUp = warmUp.stop();
      await backlog;
      await warmedUp;
      await inProcessWorker?.close();
      await sessionSweeper.stop();
      await availabilityDms?.stop();
      await outbox.stop();
      await slackStarted;
      await slack?.stop();
      await runtime.close();
      logger.info('stopped');
    })();
    return shuttingDown;
  };
  return { url, ...(control ? { controlUrl: control.url } : {}), runtime, shutdown };
}

export function nextStepsBanner(url: string, config: Config): string {
  const surfaces = enabledSurfaces(config);
  return [
    '',
    `Session Align is running at ${url}`,
    `  health:        ${url}/healthz   readiness: ${url}/readyz`,
    `  data:          ${config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}`}` +
      `; jobs: ${config.REDIS_URL ? 'BullMQ on Redis (run `npm run worker`)' : 'in-process'}`,
    '  console chat:  npx session-align chat            (demo tenant, as its admin)',
    '                 npx session-align chat --once "/help"',
    `  surfaces on:   ${surfaces.join(', ')}`,
    '  enable Slack:  SLACK_SIGNING_SECRET + SLACK_BOT_TOKEN (or SLACK_CLIENT_ID/SECRET for OAuth install)',
    ...(config.TEAMS_AUTH === 'off'
      ? [
          '  Teams auth:    OFF (TEAMS_AUTH=off): activities on /api/messages are accepted without a token.',
          '                 For local development and the Bot Framework Emulator only; never expose this server.',
        ]
      : [
          '  enable Teams:  TEAMS_APP_ID + TEAMS_APP_PASSWORD (POST /api/messages; TEAMS_AUTH=off for local testing)',
        ]),
    '  enable Discord: DISCORD_APPLICATION_ID + DISCORD_PUBLIC_KEY + DISCORD_BOT_TOKEN',
    '',
  ].join('\n');
}
