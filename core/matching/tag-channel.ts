import { roleComplementarity } from '../profiles/roles.ts';
import type { MatchIndex } from './match-index.ts';
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

/** Genre key -> handles carrying it; built once per (cached) index. */
function genrePostings(index: MatchIndex): Map<string, string[]> {
  let postings = postingsByIndex.get(index);
  if (!postings) {
    postings = new Map();
    for (const handle of index.handles) {
      for (const key of index.features.get(handle)?.genreWeights.keys() ?? []) {
        const list = postings.get(key);
        if (list) list.push(handle);
        else postings.set(key, [handle]);
      }
    }
    postingsByIndex.set(index, postings);
  }
  return postings;
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
