import { clipIntervals, type Interval, normalizeIntervals } from './intervals.ts';
import { MINUTE_MS } from './local-time.ts';
import { compareIds, type PersonFree } from './overlap.ts';

export interface PairOverlap {
  /** `a < b` in code-unit order. */
  a: string;
  b: string;
  /** Total time both are free inside the window (only stretches of `minStretchMinutes` or more). */
  overlapMs: number;
}

export interface PairOverlapOptions {
  /** Keep pairs whose total common time is at least this. */
  minMinutes: number;
  /** Count only common stretches at least this long (a session must fit); default 0. */
  minStretchMinutes?: number;
}

/**
 * Common free time of every pair, for "who could write with whom" overviews. A linear merge per
 * pair: 100 people = 4,950 merges of two short sorted lists.
 *
 * @example
 * pairOverlaps(people, window, { minMinutes: 120 }); // [{ a: 'ana', b: 'ben', overlapMs: 10_800_000 }, ...]
 */
export function pairOverlaps(
  people: readonly PersonFree[],
  window: Interval,
  options: PairOverlapOptions,
): PairOverlap[] {
  const sorted = people.toSorted((x, y) => compareIds(x.id, y.id));
  const starts: Float64Array[] = [];
  const ends: Float64Array[] = [];
  for (const person of sorted) {
    const free = clipIntervals(normalizeIntervals(person.free), window);
    starts.push(Float64Array.from(free, (i) => i.startMs));
    ends.push(Float64Array.from(free, (i) => i.endMs));
  }
  const minTotalMs = options.minMinutes * MINUTE_MS;
  const minStretchMs = Math.max(1, (options.minStretchMinutes ?? 0) * MINUTE_MS);
  const out: PairOverlap[] = [];
  for (let p = 0; p < sorted.length; p++) {
    for (let q = p + 1; q < sorted.length; q++) {
      const overlapMs = commonMs(starts[p]!, ends[p]!, starts[q]!, ends[q]!, minStretchMs);
      if (overlapMs >= minTotalMs) out.push({ a: sorted[p]!.id, b: sorted[q]!.id, overlapMs });
    }
  }
  return out;
}

function commonMs(
  s1: Float64Array,
  e1: Float64Array,
  s2: Float64Array,
  e2: Float64Array,
  minMs: number,
): number {
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < s1.length && j < s2.length) {
    const start = Math.max(s1[i]!, s2[j]!);
    const end = Math.min(e1[i]!, e2[j]!);
    // Normalised lists never touch themselves, so common pieces never touch each other either.
    if (end - start >= minMs) total += end - start;
    if (e1[i]! <= e2[j]!) i++;
    else j++;
  }
  return total;
}
