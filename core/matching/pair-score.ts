/**
 * The pair score S (PRD 8.2): per-component evidence, the weighted 0..100 score, and the evidence kept for
 * explanations. Components without data for the pair (neither has genres, no past sessions) drop out of the
 * weighted mean instead of counting as a mismatch.
 */
import { bestRolePairing, roleComplementarity } from '../profiles/roles.ts';
import type { MatchIndex } from './match-index.ts';
import { pairKey } from './match-index.ts';
import type { MatchWeights } from './match-weights.ts';
import type { CreatorFeatures } from './profile-features.ts';
import { saturate } from './vector.math.ts';

export type ComponentName = keyof MatchWeights;

export interface ScoreComponent {
  name: ComponentName;
  /** 0..1 (history −1..1). */
  value: number;
  /** Items behind the value, best first, for explanations (genre labels, artist names, handles…). */
  evidence: string[];
  /** Free-form numbers behind the value (counts, ratings). */
  facts?: Record<string, number>;
}

export interface PairScore {
  handles: [string, string];
  /** 0..100. */
  score: number;
  /** Informative components, with their weighted contribution to S (in points). */
  components: (ScoreComponent & { points: number })[];
}

/** Recency half-life in years and collaborator breadth at which activity reaches one half. */
const ACTIVITY_HALF_LIFE_YEARS = 7;
const ACTIVITY_HALF_COLLABORATORS = 7;
/** Adamic–Adar total at which the graph component reaches one half. */
const GRAPH_HALF = 0.7;
/** Rarity-weighted shared artists at which the credit-entity component reaches one half. */
const CREDIT_HALF = 0.7;

function weightedJaccard(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let min = 0;
  let max = 0;
  for (const [key, weight] of a) {
    const other = b.get(key) ?? 0;
    min += Math.min(weight, other);
    max += Math.max(weight, other);
  }
  for (const [key, weight] of b) if (!a.has(key)) max += weight;
  return max === 0 ? 0 : min / max;
}

/** Shared keys by weight (desc); equal weights keep the first creator's own order (stable sort). */
function sharedBy(
  a: ReadonlyMap<string, unknown>,
  b: ReadonlyMap<string, unknown>,
  weight: (key: string) => number,
): string[] {
  return [...a.keys()].filter((key) => b.has(key)).sort((x, y) => weight(y) - weight(x));
}

/** Cosine of rarity-weighted binary vectors. */
function weightedCosine(
  a: ReadonlyMap<string, unknown>,
  b: ReadonlyMap<string, unknown>,
  weight: (key: string) => number,
): number {
  let shared = 0;
  let normA = 0;
  let normB = 0;
  for (const key of a.keys()) {
    const w = weight(key) ** 2;
    normA += w;
    if (b.has(key)) shared += w;
  }
  for (const key of b.keys()) normB += weight(key) ** 2;
  return normA === 0 || normB === 0 ? 0 : shared / Math.sqrt(normA * normB);
}

/** Recent and broadly collaborative creators co-write more; 0..1. */
export function activityOf(index: MatchIndex, handle: string): number {
  const lastYear = index.features.get(handle)?.lastCreditYear;
  const recency =
    lastYear === undefined
      ? 0.5
      : 2 ** (-Math.max(0, index.referenceYear - lastYear) / ACTIVITY_HALF_LIFE_YEARS);
  const collaborators = index.neighbours.get(handle)?.size ?? 0;
  return recency * saturate(collaborators, ACTIVITY_HALF_COLLABORATORS);
}

function graphComponent(index: MatchIndex, a: string, b: string): ScoreComponent {
  const mine = index.neighbours.get(a) ?? new Set<string>();
  const common: { handle: string; weight: number }[] = [];
  for (const middle of index.neighbours.get(b) ?? []) {
    if (mine.has(middle))
      common.push({
        handle: middle,
        weight: 1 / Math.log(Math.max(2, index.neighbours.get(middle)?.size ?? 2)),
      });
  }
  common.sort((x, y) => y.weight - x.weight || (x.handle < y.handle ? -1 : 1));
  const adamicAdar = common.reduce((total, entry) => total + entry.weight, 0);
  return {
    name: 'graph',
    value: saturate(adamicAdar, GRAPH_HALF),
    evidence: common.map((entry) => entry.handle),
    facts: { common: common.length },
  };
}

function historyComponent(index: MatchIndex, a: string, b: string): ScoreComponent | undefined {
  const history = index.pairHistory.get(pairKey(a, b));
  if (!history) return undefined;
  const facts: Record<string, number> = { sessions: history.sessions, sharedWorks: history.sharedWorks };
  if (history.ratings.length > 0) {
    const mean = history.ratings.reduce((total, rating) => total + rating, 0) / history.ratings.length;
    facts.meanRating = mean;
    facts.rated = history.ratings.length;
    return {
      name: 'history',
      value: ((mean - 3) / 2) * saturate(history.ratings.length, 1),
      evidence: [],
      facts,
    };
  }
  // Unrated sessions and prior cuts are mild positive evidence.
  return {
    name: 'history',
    value: 0.8 * saturate(history.sharedWorks + 0.5 * history.sessions, 1.5),
    evidence: [],
    facts,
  };
}

