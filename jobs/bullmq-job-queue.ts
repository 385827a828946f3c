import { createHash } from 'node:crypto';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type JobQueue, type JobRequest, UnrecoverableJobError } from '../core/ports/job-queue.ts';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type DeadLetterSink,
  describeError,
  type JobHandlers,
  runHandler,
} from './job-runtime.ts';

export const DEFAULT_QUEUE_NAME = 'session-align';

interface StoredJob {
  payload: unknown;
  tenantId?: string;
}

export interface BullmqOptions {
  redisUrl: string;
  queueName?: string;
  /** Key prefix in Redis; tests use their own so runs never meet. */
  prefix?: string;
  backoffBaseMs?: number;
}

/** Opens an ioredis connection the way BullMQ needs it (no per-request retry limit for blocking calls). */
export function openRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/**
 * Producer side of the BullMQ queue. The idempotency key becomes the BullMQ job id (hashed: ids may
 * not contain ':'), so a second enqueue with the same key while the job is retained adds nothing.
 */
export class BullmqJobQueue implements JobQueue {
  readonly #queue: Queue;
  readonly #connection: Redis;
  readonly #backoffBaseMs: number;

  constructor(options: BullmqOptions) {
    this.#connection = openRedis(options.redisUrl);
    this.#queue = new Queue(options.queueName ?? DEFAULT_QUEUE_NAME, {
      connection: this.#connection,
      ...(options.prefix ? { prefix: options.prefix } : {}),
    });
    this.#backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_MS;
  }

  async enqueue(request: JobRequest): Promise<{ jobId: string; isDuplicate: boolean }> {
    const jobId = request.idempotencyKey ? idempotencyJobId(request.idempotencyKey) : undefined;
    if (jobId && (await this.#queue.getJob(jobId))) return { jobId, isDuplicate: true };
    const data: StoredJob = {
      payload: request.payload,
      ...(request.tenantId ? { tenantId: request.tenantId } : {}),
    };
    const job = await this.#queue.add(request.name, data, {
      ...(jobId ? { jobId } : {}),
      attempts: request.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.#backoffBaseMs },
      ...(request.delayMs ? { delay: request.delayMs } : {}),
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return { jobId: job.id ?? jobId ?? '', isDuplicate: false };
  }

  async ping(): Promise<void> {
    await this.#connection.ping();
  }

  async close(): Promise<void> {
    await this.#queue.close();
    this.#connection.disconnect();
  }
}

export function idempotencyJobId(key: string): string {
  return `k-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

export interface BullmqWorkerOptions extends BullmqOptions {
  handlers: JobHandlers;
  deadLetters: DeadLetterSink;
  concurrency?: number;
  onError?: (error: unknown, jobName: string) => void;
}

/**
 * Consumer side: runs handlers for jobs from Redis. A job that exhausts its attempts, or throws
 * UnrecoverableJobError, is written to the dead-letter record.
 */
export function startBullmqWorker(options: BullmqWorkerOptions): { close(): Promise<void> } {
  const connection = openRedis(options.redisUrl);
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const worker = new Worker(
    queueName,
    async (job: Job<StoredJob>) => {
      try {
        await runHandler(
          options.handlers,
          { name: job.name, ...job.data },
          {
            jobId: job.id ?? '',
            attempt: job.attemptsMade + 1,
            ...(job.data.tenantId ? { tenantId: job.data.tenantId } : {}),
          },
        );
      } catch (error) {
        options.onError?.(error, job.name);
        if (error instanceof UnrecoverableJobError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    {
      connection,
      concurrency: options.concurrency ?? 4,
      ...(options.prefix ? { prefix: options.prefix } : {}),
    },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const isFinal = error instanceof UnrecoverableError || job.attemptsMade >= attempts;
    if (!isFinal) return;
    void options.deadLetters
      .record({
        queue: queueName,
        jobName: job.name,
        jobId: job.id ?? '',
        payload: job.data.payload,
        error: describeError(error),
        attempts: job.attemptsMade,
        ...(job.data.tenantId ? { tenantId: job.data.tenantId } : {}),
      })
      .catch((recordError: unknown) => options.onError?.(recordError, job.name));
  });
  return {
    async close() {
      // Worker.close waits for jobs in progress to finish: graceful shutdown.
      await worker.close();
      connection.disconnect();
    },
  };
}
