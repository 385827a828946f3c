import { count } from 'drizzle-orm';
import { refreshPlannerStatistics } from '../../db/planner-statistics.ts';
import { tenantMatchData } from '../../db/repositories/matching.repository.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { creators } from '../../db/schema/index.ts';
import { DEMO_TENANT, seedDemoOnFirstRun } from '../../db/seed.ts';
import type { Logger } from './logger.ts';
import type { Runtime } from './runtime.ts';

/** Where the server's background start-up work stands; `/readyz` shows it as `checks.warmUp`. */
export type WarmUpState = 'pending' | 'ok' | `failed: ${string}`;

export interface WarmUp {
  state(): WarmUpState;
  /** Settles once the demo tenant exists (or seeding failed): forwarded CLI lines wait for it. */
  seeded: Promise<void>;
  /** Skips the steps not yet begun and settles when the one under way is done (shutdown). */
  stop(): Promise<void>;
}

/**
 * Warm-up is bounded work: a tenant past this many creators is left to its first `/pair` (its index
 * load should not hold up a shutdown), and past these totals the rest are too.
 */
export const WARM_INDEX_LIMITS = { creatorsPerTenant: 20_000, creators: 100_000, tenants: 500 };

/**
 * What a start used to do before listening, now done after: seeding the demo tenant on a fresh data
 * directory, refreshing PGlite's planner statistics (PGlite has no autovacuum) and building the match
 * index of every active tenant (the demo first, then by slug, within WARM_INDEX_LIMITS), so no
 * tenant's first `/pair` after a start pays for it. The server answers /healthz meanwhile; /readyz
 * says `warmUp: pending` until this is done.
 */
export function startWarmUp(
  runtime: Pick<Runtime, 'database' | 'embedder' | 'config'>,
  logger: Logger,
  options: { seedDemo: boolean; isPglite: boolean },
): WarmUp {
  let state: WarmUpState = 'pending';
  const seeded = options.seedDemo ? seedDemoOnFirstRun(runtime.database, logger) : Promise.resolve();
  let isStopping = false;
  const done = (async () => {
    await seeded;
    if (isStopping) return;
    if (options.isPglite) await refreshPlannerStatistics(runtime.database);
    if (isStopping) return;
    const tenants = (await databaseTenantDirectory(runtime.database).list())
      .filter((tenant) => tenant.status === 'active')
      .sort((a, b) => Number(b.slug === DEMO_TENANT.slug) - Number(a.slug === DEMO_TENANT.slug));
    let creatorsWarmed = 0;
    for (const tenant of tenants.slice(0, WARM_INDEX_LIMITS.tenants)) {
      if (isStopping) return;
      const [size] = await runtime.database.withTenant(tenant.id, (tx) =>
        tx.select({ value: count() }).from(creators),
      );
      const creatorCount = size?.value ?? 0;
      if (creatorCount > WARM_INDEX_LIMITS.creatorsPerTenant) continue;
      if (creatorsWarmed + creatorCount > WARM_INDEX_LIMITS.creators) break;
      if (isStopping) return;
      await tenantMatchData(runtime.database, tenant.id, runtime.embedder.id);
      creatorsWarmed += creatorCount;
    }
  })().then(
    () => {
      state = 'ok';
      logger.info('warm-up done: planner statistics and match indexes ready');
    },
    (error: unknown) => {
      state = `failed: ${(error as Error).message}`;
      logger.warn({ err: error }, 'warm-up failed; the server runs on, cold');
    },
  );
  return {
    state: () => state,
    seeded: seeded.catch(() => {}),
    stop: () => {
      isStopping = true;
      return done;
    },
  };
}
