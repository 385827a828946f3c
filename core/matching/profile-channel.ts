import { roleComplementarity } from '../profiles/roles.ts';
import { type IndexUpdate, indexUpdate, type MatchIndex } from './match-index.ts';
import type { MatchWeights } from './match-weights.ts';
import { ARTIST_GRAPH_HALF, activityOf, CREDIT_HALF, coWriterArtists, popularityOf } from './pair-score.ts';
import type { CreatorFeatures } from './profile-features.ts';
import { saturate } from './vector.math.ts';

/**
 * Candidate retrieval by profile: every creator ranked by the part of the pair score S that the two
 * profiles decide (genres, inspirations, artists written for, roles, activity, popularity, the
 * written-for graph). For a creator more than two co-writing hops from the anchor, which is everyone
 * the graph channel does not already bring, the rest of S is known without looking: no co-writer in
 * common (graph and recent graph 0), no history together (novelty 1). So there this channel's number
 * *is* S, and its top `limit` holds every such creator S ranks above the `limit`-th: retrieval loses
 * nothing that ranking would have kept (a test holds the number equal to `pairScoreValue`).
 *
 * Computed over flat per-index arrays (creator ordinal = position in `index.handles`, so ordinal order
 * is handle order): one pass over 100,000 creators takes about 15 ms on a 2-core machine, and after an
 * edit the arrays are carried from the previous index, with only what the edit touched worked out again.
 */
