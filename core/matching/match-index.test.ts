import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CreatorProfile } from '../profiles/creator-profile.types.ts';
import { activityOf, opennessOf, popularityOf } from './creator-signals.ts';
import { buildMatchIndex, type MatchIndex, type PastSession } from './match-index.ts';
import { DEFAULT_MATCH_WEIGHTS } from './match-weights.ts';
import { componentValues, pairComponents } from './pair-score.ts';
import { profileChannel, profileScores } from './profile-channel.ts';
import { creator } from './roster.fixture.ts';

const HANDLES = ['ana', 'bo', 'cy', 'dee', 'eve', 'fox', 'gus', 'hal'];
const TITLES = ['Glow', 'Team', 'Other', 'Rain', 'Dust', 'Gold'];
const ARTISTS = ['Robyn', 'Lorde', 'Rihanna', 'Adele'];

const profileArb = (handle: string) =>
  fc
    .record({
      credits: fc.array(
        fc.record({
          title: fc.constantFrom(...TITLES),
          artist: fc.constantFrom(...ARTISTS),
          year: fc.option(fc.integer({ min: 2015, max: 2026 }), { nil: undefined }),
        }),
        { maxLength: 4 },
      ),
      inspirations: fc.subarray(ARTISTS),
      genres: fc.subarray(['alt-pop', 'metalcore', 'k-pop']),
    })
    .map(({ credits, inspirations, genres }) =>
      creator(handle, {
        genres,
        inspirations,
        credits: credits.map((c) => (c.year === undefined ? { title: c.title, artist: c.artist } : c)),
      }),
    );

const rosterArb = fc
  .subarray(HANDLES, { minLength: 2 })
  .chain((handles) => fc.tuple(...handles.map((handle) => profileArb(handle))));

const sessionsArb = fc.array(
  fc.record({
    handles: fc.subarray(HANDLES, { minLength: 2, maxLength: 3 }),
    rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  }),
  { maxLength: 4 },
);

/** Every profile-channel term weighed, the artist graph's too (its co-writer artists are derived). */
const PROFILE_WEIGHTS = { ...DEFAULT_MATCH_WEIGHTS, artistGraph: 0.1, popularity: 0.05, openness: 0.07 };

/**
 * What queries work out from an index (memoised per index, carried over by an update): activity,
 * popularity, openness, the profile channel, and every pair's components.
 */
function derived(index: MatchIndex) {
  return rounded({
    activity: index.handles.map((h) => activityOf(index, h)),
    popularity: index.handles.map((h) => popularityOf(index, h)),
    openness: index.handles.map((h) => opennessOf(index, h)),
    profile: index.handles.map((h) => profileChannel(index, h, 10, PROFILE_WEIGHTS)),
    profileScores: index.handles.map((h) => Array.from(profileScores(index, h, PROFILE_WEIGHTS))),
    pairs: index.handles.flatMap((a) =>
      index.handles
        .filter((b) => a < b)
        .map((b) => [Array.from(componentValues(index, a, b)), pairComponents(index, a, b)]),
    ),
  });
}

/**
 * Numbers to 12 significant digits: sums over a creator's co-writers follow the order of their set,
 * which an update may change, so the last bit of a float can differ.
 */
function rounded<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v) =>
      typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(12)) : v,
    ),
  );
}

/** Everything pairing reads from an index, in comparable form. */
function shape(index: MatchIndex) {
  const keys = [...new Set([...index.features.values()].flatMap((f) => [...f.inspirations.keys()]))];
  const artists = [...new Set([...index.features.values()].flatMap((f) => [...f.creditArtists.keys()]))];
  const genres = [...new Set([...index.features.values()].flatMap((f) => [...f.genreWeights.keys()]))];
  return {
    handles: index.handles,
    profiles: Object.fromEntries(index.profiles),
    neighbours: Object.fromEntries([...index.neighbours].map(([h, set]) => [h, [...set].sort()])),
    pairHistory: Object.fromEntries([...index.pairHistory].sort(([a], [b]) => (a < b ? -1 : 1))),
    doNotPair: [...index.doNotPair].sort(),
    embeddings: Object.fromEntries([...index.embeddings].map(([h, v]) => [h, Array.from(v)])),
    inspirationWeights: keys.sort().map((key) => index.inspirationWeight(key)),
    artistWeights: artists.sort().map((key) => index.artistWeight(key)),
    genreWeights: genres.sort().map((key) => index.genreWeight(key)),
    referenceYear: index.referenceYear,
  };
}

