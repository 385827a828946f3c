import { randomUUID } from 'node:crypto';
import { type JobQueue, type JobRequest, UnrecoverableJobError } from '../core/ports/job-queue.ts';
import {
  backoffMs,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type DeadLetterSink,
  describeError,
  type JobHandlers,
  runHandler,
} from './job-runtime.ts';

export interface InProcessJobQueueOptions {
  handlers: JobHandlers;
  deadLetters: DeadLetterSink;
  backoffBaseMs?: number;
  /** How long an idempotency key is remembered after its job was enqueued. */
  dedupeWindowMs?: number;
  onError?: (error: unknown, job: JobRequest) => void;
  newJobId?: () => string;
}

/**
 * Runs jobs in this process, one at a time in arrival order, with retries, backoff and dead letters.
 * The default when no REDIS_URL is set: nothing to install, and the same handlers as the worker.
 */
export class InProcessJobQueue implements JobQueue {
  readonly #options: Required<Omit<InProcessJobQueueOptions, 'onError'>> &
    Pick<InProcessJobQueueOptions, 'onError'>;
  readonly #seenKeys = new Map<string, { jobId: string; expiresAtMs: number }>();
  readonly #inFlight = new Set<Promise<void>>();
  #tail: Promise<void> = Promise.resolve();
  #isClosed = false;

  constructor(options: InProcessJobQueueOptions) {
    this.#options = {
      backoffBaseMs: DEFAULT_BACKOFF_MS,
      dedupeWindowMs: 60 * 60_000,
      newJobId: randomUUID,
      ...options,
    };
  }

  async enqueue(request: JobRequest): Promise<{ jobId: string; isDuplicate: boolean }> {
    if (this.#isClosed) throw new Error('The job queue is closed');
    const now = Date.now();
    if (request.idempotencyKey) {
      const seen = this.#seenKeys.get(request.idempotencyKey);
      if (seen && seen.expiresAtMs > now) return { jobId: seen.jobId, isDuplicate: true };
    }
    const jobId = this.#options.newJobId();
    if (request.idempotencyKey) {
      this.#seenKeys.set(request.idempotencyKey, { jobId, expiresAtMs: now + this.#options.dedupeWindowMs });
    }
    const run = (async () => {
      if (request.delayMs) await sleep(request.delayMs);
      // Chain so jobs run one after another, like a single worker with concurrency 1.
      const previous = this.#tail;
      let release = () => {};
      this.#tail = new Promise<void>((resolve) => {
        release = resolve;
      });
      await previous;
      try {
        await this.#runWithRetries(jobId, request);
      } finally {
        release();
      }
    })();
    this.#inFlight.add(run);
    void run.finally(() => this.#inFlight.delete(run));
    return { jobId, isDuplicate: false };
  }

  /** Resolves when every job enqueued so far has finished (succeeded or dead-lettered). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Stops accepting jobs and waits for the ones in flight: part of graceful shutdown. */
  async close(): Promise<void> {
    this.#isClosed = true;
    await this.drain();
  }

  async #runWithRetries(jobId: string, request: JobRequest): Promise<void> {
    const attempts = request.attempts ?? DEFAULT_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      try {
        await runHandler(this.#options.handlers, request, {
          jobId,
          attempt,
          ...(request.tenantId ? { tenantId: request.tenantId } : {}),
        });
        return;
      } catch (error) {
        this.#options.onError?.(error, request);
        if (error instanceof UnrecoverableJobError || attempt >= attempts) {
          await this.#options.deadLetters.record({
            queue: 'in-process',
            jobName: request.name,
            jobId,
            payload: request.payload,
            error: describeError(error),
            attempts: attempt,
            ...(request.tenantId ? { tenantId: request.tenantId } : {}),
          });
          return;
        }
        await sleep(backoffMs(attempt, this.#options.backoffBaseMs));
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
