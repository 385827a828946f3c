import { pathToFileURL } from 'node:url';
import { personFreeIntervals } from '../../core/availability/free-time.ts';
import type { Interval } from '../../core/availability/intervals.ts';
import { findOverlapWindows, type OverlapWindow, type PersonFree } from '../../core/availability/overlap.ts';
import { pairOverlaps } from '../../core/availability/pair-overlap.ts';
import type { RecurringRule } from '../../core/availability/recurring-rule.ts';

/**
 * Overlap engine figures against naive minute-grid baselines computed in the same run.
 * Query timings start from expanded free intervals (what the command layer holds after loading
 * people); rule expansion is timed on its own line.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Africa/Lagos',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** mulberry32: small, seeded, good enough for test data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedPerson {
  id: string;
  timeZone: string;
  rules: RecurringRule[];
  busy: Interval[];
}

export function generatePeople(
  count: number,
  window: Interval,
  busyPerPerson: number,
  seed: number,
): GeneratedPerson[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const hhmm = (minutes: number) =>
    `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return Array.from({ length: count }, (_, i) => {
    const rules = Array.from({ length: 3 }, (_, r) => {
      const days = DAYS.filter(() => random() < 0.45);
      const startMinutes = (8 + r * 5) * 60 + Math.floor(random() * 8) * 30;
      return {
        rrule: `FREQ=WEEKLY;BYDAY=${(days.length ? days : [pick(DAYS)]).join(',')}`,
        startTime: hhmm(startMinutes),
        endTime: hhmm(startMinutes + (2 + Math.floor(random() * 7)) * 30),
      };
    });
    const busy = Array.from({ length: busyPerPerson }, () => {
      const startMs =
        window.startMs +
        Math.floor((random() * (window.endMs - window.startMs)) / (15 * MINUTE)) * 15 * MINUTE;
      return { startMs, endMs: startMs + (2 + Math.floor(random() * 11)) * 15 * MINUTE };
    });
    return { id: `p${String(i).padStart(3, '0')}`, timeZone: ZONES[i % ZONES.length]!, rules, busy };
  });
}

function expandAll(people: readonly GeneratedPerson[], window: Interval): PersonFree[] {
  return people.map((p) => ({
    id: p.id,
    free: personFreeIntervals({ timeZone: p.timeZone, rules: p.rules, busy: p.busy }, window),
  }));
}

export function medianMs(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** Per-minute bitmask of who is free (up to 32 people). */
function minuteMasks(people: readonly PersonFree[], window: Interval): Uint32Array {
  const minutes = (window.endMs - window.startMs) / MINUTE;
  const masks = new Uint32Array(minutes);
  for (let p = 0; p < people.length; p++) {
    for (const i of people[p]!.free) {
      for (let t = Math.max(i.startMs, window.startMs); t < Math.min(i.endMs, window.endMs); t += MINUTE) {
        const c = (t - window.startMs) / MINUTE;
        masks[c] = masks[c]! | (1 << p);
      }
    }
  }
  return masks;
}

/** The definition on a minute grid, every subset of at least `quorum` people (ids must sort as given). */
function naiveWindows(
  people: readonly PersonFree[],
  window: Interval,
  quorum: number,
  minMinutes: number,
): OverlapWindow[] {
  const masks = minuteMasks(people, window);
  const out: OverlapWindow[] = [];
  for (let group = 1; group < 1 << people.length; group++) {
    const members = people.filter((_, p) => group & (1 << p));
    if (members.length < quorum) continue;
    for (let c = 0; c < masks.length; ) {
      if ((masks[c]! & group) !== group) {
        c++;
        continue;
      }
      const first = c;
      let common = 0xffffffff;
      while (c < masks.length && (masks[c]! & group) === group) common &= masks[c++]!;
      if ((common & ~group) >>> 0 === 0 && c - first >= minMinutes) {
        out.push({
          startMs: window.startMs + first * MINUTE,
          endMs: window.startMs + c * MINUTE,
          people: members.map((m) => m.id),
        });
      }
    }
  }
  return out;
}

function naivePairs(people: readonly PersonFree[], window: Interval, minMinutes: number): number {
  const grids = people.map((person) => minuteMasks([person], window));
  let kept = 0;
  for (let a = 0; a < grids.length; a++) {
    for (let b = a + 1; b < grids.length; b++) {
      const x = grids[a]!;
      const y = grids[b]!;
      let minutes = 0;
      for (let c = 0; c < x.length; c++) minutes += x[c]! & y[c]!;
      if (minutes >= minMinutes) kept++;
    }
  }
  return kept;
}

