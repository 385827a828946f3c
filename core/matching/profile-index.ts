import { activityOf, coWriterArtists, nearChange, opennessOf, popularityOf } from './creator-signals.ts';
import { type IndexUpdate, indexUpdate, type MatchIndex } from './match-index.ts';
import type { CreatorFeatures } from './profile-features.ts';

/**
 * What the profile channel (`profile-channel.ts`) reads, as flat arrays per index: creator ordinal =
 * position in `index.handles`, so ordinal order is handle order. Built once per index; after an edit
 * (the same creators) carried from the previous index, with only what the edit touched worked out again.
 */
export interface ProfileIndex extends PerCreator {
  space: KeySpace;
  genres: Postings;
  /** Per genre posting (parallel to `genres.key`), and per creator: Σ weight over the creator's genre keys. */
  genreWeight: Float64Array;
  genreTotal: Float64Array;
  /** Per genre key id: its rarity weight (`index.genreWeight`), for genre specificity. */
  genreRarity: Float64Array;
  inspirations: Postings;
  /** Per inspiration key id: the squared rarity weight (the cosine's term); per creator: Σ of them. */
  inspirationSquare: Float64Array;
  inspirationNorm: Float64Array;
  artists: Postings;
  /** Per artist key id: its rarity weight (`index.artistWeight`). */
  artistRarity: Float64Array;
  /** Artists each creator's co-writers wrote for: built the first time a tenant weighs the artist graph. */
  coArtists?: Postings;
}

/** Key ids per creator ordinal, compressed: the ids of creator `o` are `key[start[o] .. start[o + 1])`. */
export interface Postings {
  start: Int32Array;
  key: Int32Array;
}

/**
 * Key ids, shared along a line of indexes each updated from the one before: ids are only ever added,
 * so the ids worked out for a creator whose profile did not change stay right in every later index.
 */
interface KeySpace {
  genre: Map<string, number>;
  inspiration: Map<string, number>;
  artist: Map<string, number>;
}

/** One creator's keys as ids of a key space (rarity weights are per index, so not kept here). */
interface CreatorKeys {
  space: KeySpace;
  genre: Int32Array;
  genreWeight: Float64Array;
  inspiration: Int32Array;
  artist: Int32Array;
  roles: string;
}

const creatorKeys = new WeakMap<CreatorFeatures, CreatorKeys>();

function idsIn(ids: Map<string, number>, keys: Iterable<string>): Int32Array {
  const out: number[] = [];
  for (const key of keys) {
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    out.push(id);
  }
  return Int32Array.from(out);
}

function keysOf(features: CreatorFeatures, space: KeySpace): CreatorKeys {
  const known = creatorKeys.get(features);
  if (known?.space === space) return known;
  const keys: CreatorKeys = {
    space,
    genre: idsIn(space.genre, features.genreWeights.keys()),
    genreWeight: Float64Array.from(features.genreWeights.values()),
    inspiration: idsIn(space.inspiration, features.inspirations.keys()),
    artist: idsIn(space.artist, features.creditArtists.keys()),
    roles: features.roles.join(','),
  };
  creatorKeys.set(features, keys);
  return keys;
}

/** Per-creator id lists laid end to end. */
function postings(lists: readonly Int32Array[]): Postings {
  const start = new Int32Array(lists.length + 1);
  for (let o = 0; o < lists.length; o += 1) start[o + 1] = start[o]! + lists[o]!.length;
  const key = new Int32Array(start[lists.length]!);
  for (let o = 0; o < lists.length; o += 1) key.set(lists[o]!, start[o]!);
  return { start, key };
}

function perKey(ids: ReadonlyMap<string, number>, value: (key: string) => number): Float64Array {
  const out = new Float64Array(ids.size);
  for (const [key, id] of ids) out[id] = value(key);
  return out;
}

const profileIndexes = new WeakMap<MatchIndex, ProfileIndex>();

/** Per creator: what the arrays are made from, and the numbers of S that are the creator's alone. */
interface PerCreator {
  creators: CreatorKeys[];
  roleClassOf: Int32Array;
  roleClasses: (readonly string[])[];
  activity: Float64Array;
  popularity: Float64Array;
  openness: Float64Array;
  /** 1 where the creator can be suggested at all (opted in to writing suggestions). */
  eligible: Uint8Array;
}

