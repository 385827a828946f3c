import { expect, it } from 'vitest';
import { type JobHandler, type JobQueue, UnrecoverableJobError } from '../core/ports/job-queue.ts';
import type { DeadLetter, DeadLetterSink, JobHandlers } from './job-runtime.ts';

export interface QueueUnderTest {
  queue: JobQueue;
  /** Resolves once every job enqueued so far has finished or been dead-lettered. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export type QueueFactory = (handlers: JobHandlers, deadLetters: DeadLetterSink) => Promise<QueueUnderTest>;

function recordingDeadLetters(): DeadLetterSink & { letters: DeadLetter[] } {
  const letters: DeadLetter[] = [];
  return { letters, record: async (letter) => void letters.push(letter) };
}

/**
 * What every JobQueue implementation must do. Run against the in-process runner and BullMQ on Redis,
 * so the server behaves the same whichever one the configuration picks.
 */
export function jobQueueContract(createQueue: QueueFactory): void {
  async function withQueue(
    handlers: JobHandlers,
    body: (q: QueueUnderTest, dead: DeadLetter[]) => Promise<void>,
  ) {
    const deadLetters = recordingDeadLetters();
    const underTest = await createQueue(handlers, deadLetters);
    try {
      await body(underTest, deadLetters.letters);
    } finally {
      await underTest.close();
    }
  }

  it('runs an enqueued job with its payload and tenant', async () => {
    const seen: unknown[] = [];
    const handler: JobHandler = async (payload, context) =>
      void seen.push({ payload, tenantId: context.tenantId });
    await withQueue({ 'test.record': handler }, async (q) => {
      await q.queue.enqueue({ name: 'test.record', payload: { n: 1 }, tenantId: 't-1' });
      await q.settle();
      expect(seen).toEqual([{ payload: { n: 1 }, tenantId: 't-1' }]);
    });
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const attempts: number[] = [];
    const flaky: JobHandler = async (_payload, context) => {
      attempts.push(context.attempt);
      if (context.attempt < 3) throw new Error('transient');
    };
    await withQueue({ 'test.flaky': flaky }, async (q, dead) => {
      await q.queue.enqueue({ name: 'test.flaky', payload: {}, attempts: 3 });
      await q.settle();
      expect(attempts).toEqual([1, 2, 3]);
      expect(dead).toEqual([]);
    });
  });

  it('dead-letters a job that fails every attempt', async () => {
    const failing: JobHandler = async () => {
      throw new Error('always broken');
    };
    await withQueue({ 'test.broken': failing }, async (q, dead) => {
      await q.queue.enqueue({ name: 'test.broken', payload: { id: 7 }, attempts: 2, tenantId: 't-2' });
      await q.settle();
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({
        jobName: 'test.broken',
        payload: { id: 7 },
        attempts: 2,
        tenantId: 't-2',
      });
      expect(dead[0]!.error).toContain('always broken');
    });
  });

  it('dead-letters an unrecoverable failure without retrying', async () => {
    let calls = 0;
    const bad: JobHandler = async () => {
      calls++;
      throw new UnrecoverableJobError('bad payload');
    };
    await withQueue({ 'test.bad': bad }, async (q, dead) => {
      await q.queue.enqueue({ name: 'test.bad', payload: {}, attempts: 5 });
      await q.settle();
      expect(calls).toBe(1);
      expect(dead.map((d) => d.attempts)).toEqual([1]);
    });
  });

  it('runs a job once per idempotency key', async () => {
    let runs = 0;
    const counted: JobHandler = async () => void runs++;
    await withQueue({ 'test.once': counted }, async (q) => {
      const first = await q.queue.enqueue({
        name: 'test.once',
        payload: {},
        idempotencyKey: 'recompute:abc:1',
      });
      const second = await q.queue.enqueue({
        name: 'test.once',
        payload: {},
        idempotencyKey: 'recompute:abc:1',
      });
      await q.queue.enqueue({ name: 'test.once', payload: {}, idempotencyKey: 'recompute:abc:2' });
      await q.settle();
      expect(second).toEqual({ jobId: first.jobId, isDuplicate: true });
      expect(first.isDuplicate).toBe(false);
      expect(runs).toBe(2);
    });
  });

  it('finishes the job in progress before close resolves (graceful shutdown)', async () => {
    let hasStarted = false;
    let hasFinished = false;
    const slow: JobHandler = async () => {
      hasStarted = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
      hasFinished = true;
    };
    const deadLetters = recordingDeadLetters();
    const underTest = await createQueue({ 'test.slow': slow }, deadLetters);
    await underTest.queue.enqueue({ name: 'test.slow', payload: {} });
    while (!hasStarted) await new Promise((resolve) => setTimeout(resolve, 5));
    await underTest.close();
    expect(hasFinished).toBe(true);
  });

  it('dead-letters a job nobody handles', async () => {
    await withQueue({}, async (q, dead) => {
      await q.queue.enqueue({ name: 'test.nobody', payload: {} });
      await q.settle();
      expect(dead.map((d) => d.error)).toEqual([expect.stringContaining('No handler for job "test.nobody"')]);
    });
  });
}
