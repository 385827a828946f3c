/**
 * `tenants.settings.matching`: the weights `/pair` scores with, whether an admin pinned them, and the
 * record of the last fit (when, on how much data, how well it validated, whether it was applied).
 *
 * ```json
 * { "weights": { "graph": 0.04, "popularity": 0.28, … }, "isPinned": false,
 *   "fit": { "status": "fitted", "fittedAt": "2026-12-01T13:00:00.000Z", "positives": 373, … } }
 * ```
 */
import { AppError } from '../shared/app-error.ts';
import { DEFAULT_MATCH_WEIGHTS, type MatchWeights, resolveWeights } from './match-weights.ts';
import type { WeightFit } from './weight-fit.ts';

/** The last fit as stored: the fit's own report, when it ran and whether its weights are in use. */
export interface StoredFit extends WeightFit {
  fittedAt: string;
  /** False when the weights were pinned, or the min-data rule kept the weights as they were. */
  isApplied: boolean;
}

export interface MatchingSettings {
  weights: MatchWeights;
  /** An admin's manual weights: a fit reports what it learned but never overwrites them. */
  isPinned: boolean;
  fit?: StoredFit;
}

function matchingOf(settings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const matching = settings.matching;
  return matching && typeof matching === 'object' && !Array.isArray(matching)
    ? (matching as Record<string, unknown>)
    : {};
}

/** The tenant's matching settings; unknown weight names or bad values are an AppError naming the weight. */
export function parseMatchingSettings(settings: Readonly<Record<string, unknown>>): MatchingSettings {
  const matching = matchingOf(settings);
  const weights = resolveWeights((matching.weights ?? {}) as Partial<MatchWeights>);
  const fit = matching.fit as StoredFit | undefined;
  return { weights, isPinned: matching.isPinned === true, ...(fit ? { fit } : {}) };
}

/**
 * The settings with a fit recorded. The fit's weights replace the weights in use only when it learned
 * some (`fitted`) and the weights are not pinned; otherwise the weights in use stay as they are.
 */
export function settingsWithFit(
  settings: Readonly<Record<string, unknown>>,
  fit: WeightFit,
  nowMs: number,
): { settings: Record<string, unknown>; stored: StoredFit } {
  const current = parseMatchingSettings(settings);
  const isApplied = fit.status === 'fitted' && !current.isPinned;
  // `weights` is what the fit proposed: equal to the weights in use when applied.
  const stored: StoredFit = { ...structuredClone(fit), fittedAt: new Date(nowMs).toISOString(), isApplied };
  const matching = {
    ...matchingOf(settings),
    weights: isApplied ? { ...fit.weights } : current.weights,
    isPinned: current.isPinned,
    fit: stored,
  };
  return { settings: { ...settings, matching }, stored };
}

/**
 * The settings with an admin's weights pinned (any subset; the rest from the defaults), or unpinned
 * (`weights` undefined: the weights in use stay until the next fit replaces them).
 */
export function settingsWithPin(
  settings: Readonly<Record<string, unknown>>,
  pin: { weights: Partial<MatchWeights> } | undefined,
): Record<string, unknown> {
  const matching = matchingOf(settings);
  if (!pin) return { ...settings, matching: { ...matching, isPinned: false } };
  if (Object.keys(pin.weights).length === 0)
    throw new AppError('matching.bad_weights', 'Name at least one weight to pin, e.g. graph=0.1', {
      field: 'weights',
    });
  const weights = resolveWeights({ ...DEFAULT_MATCH_WEIGHTS, ...pin.weights });
  return { ...settings, matching: { ...matching, weights, isPinned: true } };
}
