import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Embedder } from '../../core/matching/index.ts';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import type { CalendarParser } from '../../core/ports/calendar-parser.ts';
import type { InviteMailer } from '../../core/ports/invite-mailer.ts';
import type { JobQueue } from '../../core/ports/job-queue.ts';
import type { UnitOfWork } from '../../core/ports/unit-of-work.ts';
import { type Clock, systemClock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { readPgliteTemplate } from '../../db/pglite-template.ts';
import { refreshPlannerStatistics } from '../../db/planner-statistics.ts';
import { type SecretBox, secretBox } from '../../db/secret-box.ts';
import { databaseUnitOfWork } from '../../db/stores/unit-of-work.ts';
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
import { mailerFor } from './session-delivery.ts';
import { type Signal, signal } from './signal.ts';

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
  /** Where commands run their one tenant transaction; a commit that wrote events nudges `outboxSignal`. */
  work: UnitOfWork;
  /** Nudged after every commit that wrote outbox events (the outbox sweeper listens). */
  outboxSignal: Signal;
  /** Calendar invites by e-mail, when SMTP_URL is set. */
  mailer?: InviteMailer;
  /** Checks each dependency; used by /readyz. */
  readiness(): Promise<Record<string, 'ok' | string>>;
  close(): Promise<void>;
}

export function databaseTarget(config: Config) {
  return config.DATABASE_URL
    ? ({
        kind: 'postgres',
        url: config.DATABASE_URL,
        maxConnections: config.DATABASE_POOL_MAX,
        statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
        ...(config.DATABASE_APP_URL ? { appUrl: config.DATABASE_APP_URL } : {}),
        ...(config.DATABASE_SYSTEM_URL ? { systemUrl: config.DATABASE_SYSTEM_URL } : {}),
      } as const)
    : ({ kind: 'pglite', dataDir: join(resolve(config.DATA_DIR), 'pgdata'), thread: 'worker' } as const);
}

/**
 * Something the operator should know about the data directory. The server logs it (JSON, with
 * `fields`); a CLI command passes `notify` and prints the sentence for the person at the terminal.
 */
type Notice = (fields: Record<string, unknown>, sentence: string) => void;

/**
 * DATA_DIR holds the embedded database and the local key: only its owner may enter it. A new one is
 * created 0700; an existing one open to others is restricted, saying so.
 */
export function secureDataDir(dataDir: string, notice: Notice): void {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return;
  }
  const stat = statSync(dir);
  const mode = stat.mode & 0o777;
  if ((mode & 0o077) === 0) return;
  const was = mode.toString(8).padStart(4, '0');
  if (stat.mode & 0o1000) {
    // A sticky shared directory such as /tmp is not ours to close.
    notice(
      { dataDir: dir, mode: was },
      `DATA_DIR ${dir} is a shared directory; give Session Align a directory of its own.`,
    );
    return;
  }
  try {
    chmodSync(dir, 0o700);
    notice(
      { dataDir: dir, mode: was },
      `DATA_DIR ${dir} was open to other users (mode ${was}); restricted it to 0700.`,
    );
  } catch (error) {
    notice(
      { dataDir: dir, mode: was, err: error },
      `DATA_DIR ${dir} is open to other users (mode ${was}) and could not be restricted: run chmod 700 on it.`,
    );
  }
}

/** The calendar fetcher: private, loopback and link-local addresses only with CALENDAR_FETCH_ALLOW_PRIVATE=true. */
export function calendarFetcherFor(config: Pick<Config, 'CALENDAR_FETCH_ALLOW_PRIVATE'>): CalendarFetcher {
  return httpCalendarFetcher({ allowPrivateAddresses: config.CALENDAR_FETCH_ALLOW_PRIVATE === 'true' });
}

/** ENCRYPTION_KEY when set; otherwise a key generated once into DATA_DIR (fine for a laptop, not production). */
function loadSecretKey(config: Config, notice: Notice): Buffer {
  if (config.ENCRYPTION_KEY) return Buffer.from(config.ENCRYPTION_KEY, 'base64');
  const dir = resolve(config.DATA_DIR);
  const path = join(dir, 'secret.key');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
    notice(
      { path },
      `ENCRYPTION_KEY is not set, so a key to seal tokens and calendar addresses was generated in ${path}. ` +
        'Keep that file with the data; in production set ENCRYPTION_KEY (openssl rand -base64 32).',
    );
  }
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
}

export interface RuntimeOptions {
  /** Apply pending migrations at start (default true). */
  migrate?: boolean;
  /**
   * PGlite's planner statistics after migrating: `'now'` (default) refreshes them before returning;
   * `'caller'` leaves it to the caller (the server does it in the background once it listens, a
   * short CLI command skips it: PGlite keeps the last statistics in its data directory).
   */
  plannerStatistics?: 'now' | 'caller';
  /** CLI commands: notices about the data directory as sentences for a person, instead of log lines. */
  notify?: (sentence: string) => void;
}

export async function openRuntime(
  config: Config,
  logger: Logger,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const target = databaseTarget(config);
  const notify = options.notify;
  const notice: Notice = notify
    ? (_fields, sentence) => notify(sentence)
    : (fields, sentence) => logger.warn(fields, sentence);
  if (target.kind === 'pglite' || !config.ENCRYPTION_KEY) secureDataDir(config.DATA_DIR, notice);
  const lock = target.kind === 'pglite' ? lockDataDir(config.DATA_DIR) : undefined;
  let database: Database;
  try {
    // A fresh data directory starts from the migrated template npm install made, skipping initdb.
    const template =
      target.kind === 'pglite' && !existsSync(join(target.dataDir, 'PG_VERSION'))
        ? readPgliteTemplate()
        : undefined;
    database = await openDatabase(
      target.kind === 'pglite' && template ? { ...target, loadDataDir: template } : target,
    );
    if (template) logger.info('database created from the migrated template');
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (options.migrate !== false) {
    const applied = await migrate(database);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    // PGlite has no autovacuum: give its planner fresh statistics once per start.
    if (target.kind === 'pglite' && options.plannerStatistics !== 'caller') {
      await refreshPlannerStatistics(database);
    }
  }
  const deadLetters = databaseDeadLetters(database);
  const onJobError = (error: unknown, job: { name: string } | string) =>
    logger.warn({ err: error, job: typeof job === 'string' ? job : job.name }, 'job attempt failed');
  const secrets = secretBox(loadSecretKey(config, notice));
  const fetcher = calendarFetcherFor(config);
  const calendarParser = calendarParsePool();
  const clock = systemClock;
  // BullMQ (and ioredis) load only when Redis is configured: about a second of start-up otherwise.
  const bullmq = config.REDIS_URL
    ? new (await import('../../jobs/bullmq-job-queue.ts')).BullmqJobQueue({
        redisUrl: config.REDIS_URL,
        prefix: config.REDIS_PREFIX,
      })
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
  const outboxSignal = signal();
  const work = databaseUnitOfWork({ database, secrets, embedder, onOutbox: outboxSignal.nudge });
  const mailer = mailerFor(config);
  return {
    work,
    outboxSignal,
    ...(mailer ? { mailer } : {}),
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
