import type { Interval } from './session.types.ts';

/** Finite, non-empty, end after start. */
export function isValidInterval(interval: Interval): boolean {
  return (
    Number.isFinite(interval.startMs) && Number.isFinite(interval.endMs) && interval.endMs > interval.startMs
  );
}

/** Half-open: `[9, 10)` and `[10, 11)` do not overlap. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

export function intersection(a: Interval, b: Interval): Interval | null {
  const startMs = Math.max(a.startMs, b.startMs);
  const endMs = Math.min(a.endMs, b.endMs);
  return startMs < endMs ? { startMs, endMs } : null;
}

/** Sorted union of the valid intervals; touching ones merge. The input is not modified. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals
    .filter(isValidInterval)
    .toSorted((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: Interval[] = [];
  for (const { startMs, endMs } of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && startMs <= last.endMs) {
      last.endMs = Math.max(last.endMs, endMs);
    } else {
      merged.push({ startMs, endMs });
    }
  }
  return merged;
}

/** Whether `candidate` avoids every interval of a merged, sorted list (binary search). */
export function isFreeIn(merged: readonly Interval[], candidate: Interval): boolean {
  let low = 0;
  let high = merged.length;
  // First interval ending after the candidate starts; only it can overlap first.
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (merged[middle]!.endMs <= candidate.startMs) low = middle + 1;
    else high = middle;
  }
  const next = merged[low];
  return next === undefined || next.startMs >= candidate.endMs;
}

/** Whether `candidate` lies entirely inside one interval of a merged, sorted list. */
export function isInsideAny(merged: readonly Interval[], candidate: Interval): boolean {
  return merged.some((window) => window.startMs <= candidate.startMs && candidate.endMs <= window.endMs);
}
