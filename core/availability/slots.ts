import { AppError } from '../shared/app-error.ts';
import { MINUTE_MS, parseClockTime, utcMsToLocal } from './local-time.ts';
import { compareIds, type OverlapWindow } from './overlap.ts';

export interface SlotPerson {
  id: string;
  timeZone: string;
  /** This person's own waking hours; defaults to the options'. */
  wakingHours?: WakingHours;
}

export interface WakingHours {
  start: string;
  end: string;
}

/** Lateness is compared in whole hours, so near-equal slots tie and the late slot can rotate. */
const LATENESS_BUCKET_MINUTES = 60;

export interface SlotOptions {
  durationMinutes: number;
  /** Starts fall on multiples of this many minutes (UTC-aligned; every zone offset is a multiple of 15). */
  stepMinutes?: 15 | 30;
  /** Local hours a session may occupy, `HH:mm`; end at or before start runs past midnight. Default 09:00-23:00. */
  wakingHours?: WakingHours;
  limit?: number;
  /** How often each person already got the latest local slot (e.g. earlier sessions), for rotation. */
  lateCounts?: Readonly<Record<string, number>>;
}

export interface SlotSuggestion {
  startMs: number;
  endMs: number;
  people: string[];
  /** Those whose local end time is the latest (measured from their waking start). */
  latestPeople: string[];
  /** Minutes from the latest person's waking start to the session's local end. */
  latenessMinutes: number;
}

interface Candidate extends SlotSuggestion {
  totalLateness: number;
}

/**
 * Best session starts inside overlap windows, respecting everyone's local waking hours.
 * Ranking: bigger groups first; then the least late "latest local end" (person-local lateness =
 * minutes from their waking start to the session's local end, compared in whole hours); among
 * equal scores, prefer the slot whose late people have been late least often (history + slots
 * already picked), so the late slot rotates; then exact lateness, total lateness, earliest start. Suggestions do not
 * overlap one another. Deterministic.
 *
 * @example
 * suggestSlots(windows, [{ id: 'ana', timeZone: 'America/Chicago' }, ...], { durationMinutes: 120 });
 */
export function suggestSlots(
  windows: readonly OverlapWindow[],
  people: readonly SlotPerson[],
  options: SlotOptions,
): SlotSuggestion[] {
  const stepMs = (options.stepMinutes ?? 30) * MINUTE_MS;
  const durationMs = options.durationMinutes * MINUTE_MS;
  if (!Number.isInteger(options.durationMinutes) || options.durationMinutes <= 0) {
    throw new AppError('availability.bad_duration', 'durationMinutes: must be a positive whole number', {
      field: 'durationMinutes',
    });
  }
  const defaultHours = options.wakingHours ?? { start: '09:00', end: '23:00' };
  const byId = new Map(
    people.map((p) => [p.id, { timeZone: p.timeZone, ...parseWaking(p.wakingHours ?? defaultHours) }]),
  );
  const candidates = new Map<string, Candidate>();
  for (const window of windows) {
    for (
      let startMs = Math.ceil(window.startMs / stepMs) * stepMs;
      startMs + durationMs <= window.endMs;
      startMs += stepMs
    ) {
      const endMs = startMs + durationMs;
      let latenessMinutes = -1;
      let latestPeople: string[] = [];
      let totalLateness = 0;
      let isAwake = true;
      for (const id of window.people) {
        const person = byId.get(id);
        if (!person)
          throw new AppError('availability.unknown_person', `people: no time zone for "${id}"`, {
            field: 'people',
          });
        const { timeZone, wakeStart, wakeLength } = person;
        const sinceWake = (utcMsToLocal(startMs, timeZone).minuteOfDay - wakeStart + 1440) % 1440;
        const lateness = (utcMsToLocal(endMs, timeZone).minuteOfDay - wakeStart + 1440) % 1440 || 1440;
        if (sinceWake >= wakeLength || lateness > wakeLength || lateness <= sinceWake) {
          isAwake = false;
          break;
        }
        totalLateness += lateness;
        if (lateness > latenessMinutes) {
          latenessMinutes = lateness;
          latestPeople = [id];
        } else if (lateness === latenessMinutes) latestPeople.push(id);
      }
      const key = `${startMs}:${window.people.join('\u0000')}`;
      if (isAwake && !candidates.has(key)) {
        candidates.set(key, {
          startMs,
          endMs,
          people: window.people,
          latestPeople,
          latenessMinutes,
          totalLateness,
        });
      }
    }
  }
  return pickRotating([...candidates.values()], options.limit ?? 5, { ...options.lateCounts });
}

function pickRotating(
  candidates: Candidate[],
  limit: number,
  lateCounts: Record<string, number>,
): SlotSuggestion[] {
  const picked: SlotSuggestion[] = [];
  let remaining = candidates;
  while (picked.length < limit && remaining.length > 0) {
    const lateness = (c: Candidate) => Math.max(...c.latestPeople.map((id) => lateCounts[id] ?? 0));
    let best = remaining[0]!;
    for (const c of remaining) if (isBetter(c, best, lateness)) best = c;
    const { totalLateness: _, ...suggestion } = best;
    picked.push(suggestion);
    for (const id of best.latestPeople) lateCounts[id] = (lateCounts[id] ?? 0) + 1;
    remaining = remaining.filter((c) => c.endMs <= best.startMs || c.startMs >= best.endMs);
  }
  return picked;
}

function isBetter(a: Candidate, b: Candidate, lateCount: (c: Candidate) => number): boolean {
  if (a.people.length !== b.people.length) return a.people.length > b.people.length;
  const bucketA = Math.ceil(a.latenessMinutes / LATENESS_BUCKET_MINUTES);
  const bucketB = Math.ceil(b.latenessMinutes / LATENESS_BUCKET_MINUTES);
  if (bucketA !== bucketB) return bucketA < bucketB;
  const countA = lateCount(a);
  const countB = lateCount(b);
  if (countA !== countB) return countA < countB;
  if (a.latenessMinutes !== b.latenessMinutes) return a.latenessMinutes < b.latenessMinutes;
  if (a.totalLateness !== b.totalLateness) return a.totalLateness < b.totalLateness;
  if (a.startMs !== b.startMs) return a.startMs < b.startMs;
  return compareIds(a.people.join('\u0000'), b.people.join('\u0000')) < 0;
}

function parseWaking(hours: WakingHours): { wakeStart: number; wakeLength: number } {
  const wakeStart = clockMinutes(hours.start, 'wakingHours.start', false);
  const wakeEnd = clockMinutes(hours.end, 'wakingHours.end', true);
  return { wakeStart, wakeLength: (wakeEnd - wakeStart + 1440) % 1440 || 1440 };
}

function clockMinutes(text: string, field: string, allowEndOfDay: boolean): number {
  const minutes = parseClockTime(text, allowEndOfDay);
  if (minutes === undefined) {
    throw new AppError('availability.bad_clock_time', `${field}: "${text}" is not a time of day (HH:mm)`, {
      field,
    });
  }
  return minutes % 1440;
}
