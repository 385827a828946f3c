import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Interval, intersectIntervals, normalizeIntervals } from './intervals.ts';
import { findOverlapWindows, type OverlapQuery, type PersonFree } from './overlap.ts';
import { bruteForceOverlapWindows } from './overlap-brute-force.ts';

const H = 3_600_000;
const M = 60_000;
const span = (startH: number, endH: number): Interval => ({ startMs: startH * H, endMs: endH * H });
const day = span(0, 24);

describe('findOverlapWindows', () => {
  it('reports the closed groups for a quorum of 2', () => {
    const people = [
      { id: 'A', free: [span(18, 20)] },
      { id: 'B', free: [span(18, 20)] },
      { id: 'C', free: [span(19, 21)] },
    ];
    expect(findOverlapWindows({ people, window: day, minMinutes: 0, quorum: 2 })).toEqual([
      { startMs: 18 * H, endMs: 20 * H, people: ['A', 'B'] },
      { startMs: 19 * H, endMs: 20 * H, people: ['A', 'B', 'C'] },
    ]);
  });

  it('defaults the quorum to everyone', () => {
    const people = [
      { id: 'b', free: [span(1, 5), span(8, 12)] },
      { id: 'a', free: [span(2, 10)] },
    ];
    expect(findOverlapWindows({ people, window: day, minMinutes: 0 })).toEqual([
      { startMs: 2 * H, endMs: 5 * H, people: ['a', 'b'] },
      { startMs: 8 * H, endMs: 10 * H, people: ['a', 'b'] },
    ]);
  });

  it('returns nothing when nobody is free', () => {
    const people = [
      { id: 'a', free: [] },
      { id: 'b', free: [] },
    ];
    expect(findOverlapWindows({ people, window: day, minMinutes: 0, quorum: 1 })).toEqual([]);
  });

  it('clips windows to the asked window', () => {
    const people = [
      { id: 'a', free: [span(-5, 3), span(20, 30)] },
      { id: 'b', free: [span(-10, 40)] },
    ];
    expect(findOverlapWindows({ people, window: day, minMinutes: 0 })).toEqual([
      { startMs: 0, endMs: 3 * H, people: ['a', 'b'] },
      { startMs: 20 * H, endMs: 24 * H, people: ['a', 'b'] },
    ]);
  });

  it('merges touching intervals [a,b)+[b,c) into one window', () => {
    const people = [
      { id: 'a', free: [span(10, 11), span(9, 10)] },
      { id: 'b', free: [span(8, 12)] },
    ];
    expect(findOverlapWindows({ people, window: day, minMinutes: 120 })).toEqual([
      { startMs: 9 * H, endMs: 11 * H, people: ['a', 'b'] },
    ]);
  });

  it('keeps a window exactly minMinutes long and drops one a minute shorter', () => {
    const people = [
      { id: 'a', free: [span(1, 2), { startMs: 5 * H, endMs: 6 * H - M }] },
      { id: 'b', free: [day] },
    ];
    expect(findOverlapWindows({ people, window: day, minMinutes: 60 })).toEqual([
      { startMs: 1 * H, endMs: 2 * H, people: ['a', 'b'] },
    ]);
  });

  it('orders ids by code unit, not locale', () => {
    const people = [
      { id: 'a', free: [day] },
      { id: 'B', free: [day] },
    ];
    expect(findOverlapWindows({ people, window: day, minMinutes: 0 })[0]?.people).toEqual(['B', 'a']);
  });

  it('rejects duplicate ids and an impossible quorum', () => {
    const a = { id: 'a', free: [day] };
    expect(() => findOverlapWindows({ people: [a, a], window: day, minMinutes: 0 })).toThrow(/appears twice/);
    expect(() => findOverlapWindows({ people: [a], window: day, minMinutes: 0, quorum: 2 })).toThrow(
      /quorum/,
    );
  });

  it('handles more than 32 people (multi-word bitsets)', () => {
    const people = Array.from({ length: 70 }, (_, i) => ({
      id: `p${String(i).padStart(2, '0')}`,
      free: [span(0, 10 + (i % 3))],
    }));
    const windows = findOverlapWindows({ people, window: day, minMinutes: 0, quorum: 40 });
    expect(windows.map((w) => [w.endMs / H, w.people.length])).toEqual([
      [10, 70],
      [11, 46],
    ]);
  });
});

