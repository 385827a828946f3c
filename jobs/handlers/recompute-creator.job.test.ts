import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../bots/runtime/logger.ts';
import { startOutboxSweeper } from '../../bots/runtime/outbox-sweeper.ts';
import type { Actor } from '../../core/commands/command.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import type { JobQueue } from '../../core/ports/job-queue.ts';
import { recordingNotifier } from '../../core/ports/notifier.ts';
import { memoryDeliveryLedger } from '../../core/surface/delivery-ledger.ts';
import type { Database } from '../../db/database.ts';
import { findActorByIdentity } from '../../db/repositories/people.repository.ts';
import { auditEvents, creators, jobDeadLetters, outboxEvents } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { commandsAs, resultOf } from '../../test/support/commands.ts';
import { clearRedisPrefix, REDIS_URL, serviceAvailable } from '../../test/support/services.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { type TestRuntimeParts, testRuntimeParts } from '../../test/support/test-runtime.ts';
import { BullmqJobQueue, startBullmqWorker } from '../bullmq-job-queue.ts';
import { databaseDeadLetters } from '../database-dead-letters.ts';
import { InProcessJobQueue } from '../in-process-job-queue.ts';
import { createJobHandlers } from './index.ts';

let database: Database;
let parts: TestRuntimeParts;
let tenantId: string;
let handle: string;
let admin: Actor;

beforeAll(async () => {
  database = await openTestPglite();
  parts = testRuntimeParts(database);
  const seeded = await seedTenant(database, { slug: 'jobs', creatorCount: 3, seed: 5 });
  tenantId = seeded.tenant.id;
  const [first] = await database.withTenant(tenantId, (tx) => tx.select().from(creators).limit(1));
  handle = first!.handle;
  admin = (await database.withTenant(tenantId, (tx) => findActorByIdentity(tx, 'console', 'admin')))!;
});
afterAll(() => database.close());

/** `/profile @handle set …` as the tenant's admin: the edit, its audit event and its outbox event. */
async function setProfile(patch: Record<string, unknown>): Promise<{ changed: string[] }> {
  const commands = await commandsAs(parts, tenantId, admin);
  return resultOf(await commands.run('profile.set', { creator: handle, ...patch }));
}

/** Delivers the outbox as the server's sweeper does, its follow-up jobs going to `queue`. */
async function deliverTo(queue: JobQueue & { close(): Promise<void> }): Promise<number> {
  const sweeper = startOutboxSweeper(
    { ...parts, queue, logger: createLogger('silent') },
    {
      notifier: recordingNotifier(),
      registry: createCommandRegistry(),
      deliveries: memoryDeliveryLedger(),
      pollMs: 3_600_000,
    },
  );
  try {
    return await sweeper.drain();
  } finally {
    await sweeper.stop();
  }
}

const outboxCount = async () =>
  (await database.withTenant(tenantId, (tx) => tx.select().from(outboxEvents))).length;

const jobDeps = () => ({
  ...parts,
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
    const result = await setProfile({ genres: ['alt-pop'], inspirations: ['Robyn', 'Lorde'] });
    expect(await deliverTo(queue)).toBe(1);
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

    // The same edit again changes nothing: no audit event, no outbox event, so no job.
    const events = await outboxCount();
    const again = await setProfile({ genres: ['alt-pop'] });
    expect(again.changed).toEqual([]);
    expect(await outboxCount()).toBe(events);
    expect(await deliverTo(queue)).toBe(0);
    const auditAfter = await database.withTenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.entityId, creator.id)),
    );
    expect(auditAfter).toHaveLength(1);
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
      await setProfile({ genres: ['metalcore'] });
      expect(await deliverTo(queue)).toBe(1);
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
