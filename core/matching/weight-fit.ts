/**
 * Learned pair-score weights for one tenant, from its own credits (issue 14). Time slices of the
 * tenant's history (`time-split.ts`) give positives (pairs who went on to write together) and sampled
 * non-pairs; a listwise ranking fit (sampled softmax, non-negative, L2) over the score's components
 * says how much each one predicts. Each of the newest slices is held out in turn to validate a fit made
 * on the slices older than it; the stored weights are then fitted on every slice.
 */

import { seededRandom } from '../demo/seeded-random.ts';
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { DEFAULT_MATCH_WEIGHTS, type MatchWeights } from './match-weights.ts';
import {
  COMPONENT_NAMES,
  type ComponentName,
  componentValues,
  pairScoreValue,
  scoreFromValues,
} from './pair-score.ts';
import { areaUnderRoc, fitSoftmaxRanking, type RankingGroup, type RankingOptions } from './ranking-fit.ts';
import { latestCreditYear, partnersByAnchor, type TimeSlice, timeSlice } from './time-split.ts';

export interface WeightFitOptions {
  /** Years of new co-writes each slice predicts (default 2: history to Y-2, positives Y-1..Y). */
  windowYears?: number;
  /** How many slices back from the latest year, newest first (default 8). */
  maxSlices?: number;
  /** Below this many positives in all slices together, the defaults stay (default 30). */
  minPositives?: number;
  negativesPerPositive?: number;
  /**
   * Per anchor, the top this many by each component alone and by the base score join the negatives (default 30):
   * ranking is decided among plausible candidates, and random non-pairs alone teach only who is active.
   */
  hardNegatives?: number;
  seed?: number;
  ranking?: RankingOptions;
  /** Where the fit starts from; components the data cannot speak to keep these. */
  baseWeights?: MatchWeights;
  /** Newest slices held out in turn for the validation score (default 3). */
  validationSlices?: number;
}

export interface ValidationScore {
  /**
   * The held-out slices (history to each year, positives in the window after it), each scored by a
   * fit on the slices older than it, never on itself; the figures are means over them.
   */
  cutoffYears: number[];
  positives: number;
  queries: number;
  auc: number;
  /** Mean over query creators of new partners found in their top 10 / min(new partners, 10). */
  recallAt10: number;
  /** The same two figures for the base (default) weights on the same slice. */
  baseAuc: number;
  baseRecallAt10: number;
}

export interface WeightFit {
  /** `fitted` when the data earned weights of its own; `defaults` when the min-data rule kept the base. */
  status: 'fitted' | 'defaults';
  /** Why the defaults were kept, in a sentence. */
  reason?: string;
  weights: MatchWeights;
  /** Components whose weight came from the data (the rest kept the base weight). */
  fittedComponents: ComponentName[];
  positives: number;
  negatives: number;
  /** The slices' cutoff years, newest first. */
  cutoffYears: number[];
  latestYear?: number;
  validation?: ValidationScore;
}

const COMPONENTS = COMPONENT_NAMES;

interface Sample {
  rows: number[][];
  labels: boolean[];
  /** Which anchor each row belongs to (pairwise ranking compares rows of the same anchor). */
  anchors: string[];
}

type SampleOptions = Required<Pick<WeightFitOptions, 'negativesPerPositive' | 'hardNegatives' | 'seed'>> & {
  base: MatchWeights;
};

/** Indexes of the `k` largest scores (NaN last), ties by position (handles are sorted). */
function topIndexes(scores: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).filter((i) => !Number.isNaN(scores[i]!));
  return order.sort((x, y) => scores[y]! - scores[x]! || x - y).slice(0, k);
}

/**
 * For each anchor with new partners in the slice: its partners (positives), and as negatives the
 * creators that would compete with them for the top of its list (the top few by each component alone
 * and by the base score, so no one signal's favourites are missing) plus a seeded random sample of the
 * rest. Past co-writers are left out, as `/pair` would leave them out.
 */