describe('buildMatchIndex from a previous index', () => {
  it('equals a build from scratch after any edits, additions, removals and session changes', () => {
    fc.assert(
      fc.property(
        rosterArb,
        rosterArb,
        sessionsArb,
        fc.boolean(),
        fc.array(fc.tuple(fc.constantFrom(...HANDLES), fc.constantFrom(...HANDLES)), { maxLength: 2 }),
        (first, second, sessions, keepSessions, doNotPair) => {
          const firstSessions: PastSession[] = sessions.slice(0, 2);
          const previous = buildMatchIndex({ creators: first, sessions: firstSessions });
          derived(previous); // fills the previous index's memos, which the update carries over
          // The second roster keeps the first's profile objects where a handle's profile is unchanged
          // in the draw, as the loader does for rows whose digest did not move.
          const byHandle = new Map(first.map((p) => [p.handle, p]));
          const next: CreatorProfile[] = second.map((p) =>
            JSON.stringify(p) === JSON.stringify(byHandle.get(p.handle)) ? byHandle.get(p.handle)! : p,
          );
          const nextSessions = keepSessions ? firstSessions : sessions;
          const input = { creators: next, sessions: nextSessions, doNotPair };
          const incremental = buildMatchIndex({ ...input, previous });
          const scratch = buildMatchIndex(input);
          expect(shape(incremental)).toEqual(shape(scratch));
          expect(derived(incremental)).toEqual(derived(scratch));
          // A third step from the incremental index stays exact too.
          const again = buildMatchIndex({ creators: first, sessions: firstSessions, previous: incremental });
          expect(shape(again)).toEqual(shape(buildMatchIndex({ creators: first, sessions: firstSessions })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("carries memos over only where they still hold: a co-writer's new artist reaches the other's paths", () => {
    const glow = { title: 'Glow', artist: 'Robyn', year: 2022 };
    const roster = [
      creator('ana', { credits: [glow] }),
      creator('bo', { credits: [glow] }),
      creator('cy', { credits: [{ title: 'Rain', artist: 'Adele', year: 2020 }] }),
      creator('dee', { credits: [{ title: 'Dust', artist: 'Lorde', year: 2019 }] }),
    ];
    const previous = buildMatchIndex({ creators: roster });
    derived(previous);
    // Bo adds a solo credit: the graph does not move, but Ana's co-writers now wrote for Lorde too.
    const bo = creator('bo', { credits: [glow, { title: 'Moon', artist: 'Lorde', year: 2023 }] });
    const next = [roster[0]!, bo, roster[2]!, roster[3]!];
    const incremental = buildMatchIndex({ creators: next, previous });
    expect(derived(incremental)).toEqual(derived(buildMatchIndex({ creators: next })));
  });

  it("carries openness over only where it still holds: a co-writer's redated credit moves the other's", () => {
    const roster = [
      creator('ana', { credits: [{ title: 'Glow', artist: 'Robyn', year: 2022 }] }),
      creator('bo', { credits: [{ title: 'Glow', artist: 'Robyn', year: 2025 }] }),
      creator('cy', { credits: [{ title: 'Rain', artist: 'Adele', year: 2026 }] }),
    ];
    const previous = buildMatchIndex({ creators: roster });
    derived(previous);
    // Bo dates the shared work earlier: the graph and the reference year stay, Ana's new co-writer is older.
    const bo = creator('bo', { credits: [{ title: 'Glow', artist: 'Robyn', year: 2019 }] });
    const next = [roster[0]!, bo, roster[2]!];
    const incremental = buildMatchIndex({ creators: next, previous });
    expect(opennessOf(incremental, 'ana')).toBeLessThan(opennessOf(previous, 'ana'));
    expect(derived(incremental)).toEqual(derived(buildMatchIndex({ creators: next })));
  });

  it('keeps what did not change: features, graph edges and pair history of untouched creators', () => {
    const roster = [
      creator('ana', { credits: [{ title: 'Glow', artist: 'Robyn', year: 2022 }] }),
      creator('bo', { credits: [{ title: 'Glow', artist: 'Robyn', year: 2021 }] }),
      creator('cy', { credits: [{ title: 'Rain', artist: 'Adele', year: 2020 }] }),
    ];
    const previous = buildMatchIndex({ creators: roster });
    derived(previous);
    const edited = creator('cy', { credits: [{ title: 'Glow', artist: 'Robyn', year: 2021 }] });
    const next = buildMatchIndex({ creators: [roster[0]!, roster[1]!, edited], previous });
    // Ana and Bo did not change, but they gained a co-writer: their activity is worked out again.
    expect(derived(next)).toEqual(derived(buildMatchIndex({ creators: [roster[0]!, roster[1]!, edited] })));
    expect(next.features.get('ana')).toBe(previous.features.get('ana'));
    expect(next.pairHistory.get('ana\u0000bo')).toBe(previous.pairHistory.get('ana\u0000bo'));
    expect([...next.neighbours.get('cy')!].sort()).toEqual(['ana', 'bo']);
    expect(next.pairHistory.get('ana\u0000cy')).toMatchObject({ sharedWorks: 1, lastSharedYear: 2022 });
    // The previous index is left as it was (requests may still be reading it).
    expect(previous.neighbours.get('cy')!.size).toBe(0);
    expect(previous.pairHistory.has('ana\u0000cy')).toBe(false);
  });
});
