import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Embedder } from '../../core/matching/index.ts';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import type { CalendarParser } from '../../core/ports/calendar-parser.ts';
import type { JobQueue } from '../../core/ports/job-queue.ts';
import { type Clock, systemClock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { refreshPlannerStatistics } from '../../db/planner-statistics.ts';
import { type SecretBox, secretBox } from '../../db/secret-box.ts';
import { BullmqJobQueue } from '../../jobs/bullmq-job-queue.ts';
import { calendarParsePool } from '../../jobs/calendar-parse-pool.ts';
import { databaseDeadLetters } from '../../jobs/database-dead-letters.ts';
import { createJobHandlers } from '../../jobs/handlers/index.ts';
import { httpCalendarFetcher } from '../../jobs/http-calendar-fetcher.ts';
import { InProcessJobQueue } from '../../jobs/in-process-job-queue.ts';
import type { JobHandlers } from '../../jobs/job-runtime.ts';
import type { Config } from './config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { createEmbedder } from './embedder.ts';
import type { Logger } from './logger.ts';

/** Everything an entry point (server, worker, CLI) needs, wired once from the configuration. */
export interface Runtime {
  config: Config;
  logger: Logger;
  database: Database;
  queue: JobQueue & { close(): Promise<void> };
  /** The handlers of every job; the worker process runs the same table. */
  jobHandlers: JobHandlers;
  secrets: SecretBox;
  fetcher: CalendarFetcher;
  /** Reads calendar feeds on worker threads, under a time budget. */
  calendarParser: CalendarParser;
  clock: Clock;
  /** Profile embeddings (EMBEDDINGS_PROVIDER): the local hashed embedder unless a provider is configured. */
  embedder: Embedder;
  /** Checks each dependency; used by /readyz. */
  readiness(): Promise<Record<string, 'ok' | string>>;
  close(): Promise<void>;
}

export function databaseTarget(config: Config) {
  return config.DATABASE_URL
    ? ({ kind: 'postgres', url: config.DATABASE_URL } as const)
    : ({ kind: 'pglite', dataDir: join(resolve(config.DATA_DIR), 'pgdata') } as const);
}

/** The calendar fetcher: private, loopback and link-local addresses only with CALENDAR_FETCH_ALLOW_PRIVATE=true. */
export function calendarFetcherFor(config: Pick<Config, 'CALENDAR_FETCH_ALLOW_PRIVATE'>): CalendarFetcher {
  return httpCalendarFetcher({ allowPrivateAddresses: config.CALENDAR_FETCH_ALLOW_PRIVATE === 'true' });
}

/** ENCRYPTION_KEY when set; otherwise a key generated once into DATA_DIR (fine for a laptop, not production). */
function loadSecretKey(config: Config, logger: Logger): Buffer {
  if (config.ENCRYPTION_KEY) return Buffer.from(config.ENCRYPTION_KEY, 'base64');
  const dir = resolve(config.DATA_DIR);
  const path = join(dir, 'secret.key');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
    logger.warn(
      { path },
      'ENCRYPTION_KEY is not set: generated a local key file. Set ENCRYPTION_KEY in production.',
    );
  }
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
}

export async function openRuntime(
  config: Config,
  logger: Logger,
  options: { migrate?: boolean } = {},
): Promise<Runtime> {
  const target = databaseTarget(config);
  const lock = target.kind === 'pglite' ? lockDataDir(config.DATA_DIR) : undefined;
  let database: Database;
  try {
    database = await openDatabase(target);
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (options.migrate !== false) {
    const applied = await migrate(database);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    // PGlite has no autovacuum: give its planner fresh statistics once per start.
    if (target.kind === 'pglite') await refreshPlannerStatistics(database);
  }
  const deadLetters = databaseDeadLetters(database);
  const onJobError = (error: unknown, job: { name: string } | string) =>
    logger.warn({ err: error, job: typeof job === 'string' ? job : job.name }, 'job attempt failed');
  const secrets = secretBox(loadSecretKey(config, logger));
  const fetcher = calendarFetcherFor(config);
  const calendarParser = calendarParsePool();
  const clock = systemClock;
  const bullmq = config.REDIS_URL
    ? new BullmqJobQueue({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX })
    : undefined;
  // Handlers that enqueue follow-up jobs reach the queue through a getter: it is built after them.
  let queue: Runtime['queue'] | undefined;
  const embedder = createEmbedder(config);
  const jobHandlers = createJobHandlers({
    database,
    secrets,
    fetcher,
    calendarParser,
    clock,
    embedder,
    queue: () => queue!,
  });
  queue = bullmq ?? new InProcessJobQueue({ handlers: jobHandlers, deadLetters, onError: onJobError });
  return {
    config,
    logger,
    database,
    queue,
    jobHandlers,
    secrets,
    fetcher,
    calendarParser,
    clock,
    embedder,
    async readiness() {
      const checks: Record<string, string> = {};
      checks.database = await database.ping().then(
        () => 'ok',
        (error: unknown) => `unavailable: ${(error as Error).message}`,
      );
      if (bullmq) {
        checks.redis = await bullmq.ping().then(
          () => 'ok',
          (error: unknown) => `unavailable: ${(error as Error).message}`,
        );
      }
      return checks;
    },
    async close() {
      await queue.close();
      await calendarParser.close();
      await database.close();
      lock?.release();
    },
  };
}
