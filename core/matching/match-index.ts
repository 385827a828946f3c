/**
 * Everything pairing needs, built once per request (or cached per tenant) from plain data the DB layer loads:
 * profiles with credits, past sessions with ratings, do-not-pair lists and stored embeddings.
 */
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { embedSync } from './hashed-features.embedder.ts';
import { LayeredMap } from './layered-map.ts';
import { type CreatorFeatures, creatorFeatures, profileEmbeddingInput } from './profile-features.ts';

export interface PastSession {
  /** Participants' handles. */
  handles: readonly string[];
  /** Mean feedback rating 1..5, when given. */
  rating?: number;
}

export interface MatchInput {
  creators: readonly CreatorProfile[];
  sessions?: readonly PastSession[];
  /** Pairs never to suggest together, in either direction (pairing_preferences.do_not_pair_with). */
  doNotPair?: ReadonlyArray<readonly [string, string]>;
  /** Stored embeddings by handle; missing ones are computed with the local hashed embedder. */
  embeddings?: ReadonlyMap<string, ArrayLike<number>>;
  /** "This year" for recency (from the Clock); defaults to the latest credit year in the roster. */
  referenceYear?: number;
  /**
   * The index this one replaces: a profile passed as the same object keeps its features and computed
   * embedding, so an edit costs its own creator's features, not the roster's.
   */
  previous?: MatchIndex;
}

export interface PairHistory {
  sharedWorks: number;
  /** Year of the latest dated shared work, if any. */
  lastSharedYear?: number;
  sessions: number;
  ratings: number[];
}

export interface MatchIndex {
  /** All handles, sorted. */
  handles: readonly string[];
  profiles: ReadonlyMap<string, CreatorProfile>;
  features: ReadonlyMap<string, CreatorFeatures>;
  /** Collaboration graph: co-writers on a work or a past session. */
  neighbours: ReadonlyMap<string, ReadonlySet<string>>;
  pairHistory: ReadonlyMap<string, PairHistory>;
  doNotPair: ReadonlySet<string>;
  embeddings: ReadonlyMap<string, ArrayLike<number>>;
  /** Handles whose embedding came in stored (the rest were computed with the local embedder). */
  storedEmbeddings: ReadonlySet<string>;
  /** Inverse "document frequency" weights: rarer shared entities say more. */
  inspirationWeight: (key: string) => number;
  artistWeight: (key: string) => number;
  referenceYear: number;
}

/** Order-free key of two handles. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** The session layer of one pair: what their past sessions (and ratings) say. */
interface SessionPair {
  sessions: number;
  ratings: number[];
}

/**
 * What an index was built from, beyond its public fields, so the next build can start from it and
 * apply only what changed. Never mutated once built: a new build copies what it changes.
 */
interface BuildState {
  writersByWork: ReadonlyMap<string, readonly string[]>;
  /** The session layer alone (the pair history holds both layers). */
  sessionPairs: ReadonlyMap<string, SessionPair>;
  sessions: readonly PastSession[] | undefined;
  doNotPair: MatchInput['doNotPair'];
  inspirationCounts: ReadonlyMap<string, number>;
  artistCounts: ReadonlyMap<string, number>;
}

const buildStates = new WeakMap<MatchIndex, BuildState>();

/** Adamic–Adar style weight 1/ln(1+df): an entity shared by few says more than one shared by many. */
function rarityWeight(counts: ReadonlyMap<string, number>): (key: string) => number {
  return (key) => 1 / Math.log(1 + Math.max(1, counts.get(key) ?? 1));
}

function addCounts(counts: Map<string, number>, keys: Iterable<string>, delta: 1 | -1): void {
  for (const key of keys) {
    const next = (counts.get(key) ?? 0) + delta;
    if (next > 0) counts.set(key, next);
    else counts.delete(key);
  }
}

/** The year a shared work dates a pair's co-writing: the later of the two credits' years. */
export function sharedYear(a: CreatorFeatures, b: CreatorFeatures, work: string): number | undefined {
  const ya = a.workYears.get(work);
  const yb = b.workYears.get(work);
  return ya === undefined ? yb : yb === undefined ? ya : Math.max(ya, yb);
}

