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
 * Past this many creators the demo's match index is left to its first `/pair`, as before: warm-up is
 * bounded work, and a big roster's index should not hold up a shutdown.
 */
const WARM_INDEX_MAX_CREATORS = 2_000;

/**
 * What a start used to do before listening, now done after: seeding the demo tenant on a fresh data
 * directory, refreshing PGlite's planner statistics (PGlite has no autovacuum) and building the demo
 * tenant's match index, so the first `/pair` does not pay for it. The server answers /healthz
 * meanwhile; /readyz says `warmUp: pending` until this is done.
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
    const demo = await databaseTenantDirectory(runtime.database).findBySlug(DEMO_TENANT.slug);
    if (!demo) return;
    const [size] = await runtime.database.withTenant(demo.id, (tx) =>
      tx.select({ value: count() }).from(creators),
    );
    if (isStopping || (size?.value ?? 0) > WARM_INDEX_MAX_CREATORS) return;
    await tenantMatchData(runtime.database, demo.id, runtime.embedder.id);
  })().then(
    () => {
      state = 'ok';
      logger.info('warm-up done: planner statistics and match index ready');
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
