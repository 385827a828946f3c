import { roleComplementarity } from '../profiles/roles.ts';
import { indexUpdate, type MatchIndex } from './match-index.ts';
import { activityOf } from './pair-score.ts';

const postingsByIndex = new WeakMap<MatchIndex, Map<string, string[]>>();
const activityByIndex = new WeakMap<MatchIndex, Map<string, number>>();

/** Each creator's activity, computed once per (cached) index. */
function activityByHandle(index: MatchIndex): Map<string, number> {
  let activity = activityByIndex.get(index);
  if (!activity) {
    activity = new Map(index.handles.map((handle) => [handle, activityOf(index, handle)]));
    activityByIndex.set(index, activity);
  }
  return activity;
}

/**
 * Genre key -> handles carrying it, in handle order; built once per (cached) index. An index updated
 * from another takes the other's lists and moves only the creators that changed.
 */
function genrePostings(index: MatchIndex): Map<string, string[]> {
  let postings = postingsByIndex.get(index);
  if (!postings) {
    postings = carriedPostings(index) ?? freshPostings(index);
    postingsByIndex.set(index, postings);
  }
  return postings;
}

function freshPostings(index: MatchIndex): Map<string, string[]> {
  const postings = new Map<string, string[]>();
  for (const handle of index.handles) {
    for (const key of index.features.get(handle)?.genreWeights.keys() ?? []) {
      const list = postings.get(key);
      if (list) list.push(handle);
      else postings.set(key, [handle]);
    }
  }
  return postings;
}

function carriedPostings(index: MatchIndex): Map<string, string[]> | undefined {
  const update = indexUpdate(index);
  const previous = update?.previous.deref();
  const before = previous && postingsByIndex.get(previous);
  if (!update || !previous || !before) return undefined;
  const postings = new Map(before);
  const copied = new Set<string>();
  const listOf = (key: string): string[] => {
    const list = postings.get(key) ?? [];
    if (copied.has(key)) return list;
    const copy = [...list];
    postings.set(key, copy);
    copied.add(key);
    return copy;
  };
  for (const handle of update.changedCreators) {
    for (const key of previous.features.get(handle)?.genreWeights.keys() ?? []) {
      const list = listOf(key);
      const at = sortedIndex(list, handle);
      if (list[at] === handle) list.splice(at, 1);
    }
    for (const key of index.features.get(handle)?.genreWeights.keys() ?? []) {
      const list = listOf(key);
      const at = sortedIndex(list, handle);
      if (list[at] !== handle) list.splice(at, 0, handle);
    }
  }
  for (const key of copied) if (postings.get(key)!.length === 0) postings.delete(key);
  return postings;
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
  if (!mine || mine.genreWeights.size === 0) return [];
  const postings = genrePostings(index);
  const sharedGenres = new Map<string, number>();
  for (const key of mine.genreWeights.keys()) {
    for (const handle of postings.get(key) ?? []) {
      if (handle !== anchor) sharedGenres.set(handle, (sharedGenres.get(handle) ?? 0) + 1);
    }
  }
  const activity = activityByHandle(index);
  const rolesFit = new Map<string, number>();
  return [...sharedGenres]
    .map(([handle, shared]) => {
      const theirRoles = index.profiles.get(handle)?.roles ?? [];
      const rolesKey = theirRoles.join(',');
      let roles = rolesFit.get(rolesKey);
      if (roles === undefined) {
        roles = roleComplementarity(myRoles, theirRoles) ?? 0.5;
        rolesFit.set(rolesKey, roles);
      }
      return { handle, shared, roles, activity: activity.get(handle) ?? 0 };
    })
    .sort(
      (a, b) =>
        b.shared - a.shared || b.roles - a.roles || b.activity - a.activity || (a.handle < b.handle ? -1 : 1),
    )
    .slice(0, limit)
    .map((entry) => entry.handle);
}
