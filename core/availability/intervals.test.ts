import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clipIntervals,
  type Interval,
  intersectIntervals,
  normalizeIntervals,
  subtractIntervals,
  totalDurationMs,
  unionIntervals,
} from './intervals.ts';

const iv = (startMs: number, endMs: number): Interval => ({ startMs, endMs });

describe('interval maths', () => {
  it('normalises: sorts a copy, drops empty spans, merges overlapping and touching ones', () => {
    const input = [iv(5, 7), iv(0, 2), iv(2, 3), iv(4, 4), iv(6, 9)];
    expect(normalizeIntervals(input)).toEqual([iv(0, 3), iv(5, 9)]);
    expect(input[0]).toEqual(iv(5, 7));
  });

  it('intersects, subtracts, clips and sums', () => {
    const a = [iv(0, 10), iv(20, 30)];
    const b = [iv(5, 25)];
    expect(intersectIntervals(a, b)).toEqual([iv(5, 10), iv(20, 25)]);
    expect(subtractIntervals(a, b)).toEqual([iv(0, 5), iv(25, 30)]);
    expect(subtractIntervals([iv(0, 10)], [iv(2, 3), iv(5, 6)])).toEqual([iv(0, 2), iv(3, 5), iv(6, 10)]);
    expect(clipIntervals(a, iv(8, 22))).toEqual([iv(8, 10), iv(20, 22)]);
    expect(totalDurationMs(unionIntervals(a, b))).toBe(30);
  });

  // Point-wise check on a small integer grid.
  const listArb = fc.array(
    fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10 })).map(([s, l]) => iv(s, s + l)),
  );
  const covers = (list: Interval[], t: number) => list.some((i) => i.startMs <= t && t < i.endMs);
  it('agrees point-wise with set algebra', () => {
    fc.assert(
      fc.property(listArb, listArb, (x, y) => {
        const a = normalizeIntervals(x);
        const b = normalizeIntervals(y);
        const and = intersectIntervals(a, b);
        const minus = subtractIntervals(a, b);
        for (let t = 0; t < 52; t++) {
          expect(covers(and, t)).toBe(covers(a, t) && covers(b, t));
          expect(covers(minus, t)).toBe(covers(a, t) && !covers(b, t));
        }
        expect(normalizeIntervals(and)).toEqual(and);
        expect(normalizeIntervals(minus)).toEqual(minus);
      }),
    );
  });
});
