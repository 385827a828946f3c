import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/seeded-random.ts';
import { boundedBest } from './bounded-best.ts';

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
