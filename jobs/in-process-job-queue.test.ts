import { describe, expect, it } from 'vitest';
import { memoryDeadLetters } from './database-dead-letters.ts';
import { InProcessJobQueue } from './in-process-job-queue.ts';
import { jobQueueContract } from './job-queue.contract.ts';

describe('InProcessJobQueue', () => {
  jobQueueContract(async (handlers, deadLetters) => {
    const queue = new InProcessJobQueue({ handlers, deadLetters, backoffBaseMs: 5 });
    return { queue, settle: () => queue.drain(), close: () => queue.close() };
  });
});

describe('InProcessJobQueue idempotency window', () => {
  it('forgets a key once its window has passed, so the job can run again', async () => {
    let runs = 0;
    const queue = new InProcessJobQueue({
      handlers: { count: async () => void runs++ },
      deadLetters: memoryDeadLetters(),
      dedupeWindowMs: 20,
    });
    await queue.enqueue({ name: 'count', payload: {}, idempotencyKey: 'k' });
    expect((await queue.enqueue({ name: 'count', payload: {}, idempotencyKey: 'k' })).isDuplicate).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await queue.enqueue({ name: 'count', payload: {}, idempotencyKey: 'k' })).isDuplicate).toBe(
      false,
    );
    await queue.close();
    expect(runs).toBe(2);
  });
});
