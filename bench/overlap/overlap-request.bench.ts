import { pathToFileURL } from 'node:url';
import { personFreeIntervals } from '../../core/availability/free-time.ts';
import type { Interval } from '../../core/availability/intervals.ts';
import { findOverlapWindows, type PersonFree } from '../../core/availability/overlap.ts';
import { type OverlapRequest, runOverlapRequest } from '../../core/availability/overlap-request.ts';
import { type GeneratedPerson, generatePeople } from './overlap.bench.ts';
import { runOverlapRequest as runBaselineRequest } from './overlap-request.baseline.ts';

/**
 * The whole `overlap --json` path (validate, parse every instant, compile and expand rules, subtract
 * busy, sweep) against the sweep alone on the same people's free time, at N = 10, 50, 200 people x 28
 * days with 20 busy blocks each (8,000 timestamps at 200). The baseline in the same run is the path as
 * it was before issue 15 (luxon for every instant, every rule compiled on every call), kept as a
 * frozen copy in overlap-request.baseline.ts.
 */

const WINDOW: Interval = {
  startMs: Date.parse('2026-03-02T00:00:00Z'),
  endMs: Date.parse('2026-03-30T00:00:00Z'),
};

/** Every other instant written with an offset (+05:30), the rest in Z form, as calendar feeds mix them. */
function isoText(ms: number, withOffset: boolean): string {
  if (!withOffset) return new Date(ms).toISOString();
  return `${new Date(ms + 330 * 60_000).toISOString().slice(0, 19)}+05:30`;
}

function requestFor(people: readonly GeneratedPerson[], quorum: number): OverlapRequest {
  return {
    window: { start: new Date(WINDOW.startMs).toISOString(), end: new Date(WINDOW.endMs).toISOString() },
    minMinutes: 60,
    quorum,
    people: people.map((person) => ({
      id: person.id,
      timeZone: person.timeZone,
      rules: person.rules.map((rule) => ({ rrule: rule.rrule, start: rule.startTime, end: rule.endTime })),
      busy: person.busy.map((span, i) => ({
        start: isoText(span.startMs, i % 2 === 0),
        end: isoText(span.endMs, i % 2 === 1),
      })),
    })),
  };
}

/** The free time the request path computes, for timing the sweep on its own. */
function freeOf(people: readonly GeneratedPerson[]): PersonFree[] {
  return people.map((p) => ({
    id: p.id,
    free: personFreeIntervals({ timeZone: p.timeZone, rules: p.rules, busy: p.busy }, WINDOW),
  }));
}

/** Median milliseconds of each piece of work, the pieces run in turn `runs` times after one warm-up. */
function interleavedMedians(runs: number, works: readonly (() => unknown)[]): number[] {
  for (const work of works) work();
  const times = works.map((): number[] => []);
  for (let run = 0; run < runs; run++) {
    for (const [i, work] of works.entries()) {
      const startedAt = performance.now();
      work();
      times[i]!.push(performance.now() - startedAt);
    }
  }
  return times.map((list) => list.toSorted((a, b) => a - b)[Math.floor(runs / 2)]!);
}

export async function runOverlapRequestBench(): Promise<string[]> {
  const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  const lines = [
    'full path = runOverlapRequest (zod, instants, rules, busy, sweep); sweep = findOverlapWindows on the same free time',
  ];
  for (const count of [10, 50, 200]) {
    const people = generatePeople(count, WINDOW, 20, count);
    for (const quorum of [2, count]) {
      const request = requestFor(people, quorum);
      const free = freeOf(people);
      const query = { people: free, window: WINDOW, minMinutes: 60, quorum };
      // Interleaved, so a change in the machine's load falls on all three alike.
      const [sweepMs, fullMs, baselineMs] = interleavedMedians(count === 200 ? 15 : 31, [
        () => findOverlapWindows(query),
        () => runOverlapRequest(request),
        () => runBaselineRequest(request),
      ]) as [number, number, number];
      const isSame =
        JSON.stringify(runOverlapRequest(request)) === JSON.stringify(runBaselineRequest(request)) &&
        findOverlapWindows(query).length === runOverlapRequest(request).windows.length;
      lines.push(
        `  ${count} people x 28 days, quorum ${quorum === count ? 'everyone' : quorum}: full path ${fmt(fullMs)} = ${(fullMs / sweepMs).toFixed(1)}x the sweep alone (${fmt(sweepMs)}); before issue 15 ${fmt(baselineMs)} = ${(baselineMs / fullMs).toFixed(1)}x slower${isSame ? '' : ' MISMATCH'}`,
      );
    }
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runOverlapRequestBench()) console.log(line);
}