const sameWindows = (a: OverlapWindow[], b: OverlapWindow[]) =>
  JSON.stringify(
    a.toSorted((x, y) => x.startMs - y.startMs || x.people.join().localeCompare(y.people.join())),
  ) ===
  JSON.stringify(
    b.toSorted((x, y) => x.startMs - y.startMs || x.people.join().localeCompare(y.people.join())),
  );

export async function runOverlapBench(): Promise<string[]> {
  const lines: string[] = ['overlap engine (median of runs; queries start from expanded free intervals)'];
  const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  const eightWeeks = {
    startMs: Date.parse('2026-03-02T00:00:00Z'),
    endMs: Date.parse('2026-03-02T00:00:00Z') + 56 * DAY,
  };
  const hundred = generatePeople(100, eightWeeks, 40, 2026);
  expandAll(hundred, eightWeeks);
  const expandMs = medianMs(5, () => expandAll(hundred, eightWeeks));
  lines.push(`  expand 100 people x 3 weekly rules x 8 weeks, minus 40 busy each: ${fmt(expandMs)}`);
  const free = expandAll(hundred, eightWeeks);

  const pairsMs = medianMs(7, () => pairOverlaps(free, eightWeeks, { minMinutes: 60 }));
  const pairs = pairOverlaps(free, eightWeeks, { minMinutes: 60 });
  const naivePairsMs = medianMs(1, () => naivePairs(free, eightWeeks, 60));
  const agree = naivePairs(free, eightWeeks, 60) === pairs.length;
  lines.push(
    `  all 4,950 pairs, 8 weeks: ${fmt(pairsMs)} (${pairs.length} pairs >= 60 min) vs minute grid ${fmt(naivePairsMs)} = ${(naivePairsMs / pairsMs).toFixed(0)}x${agree ? '' : ' MISMATCH'}`,
  );

  // Ten people in nearby zones (London, Berlin, Lagos), so a common window is at least possible.
  const ten = free.filter((_, i) => [3, 4, 5].includes(i % ZONES.length)).slice(0, 10);
  for (const quorum of [10, 3]) {
    const query = { people: ten, window: eightWeeks, minMinutes: 60, quorum };
    const ms = medianMs(21, () => findOverlapWindows(query));
    const result = findOverlapWindows(query);
    const naiveMs = medianMs(3, () => naiveWindows(ten, eightWeeks, quorum, 60));
    const match = sameWindows(result, naiveWindows(ten, eightWeeks, quorum, 60));
    lines.push(
      `  10 people, ${quorum}-of-10, 8 weeks: ${fmt(ms)} (${result.length} windows) vs minute grid (all subsets >= quorum) ${fmt(naiveMs)} = ${(naiveMs / ms).toFixed(0)}x${match ? '' : ' MISMATCH'}`,
    );
  }

  const fourWeeks = { startMs: eightWeeks.startMs, endMs: eightWeeks.startMs + 28 * DAY };
  const fifty = expandAll(generatePeople(50, fourWeeks, 20, 50), fourWeeks);
  const fiftyQuery = { people: fifty, window: fourWeeks, minMinutes: 60 };
  const fiftyMs = medianMs(21, () => findOverlapWindows(fiftyQuery));
  const fiftyCount = findOverlapWindows(fiftyQuery).length;
  const naiveFiftyMs = medianMs(3, () => naiveAllFree(fifty, fourWeeks, 60));
  lines.push(
    `  50 people, all free, 28 days: ${fmt(fiftyMs)} (${fiftyCount} windows) vs minute grid ${fmt(naiveFiftyMs)} = ${(naiveFiftyMs / fiftyMs).toFixed(0)}x${naiveAllFree(fifty, fourWeeks, 60) === fiftyCount ? '' : ' MISMATCH'}`,
  );
  const fiftyQuorum = { ...fiftyQuery, quorum: 5 };
  const fiftyQuorumMs = medianMs(5, () => findOverlapWindows(fiftyQuorum));
  lines.push(
    `  50 people, 5-of-50, 28 days: ${fmt(fiftyQuorumMs)} (${findOverlapWindows(fiftyQuorum).length} windows; no baseline, 2^50 subsets)`,
  );
  return lines;
}

/** Minutes where everyone is free, as runs of at least `minMinutes`; returns the run count. */
function naiveAllFree(people: readonly PersonFree[], window: Interval, minMinutes: number): number {
  const grids = people.map((person) => minuteMasks([person], window));
  let runs = 0;
  let length = 0;
  const minutes = grids[0]!.length;
  for (let c = 0; c <= minutes; c++) {
    const isAllFree = c < minutes && grids.every((g) => g[c] === 1);
    if (isAllFree) length++;
    else {
      if (length >= minMinutes && length > 0) runs++;
      length = 0;
    }
  }
  return runs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runOverlapBench()) console.log(line);
}
