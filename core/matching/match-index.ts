/**
 * Everything pairing needs, built once per request (or cached per tenant) from plain data the DB layer loads:
 * profiles with credits, past sessions with ratings, do-not-pair lists and stored embeddings.
 */
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import {
  buildStates,
  countCreator,
  finishIndex,
  pairKey,
  rarityCounts,
  sessionLayer,
  sharedYear,
  updates,
} from './match-index-state.ts';
import { updatedIndex } from './match-index-update.ts';
import { type CreatorFeatures, creatorFeatures } from './profile-features.ts';

export { pairKey, sharedYear } from './match-index-state.ts';

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
  /** The same for genre keys (`genre:<id>`, `tag:<slug>`), counting the creators who have each. */
  genreWeight: (key: string) => number;
  artistWeight: (key: string) => number;
  referenceYear: number;
}

/**
 * The index for `input.creators`. With `input.previous` it starts from that index and applies only
 * what differs: creators whose profile is not the same object (edited, added, removed) move their
 * works in the co-writing graph, their pairs and their rarity counts; everyone else keeps their
 * features, embedding, graph edges and pair history as they were. The session layer is rebuilt only
 * when the sessions (by identity) or the set of creators changed. The result is the same as a build
 * from scratch (a test compares them). The update is in match-index-update.ts, what both builds share in
 * match-index-state.ts.
 */
export function buildMatchIndex(input: MatchInput): MatchIndex {
  const previous = input.previous;
  const state = previous ? buildStates.get(previous) : undefined;
  if (!previous || !state) return freshIndex(input);
  return updatedIndex(input, { index: previous, state });
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
  const rarity = rarityCounts();
  for (const f of features.values()) {
    countCreator(rarity, f, 1);
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
      rarity,
    },
    undefined,
  );
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
