/**
 * Free windows as people read them: with the date, in one zone, 24-hour clock. Pair answers list
 * windows across two weeks or more, so "Wed 5-7pm" alone is ambiguous; "Wed 2 Dec 17:00–19:00" is not.
 */
import type { Interval } from '../availability/intervals.ts';
import { utcMsToLocal } from '../availability/local-time.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');

/** `Tue 8 Dec` for instant `ms` in `timeZone`. */
export function dayText(ms: number, timeZone: string): string {
  const local = utcMsToLocal(ms, timeZone);
  return `${WEEKDAYS[local.weekday - 1]} ${local.day} ${MONTHS[local.month - 1]}`;
}

function clockText(ms: number, timeZone: string): string {
  const local = utcMsToLocal(ms, timeZone);
  return `${pad(local.hour)}:${pad(local.minute)}`;
}

/**
 * A window in one zone: `Tue 8 Dec 21:00–22:00`; ending at midnight `Tue 8 Dec 22:00–24:00`;
 * across midnight both days, `Tue 8 Dec 23:00 – Wed 9 Dec 01:00`.
 *
 * @example
 * datedRange({ startMs: Date.parse('2026-12-08T21:00Z'), endMs: Date.parse('2026-12-08T22:00Z') }, 'UTC');
 * // 'Tue 8 Dec 21:00–22:00'
 */
export function datedRange(window: Interval, timeZone: string): string {
  const startDay = dayText(window.startMs, timeZone);
  const lastDay = dayText(window.endMs - 1, timeZone);
  const endClock = clockText(window.endMs, timeZone);
  if (startDay === lastDay) {
    const end = endClock === '00:00' && window.endMs > window.startMs ? '24:00' : endClock;
    return `${startDay} ${clockText(window.startMs, timeZone)}–${end}`;
  }
  return `${startDay} ${clockText(window.startMs, timeZone)} – ${dayText(window.endMs, timeZone)} ${endClock}`;
}

/** `Mon 30 Nov – Sun 6 Dec`: the local days a half-open span covers (one day: `Mon 30 Nov`). */
export function spanText(span: Interval, timeZone: string): string {
  const first = dayText(span.startMs, timeZone);
  const last = dayText(Math.max(span.startMs, span.endMs - 1), timeZone);
  return first === last ? first : `${first} – ${last}`;
}

/** `2 h`, `90 min`, `2 h 30 min`. */
export function durationText(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