function sampleOf(slice: TimeSlice, options: SampleOptions): Sample {
  const random = seededRandom(options.seed + slice.cutoffYear);
  const sample: Sample = { rows: [], labels: [], anchors: [] };
  const perSignal = options.hardNegatives;
  for (const [anchor, partners] of [...partnersByAnchor(slice)].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const past = slice.index.neighbours.get(anchor) ?? new Set<string>();
    const pool = slice.index.handles.filter((handle) => handle !== anchor && !past.has(handle));
    const values = pool.map((handle) => componentValues(slice.index, anchor, handle));
    const chosen = new Set<number>();
    for (const [slot] of COMPONENTS.entries()) {
      const column = values.map((row) => row[slot]!);
      if (column.every((value) => value === column[0] || Number.isNaN(value))) continue;
      for (const i of topIndexes(column, perSignal)) chosen.add(i);
    }
    for (const i of topIndexes(
      values.map((row) => scoreFromValues(row, options.base)),
      perSignal,
    ))
      chosen.add(i);
    const wanted = chosen.size + partners.size * options.negativesPerPositive;
    for (let tries = 0; chosen.size < wanted && tries < wanted * 20; tries += 1)
      chosen.add(random.int(0, pool.length - 1));
    for (const [i, handle] of pool.entries()) if (partners.has(handle)) chosen.add(i);
    for (const i of [...chosen].sort((x, y) => x - y)) {
      sample.rows.push(Array.from(values[i]!, (value) => (Number.isNaN(value) ? 0 : value)));
      sample.labels.push(partners.has(pool[i]!));
      sample.anchors.push(`${slice.cutoffYear}/${anchor}`);
    }
  }
  return sample;
}

function topByScore(slice: TimeSlice, anchor: string, weights: MatchWeights, k: number): string[] {
  const past = slice.index.neighbours.get(anchor) ?? new Set<string>();
  return slice.index.handles
    .filter((handle) => handle !== anchor && !past.has(handle))
    .map((handle) => ({ handle, score: pairScoreValue(slice.index, anchor, handle, weights) }))
    .sort((x, y) => y.score - x.score || (x.handle < y.handle ? -1 : 1))
    .slice(0, k)
    .map((entry) => entry.handle);
}

/** Columns that vary in the sample: a constant column (novelty for never-paired, absent genres) says nothing. */
function informativeColumns(rows: readonly number[][]): number[] {
  return COMPONENTS.flatMap((_, i) => {
    const first = rows[0]?.[i] ?? 0;
    return rows.some((row) => Math.abs(row[i]! - first) > 1e-12) ? [i] : [];
  });
}

/**
 * The fitted components' coefficients as match weights: their total is the base weights' total over
 * the same components, so the balance with the components the fit could not see stays as it was.
 */
function toWeights(
  coefficients: readonly number[],
  columns: readonly number[],
  base: MatchWeights,
): MatchWeights {
  const weights = { ...base };
  const fittedTotal = coefficients.reduce((total, c) => total + c, 0);
  const baseTotal = columns.reduce((total, i) => total + base[COMPONENTS[i]!], 0) || 1;
  for (const [k, i] of columns.entries()) {
    weights[COMPONENTS[i]!] = (baseTotal * coefficients[k]!) / fittedTotal;
  }
  return weights;
}

function groupsOf(rows: readonly number[][], sample: Sample): RankingGroup[] {
  const byAnchor = new Map<string, { rows: number[][]; isPositive: boolean[] }>();
  for (const [r, anchor] of sample.anchors.entries()) {
    if (!byAnchor.has(anchor)) byAnchor.set(anchor, { rows: [], isPositive: [] });
    byAnchor.get(anchor)!.rows.push(rows[r]!);
    byAnchor.get(anchor)!.isPositive.push(sample.labels[r]!);
  }
  return [...byAnchor.values()];
}

function fitOn(
  sample: Sample,
  base: MatchWeights,
  options: RankingOptions,
): { weights: MatchWeights; columns: number[] } | undefined {
  const columns = informativeColumns(sample.rows);
  if (columns.length === 0) return undefined;
  const projected = sample.rows.map((row) => columns.map((i) => row[i]!));
  const model = fitSoftmaxRanking(groupsOf(projected, sample), options);
  if (model.coefficients.every((c) => c === 0)) return undefined;
  return { weights: toWeights(model.coefficients, columns, base), columns };
}

/** Recall@10 over the slice's query creators, every other history creator ranked (past co-writers excluded). */
export function sliceRecallAt10(
  slice: TimeSlice,
  weights: MatchWeights,
): { recallAt10: number; queries: number } {
  const partners = partnersByAnchor(slice);
  let total = 0;
  for (const [anchor, truth] of partners) {
    const top = topByScore(slice, anchor, weights, 10);
    total += top.filter((handle) => truth.has(handle)).length / Math.min(truth.size, 10);
  }
  return { recallAt10: partners.size === 0 ? 0 : total / partners.size, queries: partners.size };
}

function sampleAuc(sample: Sample, weights: MatchWeights): number {
  const scores = sample.rows.map((row) =>
    COMPONENTS.reduce((total, name, i) => total + weights[name] * row[i]!, 0),
  );
  return areaUnderRoc(scores, sample.labels);
}

