/**
 * Ranking metrics and the baselines of the co-writing benchmark, all computed from the history split only.
 * Ties are broken by writer name so every figure is reproducible.
 */
import type { CowritesSplit } from './cowrites-dataset.ts';

/** True items found in the top k / min(#true, k). */
export function recallAtK(ranked: readonly string[], truth: ReadonlySet<string>, k: number): number {
  if (truth.size === 0) return 0;
  const found = ranked.slice(0, k).filter((item) => truth.has(item)).length;
  return found / Math.min(truth.size, k);
}

/** Binary-relevance NDCG@k: DCG of the ranking over the DCG of min(#true, k) hits at the top. */
export function ndcgAtK(ranked: readonly string[], truth: ReadonlySet<string>, k: number): number {
  let dcg = 0;
  for (const [index, item] of ranked.slice(0, k).entries()) {
    if (truth.has(item)) dcg += 1 / Math.log2(index + 2);
  }
  let ideal = 0;
  for (let index = 0; index < Math.min(truth.size, k); index += 1) ideal += 1 / Math.log2(index + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

export type Scorer = (query: string, candidate: string) => number;

/** Candidates by descending score, ties by name; `exclude` and the query itself are skipped. */
export function rankBy(
  query: string,
  candidates: readonly string[],
  exclude: ReadonlySet<string>,
  score: Scorer,
  k: number,
): string[] {
  return candidates
    .filter((candidate) => candidate !== query && !exclude.has(candidate))
    .map((candidate) => ({ candidate, score: score(query, candidate) }))
    .sort((a, b) => b.score - a.score || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0))
    .slice(0, k)
    .map((entry) => entry.candidate);
}

/** Mulberry32: a tiny seeded PRNG so the random baseline is the same every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The README's baselines as scorers over the history split. */
export function baselineScorers(split: CowritesSplit): Record<string, Scorer> {
  const graph = split.pastCowriters;
  const songCount = new Map<string, number>();
  const artists = new Map<string, Set<string>>();
  for (const song of split.historySongs) {
    for (const writer of song.writers) {
      songCount.set(writer, (songCount.get(writer) ?? 0) + 1);
      if (!artists.has(writer)) artists.set(writer, new Set());
      artists.get(writer)!.add(song.artist.toLowerCase());
    }
  }
  const neighbours = (writer: string) => graph.get(writer) ?? new Set<string>();
  const random = seededRandom(20_101);
  const randomScore = new Map(split.historyWriters.map((writer) => [writer, random()]));
  return {
    random: (_query, candidate) => randomScore.get(candidate) ?? 0,
    popularity: (_query, candidate) => songCount.get(candidate) ?? 0,
    'shared artists written for': (query, candidate) => {
      const mine = artists.get(query) ?? new Set();
      let shared = 0;
      for (const artist of artists.get(candidate) ?? []) if (mine.has(artist)) shared += 1;
      return shared;
    },
    'Adamic-Adar': (query, candidate) => {
      const mine = neighbours(query);
      let total = 0;
      for (const middle of neighbours(candidate)) {
        if (mine.has(middle)) total += 1 / Math.log(Math.max(2, neighbours(middle).size));
      }
      return total;
    },
    'common neighbours': (query, candidate) => {
      const mine = neighbours(query);
      let shared = 0;
      for (const middle of neighbours(candidate)) if (mine.has(middle)) shared += 1;
      return shared;
    },
  };
}
