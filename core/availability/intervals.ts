/**
 * A half-open span of time `[startMs, endMs)` in UTC epoch milliseconds.
 * Lists of intervals are "normalised" when sorted, non-empty, and neither overlapping nor touching.
 */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Sorts (on a copy), drops empty spans and merges overlapping or touching ones.
 *
 * @example
 * normalizeIntervals([{ startMs: 5, endMs: 9 }, { startMs: 0, endMs: 5 }]); // [{ startMs: 0, endMs: 9 }]
 */
export function normalizeIntervals(intervals: readonly Interval[]): Interval[] {
  // Most lists on the overlap path are already normalised: a linear check skips the sort and merge.
  if (isNormalized(intervals)) return intervals.slice();
  const sorted = intervals.filter((i) => i.endMs > i.startMs).toSorted((a, b) => a.startMs - b.startMs);
  const merged: Interval[] = [];
  let startMs = Number.NaN;
  let endMs = Number.NaN;
  for (const interval of sorted) {
    if (interval.startMs <= endMs) {
      if (interval.endMs > endMs) endMs = interval.endMs;
      continue;
    }
    if (!Number.isNaN(startMs)) merged.push({ startMs, endMs });
    startMs = interval.startMs;
    endMs = interval.endMs;
  }
  if (!Number.isNaN(startMs)) merged.push({ startMs, endMs });
  return merged;
}

function isNormalized(intervals: readonly Interval[]): boolean {
  let previousEndMs = Number.NEGATIVE_INFINITY;
  for (const interval of intervals) {
    if (!(interval.startMs > previousEndMs && interval.endMs > interval.startMs)) return false;
    previousEndMs = interval.endMs;
  }
  return true;
}

/** Union of any number of interval lists (need not be normalised). */
export function unionIntervals(...lists: readonly (readonly Interval[])[]): Interval[] {
  return normalizeIntervals(lists.flat());
}

/** Intersection of two normalised lists, normalised. Linear two-pointer walk. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const startMs = Math.max(x.startMs, y.startMs);
    const endMs = Math.min(x.endMs, y.endMs);
    if (startMs < endMs) out.push({ startMs, endMs });
    if (x.endMs <= y.endMs) i++;
    else j++;
  }
  return out;
}

/** `a` minus `b`, both normalised; the result is normalised. */
export function subtractIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    let cursor = x.startMs;
    while (j < b.length && b[j]!.endMs <= cursor) j++;
    let k = j;
    while (k < b.length && b[k]!.startMs < x.endMs) {
      const y = b[k]!;
      if (y.startMs > cursor) out.push({ startMs: cursor, endMs: y.startMs });
      if (y.endMs > cursor) cursor = y.endMs;
      if (cursor >= x.endMs) break;
      k++;
    }
    if (cursor < x.endMs) out.push({ startMs: cursor, endMs: x.endMs });
  }
  return out;
}

/** Keeps only the parts of a normalised list that fall inside `window`. */
export function clipIntervals(intervals: readonly Interval[], window: Interval): Interval[] {
  const out: Interval[] = [];
  for (const interval of intervals) {
    if (interval.endMs <= window.startMs) continue;
    if (interval.startMs >= window.endMs) break;
    out.push({
      startMs: Math.max(interval.startMs, window.startMs),
      endMs: Math.min(interval.endMs, window.endMs),
    });
  }
  return out;
}

/** Sum of lengths; for a normalised list this is the covered time. */
export function totalDurationMs(intervals: readonly Interval[]): number {
  let total = 0;
  for (const interval of intervals) total += interval.endMs - interval.startMs;
  return total;
}

/** True when `[inner.startMs, inner.endMs)` lies within one interval of the normalised list. */
export function coversInterval(intervals: readonly Interval[], inner: Interval): boolean {
  return intervals.some((i) => i.startMs <= inner.startMs && inner.endMs <= i.endMs);
}
