/**
 * A match index updated from the one it replaces: only the creators whose profile object changed
 * move (see `buildMatchIndex`).
 */
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { LayeredMap } from './layered-map.ts';
import type { MatchIndex, MatchInput, PairHistory } from './match-index.ts';
import {
  type BuildState,
  countCreator,
  finishIndex,
  pairKey,
  rarityCounts,
  sessionLayer,
  sharedYear,
} from './match-index-state.ts';
import { type CreatorFeatures, creatorFeatures } from './profile-features.ts';

/** `input` applied to `base`: the same index a fresh build would give, for the work of what changed. */
export function updatedIndex(input: MatchInput, base: { index: MatchIndex; state: BuildState }): MatchIndex {
  const profiles = new Map<string, CreatorProfile>();
  for (const profile of input.creators) profiles.set(profile.handle, profile);
  const isUnchanged = (profile: CreatorProfile) => base.index.profiles.get(profile.handle) === profile;

  // Who moved: removed (or replaced) creators leave with their old features, the rest arrive.
  const departing: CreatorFeatures[] = [];
  const arriving: CreatorFeatures[] = [];
  const features = new Map<string, CreatorFeatures>();
  for (const profile of profiles.values()) {
    const kept = isUnchanged(profile) ? base.index.features.get(profile.handle) : undefined;
    if (kept) {
      features.set(profile.handle, kept);
      continue;
    }
    const fresh = creatorFeatures(profile);
    features.set(profile.handle, fresh);
    arriving.push(fresh);
    const old = base.index.features.get(profile.handle);
    if (old) departing.push(old);
  }
  for (const [handle, old] of base.index.features) if (!profiles.has(handle)) departing.push(old);
  const isSameHandles =
    base.index.profiles.size === profiles.size &&
    [...profiles.keys()].every((handle) => base.index.profiles.has(handle));

  // Pair history holds both layers: shared works and the latest shared year from credits, sessions
  // and ratings from past sessions. Changes are collected, then laid over the previous maps.
  const writerChanges = new Map<string, readonly string[]>();
  const writersOf = (work: string) => writerChanges.get(work) ?? base.state.writersByWork.get(work) ?? [];
  const pairChanges = new Map<string, PairHistory | undefined>();
  const pairOf = (key: string) =>
    pairChanges.has(key) ? pairChanges.get(key) : base.index.pairHistory.get(key);
  const setWork = (key: string, sharedWorks: number, lastSharedYear: number | undefined) => {
    const entry = pairOf(key);
    const next: PairHistory = {
      sharedWorks,
      sessions: entry?.sessions ?? 0,
      ratings: entry?.ratings ?? [],
    };
    if (lastSharedYear !== undefined) next.lastSharedYear = lastSharedYear;
    pairChanges.set(key, next);
  };
  const rarity = rarityCounts(base.state.rarity);
  /** Pairs whose latest shared year may have gone down: worked out again at the end. */
  const redatedPairs = new Map<string, [string, string]>();
  for (const old of departing) {
    countCreator(rarity, old, -1);
    for (const work of old.workKeys) {
      const writers = writersOf(work).filter((handle) => handle !== old.handle);
      writerChanges.set(work, writers);
      for (const other of writers) {
        const key = pairKey(old.handle, other);
        const entry = pairOf(key);
        if (!entry) continue;
        setWork(key, entry.sharedWorks - 1, entry.lastSharedYear);
        redatedPairs.set(key, [old.handle, other]);
      }
    }
  }
  for (const fresh of arriving) {
    countCreator(rarity, fresh, 1);
    for (const work of fresh.workKeys) {
      const writers = writersOf(work);
      for (const other of writers) {
        const key = pairKey(fresh.handle, other);
        const entry = pairOf(key);
        const year = sharedYear(fresh, features.get(other)!, work);
        const last = entry?.lastSharedYear;
        setWork(key, (entry?.sharedWorks ?? 0) + 1, year === undefined ? last : Math.max(last ?? year, year));
      }
      writerChanges.set(work, [...writers, fresh.handle]);
    }
  }
  for (const [key, [a, b]] of redatedPairs) {
    const entry = pairOf(key)!;
    const fa = features.get(a);
    const fb = features.get(b);
    let lastSharedYear: number | undefined;
    if (fa && fb && entry.sharedWorks > 0) {
      for (const work of fa.workKeys) {
        if (!fb.workKeys.has(work)) continue;
        const year = sharedYear(fa, fb, work);
        if (year !== undefined) lastSharedYear = Math.max(lastSharedYear ?? year, year);
      }
    }
    setWork(key, entry.sharedWorks, lastSharedYear);
  }

  // The session layer, kept while the sessions and the roster's members stay the same.
  let sessionPairs = base.state.sessionPairs;
  if (!isSameHandles || input.sessions !== base.state.sessions) {
    const rebuilt = sessionLayer(input.sessions, profiles);
    for (const key of sessionPairs.keys()) {
      const entry = pairOf(key);
      if (entry && !rebuilt.has(key)) pairChanges.set(key, { ...entry, sessions: 0, ratings: [] });
    }
    for (const [key, session] of rebuilt) {
      const entry = pairOf(key);
      const next: PairHistory = {
        sharedWorks: entry?.sharedWorks ?? 0,
        sessions: session.sessions,
        ratings: session.ratings,
      };
      if (entry?.lastSharedYear !== undefined) next.lastSharedYear = entry.lastSharedYear;
      pairChanges.set(key, next);
    }
    sessionPairs = rebuilt;
  }

  // The collaboration graph follows the pairs that moved; an emptied pair leaves both.
  const neighbours = new Map<string, ReadonlySet<string>>();
  for (const handle of profiles.keys())
    neighbours.set(handle, base.index.neighbours.get(handle) ?? new Set());
  const copied = new Set<string>();
  const neighbourSet = (handle: string): Set<string> | undefined => {
    const set = neighbours.get(handle);
    if (!set) return undefined;
    if (copied.has(handle)) return set as Set<string>;
    const copy = new Set(set);
    neighbours.set(handle, copy);
    copied.add(handle);
    return copy;
  };
  const removedPairs = new Set<string>();
  const removedHandles: string[] = [];
  for (const old of departing) {
    if (profiles.has(old.handle)) continue;
    removedHandles.push(old.handle);
    for (const other of base.index.neighbours.get(old.handle) ?? []) {
      neighbourSet(other)?.delete(old.handle);
      removedPairs.add(pairKey(old.handle, other));
    }
  }
  const changedPairs = new Map<string, PairHistory>();
  for (const [key, entry] of pairChanges) {
    const [a, b] = key.split('\u0000') as [string, string];
    if (!entry || !profiles.has(a) || !profiles.has(b)) {
      removedPairs.add(key);
      continue;
    }
    if (entry.sharedWorks <= 0 && entry.sessions <= 0) {
      removedPairs.add(key);
      neighbourSet(a)?.delete(b);
      neighbourSet(b)?.delete(a);
      continue;
    }
    changedPairs.set(key, entry);
    if (!neighbours.get(a)!.has(b)) neighbourSet(a)!.add(b);
    if (!neighbours.get(b)!.has(a)) neighbourSet(b)!.add(a);
  }
  const writerRemovals = [...writerChanges].flatMap(([work, writers]) => (writers.length ? [] : [work]));
  for (const work of writerRemovals) writerChanges.delete(work);
  return finishIndex(
    input,
    {
      profiles,
      features,
      neighbours,
      pairHistory: LayeredMap.over(base.index.pairHistory, changedPairs, removedPairs),
    },
    {
      writersByWork: LayeredMap.over(base.state.writersByWork, writerChanges, writerRemovals),
      sessionPairs,
      sessions: input.sessions,
      doNotPair: input.doNotPair,
      rarity,
    },
    {
      base,
      isUnchanged,
      isSameHandles,
      changedCreators: new Set([...arriving, ...departing].map((f) => f.handle)),
      changedNeighbours: new Set([...copied, ...removedHandles]),
    },
  );
}
