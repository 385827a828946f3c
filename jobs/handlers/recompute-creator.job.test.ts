import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { updateCreatorProfile } from '../../db/repositories/creators.repository.ts';
import { auditEvents, creators, jobDeadLetters } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { clearRedisPrefix, REDIS_URL, serviceAvailable } from '../../test/support/services.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { BullmqJobQueue, startBullmqWorker } from '../bullmq-job-queue.ts';
import { databaseDeadLetters } from '../database-dead-letters.ts';
import { InProcessJobQueue } from '../in-process-job-queue.ts';
import { createJobHandlers } from './index.ts';

let database: Database;
let tenantId: string;
let handle: string;

beforeAll(async () => {
  database = await openTestPglite();
  const seeded = await seedTenant(database, { slug: 'jobs', creatorCount: 3, seed: 5 });
  tenantId = seeded.tenant.id;
  const [first] = await database.withTenant(tenantId, (tx) => tx.select().from(creators).limit(1));
  handle = first!.handle;
});
afterAll(() => database.close());

const jobDeps = () => ({
  ...testRuntimeParts(database),
  queue: () => {
    throw new Error('no follow-up jobs here');
  },
});

const readCreator = async () =>
  (
    await database.withTenant(tenantId, (tx) => tx.select().from(creators).where(eq(creators.handle, handle)))
  )[0]!;

describe('recomputing a creator after a profile change', () => {
  it('audits the edit and derives data for the new content, once', async () => {
    const queue = new InProcessJobQueue({
      handlers: createJobHandlers(jobDeps()),
      deadLetters: databaseDeadLetters(database),
      backoffBaseMs: 5,
    });
    const result = await updateCreatorProfile(database, queue, {
      tenantId,
      handle,
      actorLabel: 'test',
      patch: { genres: ['alt-pop'], inspirations: ['Robyn', 'Lorde'] },
    });
    await queue.drain();
    const creator = await readCreator();
    expect(result.changed.toSorted()).toEqual(['genres', 'inspirations']);
    expect(creator.derivedFromHash).toBe(creator.contentHash);
    expect(String(creator.derived?.searchText)).toContain('alt-pop');

    const audit = await database.withTenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.entityId, creator.id)),
    );
    expect(audit.map((event) => event.action)).toEqual(['creator.profile_updated']);
    expect(audit[0]!.newValues).toEqual({ genres: ['alt-pop'], inspirations: ['Robyn', 'Lorde'] });

    // The same edit again changes nothing: no audit event, no job.
    const again = await updateCreatorProfile(database, queue, {
      tenantId,
      handle,
      actorLabel: 'test',
      patch: { genres: ['alt-pop'] },
    });
    expect(again.changed).toEqual([]);
    await queue.close();
  });

  it('dead-letters a job with a bad payload in the database', async () => {
    const queue = new InProcessJobQueue({
      handlers: createJobHandlers(jobDeps()),
      deadLetters: databaseDeadLetters(database),
      backoffBaseMs: 5,
    });
    await queue.enqueue({ name: 'creators.recompute', tenantId, payload: { creatorId: 'not-a-uuid' } });
    await queue.close();
    const letters = await database.withTenant(tenantId, (tx) => tx.select().from(jobDeadLetters));
    expect(letters).toMatchObject([{ jobName: 'creators.recompute', attempts: 1 }]);
  });
});

const isRedisUp = await serviceAvailable('redis');
describe.skipIf(!isRedisUp)('the same job through BullMQ on the Redis server', () => {
  it('recomputes derived data from a worker', async () => {
    const options = { redisUrl: REDIS_URL, prefix: `sa-test-${randomBytes(4).toString('hex')}` };
    const queue = new BullmqJobQueue(options);
    const worker = startBullmqWorker({
      ...options,
      handlers: createJobHandlers(jobDeps()),
      deadLetters: databaseDeadLetters(database),
    });
    try {
      await updateCreatorProfile(database, queue, {
        tenantId,
        handle,
        actorLabel: 'test',
        patch: { genres: ['metalcore'] },
      });
      const deadline = Date.now() + 10_000;
      let creator = await readCreator();
      while (creator.derivedFromHash !== creator.contentHash && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        creator = await readCreator();
      }
      expect(creator.derivedFromHash).toBe(creator.contentHash);
      expect(String(creator.derived?.searchText)).toContain('metalcore');
    } finally {
      await worker.close();
      await queue.close();
      await clearRedisPrefix(options.prefix);
    }
  });
});
