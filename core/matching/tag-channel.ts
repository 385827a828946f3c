import { roleComplementarity } from '../profiles/roles.ts';
import type { MatchIndex } from './match-index.ts';
import { activityOf } from './pair-score.ts';

/**
 * What the tag channel reads, by creator ordinal (position in `index.handles`, so ordinal order is
 * handle order): the creators carrying each genre key, each creator's role class (creators with the
 * same roles share one) and activity. Built once per (cached) index: O(creators + genre keys).
 */
interface TagIndex {
  postings: Map<string, Int32Array>;
  roleClassOf: Int32Array;
  roleClasses: (readonly string[])[];
  activity: Float64Array;
}

const tagIndexes = new WeakMap<MatchIndex, TagIndex>();

function tagIndexOf(index: MatchIndex): TagIndex {
  let built = tagIndexes.get(index);
  if (built) return built;
  const lists = new Map<string, number[]>();
  const classIds = new Map<string, number>();
  const roleClasses: (readonly string[])[] = [];
  const roleClassOf = new Int32Array(index.handles.length);
  const activity = new Float64Array(index.handles.length);
  index.handles.forEach((handle, ordinal) => {
    for (const key of index.features.get(handle)?.genreWeights.keys() ?? []) {
      const list = lists.get(key);
      if (list) list.push(ordinal);
      else lists.set(key, [ordinal]);
    }
    const roles = index.profiles.get(handle)?.roles ?? [];
    const rolesKey = roles.join(',');
    let classId = classIds.get(rolesKey);
    if (classId === undefined) {
      classId = roleClasses.push(roles) - 1;
      classIds.set(rolesKey, classId);
    }
    roleClassOf[ordinal] = classId;
    activity[ordinal] = activityOf(index, handle);
  });
  const postings = new Map([...lists].map(([key, list]) => [key, Int32Array.from(list)]));
  built = { postings, roleClassOf, roleClasses, activity };
  tagIndexes.set(index, built);
  return built;
}

/**
 * Candidate retrieval by tags: creators who share the anchor's genres, most shared genres first,
 * then complementary roles (a topliner for a producer), then activity. The vector neighbours find
 * people *like* the anchor; this channel finds the complementary partners the pair score rewards.
 *
 * @example
 * tagChannel(index, 'ana', 250); // up to 250 handles, anchor excluded
 */
export function tagChannel(index: MatchIndex, anchor: string, limit: number): string[] {
  const mine = index.features.get(anchor);
  const myRoles = index.profiles.get(anchor)?.roles ?? [];
  if (!mine || mine.genreWeights.size === 0 || limit <= 0) return [];
  const tags = tagIndexOf(index);
  // Shared genres per creator; one genre can be carried by tens of thousands at 100,000 creators.
  const shared = new Uint16Array(index.handles.length);
  let most = 0;
  for (const key of mine.genreWeights.keys())
    for (const ordinal of tags.postings.get(key) ?? []) most = Math.max(most, ++shared[ordinal]!);
  const anchorOrdinal = sortedIndex(index.handles, anchor);
  if (index.handles[anchorOrdinal] === anchor) shared[anchorOrdinal] = 0;
  // Shared genres come first: the lowest count that still fills `limit` bounds who can make it.
  const atLeast = new Int32Array(most + 2);
  for (const count of shared) atLeast[count]! += 1;
  let floor = most;
  for (let reached = 0; floor > 1; floor -= 1) {
    reached += atLeast[floor]!;
    if (reached >= limit) break;
  }
  const rolesFit = tags.roleClasses.map((theirs) => roleComplementarity(myRoles, theirs) ?? 0.5);
  const best = boundedBest<TagCandidate>(limit, byTagFit);
  for (let ordinal = 0; ordinal < shared.length; ordinal += 1) {
    const count = shared[ordinal]!;
    if (count < floor || count === 0) continue;
    best.offer({
      ordinal,
      shared: count,
      roles: rolesFit[tags.roleClassOf[ordinal]!]!,
      activity: tags.activity[ordinal]!,
    });
  }
  return best.sorted().map((entry) => index.handles[entry.ordinal]!);
}

/** Where `handle` is, or would go, in a sorted list (binary search). */
function sortedIndex(list: readonly string[], handle: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! < handle) low = mid + 1;
    else high = mid;
  }
  return low;
}

interface TagCandidate {
  /** Position in the index's sorted handles: ordinal order is handle order. */
  ordinal: number;
  shared: number;
  roles: number;
  activity: number;
}

const byTagFit = (a: TagCandidate, b: TagCandidate): number =>
  b.shared - a.shared || b.roles - a.roles || b.activity - a.activity || a.ordinal - b.ordinal;

/**
 * The first `limit` items in `compare` order of everything offered, as `sort(compare).slice(0, limit)`
 * would give them (for a total order), in O(n log limit): a heap whose root is the worst kept.
 */
export function boundedBest<T>(limit: number, compare: (a: T, b: T) => number) {
  const heap: T[] = [];
  const worse = (i: number, j: number) => compare(heap[i]!, heap[j]!) > 0;
  const swap = (i: number, j: number) => {
    const item = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = item;
  };
  const down = (from: number) => {
    for (let i = from; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && worse(left, worst)) worst = left;
      if (right < heap.length && worse(right, worst)) worst = right;
      if (worst === i) return;
      swap(i, worst);
      i = worst;
    }
  };
  return {
    offer(item: T): void {
      if (limit <= 0) return;
      if (heap.length < limit) {
        heap.push(item);
        for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1)
          swap(i, (i - 1) >> 1);
      } else if (compare(item, heap[0]!) < 0) {
        heap[0] = item;
        down(0);
      }
    },
    sorted: (): T[] => [...heap].sort(compare),
  };
}
