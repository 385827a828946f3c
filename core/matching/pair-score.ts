/**
 * The pair score S (PRD 8.2): per-component evidence, the weighted 0..100 score, and the evidence kept for
 * explanations. Components without data for the pair (neither has genres, no past sessions) drop out of the
 * weighted mean instead of counting as a mismatch.
 */
import { bestRolePairing, roleComplementarity } from '../profiles/roles.ts';
import { activityOf, coWriterArtists, decay, opennessOf, popularityOf } from './creator-signals.ts';
import { type MatchIndex, pairKey } from './match-index.ts';
import { DEFAULT_MATCH_WEIGHTS, type MatchWeights } from './match-weights.ts';
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

/** Adamic–Adar total at which the graph component reaches one half. */
const GRAPH_HALF = 0.7;
/** Rarity-weighted shared artists at which the credit-entity component reaches one half. */
export const CREDIT_HALF = 0.7;
/**
 * Rarity-weighted shared genres (each at the lower of the pair's weights for it, so a shared parent
 * counts half) at which genre specificity reaches one half: one genre only two creators of the roster
 * have gives about 0.6, "pop" in a large roster about 0.1.
 */
export const GENRE_SPECIFICITY_HALF = 0.7;
/** Half-life of a co-write's weight in the recent graph, and the path total at which it reaches one half. */
const RECENT_EDGE_HALF_LIFE_YEARS = 4;
const RECENT_GRAPH_HALF = 0.3;

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

/** Genres both have, by rarity in the roster times the lower of the two weights: the specificity sum. */
function genreSpecificityOf(index: MatchIndex, a: CreatorFeatures, b: CreatorFeatures): number {
  let total = 0;
  for (const [key, weight] of a.genreWeights) {
    const other = b.genreWeights.get(key);
    if (other !== undefined) total += Math.min(weight, other) * index.genreWeight(key);
  }
  return saturate(total, GENRE_SPECIFICITY_HALF);
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

/** Rarity-weighted artists at which the artist-graph component reaches one half. */
export const ARTIST_GRAPH_HALF = 0.7;

/**
 * Both directions of "wrote for an artist the other's co-writers wrote for": the written-for graph one
 * step past shared artists, rarer artists counting more.
 */
function artistPaths(index: MatchIndex, a: string, b: string): string[] {
  const shared: string[] = [];
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const around = coWriterArtists(index, x);
    for (const key of index.features.get(y)?.creditArtists.keys() ?? [])
      if (around.has(key)) shared.push(key);
  }
  return [...new Set(shared)];
}