/** Each held-out slice scored by a fit on the slices older than it; the figures are the means. */
function validate(
  slices: readonly TimeSlice[],
  samples: readonly Sample[],
  base: MatchWeights,
  options: RankingOptions,
  count: number,
): ValidationScore | undefined {
  const scores: ValidationScore[] = [];
  for (let held = 0; held < Math.min(count, slices.length - 1); held += 1) {
    const older = merge(samples.slice(held + 1));
    const weights = fitOn(older, base, options)?.weights ?? base;
    const slice = slices[held]!;
    const fitted = sliceRecallAt10(slice, weights);
    scores.push({
      cutoffYears: [slice.cutoffYear],
      positives: slice.positives.length,
      queries: fitted.queries,
      auc: sampleAuc(samples[held]!, weights),
      recallAt10: fitted.recallAt10,
      baseAuc: sampleAuc(samples[held]!, base),
      baseRecallAt10: sliceRecallAt10(slice, base).recallAt10,
    });
  }
  if (scores.length === 0) return undefined;
  const mean = (pick: (score: ValidationScore) => number) =>
    scores.reduce((total, score) => total + pick(score), 0) / scores.length;
  return {
    cutoffYears: scores.flatMap((score) => score.cutoffYears),
    positives: scores.reduce((total, score) => total + score.positives, 0),
    queries: scores.reduce((total, score) => total + score.queries, 0),
    auc: mean((score) => score.auc),
    recallAt10: mean((score) => score.recallAt10),
    baseAuc: mean((score) => score.baseAuc),
    baseRecallAt10: mean((score) => score.baseRecallAt10),
  };
}

function merge(samples: readonly Sample[]): Sample {
  return {
    rows: samples.flatMap((s) => s.rows),
    labels: samples.flatMap((s) => s.labels),
    anchors: samples.flatMap((s) => s.anchors),
  };
}

/**
 * Weights for a roster, from its dated credits.
 *
 * @example
 * const fit = fitMatchWeights(profiles);
 * if (fit.status === 'fitted') settings.matching = { weights: fit.weights };
 */
export function fitMatchWeights(
  profiles: readonly CreatorProfile[],
  options: WeightFitOptions = {},
): WeightFit {
  return fitPrepared(prepareWeightFit(profiles, options), options);
}

/** The slices and their candidate samples: the slow part, independent of the fit's own settings. */
export interface PreparedFit {
  latestYear?: number;
  slices: TimeSlice[];
  samples: Sample[];
}

export function prepareWeightFit(
  profiles: readonly CreatorProfile[],
  options: WeightFitOptions = {},
): PreparedFit {
  const {
    windowYears = 2,
    maxSlices = 8,
    negativesPerPositive = 20,
    hardNegatives = 30,
    seed = 14,
  } = options;
  const baseWeights = options.baseWeights ?? { ...DEFAULT_MATCH_WEIGHTS };
  const latestYear = latestCreditYear(profiles);
  if (latestYear === undefined) return { slices: [], samples: [] };
  const slices: TimeSlice[] = [];
  for (let n = 1; n <= maxSlices; n += 1) {
    const slice = timeSlice(profiles, latestYear - n * windowYears, windowYears);
    if (slice.index.handles.length < 2) break;
    if (slice.positives.length > 0) slices.push(slice);
  }
  const sampling = { negativesPerPositive, hardNegatives, seed, base: baseWeights };
  return { latestYear, slices, samples: slices.map((slice) => sampleOf(slice, sampling)) };
}

export function fitPrepared(prepared: PreparedFit, options: WeightFitOptions = {}): WeightFit {
  const { minPositives = 30, ranking = {}, validationSlices = 3 } = options;
  const baseWeights = options.baseWeights ?? { ...DEFAULT_MATCH_WEIGHTS };
  const { latestYear, slices, samples } = prepared;
  const positives = slices.reduce((total, slice) => total + slice.positives.length, 0);
  const defaults = (reason: string): WeightFit => ({
    status: 'defaults',
    reason,
    weights: baseWeights,
    fittedComponents: [],
    positives,
    negatives: 0,
    cutoffYears: slices.map((slice) => slice.cutoffYear),
    ...(latestYear === undefined ? {} : { latestYear }),
  });
  if (latestYear === undefined) return defaults('no credit has a year, so there is no history to learn from');
  if (positives < minPositives) {
    return defaults(
      `${positives} new co-writing pair${positives === 1 ? '' : 's'} in the history; at least ${minPositives} are needed to learn weights`,
    );
  }
  const sample = merge(samples);
  const fitted = fitOn(sample, baseWeights, ranking);
  if (!fitted) return defaults('no component separated new co-writers from the rest');
  const result: WeightFit = {
    status: 'fitted',
    weights: fitted.weights,
    fittedComponents: fitted.columns.map((i) => COMPONENTS[i]!),
    positives,
    negatives: sample.labels.filter((label) => !label).length,
    cutoffYears: slices.map((slice) => slice.cutoffYear),
    latestYear,
  };
  const validation = validate(slices, samples, baseWeights, ranking, validationSlices);
  if (validation) result.validation = validation;
  return result;
}
