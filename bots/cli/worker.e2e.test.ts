import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { recordingNotifier } from '../../core/ports/notifier.ts';
import { memoryDeliveryLedger } from '../../core/surface/delivery-ledger.ts';
import { findActorByIdentity } from '../../db/repositories/people.repository.ts';
import { creators } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { BullmqJobQueue } from '../../jobs/bullmq-job-queue.ts';
import { commandsAs, resultOf } from '../../test/support/commands.ts';
import { clearRedisPrefix, REDIS_URL, serviceAvailable } from '../../test/support/services.ts';
import { openTestPostgres } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { createLogger } from '../runtime/logger.ts';
import { startOutboxSweeper } from '../runtime/outbox-sweeper.ts';

const BIN = join(import.meta.dirname, '../../bin/session-align.js');
const isUp = (await serviceAvailable('postgres')) && (await serviceAvailable('redis'));

describe.skipIf(!isUp)(
  'npm run worker (a separate process) on PostgreSQL and Redis',
  { timeout: 300_000 },
  () => {
    let server: Awaited<ReturnType<typeof openTestPostgres>>;
    const prefix = `sa-test-${randomBytes(4).toString('hex')}`;
    beforeAll(async () => {
      server = await openTestPostgres();
    });
    afterAll(async () => {
      await server.drop();
      await clearRedisPrefix(prefix);
    });

    it('runs the jobs the server enqueues, and stops gracefully', async () => {
      const { tenant } = await seedTenant(server.database, { slug: 'work', creatorCount: 2, seed: 4 });
      const [creator] = await server.database.withTenant(tenant.id, (tx) =>
        tx.select().from(creators).limit(1),
      );
      const worker = spawn(process.execPath, [BIN, 'worker'], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: server.url,
          REDIS_URL,
          REDIS_PREFIX: prefix,
          LOG_LEVEL: 'info',
        },
      });
      let output = '';
      worker.stdout.on('data', (chunk) => (output += chunk));
      worker.stderr.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));

      // The server's side: the admin edits the profile, and its outbox delivery enqueues the recompute.
      const parts = testRuntimeParts(server.database);
      const admin = await server.database.withTenant(tenant.id, (tx) =>
        findActorByIdentity(tx, 'console', 'admin'),
      );
      const commands = await commandsAs(parts, tenant.id, admin!);
      resultOf(await commands.run('profile.set', { creator: creator!.handle, genres: ['k-pop'] }));
      const queue = new BullmqJobQueue({ redisUrl: REDIS_URL, prefix });
      const sweeper = startOutboxSweeper(
        { ...parts, queue, logger: createLogger('silent') },
        {
          notifier: recordingNotifier(),
          registry: createCommandRegistry(),
          deliveries: memoryDeliveryLedger(),
          pollMs: 3_600_000,
        },
      );
      expect(await sweeper.drain()).toBe(1);
      await sweeper.stop();
      await queue.close();

      const deadline = Date.now() + 120_000;
      let row = creator!;
      while (Date.now() < deadline) {
        const [latest] = await server.database.withTenant(tenant.id, (tx) =>
          tx.select().from(creators).where(eq(creators.id, creator!.id)),
        );
        row = latest!;
        if (row.derivedFromHash === row.contentHash) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(row.derivedFromHash).toBe(row.contentHash);
      expect(String(row.derived?.searchText)).toContain('k-pop');

      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('worker stopping');
    });

    it('refuses to start on the embedded database, saying why', async () => {
      const worker = spawn(process.execPath, [BIN, 'worker'], { env: { PATH: process.env.PATH, REDIS_URL } });
      let stderr = '';
      worker.stderr.on('data', (chunk) => (stderr += chunk));
      expect(await new Promise((resolve) => worker.once('exit', resolve))).toBe(1);
      expect(stderr).toMatch(
        /^DATABASE_URL: expected a PostgreSQL URL; the embedded database belongs to one process/,
      );
    });
  },
);
