import { describe, expect, it } from 'vitest';
import { generateDemoRoster } from '../demo/demo-roster.ts';
import { seededRandom } from '../demo/seeded-random.ts';
import { parseCreatorProfile } from '../profiles/creator-profile.normalise.ts';
import { buildMatchIndex, type MatchIndex } from './match-index.ts';
import { DEFAULT_MATCH_WEIGHTS, type MatchWeights } from './match-weights.ts';
import { answerPairQuery, type PairAnswerPorts } from './pair-answer.ts';
import { pairScoreValue } from './pair-score.ts';
import { profileChannel, profileScores } from './profile-channel.ts';

const profiles = generateDemoRoster(600, 3).map((c) =>
  parseCreatorProfile({
    handle: c.handle,
    displayName: c.displayName,
    timeZone: c.timeZone,
    genres: c.genres,
    roles: c.roles,
    inspirations: c.inspirations,
    credits: c.credits,
    isWritingOptIn: c.isWritingOptIn,
  }),
);
const index = buildMatchIndex({ creators: profiles });
const anchors = index.handles.filter((_, i) => i % 53 === 0);

/** Creators within two co-writing hops of `anchor`: the graph channel's, where S has more than profiles. */
function withinTwoHops(at: MatchIndex, anchor: string): Set<string> {
  const near = new Set<string>([anchor]);
  for (const first of at.neighbours.get(anchor) ?? []) {
    near.add(first);
    for (const second of at.neighbours.get(first) ?? []) near.add(second);
  }
  return near;
}

/** Tenant weights as a fit could leave them: any mix, some zero, the artist graph included. */
function randomWeights(seed: number): MatchWeights {
  const random = seededRandom(seed);
  const entries = Object.keys(DEFAULT_MATCH_WEIGHTS).map((name) => [
    name,
    random.next() < 0.25 ? 0 : random.next(),
  ]);
  return Object.fromEntries(entries) as unknown as MatchWeights;
}

describe('profileScores', () => {
  const weightSets = [DEFAULT_MATCH_WEIGHTS, randomWeights(1), randomWeights(2), randomWeights(3)];

  it('is S itself for every creator past two co-writing hops, whatever the weights', () => {
    let compared = 0;
    for (const weights of weightSets)
      for (const anchor of anchors) {
        const scores = profileScores(index, anchor, weights);
        const near = withinTwoHops(index, anchor);
        index.handles.forEach((handle, ordinal) => {
          if (near.has(handle) || !index.profiles.get(handle)!.isWritingOptIn) return;
          expect(scores[ordinal]).toBeCloseTo(pairScoreValue(index, anchor, handle, weights), 9);
          compared += 1;
        });
      }
    // Most of the roster is past two hops: the comparison covered thousands of pairs, not a few.
    expect(compared).toBeGreaterThan(weightSets.length * anchors.length * 300);
  });

  it('gives 0 to the anchor and to creators who opted out', () => {
    const anchor = anchors[0]!;
    const scores = profileScores(index, anchor, DEFAULT_MATCH_WEIGHTS);
    const optedOut = index.handles.filter((h) => !index.profiles.get(h)!.isWritingOptIn);
    expect(optedOut.length).toBeGreaterThan(0);
    for (const handle of [anchor, ...optedOut]) expect(scores[index.handles.indexOf(handle)]).toBe(0);
  });
});

describe('profileChannel', () => {
  it('returns the highest profile scores first, ties by handle, for any limit', () => {
    for (const anchor of anchors.slice(0, 4)) {
      const scores = profileScores(index, anchor, DEFAULT_MATCH_WEIGHTS);
      const reference = index.handles
        .map((handle, ordinal) => ({ handle, score: scores[ordinal]! }))
        .filter((e) => e.handle !== anchor && index.profiles.get(e.handle)!.isWritingOptIn)
        .sort((a, b) => b.score - a.score || (a.handle < b.handle ? -1 : 1))
        .map((e) => e.handle);
      for (const limit of [0, 1, 25, 250, 10_000])
        expect(profileChannel(index, anchor, limit, DEFAULT_MATCH_WEIGHTS)).toEqual(
          reference.slice(0, limit),
        );
    }
  });

  it('lets the index path find the exact top 10 behind an availability gate', async () => {
    const window = { startMs: Date.parse('2026-11-23T00:00:00Z'), endMs: Date.parse('2026-12-21T00:00:00Z') };
    // About half the roster is free: the exact top 10 reaches well past the first 10 by S.
    const isFree = (handle: string) => handle.charCodeAt(handle.length - 1) % 2 === 0;
    const ports = (retrieval: 'exact' | 'index'): PairAnswerPorts => ({
      index,
      weights: DEFAULT_MATCH_WEIGHTS,
      members: (handle) => ({ handle, displayName: handle, timeZone: 'UTC' }),
      mostActive: [],
      // No vector neighbours: the profile and graph channels alone.
      nearest: async () => [],
      freeTime: async (handles) => new Map(handles.map((h) => [h, isFree(h) ? [window] : []])),
      retrieval,
      profileK: 60,
    });
    let answered = 0;
    for (const anchor of anchors.filter((h) => isFree(h) && index.profiles.get(h)!.isWritingOptIn)) {
      const query = { creators: [anchor], k: 10, window, minMinutes: 120 };
      const exact = await answerPairQuery(query, ports('exact'));
      const indexed = await answerPairQuery(query, ports('index'));
      expect(indexed.suggestions.map((s) => s.members[1]!.handle)).toEqual(
        exact.suggestions.map((s) => s.members[1]!.handle),
      );
      if (exact.suggestions.length === 10) answered += 1;
    }
    expect(answered).toBeGreaterThan(3);
  });
});
