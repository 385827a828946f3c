import type { PairAnswer, PairQuery } from './pair-query.ts';

/**
 * The tenant's match index (profiles, credits graph, history, do-not-pair, embeddings, weights),
 * cached across requests by roster version, answering pair queries in the command's transaction.
 */
export interface MatchingStore {
  pair(query: PairQuery): Promise<PairAnswer>;
}
