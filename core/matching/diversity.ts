/**
 * Maximal marginal relevance: pick suggestions one at a time, trading score against similarity to those
 * already picked, so a list is not ten variations of the same person.
 */
import type { MatchIndex } from './match-index.ts';
import { dot, norm } from './vector.math.ts';

/**
 * Greedy MMR over `items` (already in score order): value = relevance / best relevance − penalty × max
 * similarity to the picked. Only similarity above `floor` counts, so merely related suggestions are not
 * pushed down, near-duplicates are. `penalty` 0 keeps score order. Ties keep input order (deterministic).
 */
export function diversify<T>(
  items: readonly T[],
  limit: number,
  relevance: (item: T) => number,
  similarity: (a: T, b: T) => number,
  penalty: number,
  floor = 0,
): T[] {
  if (penalty <= 0) return items.slice(0, limit);
  const pool = items.slice(0, Math.max(limit * 5, limit));
  const top = Math.max(Number.MIN_VALUE, ...pool.map(relevance));
  const excess = (value: number) => Math.max(0, (value - floor) / (1 - floor));
  const picked: T[] = [];
  const maxSimilarity = pool.map(() => 0);
  const taken = pool.map(() => false);
  while (picked.length < Math.min(limit, pool.length)) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < pool.length; i += 1) {
      if (taken[i]) continue;
      const value = relevance(pool[i]!) / top - penalty * maxSimilarity[i]!;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    taken[best] = true;
    const chosen = pool[best]!;
    picked.push(chosen);
    for (let i = 0; i < pool.length; i += 1) {
      if (!taken[i]) maxSimilarity[i] = Math.max(maxSimilarity[i]!, excess(similarity(chosen, pool[i]!)));
    }
  }
  return picked;
}

/**
 * Similarity of two suggested groups, ignoring the anchor: shared members (Jaccard) or, failing that, how
 * alike the other members' profiles are (cosine of embedding centroids).
 */
export function groupSimilarity(
  index: MatchIndex,
  a: readonly string[],
  b: readonly string[],
  anchor?: string,
): number {
  return groupSimilarityOf(index, anchor)(a, b);
}

interface GroupShape {
  members: readonly string[];
  centroid: Float64Array;
  norm: number;
}

/**
 * `groupSimilarity` for many pairs of the same groups (diversity compares each pick with the whole
 * pool): each group's members and centroid are worked out once, keyed by the group's array.
 */
export function groupSimilarityOf(
  index: MatchIndex,
  anchor?: string,
): (a: readonly string[], b: readonly string[]) => number {
  const shapes = new WeakMap<readonly string[], GroupShape>();
  const shapeOf = (handles: readonly string[]): GroupShape => {
    let shape = shapes.get(handles);
    if (!shape) {
      const members = handles.filter((handle) => handle !== anchor);
      const center = centroid(index, members);
      shape = { members, centroid: center, norm: norm(center) };
      shapes.set(handles, shape);
    }
    return shape;
  };
  return (a, b) => {
    const left = shapeOf(a);
    const right = shapeOf(b);
    const shared = left.members.filter((handle) => right.members.includes(handle)).length;
    const jaccard = shared / new Set([...left.members, ...right.members]).size;
    const denominator = left.norm * right.norm;
    return Math.max(jaccard, denominator === 0 ? 0 : dot(left.centroid, right.centroid) / denominator);
  };
}

function centroid(index: MatchIndex, handles: readonly string[]): Float64Array {
  const first = index.embeddings.get(handles[0] ?? '');
  const out = new Float64Array(first?.length ?? 0);
  for (const handle of handles) {
    const vector = index.embeddings.get(handle);
    if (!vector) continue;
    for (let i = 0; i < out.length; i += 1) out[i]! += vector[i] ?? 0;
  }
  return out;
}
