import type { Interval } from './intervals.ts';
import { compareOverlapWindows, type OverlapQuery, type OverlapWindow } from './overlap.ts';

/**
 * The overlap definition applied literally, as a reference for tests and benchmarks: every
 * subset of people, on a time grid of `stepMs` (all boundaries must lie on it). Exponential in
 * the number of people and linear in grid cells; never use it in production.
 */
export function bruteForceOverlapWindows(query: OverlapQuery, stepMs = 60_000): OverlapWindow[] {
  const people = query.people.toSorted((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = people.length;
  const quorum = query.quorum ?? n;
  const cells = Math.max(0, Math.ceil((query.window.endMs - query.window.startMs) / stepMs));
  // freeAt[p][c]: person p free during grid cell c.
  const freeAt = people.map((person) => {
    const row = new Uint8Array(cells);
    for (let c = 0; c < cells; c++) row[c] = isFree(person.free, query.window.startMs + c * stepMs) ? 1 : 0;
    return row;
  });
  const out: OverlapWindow[] = [];
  for (let mask = 1; mask < 2 ** n; mask++) {
    const members = people.map((_, p) => p).filter((p) => mask & (1 << p));
    if (members.length < quorum) continue;
    let c = 0;
    while (c < cells) {
      if (!members.every((p) => freeAt[p]![c])) {
        c++;
        continue;
      }
      const first = c;
      while (c < cells && members.every((p) => freeAt[p]![c])) c++;
      const startMs = query.window.startMs + first * stepMs;
      const endMs = Math.min(query.window.startMs + c * stepMs, query.window.endMs);
      const outsiderFree = people.some(
        (_, p) => !(mask & (1 << p)) && freeAt[p]!.subarray(first, c).every(Boolean),
      );
      if (!outsiderFree && endMs - startMs >= query.minMinutes * 60_000) {
        out.push({ startMs, endMs, people: members.map((p) => people[p]!.id) });
      }
    }
  }
  return out.sort(compareOverlapWindows);
}

function isFree(free: readonly Interval[], atMs: number): boolean {
  return free.some((i) => i.startMs <= atMs && atMs < i.endMs);
}