/** Adamic–Adar where each path a–m–b counts by how recently a wrote with m and m with b. */
function recentPaths(
  index: MatchIndex,
  a: string,
  b: string,
): { total: number; via: { handle: string; weight: number }[] } {
  const mine = index.neighbours.get(a);
  const via: { handle: string; weight: number }[] = [];
  let total = 0;
  if (!mine) return { total, via };
  for (const middle of index.neighbours.get(b) ?? []) {
    if (!mine.has(middle)) continue;
    const weight =
      (decay(index, index.pairHistory.get(pairKey(a, middle))?.lastSharedYear, RECENT_EDGE_HALF_LIFE_YEARS) *
        decay(
          index,
          index.pairHistory.get(pairKey(middle, b))?.lastSharedYear,
          RECENT_EDGE_HALF_LIFE_YEARS,
        )) /
      Math.log(Math.max(2, index.neighbours.get(middle)?.size ?? 2));
    total += weight;
    via.push({ handle: middle, weight });
  }
  return { total, via };
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
    // Named as evidence only where it is rare: held by at most a tenth of the roster (at least 2).
    const rare = 1 / Math.log(1 + Math.max(2, index.handles.length / 10));
    const specific = sharedBy(
      fa.genreWeights,
      fb.genreWeights,
      (key) => Math.min(fa.genreWeights.get(key)!, fb.genreWeights.get(key)!) * index.genreWeight(key),
    ).filter((key) => index.genreWeight(key) >= rare);
    components.push({
      name: 'genreSpecificity',
      value: genreSpecificityOf(index, fa, fb),
      evidence: specific.map((key) => fa.genreLabels.get(key) ?? key),
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
  const recent = recentPaths(index, a, b);
  components.push({
    name: 'recentGraph',
    value: saturate(recent.total, RECENT_GRAPH_HALF),
    evidence: recent.via
      .sort((x, y) => y.weight - x.weight || (x.handle < y.handle ? -1 : 1))
      .map((entry) => entry.handle),
  });
  const artists = artistPaths(index, a, b).sort((x, y) => index.artistWeight(y) - index.artistWeight(x));
  components.push({
    name: 'artistGraph',
    value: saturate(
      artists.reduce((total, key) => total + index.artistWeight(key), 0),
      ARTIST_GRAPH_HALF,
    ),
    evidence: artists.map((key) => fa.creditArtists.get(key) ?? fb.creditArtists.get(key) ?? key),
  });
  components.push({
    name: 'popularity',
    value: (popularityOf(index, a) + popularityOf(index, b)) / 2,
    evidence: [],
  });
  components.push({
    name: 'openness',
    value: (opennessOf(index, a) + opennessOf(index, b)) / 2,
    evidence: [],
  });
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

/** Component order of `componentValues`: the keys of the default weights. */
export const COMPONENT_NAMES = Object.keys(DEFAULT_MATCH_WEIGHTS) as ComponentName[];

/**
 * Every component's value for a pair as numbers in `COMPONENT_NAMES` order, NaN where the component has
 * no data for the pair: no evidence lists, no objects. Ranking and the weight fit call it for every
 * candidate; a test holds the score made from it equal to `scorePair(...).score`.
 */
export function componentValues(index: MatchIndex, a: string, b: string): Float64Array {
  const fa = index.features.get(a) as CreatorFeatures;
  const fb = index.features.get(b) as CreatorFeatures;
  const values = new Float64Array(COMPONENT_NAMES.length).fill(Number.NaN);
  const set = (name: ComponentName, value: number) => {
    values[COMPONENT_SLOT[name]] = value;
  };
  if (fa.genreWeights.size > 0 && fb.genreWeights.size > 0) {
    set('genre', weightedJaccard(fa.genreWeights, fb.genreWeights));
    set('genreSpecificity', genreSpecificityOf(index, fa, fb));
  }
  if (fa.inspirations.size > 0 && fb.inspirations.size > 0) {
    set('inspiration', weightedCosine(fa.inspirations, fb.inspirations, index.inspirationWeight));
  }
  if (fa.creditArtists.size > 0 && fb.creditArtists.size > 0) {
    let rarity = 0;
    for (const key of fa.creditArtists.keys())
      if (fb.creditArtists.has(key)) rarity += index.artistWeight(key);
    set('creditEntity', saturate(rarity, CREDIT_HALF));
  }
  const mine = index.neighbours.get(a);
  let adamicAdar = 0;
  if (mine) {
    for (const middle of index.neighbours.get(b) ?? []) {
      if (mine.has(middle)) adamicAdar += 1 / Math.log(Math.max(2, index.neighbours.get(middle)?.size ?? 2));
    }
  }
  set('graph', saturate(adamicAdar, GRAPH_HALF));
  set('activity', (activityOf(index, a) + activityOf(index, b)) / 2);
  const history = index.pairHistory.has(pairKey(a, b)) ? historyComponent(index, a, b) : undefined;
  if (history) set('history', history.value);
  set('novelty', history ? 0 : 1);
  const roles = roleComplementarity(fa.roles, fb.roles);
  if (roles !== undefined) set('roles', roles);
  set('recentGraph', saturate(recentPaths(index, a, b).total, RECENT_GRAPH_HALF));
  set('popularity', (popularityOf(index, a) + popularityOf(index, b)) / 2);
  let artistRarity = 0;
  for (const key of artistPaths(index, a, b)) artistRarity += index.artistWeight(key);
  set('artistGraph', saturate(artistRarity, ARTIST_GRAPH_HALF));
  set('openness', (opennessOf(index, a) + opennessOf(index, b)) / 2);
  return values;
}

const COMPONENT_SLOT = Object.fromEntries(COMPONENT_NAMES.map((name, slot) => [name, slot])) as Record<
  ComponentName,
  number
>;

/** S from `componentValues`: the weighted mean of the components with data, 0..100. */
export function scoreFromValues(values: ArrayLike<number>, weights: MatchWeights): number {
  let weighted = 0;
  let totalWeight = 0;
  for (let slot = 0; slot < COMPONENT_NAMES.length; slot += 1) {
    const value = values[slot]!;
    if (Number.isNaN(value)) continue;
    const weight = weights[COMPONENT_NAMES[slot]!];
    weighted += weight * value;
    totalWeight += weight;
  }
  const raw = totalWeight === 0 ? 0 : (100 * weighted) / totalWeight;
  return Math.min(100, Math.max(0, raw));
}

/**
 * The same S as `scorePair`, as a number only. Ranking scores hundreds of candidates per query, and
 * only the few shown need their reasons; a test holds this equal to `scorePair(...).score`.
 */
export function pairScoreValue(index: MatchIndex, a: string, b: string, weights: MatchWeights): number {
  return scoreFromValues(componentValues(index, a, b), weights);
}