export function profileIndexOf(index: MatchIndex): ProfileIndex {
  const known = profileIndexes.get(index);
  if (known) return known;
  const update = indexUpdate(index);
  const previous = update?.previous.deref();
  const before = previous && profileIndexes.get(previous);
  const space = before?.space ?? { genre: new Map(), inspiration: new Map(), artist: new Map() };
  // Same creators as the index this one was updated from (an edit): start from its numbers.
  const per =
    before && update && previous.handles === index.handles
      ? carriedPerCreator(index, before, update)
      : freshPerCreator(index, space);
  const { creators } = per;
  const genres = postings(creators.map((c) => c.genre));
  const inspirations = postings(creators.map((c) => c.inspiration));
  const genreWeight = new Float64Array(genres.key.length);
  const genreTotal = new Float64Array(creators.length);
  const inspirationSquare = perKey(space.inspiration, (key) => index.inspirationWeight(key) ** 2);
  const inspirationNorm = new Float64Array(creators.length);
  for (let ordinal = 0; ordinal < creators.length; ordinal += 1) {
    const keys = creators[ordinal]!;
    genreWeight.set(keys.genreWeight, genres.start[ordinal]!);
    for (const weight of keys.genreWeight) genreTotal[ordinal]! += weight;
  }
  for (let slot = 0, ordinal = 0; ordinal < creators.length; ordinal += 1)
    for (; slot < inspirations.start[ordinal + 1]!; slot += 1)
      inspirationNorm[ordinal]! += inspirationSquare[inspirations.key[slot]!]!;
  const built: ProfileIndex = {
    ...per,
    space,
    genres,
    genreWeight,
    genreTotal,
    genreRarity: perKey(space.genre, index.genreWeight),
    inspirations,
    inspirationSquare,
    inspirationNorm,
    artists: postings(creators.map((c) => c.artist)),
    artistRarity: perKey(space.artist, index.artistWeight),
  };
  profileIndexes.set(index, built);
  return built;
}

/**
 * Builds the channel's arrays for `index` now (the match data's load calls it for rosters the channel
 * serves, so the first `/pair` does not pay for them).
 */
export function prepareProfileChannel(index: MatchIndex): void {
  profileIndexOf(index);
}

function freshPerCreator(index: MatchIndex, space: KeySpace): PerCreator {
  const count = index.handles.length;
  const per: PerCreator = {
    creators: new Array(count),
    roleClassOf: new Int32Array(count),
    roleClasses: [],
    activity: new Float64Array(count),
    popularity: new Float64Array(count),
    openness: new Float64Array(count),
    eligible: new Uint8Array(count),
  };
  const classIds = new Map<string, number>();
  index.handles.forEach((handle, ordinal) => {
    setCreator(index, per, classIds, space, ordinal, handle);
  });
  return per;
}

/**
 * After an edit the creators are the same: copy the previous index's per-creator numbers and work out
 * again only what the update touched (activity also for changed co-writers; all of it when the
 * reference year moved, since recency is counted from it).
 */
function carriedPerCreator(index: MatchIndex, before: ProfileIndex, update: IndexUpdate): PerCreator {
  const per: PerCreator = {
    creators: before.creators.slice(),
    roleClassOf: before.roleClassOf.slice(),
    roleClasses: [...before.roleClasses],
    activity: before.activity.slice(),
    popularity: before.popularity.slice(),
    openness: before.openness.slice(),
    eligible: before.eligible.slice(),
  };
  if (!update.isReferenceYearSame)
    index.handles.forEach((handle, ordinal) => {
      per.activity[ordinal] = activityOf(index, handle);
      per.popularity[ordinal] = popularityOf(index, handle);
      per.openness[ordinal] = opennessOf(index, handle);
    });
  const classIds = new Map(per.roleClasses.map((roles, id) => [roles.join(','), id]));
  for (const handle of update.changedCreators) {
    const ordinal = sortedIndex(index.handles, handle);
    if (index.handles[ordinal] === handle) setCreator(index, per, classIds, before.space, ordinal, handle);
  }
  for (const handle of update.changedNeighbours) {
    const ordinal = sortedIndex(index.handles, handle);
    if (index.handles[ordinal] !== handle) continue;
    per.activity[ordinal] = activityOf(index, handle);
    per.openness[ordinal] = opennessOf(index, handle);
  }
  // Openness also reads co-writers' credit years: everyone next to a changed creator.
  for (const handle of nearChange(index)) {
    const ordinal = sortedIndex(index.handles, handle);
    if (index.handles[ordinal] === handle) per.openness[ordinal] = opennessOf(index, handle);
  }
  return per;
}

function setCreator(
  index: MatchIndex,
  per: PerCreator,
  classIds: Map<string, number>,
  space: KeySpace,
  ordinal: number,
  handle: string,
): void {
  const features = index.features.get(handle)!;
  const keys = keysOf(features, space);
  per.creators[ordinal] = keys;
  let classId = classIds.get(keys.roles);
  if (classId === undefined) {
    classId = per.roleClasses.push(features.roles) - 1;
    classIds.set(keys.roles, classId);
  }
  per.roleClassOf[ordinal] = classId;
  per.activity[ordinal] = activityOf(index, handle);
  per.popularity[ordinal] = popularityOf(index, handle);
  per.openness[ordinal] = opennessOf(index, handle);
  per.eligible[ordinal] = index.profiles.get(handle)?.isWritingOptIn ? 1 : 0;
}

/** Co-writers' artists per creator, as ids of the artist key space (every one is some creator's own). */
export function coArtistsOf(index: MatchIndex, profile: ProfileIndex): Postings {
  const ids = profile.space.artist;
  profile.coArtists ??= postings(
    index.handles.map((handle) =>
      Int32Array.from([...coWriterArtists(index, handle)].flatMap((key) => ids.get(key) ?? [])),
    ),
  );
  return profile.coArtists;
}

/** Where `handle` is, or would go, in a sorted list (binary search). */
export function sortedIndex(list: readonly string[], handle: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! < handle) low = mid + 1;
    else high = mid;
  }
  return low;
}
