/**
 * Everything pairing needs, built once per request (or cached per tenant) from plain data the DB layer loads:
 * profiles with credits, past sessions with ratings, do-not-pair lists and stored embeddings.
 */
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { embedSync } from './hashed-features.embedder.ts';
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

function countDocuments(sets: Iterable<Iterable<string>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const set of sets) for (const key of set) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Adamic–Adar style weight 1/ln(1+df): an entity shared by few says more than one shared by many. */
function rarityWeight(counts: ReadonlyMap<string, number>): (key: string) => number {
  return (key) => 1 / Math.log(1 + Math.max(1, counts.get(key) ?? 1));
}

export function buildMatchIndex(input: MatchInput): MatchIndex {
  const profiles = new Map(input.creators.map((profile) => [profile.handle, profile]));
  const previous = input.previous;
  const isUnchanged = (profile: CreatorProfile) => previous?.profiles.get(profile.handle) === profile;
  const features = new Map(
    [...profiles.values()].map((profile) => [
      profile.handle,
      (isUnchanged(profile) ? previous!.features.get(profile.handle) : undefined) ?? creatorFeatures(profile),
    ]),
  );
  const neighbours = new Map<string, Set<string>>([...profiles.keys()].map((handle) => [handle, new Set()]));
  const pairHistory = new Map<string, PairHistory>();
  const historyOf = (a: string, b: string) => {
    const key = pairKey(a, b);
    let entry = pairHistory.get(key);
    if (!entry) {
      entry = { sharedWorks: 0, sessions: 0, ratings: [] };
      pairHistory.set(key, entry);
    }
    neighbours.get(a)?.add(b);
    neighbours.get(b)?.add(a);
    return entry;
  };
  const writersByWork = new Map<string, string[]>();
  for (const f of features.values()) {
    for (const work of f.workKeys) writersByWork.set(work, [...(writersByWork.get(work) ?? []), f.handle]);
  }
  for (const [work, writers] of writersByWork) {
    for (let i = 0; i < writers.length; i += 1) {
      for (let j = i + 1; j < writers.length; j += 1) {
        const entry = historyOf(writers[i]!, writers[j]!);
        entry.sharedWorks += 1;
        const year =
          features.get(writers[i]!)!.workYears.get(work) ?? features.get(writers[j]!)!.workYears.get(work);
        if (year !== undefined) entry.lastSharedYear = Math.max(entry.lastSharedYear ?? year, year);
      }
    }
  }
  for (const session of input.sessions ?? []) {
    const members = [...new Set(session.handles)].filter((handle) => profiles.has(handle));
    for (let i = 0; i < members.length; i += 1) {
      for (let j = i + 1; j < members.length; j += 1) {
        const entry = historyOf(members[i]!, members[j]!);
        entry.sessions += 1;
        if (session.rating !== undefined) entry.ratings.push(session.rating);
      }
    }
  }
  const embeddings = new Map<string, ArrayLike<number>>();
  for (const profile of profiles.values()) {
    embeddings.set(
      profile.handle,
      input.embeddings?.get(profile.handle) ??
        (isUnchanged(profile) && !previous!.storedEmbeddings.has(profile.handle)
          ? previous!.embeddings.get(profile.handle)
          : undefined) ??
        embedSync(profileEmbeddingInput(profile)),
    );
  }
  const years = [...features.values()].flatMap((f) =>
    f.lastCreditYear === undefined ? [] : [f.lastCreditYear],
  );
  return {
    handles: [...profiles.keys()].sort(),
    profiles,
    features,
    neighbours,
    pairHistory,
    doNotPair: new Set((input.doNotPair ?? []).map(([a, b]) => pairKey(a, b))),
    embeddings,
    storedEmbeddings: new Set([...profiles.keys()].filter((handle) => input.embeddings?.has(handle))),
    inspirationWeight: rarityWeight(countDocuments([...features.values()].map((f) => f.inspirations.keys()))),
    artistWeight: rarityWeight(countDocuments([...features.values()].map((f) => f.creditArtists.keys()))),
    referenceYear: input.referenceYear ?? (years.length > 0 ? Math.max(...years) : 0),
  };
}