interface ProfileIndex extends PerCreator {
  space: KeySpace;
  genres: Postings;
  /** Per genre posting (parallel to `genres.key`), and per creator: Σ weight over the creator's genre keys. */
  genreWeight: Float64Array;
  genreTotal: Float64Array;
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
interface Postings {
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
  /** 1 where the creator can be suggested at all (opted in to writing suggestions). */
  eligible: Uint8Array;
}

function profileIndexOf(index: MatchIndex): ProfileIndex {
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
    eligible: before.eligible.slice(),
  };
  if (!update.isReferenceYearSame)
    index.handles.forEach((handle, ordinal) => {
      per.activity[ordinal] = activityOf(index, handle);
      per.popularity[ordinal] = popularityOf(index, handle);
    });
  const classIds = new Map(per.roleClasses.map((roles, id) => [roles.join(','), id]));
  for (const handle of update.changedCreators) {
    const ordinal = sortedIndex(index.handles, handle);
    if (index.handles[ordinal] === handle) setCreator(index, per, classIds, before.space, ordinal, handle);
  }
  for (const handle of update.changedNeighbours) {
    const ordinal = sortedIndex(index.handles, handle);
    if (index.handles[ordinal] === handle) per.activity[ordinal] = activityOf(index, handle);
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
  per.eligible[ordinal] = index.profiles.get(handle)?.isWritingOptIn ? 1 : 0;
}

/** Co-writers' artists per creator, as ids of the artist key space (every one is some creator's own). */
function coArtistsOf(index: MatchIndex, profile: ProfileIndex): Postings {
  const ids = profile.space.artist;
  profile.coArtists ??= postings(
    index.handles.map((handle) =>
      Int32Array.from([...coWriterArtists(index, handle)].flatMap((key) => ids.get(key) ?? [])),
    ),
  );
  return profile.coArtists;
}

/** Marks of the anchor's keys in a dense array over key ids, with the anchor's per-key values. */
function dense(list: Postings, ordinal: number, size: number, value: (slot: number) => number): Float64Array {
  const out = new Float64Array(size);
  for (let slot = list.start[ordinal]!; slot < list.start[ordinal + 1]!; slot += 1)
    out[list.key[slot]!] = value(slot);
  return out;
}

/**
 * S between the anchor and every creator, as if no co-writer were in common and no history shared:
 * per ordinal, 0 for the anchor and for creators who cannot be suggested.
 */
export function profileScores(index: MatchIndex, anchor: string, weights: MatchWeights): Float64Array {
  const p = profileIndexOf(index);
  const count = index.handles.length;
  const scores = new Float64Array(count);
  const a = sortedIndex(index.handles, anchor);
  if (index.handles[a] !== anchor) return scores;
  // Locals for the loop over every creator: flat arrays and numbers only.
  const { genreWeight, genreTotal, inspirationSquare, inspirationNorm, artistRarity } = p;
  const { activity, popularity, eligible, roleClassOf } = p;
  const { start: gStart, key: gKey } = p.genres;
  const { start: iStart, key: iKey } = p.inspirations;
  const { start: aStart, key: aKey } = p.artists;
  const myGenres = dense(p.genres, a, p.space.genre.size, (slot) => genreWeight[slot]!);
  const myInspirations = dense(p.inspirations, a, p.space.inspiration.size, () => 1);
  const myArtists = dense(p.artists, a, p.space.artist.size, () => 1);
  const hasGenres = gStart[a + 1]! > gStart[a]!;
  const hasInspirations = iStart[a + 1]! > iStart[a]!;
  const hasArtists = aStart[a + 1]! > aStart[a]!;
  const myGenreTotal = genreTotal[a]!;
  const myInspirationNorm = inspirationNorm[a]!;
  // Per role class: the roles term's weight (0 when the pair has no roles term) and weighted value.
  const myRoles = p.roleClasses[roleClassOf[a]!]!;
  const roleWeight = new Float64Array(p.roleClasses.length);
  const roleValue = new Float64Array(p.roleClasses.length);
  p.roleClasses.forEach((theirs, id) => {
    const fit = roleComplementarity(myRoles, theirs);
    if (fit !== undefined) {
      roleWeight[id] = weights.roles;
      roleValue[id] = weights.roles * fit;
    }
  });
  const wGenre = weights.genre;
  const wInspiration = weights.inspiration;
  const wCredit = weights.creditEntity;
  const wArtistGraph = weights.artistGraph;
  const halfActivity = weights.activity / 2;
  const halfPopularity = weights.popularity / 2;
  // Always there for a pair: graph and recent graph (0 here), novelty (1 here), activity, popularity, artist graph.
  const alwaysWeight =
    weights.graph +
    weights.recentGraph +
    weights.novelty +
    weights.activity +
    weights.popularity +
    wArtistGraph;
  const base = weights.novelty + halfActivity * activity[a]! + halfPopularity * popularity[a]!;
  // The artist graph: artists the anchor's co-writers wrote for, and (below) each creator's co-writers'.
  const co = wArtistGraph !== 0 ? coArtistsOf(index, p) : undefined;
  const myCoArtists = co ? dense(co, a, p.space.artist.size, () => 1) : undefined;
  const seen = new Int32Array(co ? p.space.artist.size : 0).fill(-1);
  for (let o = 0; o < count; o += 1) {
    if (o === a || eligible[o] === 0) continue;
    let weighted = base + halfActivity * activity[o]! + halfPopularity * popularity[o]!;
    let total = alwaysWeight + roleWeight[roleClassOf[o]!]!;
    weighted += roleValue[roleClassOf[o]!]!;
    const g0 = gStart[o]!;
    const g1 = gStart[o + 1]!;
    if (hasGenres && g1 > g0) {
      // Weighted Jaccard: Σ min / Σ max, where keys only the anchor has add their weight to Σ max.
      let min = 0;
      let max = myGenreTotal;
      for (let slot = g0; slot < g1; slot += 1) {
        const theirs = genreWeight[slot]!;
        const mine = myGenres[gKey[slot]!]!;
        if (mine < theirs) {
          min += mine;
          max += theirs - mine;
        } else min += theirs;
      }
      weighted += max === 0 ? 0 : (wGenre * min) / max;
      total += wGenre;
    }
    const i0 = iStart[o]!;
    const i1 = iStart[o + 1]!;
    if (hasInspirations && i1 > i0) {
      let shared = 0;
      for (let slot = i0; slot < i1; slot += 1) {
        const key = iKey[slot]!;
        if (myInspirations[key] !== 0) shared += inspirationSquare[key]!;
      }
      const norm = myInspirationNorm * inspirationNorm[o]!;
      weighted += norm === 0 ? 0 : (wInspiration * shared) / Math.sqrt(norm);
      total += wInspiration;
    }
    const a0 = aStart[o]!;
    const a1 = aStart[o + 1]!;
    if (hasArtists && a1 > a0) {
      let rarity = 0;
      for (let slot = a0; slot < a1; slot += 1) {
        const key = aKey[slot]!;
        if (myArtists[key] !== 0) rarity += artistRarity[key]!;
      }
      if (rarity > 0) weighted += wCredit * saturate(rarity, CREDIT_HALF);
      total += wCredit;
    }
    if (co && myCoArtists) {
      // Either direction, each artist once: theirs among my co-writers' artists, mine among their co-writers'.
      let rarity = 0;
      for (let slot = a0; slot < a1; slot += 1) {
        const key = aKey[slot]!;
        if (myCoArtists[key] !== 0 && seen[key] !== o) {
          seen[key] = o;
          rarity += artistRarity[key]!;
        }
      }
      for (let slot = co.start[o]!; slot < co.start[o + 1]!; slot += 1) {
        const key = co.key[slot]!;
        if (myArtists[key] !== 0 && seen[key] !== o) {
          seen[key] = o;
          rarity += artistRarity[key]!;
        }
      }
      weighted += wArtistGraph * saturate(rarity, ARTIST_GRAPH_HALF);
    }
    scores[o] = total === 0 ? 0 : Math.min(100, Math.max(0, (100 * weighted) / total));
  }
  return scores;
}

/**
 * The `limit` creators with the highest `profileScores` (ties by handle), anchor and creators who
 * cannot be suggested excluded.
 *
 * @example
 * profileChannel(index, 'ana', 400, weights); // up to 400 handles
 */
export function profileChannel(
  index: MatchIndex,
  anchor: string,
  limit: number,
  weights: MatchWeights,
): string[] {
  if (limit <= 0) return [];
  const scores = profileScores(index, anchor, weights);
  const { eligible } = profileIndexOf(index);
  const best = boundedBest<number>(limit, (x, y) => scores[y]! - scores[x]! || x - y);
  const a = sortedIndex(index.handles, anchor);
  for (let o = 0; o < scores.length; o += 1) if (o !== a && eligible[o] === 1) best.offer(o);
  return best.sorted().map((o) => index.handles[o]!);
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
