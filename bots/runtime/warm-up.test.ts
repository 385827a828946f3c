import { afterEach, describe, expect, it } from 'vitest';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import type { Database } from '../../db/database.ts';
import { hasCachedMatchData } from '../../db/repositories/matching.repository.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { DEMO_TENANT, seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startWarmUp } from './warm-up.ts';

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

const logger = createLogger('silent');

async function runtimeParts() {
  database = await openTestPglite();
  return { database, embedder: localHashedEmbedder(), config: loadConfig({}) };
}

describe('startWarmUp', { timeout: 120_000 }, () => {
  it('is pending, then seeds the demo, refreshes statistics, builds its index and says ok', async () => {
    const runtime = await runtimeParts();
    const warmUp = startWarmUp(runtime, logger, { seedDemo: true, isPglite: true });
    expect(warmUp.state()).toBe('pending');
    await warmUp.seeded;
    expect(await databaseTenantDirectory(runtime.database).findBySlug(DEMO_TENANT.slug)).toMatchObject({
      slug: 'demo',
    });
    while (warmUp.state() === 'pending') await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warmUp.state()).toBe('ok');
  });

  it("builds every active tenant's match index, not only the demo's, and skips a suspended one", async () => {
    const runtime = await runtimeParts();
    const { tenant: label } = await seedTenant(runtime.database, { slug: 'label', creatorCount: 5, seed: 2 });
    const { tenant: paused } = await seedTenant(runtime.database, {
      slug: 'paused',
      creatorCount: 5,
      seed: 3,
    });
    await databaseTenantDirectory(runtime.database).setStatus('paused', 'suspended', 'test');
    const warmUp = startWarmUp(runtime, logger, { seedDemo: true, isPglite: true });
    await warmUp.seeded;
    while (warmUp.state() === 'pending') await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warmUp.state()).toBe('ok');
    const demo = await databaseTenantDirectory(runtime.database).findBySlug(DEMO_TENANT.slug);
    expect(hasCachedMatchData(runtime.database, demo!.id, runtime.embedder.id)).toBe(true);
    expect(hasCachedMatchData(runtime.database, label.id, runtime.embedder.id)).toBe(true);
    expect(hasCachedMatchData(runtime.database, paused.id, runtime.embedder.id)).toBe(false);
  });

  it('stops before the steps it has not begun, and never rejects', async () => {
    const runtime = await runtimeParts();
    const warmUp = startWarmUp(runtime, logger, { seedDemo: false, isPglite: true });
    await expect(warmUp.stop()).resolves.toBeUndefined();
    expect(warmUp.state()).toBe('ok');
  });

  it('reports a failure in /readyz terms and lets the server run on', async () => {
    const runtime = await runtimeParts();
    await runtime.database.close();
    const warmUp = startWarmUp(runtime, logger, { seedDemo: true, isPglite: true });
    await warmUp.stop();
    expect(warmUp.state()).toMatch(/^failed: /);
    database = undefined;
  });
});
