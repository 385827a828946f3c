import { describe, expect, it } from 'vitest';
import { generateDemoRoster } from '../demo/demo-roster.ts';
import { seededRandom } from '../demo/seeded-random.ts';
import { parseCreatorProfile } from '../profiles/creator-profile.normalise.ts';
import { roleComplementarity } from '../profiles/roles.ts';
import { buildMatchIndex } from './match-index.ts';
import { activityOf } from './pair-score.ts';
import { boundedBest, tagChannel } from './tag-channel.ts';

describe('boundedBest', () => {
  it('keeps what sort-then-slice keeps, in the same order, for any limit', () => {
    const random = seededRandom(5);
    const compare = (a: { v: number; id: number }, b: { v: number; id: number }) => b.v - a.v || a.id - b.id;
    for (const size of [0, 1, 7, 300]) {
      const items = Array.from({ length: size }, (_, id) => ({ v: random.int(0, 9), id }));
      for (const limit of [0, 1, 3, 50, 1_000]) {
        const best = boundedBest(limit, compare);
        for (const item of items) best.offer(item);
        expect(best.sorted()).toEqual([...items].sort(compare).slice(0, limit));
      }
    }
  });
});

describe('tagChannel', () => {
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

  /** The channel's order written out in full: every sharer sorted. */
  function reference(anchor: string, limit: number): string[] {
    const mine = index.features.get(anchor)!;
    const myRoles = index.profiles.get(anchor)!.roles;
    return index.handles
      .filter((handle) => handle !== anchor)
      .map((handle) => {
        const theirs = index.features.get(handle)!;
        const shared = [...mine.genreWeights.keys()].filter((key) => theirs.genreWeights.has(key)).length;
        const roles = roleComplementarity(myRoles, index.profiles.get(handle)!.roles) ?? 0.5;
        return { handle, shared, roles, activity: activityOf(index, handle) };
      })
      .filter((entry) => entry.shared > 0)
      .sort(
        (a, b) =>
          b.shared - a.shared ||
          b.roles - a.roles ||
          b.activity - a.activity ||
          (a.handle < b.handle ? -1 : 1),
      )
      .slice(0, limit)
      .map((entry) => entry.handle);
  }

  it('returns the sharers of the most genres first, then complementary roles, activity and handle', () => {
    for (const anchor of index.handles.filter((_, i) => i % 97 === 0))
      for (const limit of [1, 25, 250])
        expect(tagChannel(index, anchor, limit)).toEqual(reference(anchor, limit));
  });
});
