import { describe, expect, it } from 'vitest';
import { diversify } from './diversity.ts';
import { buildMatchIndex } from './match-index.ts';
import { suggestPartners } from './pairing.pipeline.ts';
import { creator } from './roster.fixture.ts';

describe('diversify', () => {
  it('keeps score order with no penalty and is deterministic', () => {
    const items = [5, 4, 3, 2, 1];
    expect(
      diversify(
        items,
        3,
        (x) => x,
        () => 1,
        0,
      ),
    ).toEqual([5, 4, 3]);
    expect(
      diversify(
        items,
        3,
        (x) => x,
        () => 0,
        0.5,
      ),
    ).toEqual([5, 4, 3]);
  });

  it('skips near-duplicates of what was already picked', () => {
    const items = [
      { id: 'a1', group: 'a', score: 1 },
      { id: 'a2', group: 'a', score: 0.99 },
      { id: 'a3', group: 'a', score: 0.98 },
      { id: 'b1', group: 'b', score: 0.9 },
    ];
    const picked = diversify(
      items,
      2,
      (x) => x.score,
      (x, y) => (x.group === y.group ? 1 : 0),
      0.3,
      0.5,
    );
    expect(picked.map((x) => x.id)).toEqual(['a1', 'b1']);
  });
});

describe('diversity in /pair', () => {
  it('does not fill the list with clones of one profile', () => {
    const clone = (handle: string) =>
      creator(handle, { genres: ['alt-pop'], roles: ['producer'], inspirations: ['Robyn', 'Lorde'] });
    const creators = [
      creator('me', {
        genres: ['alt-pop', 'drill'],
        roles: ['topliner'],
        inspirations: ['Robyn', 'Lorde', 'Central Cee'],
      }),
      clone('c1'),
      clone('c2'),
      clone('c3'),
      creator('dr', { genres: ['drill'], roles: ['producer'], inspirations: ['Headie One'] }),
    ];
    const index = buildMatchIndex({ creators });
    const plain = suggestPartners(index, 'me', { limit: 3, diversity: 0 }).map((s) => s.handles[1]);
    expect(plain).toEqual(['c1', 'c2', 'c3']);
    const diverse = suggestPartners(index, 'me', { limit: 3, diversity: 0.5 });
    // Diversity chose dr over the third clone; the list still reads best first.
    expect(diverse.map((s) => s.handles[1])).toEqual(['c1', 'c2', 'dr']);
    const scores = diverse.map((s) => s.score);
    expect(scores).toEqual(scores.toSorted((a, b) => b - a));
  });
});