/** Every component that has data for the pair, unweighted. */
export function pairComponents(index: MatchIndex, a: string, b: string): ScoreComponent[] {
  const fa = index.features.get(a) as CreatorFeatures;
  const fb = index.features.get(b) as CreatorFeatures;
  const components: ScoreComponent[] = [];
  if (fa.genreWeights.size > 0 && fb.genreWeights.size > 0) {
    const exact = sharedBy(fa.genreWeights, fb.genreWeights, (key) =>
      Math.min(fa.genreWeights.get(key)!, fb.genreWeights.get(key)!),
    );
    components.push({
      name: 'genre',
      value: weightedJaccard(fa.genreWeights, fb.genreWeights),
      evidence: exact.map((key) => fa.genreLabels.get(key) ?? key),
    });
  }
  if (fa.inspirations.size > 0 && fb.inspirations.size > 0) {
    const shared = sharedBy(fa.inspirations, fb.inspirations, index.inspirationWeight);
    components.push({
      name: 'inspiration',
      value: weightedCosine(fa.inspirations, fb.inspirations, index.inspirationWeight),
      evidence: shared.map((key) => fa.inspirations.get(key)!),
    });
  }
  if (fa.creditArtists.size > 0 && fb.creditArtists.size > 0) {
    const shared = sharedBy(fa.creditArtists, fb.creditArtists, index.artistWeight);
    const rarity = shared.reduce((total, key) => total + index.artistWeight(key), 0);
    components.push({
      name: 'creditEntity',
      value: saturate(rarity, CREDIT_HALF),
      evidence: shared.map((key) => fa.creditArtists.get(key)!),
    });
  }
  components.push(graphComponent(index, a, b));
  components.push({
    name: 'activity',
    value: (activityOf(index, a) + activityOf(index, b)) / 2,
    evidence: [],
  });
  const history = historyComponent(index, a, b);
  if (history) components.push(history);
  components.push({ name: 'novelty', value: history ? 0 : 1, evidence: [] });
  const roles = bestRolePairing(fa.roles, fb.roles);
  if (roles !== undefined) components.push({ name: 'roles', value: roles.value, evidence: roles.roles });
  return components;
}

/** S for a pair: weighted mean of the informative components, 0..100 (round only for display). */
export function scorePair(index: MatchIndex, a: string, b: string, weights: MatchWeights): PairScore {
  const components = pairComponents(index, a, b);
  const totalWeight = components.reduce((total, c) => total + weights[c.name], 0);
  const scored = components.map((c) => ({
    ...c,
    points: totalWeight === 0 ? 0 : (100 * weights[c.name] * c.value) / totalWeight,
  }));
  const raw = scored.reduce((total, c) => total + c.points, 0);
  return { handles: [a, b], score: Math.min(100, Math.max(0, raw)), components: scored };
}

/**
 * The same S as `scorePair`, as a number only: no evidence lists, no component objects. Ranking
 * scores hundreds of candidates per query, and only the few shown need their reasons; a test holds
 * this equal to `scorePair(...).score`.
 */
export function pairScoreValue(index: MatchIndex, a: string, b: string, weights: MatchWeights): number {
  const fa = index.features.get(a) as CreatorFeatures;
  const fb = index.features.get(b) as CreatorFeatures;
  let weighted = 0;
  let totalWeight = 0;
  const add = (weight: number, value: number) => {
    weighted += weight * value;
    totalWeight += weight;
  };
  if (fa.genreWeights.size > 0 && fb.genreWeights.size > 0) {
    add(weights.genre, weightedJaccard(fa.genreWeights, fb.genreWeights));
  }
  if (fa.inspirations.size > 0 && fb.inspirations.size > 0) {
    add(weights.inspiration, weightedCosine(fa.inspirations, fb.inspirations, index.inspirationWeight));
  }
  if (fa.creditArtists.size > 0 && fb.creditArtists.size > 0) {
    let rarity = 0;
    for (const key of fa.creditArtists.keys())
      if (fb.creditArtists.has(key)) rarity += index.artistWeight(key);
    add(weights.creditEntity, saturate(rarity, CREDIT_HALF));
  }
  const mine = index.neighbours.get(a);
  let adamicAdar = 0;
  if (mine) {
    for (const middle of index.neighbours.get(b) ?? []) {
      if (mine.has(middle)) adamicAdar += 1 / Math.log(Math.max(2, index.neighbours.get(middle)?.size ?? 2));
    }
  }
  add(weights.graph, saturate(adamicAdar, GRAPH_HALF));
  add(weights.activity, (activityOf(index, a) + activityOf(index, b)) / 2);
  const history = index.pairHistory.has(pairKey(a, b)) ? historyComponent(index, a, b) : undefined;
  if (history) add(weights.history, history.value);
  add(weights.novelty, history ? 0 : 1);
  const roles = roleComplementarity(fa.roles, fb.roles);
  if (roles !== undefined) add(weights.roles, roles);
  const raw = totalWeight === 0 ? 0 : (100 * weighted) / totalWeight;
  return Math.min(100, Math.max(0, raw));
}
