import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { clearRedisPrefix, REDIS_URL, serviceAvailable } from '../test/support/services.ts';
import {
  BullmqJobQueue,
  DEFAULT_QUEUE_NAME,
  idempotencyJobId,
  openRedis,
  startBullmqWorker,
} from './bullmq-job-queue.ts';
import { jobQueueContract } from './job-queue.contract.ts';
import type { DeadLetterSink } from './job-runtime.ts';

const isRedisUp = await serviceAvailable('redis');

describe.skipIf(!isRedisUp)('BullmqJobQueue on the Redis server', () => {
  jobQueueContract(async (handlers, deadLetters) => {
    // Its own key prefix per queue: runs never see each other's jobs, and cleanup is one key scan.
    const prefix = `sa-test-${randomBytes(4).toString('hex')}`;
    const options = { redisUrl: REDIS_URL, prefix, backoffBaseMs: 10 };
    let enqueued = 0;
    let finished = 0;
    let waiters: Array<() => void> = [];
    const finish = () => {
      finished++;
      if (finished >= enqueued) for (const resolve of waiters.splice(0)) resolve();
    };
    // A job is finished when it completed, or when its dead letter was written.
    const countingDeadLetters: DeadLetterSink = {
      async record(letter) {
        await deadLetters.record(letter);
        finish();
      },
    };
    const queue = new BullmqJobQueue(options);
    const worker = startBullmqWorker({
      ...options,
      handlers,
      deadLetters: countingDeadLetters,
      concurrency: 1,
    });
    const events = new QueueEvents(DEFAULT_QUEUE_NAME, { connection: openRedis(REDIS_URL), prefix });
    await events.waitUntilReady();
    events.on('completed', finish);
    return {
      queue: {
        async enqueue(request) {
          const result = await queue.enqueue(request);
          if (!result.isDuplicate) enqueued++;
          return result;
        },
      },
      async settle() {
        if (finished < enqueued) await new Promise<void>((resolve) => waiters.push(resolve));
      },
      async close() {
        waiters = [];
        await worker.close();
        await queue.close();
        await events.close();
        await clearRedisPrefix(prefix);
      },
    };
  });
});

describe('idempotencyJobId', () => {
  it('is stable, distinct per key, and free of the ":" BullMQ refuses in custom ids', () => {
    const id = idempotencyJobId('creators.recompute:abc:123');
    expect(id).toBe(idempotencyJobId('creators.recompute:abc:123'));
    expect(id).not.toBe(idempotencyJobId('creators.recompute:abc:124'));
    expect(id).not.toContain(':');
  });
});