// Random small inputs on a 10-minute grid over a 4-hour window.
const STEP = 10 * M;
const windowArb = fc.constant({ startMs: 0, endMs: 24 * STEP });
const intervalArb = fc
  .tuple(fc.integer({ min: -2, max: 26 }), fc.integer({ min: 1, max: 12 }))
  .map(([start, length]) => ({ startMs: start * STEP, endMs: (start + length) * STEP }));
const peopleArb = fc
  .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'F'), { minLength: 1, maxLength: 6 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) => fc.array(intervalArb, { maxLength: 4 }).map((free): PersonFree => ({ id, free }))),
    ),
  );
const queryArb: fc.Arbitrary<OverlapQuery> = fc
  .tuple(peopleArb, windowArb, fc.integer({ min: 0, max: 60 }))
  .chain(([people, window, minMinutes]) =>
    fc
      .option(fc.integer({ min: 1, max: people.length }), { nil: undefined })
      .map((quorum) => ({ people, window, minMinutes, ...(quorum ? { quorum } : {}) })),
  );

describe('findOverlapWindows properties', () => {
  it('equals the all-subsets brute force', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        expect(findOverlapWindows(query)).toEqual(bruteForceOverlapWindows(query, STEP));
      }),
      { numRuns: 400 },
    );
  });

  it('with everyone required, equals the plain intersection for 40 people (two-word bitsets)', () => {
    const manyArb = fc.array(fc.array(intervalArb, { minLength: 1, maxLength: 3 }), {
      minLength: 33,
      maxLength: 40,
    });
    fc.assert(
      fc.property(manyArb, (frees) => {
        const people = frees.map((free, i) => ({
          id: `p${i}`,
          free: [...free, { startMs: 10 * STEP, endMs: 14 * STEP }],
        }));
        const window = { startMs: 0, endMs: 24 * STEP };
        const common = people.reduce<Interval[]>(
          (acc, p) => intersectIntervals(acc, normalizeIntervals(p.free)),
          [window],
        );
        const ids = people.map((p) => p.id).sort();
        expect(findOverlapWindows({ people, window, minMinutes: 0 })).toEqual(
          common.map((i) => ({ ...i, people: ids })),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('puts every window inside the query window and every listed person free time', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        for (const w of findOverlapWindows(query)) {
          expect(w.startMs).toBeGreaterThanOrEqual(query.window.startMs);
          expect(w.endMs).toBeLessThanOrEqual(query.window.endMs);
          expect(w.endMs - w.startMs).toBeGreaterThanOrEqual(query.minMinutes * M);
          expect(w.people.length).toBeGreaterThanOrEqual(query.quorum ?? query.people.length);
          for (const id of w.people) {
            const free = normalizeIntervals(query.people.find((p) => p.id === id)!.free);
            expect(free.some((i) => i.startMs <= w.startMs && w.endMs <= i.endMs)).toBe(true);
          }
        }
      }),
    );
  });

  it('does not depend on the order of people', () => {
    fc.assert(
      fc.property(queryArb, fc.integer(), (query, seed) => {
        const shuffled = query.people.toSorted((a, b) => (hash(a.id, seed) - hash(b.id, seed)) | 0);
        expect(findOverlapWindows({ ...query, people: shuffled })).toEqual(findOverlapWindows(query));
      }),
    );
  });

  // Splitting [a,c) at b: a window of [a,c) ending before b is exactly a window of [a,b) ending
  // before b (clipping at b can only cut stretches that reach b; min length and the group are
  // unchanged for the others), and symmetrically for windows starting after b. Windows that
  // touch or cross b may differ: clipping shortens them (minMinutes) and can enlarge the group.
  it('keeps windows strictly inside each half when the query window is split', () => {
    fc.assert(
      fc.property(queryArb, fc.integer({ min: 1, max: 23 }), (query, cut) => {
        const b = cut * STEP;
        const whole = findOverlapWindows(query);
        const left = findOverlapWindows({ ...query, window: { startMs: query.window.startMs, endMs: b } });
        const right = findOverlapWindows({ ...query, window: { startMs: b, endMs: query.window.endMs } });
        expect(whole.filter((w) => w.endMs < b)).toEqual(left.filter((w) => w.endMs < b));
        expect(whole.filter((w) => w.startMs > b)).toEqual(right.filter((w) => w.startMs > b));
      }),
    );
  });
});

function hash(text: string, seed: number): number {
  let h = seed | 0;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 0x9e3779b1);
  return h;
}
