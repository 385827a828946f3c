/**
 * Per-creator numbers the pair score reads (activity, popularity, openness, co-writers' artists), each
 * cached per match index and carried across an update for the creators it did not touch.
 */
import { carriedMemo, type IndexUpdate, indexUpdate, type MatchIndex, sharedYear } from './match-index.ts';
import { saturate } from './vector.math.ts';

/** Recency half-life in years and collaborator breadth at which activity reaches one half. */
const ACTIVITY_HALF_LIFE_YEARS = 7;
const ACTIVITY_HALF_COLLABORATORS = 7;
/** Half-life of a credit in the popularity prior, and the weighted credits at which it reaches one half. */
const POPULARITY_HALF_LIFE_YEARS = 4;
const POPULARITY_HALF = 3;
/**
 * Half-life of a new co-writer in the openness signal (counted from the year the pair first wrote
 * together), and the weighted new co-writers at which it reaches one half.
 */
const OPENNESS_HALF_LIFE_YEARS = 2;
const OPENNESS_HALF = 2;

/**
 * A per-creator number cached per index: an index never changes, and ranking asks for every creator
 * on every query. An index updated from another starts with the other's numbers, less those `isStale`
 * names (what the update touched).
 */
function perCreator(
  compute: (index: MatchIndex, handle: string) => number,
  isStale: (handle: string, update: IndexUpdate, index: MatchIndex) => boolean,
) {
  const memo = new WeakMap<MatchIndex, Map<string, number>>();
  return (index: MatchIndex, handle: string): number => {
    let values = memo.get(index);
    if (!values) {
      values = carriedMemo(memo, index, (h, update) => isStale(h, update, index));
      memo.set(index, values);
    }
    let value = values.get(handle);
    if (value === undefined) {
      value = compute(index, handle);
      values.set(handle, value);
    }
    return value;
  };
}

/** 1 for this year, halving every `halfLifeYears` before the index's reference year; 0.5 when undated. */
export function decay(index: MatchIndex, year: number | undefined, halfLifeYears: number): number {
  return year === undefined ? 0.5 : 2 ** (-Math.max(0, index.referenceYear - year) / halfLifeYears);
}

/** Recent and broadly collaborative creators co-write more; 0..1. */
export const activityOf = perCreator(
  (index, handle) => {
    const recency = decay(index, index.features.get(handle)?.lastCreditYear, ACTIVITY_HALF_LIFE_YEARS);
    const collaborators = index.neighbours.get(handle)?.size ?? 0;
    return recency * saturate(collaborators, ACTIVITY_HALF_COLLABORATORS);
  },
  (handle, update) =>
    !update.isReferenceYearSame || update.changedCreators.has(handle) || update.changedNeighbours.has(handle),
);

/** Recency-weighted credits of a creator (a credit this year counts 1), with diminishing returns; 0..1. */
export const popularityOf = perCreator(
  (index, handle) => {
    let credits = 0;
    for (const year of index.features.get(handle)?.workYears.values() ?? [])
      credits += decay(index, year, POPULARITY_HALF_LIFE_YEARS);
    return saturate(credits, POPULARITY_HALF);
  },
  (handle, update) => !update.isReferenceYearSame || update.changedCreators.has(handle),
);

/**
 * Creators next to a change: the co-writers, in `index`, of every creator the update from the previous
 * index changed. Their numbers that read a co-writer's credits (years, artists) may have moved even
 * when their set of co-writers did not.
 */
const nearChangeMemo = new WeakMap<MatchIndex, ReadonlySet<string>>();
export function nearChange(index: MatchIndex): ReadonlySet<string> {
  let near = nearChangeMemo.get(index);
  if (!near) {
    const found = new Set<string>();
    for (const changed of indexUpdate(index)?.changedCreators ?? [])
      for (const other of index.neighbours.get(changed) ?? []) found.add(other);
    near = found;
    nearChangeMemo.set(index, near);
  }
  return near;
}

/**
 * Writers who keep taking on new co-writers go on doing so: each co-writer counts by how long ago the
 * pair first wrote together (a 2-year half-life from the reference year), with diminishing returns;
 * 0..1. Co-writers known only from sessions (no dated shared work) do not count.
 */
export const opennessOf = perCreator(
  (index, handle) => {
    const mine = index.features.get(handle);
    let weighted = 0;
    for (const other of index.neighbours.get(handle) ?? []) {
      const theirs = index.features.get(other);
      if (!mine || !theirs) continue;
      let first: number | undefined;
      for (const work of mine.workKeys) {
        if (!theirs.workKeys.has(work)) continue;
        const year = sharedYear(mine, theirs, work);
        if (year !== undefined) first = Math.min(first ?? year, year);
      }
      if (first !== undefined) weighted += decay(index, first, OPENNESS_HALF_LIFE_YEARS);
    }
    return saturate(weighted, OPENNESS_HALF);
  },
  (handle, update, index) =>
    !update.isReferenceYearSame ||
    update.changedCreators.has(handle) ||
    update.changedNeighbours.has(handle) ||
    nearChange(index).has(handle),
);

/** Artists a creator's co-writers wrote for (not the creator's own), by rarity weight. */
const coWriterArtistsMemo = new WeakMap<MatchIndex, Map<string, Set<string>>>();
export function coWriterArtists(index: MatchIndex, handle: string): Set<string> {
  let byHandle = coWriterArtistsMemo.get(index);
  if (!byHandle) {
    // Stale after an update: whoever changed, whose co-writers changed, or who co-writes with a
    // creator whose credits changed.
    const near = nearChange(index);
    byHandle = carriedMemo(
      coWriterArtistsMemo,
      index,
      (handle, u) => u.changedCreators.has(handle) || u.changedNeighbours.has(handle) || near.has(handle),
    );
    coWriterArtistsMemo.set(index, byHandle);
  }
  let artists = byHandle.get(handle);
  if (!artists) {
    const own = index.features.get(handle)?.creditArtists;
    artists = new Set();
    for (const other of index.neighbours.get(handle) ?? [])
      for (const key of index.features.get(other)?.creditArtists.keys() ?? [])
        if (!own?.has(key)) artists.add(key);
    byHandle.set(handle, artists);
  }
  return artists;
}
