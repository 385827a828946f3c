/**
 * Runs the co-writing benchmark protocol against any ranking function, with the baselines in the same run.
 * Ranking functions speak roster handles (as produced by `rosterCsv` / `writeRosterCsv`), so the same harness
 * serves the in-memory run and a run through the real roster import and database.
 */
import { type CowritesSplit, handlesForWriters, loadCowrites } from './cowrites-dataset.ts';
import { baselineScorers, ndcgAtK, rankBy, recallAtK } from './metrics.ts';

export const K = 10;
export const EXPECTED_SIZES = { queryWriters: 122, newPairs: 176, historyWriters: 3358 } as const;

export interface QualityFigures {
  recallAt10: number;
  ndcgAt10: number;
  queries: number;
}

/**
 * Up to 10 handles for one query creator, best first. `exclude` holds the handles of the query's past
 * co-writers, which must not be suggested (the benchmark is about new collaborations).
 */
export type RankFn = (queryHandle: string, exclude: Set<string>) => Promise<string[]>;

/** Fails loudly when the derivation drifts from the README's sizes. */
export function assertExpectedSizes(split: CowritesSplit): void {
  const actual = {
    queryWriters: split.queryWriters.length,
    newPairs: split.newPairCount,
    historyWriters: split.historyWriters.length,
  };
  for (const [key, expected] of Object.entries(EXPECTED_SIZES)) {
    const value = actual[key as keyof typeof actual];
    if (value !== expected)
      throw new Error(`cowrites benchmark: expected ${expected} ${key}, derived ${value}`);
  }
}

export async function evaluateOn(split: CowritesSplit, rank: RankFn): Promise<QualityFigures> {
  const handles = handlesForWriters(split.historyWriters);
  const writerOf = new Map([...handles].map(([writer, handle]) => [handle, writer]));
  let recall = 0;
  let ndcg = 0;
  for (const query of split.queryWriters) {
    const pastWriters = split.pastCowriters.get(query) ?? new Set<string>();
    const exclude = new Set([...pastWriters].map((writer) => handles.get(writer)!));
    const rankedWriters = (await rank(handles.get(query)!, exclude))
      .map((handle) => writerOf.get(handle) ?? `?${handle}`)
      .filter((writer) => writer !== query && !pastWriters.has(writer))
      .slice(0, K);
    const truth = split.truth.get(query)!;
    recall += recallAtK(rankedWriters, truth, K);
    ndcg += ndcgAtK(rankedWriters, truth, K);
  }
  const queries = split.queryWriters.length;
  return { recallAt10: recall / queries, ndcgAt10: ndcg / queries, queries };
}

export async function evaluateBaselines(split: CowritesSplit): Promise<Record<string, QualityFigures>> {
  const handles = handlesForWriters(split.historyWriters);
  const writerOf = new Map([...handles].map(([writer, handle]) => [handle, writer]));
  const figures: Record<string, QualityFigures> = {};
  for (const [name, scorer] of Object.entries(baselineScorers(split))) {
    figures[name] = await evaluateOn(split, async (queryHandle, exclude) => {
      const excluded = new Set([...exclude].map((handle) => writerOf.get(handle)!));
      const ranked = rankBy(writerOf.get(queryHandle)!, split.historyWriters, excluded, scorer, K);
      return ranked.map((writer) => handles.get(writer)!);
    });
  }
  return figures;
}

/**
 * The benchmark against `rank` on the default data set; asserts the README's sizes first.
 *
 * @example
 * const { method, baselines } = await evaluate(async (handle, exclude) => pairViaDatabase(handle, exclude));
 */
export async function evaluate(
  rank: RankFn,
  split?: CowritesSplit,
): Promise<{ method: QualityFigures; baselines: Record<string, QualityFigures> }> {
  const data = split ?? (await loadCowrites());
  assertExpectedSizes(data);
  return { method: await evaluateOn(data, rank), baselines: await evaluateBaselines(data) };
}
