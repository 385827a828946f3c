/**
 * Candidate retrieval before scoring (PRD 8.3). Small rosters are scored exhaustively; larger ones take the
 * union of cheap channels: shared genre/tag or artist, co-writer graph up to two hops, nearest embeddings
 * (pgvector in the DB, exact cosine here) and the most active creators.
 */

import { activityOf } from './creator-signals.ts';
import type { MatchIndex } from './match-index.ts';
import { cosine } from './vector.math.ts';

/** Up to this many creators, every one is scored: exact and still only milliseconds per query. */
export const EXHAUSTIVE_LIMIT = 5000;

export interface RetrievalOptions {
  vectorK?: number;
  activeK?: number;
  exhaustiveLimit?: number;
}

function topBy(handles: readonly string[], k: number, score: (handle: string) => number): string[] {
  return handles
    .map((handle) => ({ handle, score: score(handle) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || (a.handle < b.handle ? -1 : 1))
    .slice(0, k)
    .map((entry) => entry.handle);
}

/** Handles worth scoring against `anchor` (anchor excluded), sorted. */
export function retrieveCandidates(
  index: MatchIndex,
  anchor: string,
  options: RetrievalOptions = {},
): string[] {
  const others = index.handles.filter((handle) => handle !== anchor);
  if (others.length <= (options.exhaustiveLimit ?? EXHAUSTIVE_LIMIT)) return others;
  const found = new Set<string>();
  const mine = index.features.get(anchor);
  for (const handle of others) {
    const f = index.features.get(handle)!;
    if (
      mine &&
      ([...f.genreWeights.keys()].some((key) => mine.genreWeights.has(key)) ||
        [...f.creditArtists.keys()].some((key) => mine.creditArtists.has(key)))
    ) {
      found.add(handle);
    }
  }
  for (const first of index.neighbours.get(anchor) ?? []) {
    found.add(first);
    for (const second of index.neighbours.get(first) ?? []) found.add(second);
  }
  const vector = index.embeddings.get(anchor);
  if (vector)
    for (const handle of topBy(others, options.vectorK ?? 200, (h) =>
      cosine(vector, index.embeddings.get(h) ?? []),
    ))
      found.add(handle);
  for (const handle of topBy(others, options.activeK ?? 200, (h) => activityOf(index, h))) found.add(handle);
  found.delete(anchor);
  return [...found].sort();
}
