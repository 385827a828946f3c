import { roleComplementarity } from '../profiles/roles.ts';
import { boundedBest } from './bounded-best.ts';
import type { MatchIndex } from './match-index.ts';
import type { MatchWeights } from './match-weights.ts';
import { ARTIST_GRAPH_HALF, CREDIT_HALF, GENRE_SPECIFICITY_HALF } from './pair-score.ts';
import { coArtistsOf, type Postings, profileIndexOf, sortedIndex } from './profile-index.ts';
import { saturate } from './vector.math.ts';

/**
 * Candidate retrieval by profile: every creator ranked by the part of the pair score S that the two
 * profiles decide (genres, inspirations, artists written for, roles, activity, popularity, openness, the
 * written-for graph). For a creator more than two co-writing hops from the anchor, which is everyone
 * the graph channel does not already bring, the rest of S is known without looking: no co-writer in
 * common (graph and recent graph 0), no history together (novelty 1). So there this channel's number
 * *is* S, and its top `limit` holds every such creator S ranks above the `limit`-th: retrieval loses
 * nothing that ranking would have kept (a test holds the number equal to `pairScoreValue`).
 *
 * Computed over the flat per-index arrays of `profile-index.ts`: one pass over 100,000 creators takes
 * about 15 ms on a 2-core machine.
 */

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
  const { genreWeight, genreTotal, genreRarity, inspirationSquare, inspirationNorm, artistRarity } = p;
  const { activity, popularity, openness, eligible, roleClassOf } = p;
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
  const wSpecificity = weights.genreSpecificity;
  const wInspiration = weights.inspiration;
  const wCredit = weights.creditEntity;
  const wArtistGraph = weights.artistGraph;
  const halfActivity = weights.activity / 2;
  const halfPopularity = weights.popularity / 2;
  const halfOpenness = weights.openness / 2;
  // Always there for a pair: graph and recent graph (0 here), novelty (1 here), activity, popularity,
  // openness, artist graph.
  const alwaysWeight =
    weights.graph +
    weights.recentGraph +
    weights.novelty +
    weights.activity +
    weights.popularity +
    weights.openness +
    wArtistGraph;
  const base =
    weights.novelty +
    halfActivity * activity[a]! +
    halfPopularity * popularity[a]! +
    halfOpenness * openness[a]!;
  // The artist graph: artists the anchor's co-writers wrote for, and (below) each creator's co-writers'.
  const co = wArtistGraph !== 0 ? coArtistsOf(index, p) : undefined;
  const myCoArtists = co ? dense(co, a, p.space.artist.size, () => 1) : undefined;
  const seen = new Int32Array(co ? p.space.artist.size : 0).fill(-1);
  for (let o = 0; o < count; o += 1) {
    if (o === a || eligible[o] === 0) continue;
    let weighted =
      base + halfActivity * activity[o]! + halfPopularity * popularity[o]! + halfOpenness * openness[o]!;
    let total = alwaysWeight + roleWeight[roleClassOf[o]!]!;
    weighted += roleValue[roleClassOf[o]!]!;
    const g0 = gStart[o]!;
    const g1 = gStart[o + 1]!;
    if (hasGenres && g1 > g0) {
      // Weighted Jaccard: Σ min / Σ max, where keys only the anchor has add their weight to Σ max.
      // Specificity: Σ of the lower weight times the key's rarity, over the keys both have.
      let min = 0;
      let max = myGenreTotal;
      let specific = 0;
      for (let slot = g0; slot < g1; slot += 1) {
        const theirs = genreWeight[slot]!;
        const key = gKey[slot]!;
        const mine = myGenres[key]!;
        const lower = Math.min(mine, theirs);
        min += lower;
        if (mine < theirs) max += theirs - mine;
        specific += lower * genreRarity[key]!;
      }
      weighted += max === 0 ? 0 : (wGenre * min) / max;
      if (specific > 0) weighted += wSpecificity * saturate(specific, GENRE_SPECIFICITY_HALF);
      total += wGenre + wSpecificity;
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
