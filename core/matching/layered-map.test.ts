import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayeredMap } from './layered-map.ts';

const KEYS = Array.from({ length: 40 }, (_, i) => `k${i}`);

const stepArb = fc.record({
  sets: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.integer()), { maxLength: 6 }),
  removals: fc.subarray(KEYS, { maxLength: 6 }),
});

describe('LayeredMap', () => {
  it('reads exactly as a plain map given the same changes, through any number of versions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.integer())),
        fc.array(stepArb, { maxLength: 12 }),
        (start, steps) => {
          const versions: Array<[ReadonlyMap<string, number>, Map<string, number>]> = [];
          let layered: ReadonlyMap<string, number> = new Map(start);
          let plain = new Map(start);
          for (const step of steps) {
            const changes = new Map(step.sets);
            layered = LayeredMap.over(layered, changes, step.removals);
            plain = new Map(plain);
            for (const key of step.removals) plain.delete(key);
            for (const [key, value] of changes) plain.set(key, value);
            versions.push([layered, plain]);
          }
          // Every version still reads as it did when it was made: later versions did not change it.
          for (const [l, p] of versions) {
            expect(l.size).toBe(p.size);
            expect(new Map(l)).toEqual(p);
            for (const key of KEYS) {
              expect(l.get(key)).toBe(p.get(key));
              expect(l.has(key)).toBe(p.has(key));
            }
            expect([...l.keys()].sort()).toEqual([...p.keys()].sort());
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a stored undefined apart from an absent key', () => {
    const map = LayeredMap.over(
      new Map<string, number | undefined>([
        ['a', 1],
        ['b', 2],
        ['c', 3],
        ['d', 4],
        ['e', 5],
      ]),
      new Map([['a', undefined]]),
    );
    expect(map.has('a')).toBe(true);
    expect(map.get('a')).toBeUndefined();
    expect(map.has('z')).toBe(false);
  });

  it('flattens into a plain map once the chain is deep', () => {
    let map: ReadonlyMap<string, number> = new Map(KEYS.map((key, i) => [key, i]));
    const kinds: boolean[] = [];
    for (let i = 0; i < 6; i += 1) {
      map = LayeredMap.over(map, new Map([[KEYS[i]!, -i]]));
      kinds.push(map instanceof LayeredMap);
    }
    expect(kinds).toEqual([true, true, true, true, false, true]);
    expect(map.get(KEYS[2]!)).toBe(-2);
  });
});
