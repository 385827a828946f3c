import { AppError } from '../shared/app-error.ts';
import { clipIntervals, type Interval, normalizeIntervals } from './intervals.ts';
import { MINUTE_MS } from './local-time.ts';
import { buildSegments, popcount, type Segments } from './segments.ts';

/** One person's free time (any order, may overlap; it is normalised here). */
export interface PersonFree {
  id: string;
  free: readonly Interval[];
}

export interface OverlapQuery {
  people: readonly PersonFree[];
  window: Interval;
  minMinutes: number;
  /** Smallest group worth reporting; defaults to everyone. */
  quorum?: number;
}

/** A group and a stretch during which exactly that group is free throughout. */
export interface OverlapWindow {
  startMs: number;
  endMs: number;
  /** Sorted by plain code-unit comparison. */
  people: string[];
}

/** Code-unit order (`'B' < 'a'`), never locale-dependent. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Result order: by start, then by the sorted id lists compared element by element with
 * `compareIds`, a list that is a prefix of another coming first.
 */
export function compareOverlapWindows(a: OverlapWindow, b: OverlapWindow): number {
  if (a.startMs !== b.startMs) return a.startMs - b.startMs;
  const length = Math.min(a.people.length, b.people.length);
  for (let i = 0; i < length; i++) {
    const order = compareIds(a.people[i]!, b.people[i]!);
    if (order !== 0) return order;
  }
  return a.people.length - b.people.length;
}

/**
 * Every (group, stretch) such that: the group has at least `quorum` people, all of them are free
 * throughout the stretch, the stretch cannot be extended for that group inside `window`, nobody
 * outside the group is free throughout it, and it lasts at least `minMinutes`.
 * With the default quorum (everyone) these are the maximal common free windows.
 *
 * How: the sweep cuts the window into elementary segments with a constant free set S. A reported
 * stretch is a run of segments i..j and its group is G = S_i ∩ ... ∩ S_j (the people free
 * throughout); it is maximal iff neither neighbouring segment contains G. So from each start i
 * whose left neighbour does not contain S_i we walk right, shrinking G, and report G each time
 * the next segment would shrink it, stopping once G is too small or fits in the left neighbour.
 *
 * @example
 * findOverlapWindows({ people, window, minMinutes: 60, quorum: 2 });
 */
export function findOverlapWindows(query: OverlapQuery): OverlapWindow[] {
  const { window, minMinutes } = query;
  const ids = query.people.map((p) => p.id).toSorted(compareIds);
  for (let i = 1; i < ids.length; i++) {
    if (ids[i] === ids[i - 1]) {
      throw new AppError('availability.duplicate_person', `people: "${ids[i]}" appears twice`, {
        field: 'people',
      });
    }
  }
  const quorum = query.quorum ?? ids.length;
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > Math.max(ids.length, 1)) {
    throw new AppError('availability.bad_quorum', `quorum: must be an integer from 1 to ${ids.length}`, {
      field: 'quorum',
    });
  }
  if (ids.length === 0 || window.endMs <= window.startMs) return [];
  const rank = new Map(ids.map((id, index) => [id, index]));
  const freeByRank: Interval[][] = new Array(ids.length);
  for (const person of query.people) {
    freeByRank[rank.get(person.id)!] = clipIntervals(normalizeIntervals(person.free), window);
  }
  const segments = buildSegments(freeByRank, window);
  const found = walkRuns(segments, quorum, minMinutes * MINUTE_MS);
  return found
    .map(({ startMs, endMs, bits }) => ({ startMs, endMs, people: idsOf(bits, ids) }))
    .sort(compareOverlapWindows);
}

interface FoundRun {
  startMs: number;
  endMs: number;
  bits: Uint32Array;
}

function walkRuns(segments: Segments, quorum: number, minMs: number): FoundRun[] {
  const { count, words, bits, startMs, endMs, sizes } = segments;
  const found: FoundRun[] = [];
  const group = new Uint32Array(words);
  for (let i = 0; i < count; i++) {
    if (sizes[i]! < quorum) continue;
    const leftBase = (i - 1) * words;
    if (i > 0 && containsAt(bits, leftBase, bits, i * words, words)) continue;
    group.set(bits.subarray(i * words, (i + 1) * words));
    for (let j = i; ; j++) {
      const hasNext = j + 1 < count;
      let nextSize = 0;
      let isShrinking = !hasNext;
      if (hasNext) {
        const base = (j + 1) * words;
        for (let w = 0; w < words; w++) {
          const kept = (group[w]! & bits[base + w]!) >>> 0;
          if (kept !== group[w]) isShrinking = true;
          nextSize += popcount(kept);
        }
      }
      if (isShrinking) {
        if (endMs[j]! - startMs[i]! >= minMs) {
          found.push({ startMs: startMs[i]!, endMs: endMs[j]!, bits: group.slice() });
        }
        if (!hasNext || nextSize < quorum) break;
        const base = (j + 1) * words;
        for (let w = 0; w < words; w++) group[w] = group[w]! & bits[base + w]!;
        if (i > 0 && containsAt(bits, leftBase, group, 0, words)) break;
      }
    }
  }
  return found;
}

/** Whether the set at `a[aBase..]` contains the set at `b[bBase..]`. */
function containsAt(a: Uint32Array, aBase: number, b: Uint32Array, bBase: number, words: number): boolean {
  for (let w = 0; w < words; w++) {
    const x = b[bBase + w]!;
    if ((a[aBase + w]! & x) >>> 0 !== x) return false;
  }
  return true;
}

function idsOf(bits: Uint32Array, ids: readonly string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < ids.length; index++) {
    if ((bits[index >>> 5]! >>> (index & 31)) & 1) out.push(ids[index]!);
  }
  return out;
}