/**
 * The index for `input.creators`. With `input.previous` it starts from that index and applies only
 * what differs: creators whose profile is not the same object (edited, added, removed) move their
 * works in the co-writing graph, their pairs and their rarity counts; everyone else keeps their
 * features, embedding, graph edges and pair history as they were. The session layer is rebuilt only
 * when the sessions (by identity) or the set of creators changed. The result is the same as a build
 * from scratch (a test compares them); a from-scratch build is the same code applied to an empty index.
 */
export function buildMatchIndex(input: MatchInput): MatchIndex {
  const previous = input.previous;
  const state = previous ? buildStates.get(previous) : undefined;
  if (!previous || !state) return freshIndex(input);
  const base = { index: previous, state };
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
  const inspirationCounts = new Map(base.state.inspirationCounts);
  const artistCounts = new Map(base.state.artistCounts);
  /** Pairs whose latest shared year may have gone down: worked out again at the end. */
  const redatedPairs = new Map<string, [string, string]>();
  for (const old of departing) {
    addCounts(inspirationCounts, old.inspirations.keys(), -1);
    addCounts(artistCounts, old.creditArtists.keys(), -1);
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
    addCounts(inspirationCounts, fresh.inspirations.keys(), 1);
    addCounts(artistCounts, fresh.creditArtists.keys(), 1);
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
      inspirationCounts,
      artistCounts,
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

/** Per pair of members, the sessions they had together and the ratings given. */
function sessionLayer(
  sessions: readonly PastSession[] | undefined,
  profiles: ReadonlyMap<string, CreatorProfile>,
): Map<string, SessionPair> {
  const pairs = new Map<string, SessionPair>();
  for (const session of sessions ?? []) {
    const members = [...new Set(session.handles)].filter((handle) => profiles.has(handle));
    for (let i = 0; i < members.length; i += 1) {
      for (let j = i + 1; j < members.length; j += 1) {
        const key = pairKey(members[i]!, members[j]!);
        let entry = pairs.get(key);
        if (!entry) {
          entry = { sessions: 0, ratings: [] };
          pairs.set(key, entry);
        }
        entry.sessions += 1;
        if (session.rating !== undefined) entry.ratings.push(session.rating);
      }
    }
  }
  return pairs;
}

/**
 * A build from nothing: the same layers as an update, grown in place (nothing else can see them yet).
 * Pair history entries are made here; an update replaces entries rather than changing them.
 */
function freshIndex(input: MatchInput): MatchIndex {
  const profiles = new Map<string, CreatorProfile>();
  for (const profile of input.creators) profiles.set(profile.handle, profile);
  const features = new Map<string, CreatorFeatures>();
  for (const profile of profiles.values()) features.set(profile.handle, creatorFeatures(profile));
  const neighbours = new Map<string, Set<string>>();
  for (const handle of profiles.keys()) neighbours.set(handle, new Set());
  const pairHistory = new Map<string, PairHistory>();
  const entryOf = (a: string, b: string, key: string): PairHistory => {
    let entry = pairHistory.get(key);
    if (!entry) {
      entry = { sharedWorks: 0, sessions: 0, ratings: [] };
      pairHistory.set(key, entry);
      neighbours.get(a)!.add(b);
      neighbours.get(b)!.add(a);
    }
    return entry;
  };
  const writersByWork = new Map<string, string[]>();
  const inspirationCounts = new Map<string, number>();
  const artistCounts = new Map<string, number>();
  for (const f of features.values()) {
    addCounts(inspirationCounts, f.inspirations.keys(), 1);
    addCounts(artistCounts, f.creditArtists.keys(), 1);
    for (const work of f.workKeys) {
      let writers = writersByWork.get(work);
      if (!writers) {
        writers = [];
        writersByWork.set(work, writers);
      }
      for (const other of writers) {
        const key = pairKey(f.handle, other);
        const entry = entryOf(f.handle, other, key);
        entry.sharedWorks += 1;
        const year = sharedYear(f, features.get(other)!, work);
        if (year !== undefined) entry.lastSharedYear = Math.max(entry.lastSharedYear ?? year, year);
      }
      writers.push(f.handle);
    }
  }
  const sessionPairs = sessionLayer(input.sessions, profiles);
  for (const [key, session] of sessionPairs) {
    const [a, b] = key.split('\u0000') as [string, string];
    const entry = entryOf(a, b, key);
    entry.sessions = session.sessions;
    entry.ratings = session.ratings;
  }
  return finishIndex(
    input,
    { profiles, features, neighbours, pairHistory },
    {
      writersByWork,
      sessionPairs,
      sessions: input.sessions,
      doNotPair: input.doNotPair,
      inspirationCounts,
      artistCounts,
    },
    undefined,
  );
}

/** Embeddings, handles, weights and reference year, the same for both kinds of build; records the state. */
function finishIndex(
  input: MatchInput,
  parts: Pick<MatchIndex, 'profiles' | 'features' | 'neighbours' | 'pairHistory'>,
  state: BuildState,
  update:
    | {
        base: { index: MatchIndex; state: BuildState };
        isUnchanged: (profile: CreatorProfile) => boolean;
        isSameHandles: boolean;
        changedCreators: ReadonlySet<string>;
        changedNeighbours: ReadonlySet<string>;
      }
    | undefined,
): MatchIndex {
  const embeddings = new Map<string, ArrayLike<number>>();
  const storedEmbeddings = new Set<string>();
  for (const profile of parts.profiles.values()) {
    const stored = input.embeddings?.get(profile.handle);
    if (stored) storedEmbeddings.add(profile.handle);
    embeddings.set(
      profile.handle,
      stored ??
        (update?.isUnchanged(profile) && !update.base.index.storedEmbeddings.has(profile.handle)
          ? update.base.index.embeddings.get(profile.handle)
          : undefined) ??
        embedSync(profileEmbeddingInput(profile)),
    );
  }
  let latestYear: number | undefined;
  for (const f of parts.features.values()) {
    if (f.lastCreditYear !== undefined)
      latestYear = Math.max(latestYear ?? f.lastCreditYear, f.lastCreditYear);
  }
  const index: MatchIndex = {
    ...parts,
    handles: update?.isSameHandles ? update.base.index.handles : [...parts.profiles.keys()].sort(),
    doNotPair:
      update && input.doNotPair === update.base.state.doNotPair
        ? update.base.index.doNotPair
        : new Set((input.doNotPair ?? []).map(([a, b]) => pairKey(a, b))),
    embeddings,
    storedEmbeddings,
    inspirationWeight: rarityWeight(state.inspirationCounts),
    artistWeight: rarityWeight(state.artistCounts),
    referenceYear: input.referenceYear ?? latestYear ?? 0,
  };
  buildStates.set(index, state);
  if (update) {
    updates.set(index, {
      previous: new WeakRef(update.base.index),
      changedCreators: update.changedCreators,
      changedNeighbours: update.changedNeighbours,
      isReferenceYearSame: index.referenceYear === update.base.index.referenceYear,
    });
  }
  return index;
}

/** What an update changed, so per-index memos can keep what still holds. */
export interface IndexUpdate {
  /** The index this one was updated from (weakly: once it is gone, so are its memos). */
  readonly previous: WeakRef<MatchIndex>;
  /** Creators added, removed, or whose profile changed. */
  readonly changedCreators: ReadonlySet<string>;
  /** Creators whose co-writers in the collaboration graph changed. */
  readonly changedNeighbours: ReadonlySet<string>;
  readonly isReferenceYearSame: boolean;
}

const updates = new WeakMap<MatchIndex, IndexUpdate>();

/**
 * A per-creator memo for `index`, started from the memo of the index it was updated from, without
 * the entries `isStale` names; empty when there is none. Memos keyed by index (activity, co-writers'
 * artists, genre postings) would otherwise be worked out again for the whole roster after every edit.
 *
 * @example
 * const values = carriedMemo(memo, index, (handle, update) => update.changedCreators.has(handle));
 */
export function carriedMemo<V>(
  memo: WeakMap<MatchIndex, Map<string, V>>,
  index: MatchIndex,
  isStale: (handle: string, update: IndexUpdate) => boolean,
): Map<string, V> {
  const update = updates.get(index);
  const previous = update?.previous.deref();
  const before = previous ? memo.get(previous) : undefined;
  const carried = new Map<string, V>();
  if (!update || !before) return carried;
  for (const [handle, value] of before) {
    if (index.profiles.has(handle) && !isStale(handle, update)) carried.set(handle, value);
  }
  return carried;
}

/** The update that produced `index`, if it was updated from a previous one. */
export function indexUpdate(index: MatchIndex): IndexUpdate | undefined {
  return updates.get(index);
}
