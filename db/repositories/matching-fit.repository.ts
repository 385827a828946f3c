/**
 * Fitting a tenant's pair-score weights on its own credits (issue 14), in one tenant transaction: read
 * the roster and the settings, fit, write the settings back. Writing the settings moves the roster
 * version (0006_matching_versions), so the next `/pair` rebuilds its index with the new weights.
 */

import type { MatchWeights } from '../../core/matching/match-weights.ts';
import {
  type MatchingSettings,
  parseMatchingSettings,
  type StoredFit,
  settingsWithFit,
  settingsWithPin,
} from '../../core/matching/matching-settings.ts';
import { fitMatchWeights, type WeightFitOptions } from '../../core/matching/weight-fit.ts';
import type { CreatorProfile } from '../../core/profiles/index.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Database } from '../database.ts';
import { creators } from '../schema/index.ts';
import { tenantSettingsStore } from '../stores/tenant-settings.store.ts';
import { rowToProfile } from './creator-profile.rows.ts';

export interface FitOutcome {
  fit: StoredFit;
  isPinned: boolean;
  creators: number;
}

/**
 * Fits and stores the tenant's weights (not applied when pinned or when the min-data rule holds).
 *
 * @example
 * const { fit } = await fitTenantWeights(database, tenantId, systemClock);
 * fit.validation?.recallAt10;
 */
export async function fitTenantWeights(
  database: Database,
  tenantId: string,
  clock: Clock,
  options: WeightFitOptions = {},
): Promise<FitOutcome> {
  return database.withTenant(tenantId, async (tx) => {
    const profiles = (await tx.select().from(creators)).flatMap((row): CreatorProfile[] => {
      const profile = rowToProfile(row);
      return profile ? [profile] : [];
    });
    const store = tenantSettingsStore(tx, tenantId);
    const { settings } = await store.read();
    const current = parseMatchingSettings(settings);
    const fit = fitMatchWeights(profiles, options);
    const next = settingsWithFit(settings, fit, clock.nowMs());
    await store.writeSettings(next.settings);
    return { fit: next.stored, isPinned: current.isPinned, creators: profiles.length };
  });
}

/** The tenant's matching settings as stored. */
export async function tenantMatchingSettings(
  database: Database,
  tenantId: string,
): Promise<MatchingSettings> {
  return database.withTenant(tenantId, async (tx) =>
    parseMatchingSettings((await tenantSettingsStore(tx, tenantId).read()).settings),
  );
}

/** Pins an admin's weights (a fit then never overwrites them), or unpins with `undefined`. */
export async function pinTenantWeights(
  database: Database,
  tenantId: string,
  weights: Partial<MatchWeights> | undefined,
): Promise<MatchingSettings> {
  return database.withTenant(tenantId, async (tx) => {
    const store = tenantSettingsStore(tx, tenantId);
    const next = settingsWithPin((await store.read()).settings, weights ? { weights } : undefined);
    await store.writeSettings(next);
    return parseMatchingSettings(next);
  });
}
