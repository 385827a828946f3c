/**
 * What a match index was built from, beyond its public fields, and the machinery both kinds of build
 * share (a fresh one in match-index.ts, an update in match-index-update.ts): pair keys, rarity counts,
 * the session layer, and the last step that records the state for the next build.
 */
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { embedSync } from './hashed-features.embedder.ts';
import type { IndexUpdate, MatchIndex, MatchInput, PastSession } from './match-index.ts';
import { type CreatorFeatures, profileEmbeddingInput } from './profile-features.ts';

/** Order-free key of two handles. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** The session layer of one pair: what their past sessions (and ratings) say. */
export interface SessionPair {
  sessions: number;
  ratings: number[];
}

/**
 * What an index was built from, beyond its public fields, so the next build can start from it and
 * apply only what changed. Never mutated once built: a new build copies what it changes.
 */
export interface BuildState {
  writersByWork: ReadonlyMap<string, readonly string[]>;
  /** The session layer alone (the pair history holds both layers). */
  sessionPairs: ReadonlyMap<string, SessionPair>;
  sessions: readonly PastSession[] | undefined;
  doNotPair: MatchInput['doNotPair'];
  rarity: RarityCounts<ReadonlyMap<string, number>>;
}

/** How many creators have each inspiration, genre key and artist written for (the rarity weights' df). */
export interface RarityCounts<M = Map<string, number>> {
  inspiration: M;
  genre: M;
  artist: M;
}

export const buildStates = new WeakMap<MatchIndex, BuildState>();

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

/** Counts to change: empty, or a copy of `from` (a built index's counts are never changed). */
export function rarityCounts(from?: RarityCounts<ReadonlyMap<string, number>>): RarityCounts {
  return {
    inspiration: new Map(from?.inspiration),
    genre: new Map(from?.genre),
    artist: new Map(from?.artist),
  };
}

/** Counts a creator in (`delta` 1) or out (-1) of every rarity count. */
export function countCreator(counts: RarityCounts, f: CreatorFeatures, delta: 1 | -1): void {
  addCounts(counts.inspiration, f.inspirations.keys(), delta);
  addCounts(counts.genre, f.genreWeights.keys(), delta);
  addCounts(counts.artist, f.creditArtists.keys(), delta);
}

/** The year a shared work dates a pair's co-writing: the later of the two credits' years. */
export function sharedYear(a: CreatorFeatures, b: CreatorFeatures, work: string): number | undefined {
  const ya = a.workYears.get(work);
  const yb = b.workYears.get(work);
  return ya === undefined ? yb : yb === undefined ? ya : Math.max(ya, yb);
}

/** Per pair of members, the sessions they had together and the ratings given. */
export function sessionLayer(
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

/** Each updated index's update, for the memos that carry over (`carriedMemo`, `indexUpdate`). */
export const updates = new WeakMap<MatchIndex, IndexUpdate>();

/** The update an index is being built by, as `finishIndex` records it. */
export interface UpdateInProgress {
  base: { index: MatchIndex; state: BuildState };
  isUnchanged: (profile: CreatorProfile) => boolean;
  isSameHandles: boolean;
  changedCreators: ReadonlySet<string>;
  changedNeighbours: ReadonlySet<string>;
}

/** Embeddings, handles, weights and reference year, the same for both kinds of build; records the state. */
export function finishIndex(
  input: MatchInput,
  parts: Pick<MatchIndex, 'profiles' | 'features' | 'neighbours' | 'pairHistory'>,
  state: BuildState,
  update: UpdateInProgress | undefined,
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
    inspirationWeight: rarityWeight(state.rarity.inspiration),
    genreWeight: rarityWeight(state.rarity.genre),
    artistWeight: rarityWeight(state.rarity.artist),
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
