import { startBullmqWorker } from '../../jobs/bullmq-job-queue.ts';
import { databaseDeadLetters } from '../../jobs/database-dead-letters.ts';
import { loadConfig } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { openRuntime } from '../runtime/runtime.ts';
import { type CliOutcome, fail } from './cli-outcome.ts';

/** `session-align worker` (`npm run worker`): BullMQ workers in their own process. Needs REDIS_URL. */
export async function workerCli(): Promise<CliOutcome | undefined> {
  const config = loadConfig();
  if (!config.REDIS_URL) {
    return fail(
      'REDIS_URL: expected a Redis URL; without it jobs run inside the server (npm start) instead.\n',
    );
  }
  if (!config.DATABASE_URL) {
    return fail(
      'DATABASE_URL: expected a PostgreSQL URL; the embedded database belongs to one process, so with it the server (npm start) works the Redis queue itself.\n',
    );
  }
  const logger = createLogger(config.LOG_LEVEL, undefined, config.LOG_FORMAT ?? 'json');
  const runtime = await openRuntime(config, logger);
  const worker = startBullmqWorker({
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    handlers: runtime.jobHandlers,
    deadLetters: databaseDeadLetters(runtime.database),
    onError: (error, job) => logger.warn({ err: error, job }, 'job attempt failed'),
  });
  logger.info('worker started');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'worker stopping: finishing jobs in progress');
      void worker
        .close()
        .then(() => runtime.close())
        .then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return undefined;
}
