import { IANAZone } from 'luxon';

/**
 * Wall-clock <-> instant conversion for IANA zones. Never uses the process time zone: wall-clock
 * values travel as "floating" milliseconds (the wall-clock read as if it were UTC) and zone
 * offsets come from the IANA database via luxon.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  /** 1 = Monday ... 7 = Sunday (ISO). */
  weekday: number;
  /** Minutes since local midnight. */
  minuteOfDay: number;
}

const zoneCache = new Map<string, IANAZone | null>();

function zoneOf(timeZone: string): IANAZone | null {
  let zone = zoneCache.get(timeZone);
  if (zone === undefined) {
    zone = IANAZone.isValidZone(timeZone) ? IANAZone.create(timeZone) : null;
    zoneCache.set(timeZone, zone);
  }
  return zone;
}

/** True for names the IANA database knows (`Europe/London`, `UTC`), false for `Mars/Base`. */
export function isValidTimeZone(timeZone: string): boolean {
  return zoneOf(timeZone) !== null;
}

function requireZone(timeZone: string): IANAZone {
  const zone = zoneOf(timeZone);
  if (!zone) throw new RangeError(`Unknown time zone "${timeZone}"`);
  return zone;
}

/** A UTC day of one zone: its offset at the start and, if it changes that day, when. */
interface OffsetDay {
  startOffset: number;
  endOffset: number;
  changeMs: number;
}

// luxon asks Intl for every offset (~6 us); availability maths asks the same zone about the same
// few days thousands of times, so offsets are memoised per zone and UTC day. Bounded: a
// long-running process only ever holds the most recent entries.
const offsetDays = new Map<string, Map<number, OffsetDay>>();
const OFFSET_CACHE_LIMIT = 200_000;
let offsetCacheSize = 0;

function offsetDay(zone: IANAZone, day: number): OffsetDay {
  let days = offsetDays.get(zone.name);
  if (!days) {
    days = new Map();
    offsetDays.set(zone.name, days);
  }
  let entry = days.get(day);
  if (entry) return entry;
  let lowMs = day * DAY_MS;
  let highMs = lowMs + DAY_MS;
  const startOffset = zone.offset(lowMs);
  const endOffset = zone.offset(highMs - 1);
  // Offsets change at most once a day in practice; find the first minute of the new offset.
  while (startOffset !== endOffset && highMs - lowMs > MINUTE_MS) {
    const mid = lowMs + Math.floor((highMs - lowMs) / 2 / MINUTE_MS) * MINUTE_MS;
    if (zone.offset(mid) === startOffset) lowMs = mid;
    else highMs = mid;
  }
  entry = { startOffset, endOffset, changeMs: startOffset === endOffset ? Number.POSITIVE_INFINITY : highMs };
  if (offsetCacheSize >= OFFSET_CACHE_LIMIT) {
    offsetDays.clear();
    offsetCacheSize = 0;
  }
  days.set(day, entry);
  offsetCacheSize++;
  return entry;
}

/** UTC offset of `timeZone` at instant `ms`, in minutes (New York in winter: -300). */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  return offsetAt(requireZone(timeZone), ms);
}

function offsetAt(zone: IANAZone, ms: number): number {
  const entry = offsetDay(zone, Math.floor(ms / DAY_MS));
  return ms < entry.changeMs ? entry.startOffset : entry.endOffset;
}

/**
 * The instant at which the wall-clock `floatingMs` occurs in `timeZone`, resolved as RFC 5545
 * 3.3.5 says: a time inside a spring-forward gap uses the offset from before the gap (so it moves
 * forward by the gap's length: 02:30 -> 03:30 in New York on 2026-03-08), and an ambiguous time in
 * a fall-back overlap takes the first occurrence. (luxon alone picks the second one, hence this.)
 */
export function floatingToUtcMs(floatingMs: number, timeZone: string): number {
  const zone = requireZone(timeZone);
  const before = offsetAt(zone, floatingMs - DAY_MS);
  const after = offsetAt(zone, floatingMs + DAY_MS);
  const fromBefore = floatingMs - before * MINUTE_MS;
  if (before === after) return fromBefore;
  const isBeforeValid = offsetAt(zone, fromBefore) === before;
  const fromAfter = floatingMs - after * MINUTE_MS;
  const isAfterValid = offsetAt(zone, fromAfter) === after;
  if (isBeforeValid && isAfterValid) return Math.min(fromBefore, fromAfter);
  if (isAfterValid) return fromAfter;
  return fromBefore;
}

// Every rule of a request is expanded over the same days, and people share zones: the tables are
// memoised per zone and day range (bounded like the offset cache).
const constantOffsetTables = new Map<string, Float64Array>();
const CONSTANT_OFFSET_TABLE_LIMIT = 2_000;

/**
 * Per day of `[firstDay, lastDay]`: floatingToUtcMs(f) for f on that day reads the offsets of the
 * UTC days before and after it; where both keep one offset, and the same one, its answer is f minus
 * that offset (in ms). NaN marks the other days, around an offset change.
 */
function constantOffsetTable(zone: IANAZone, firstDay: number, lastDay: number): Float64Array {
  const table = new Float64Array(lastDay - firstDay + 1);
  for (let day = firstDay; day <= lastDay; day++) {
    const before = offsetDay(zone, day - 1);
    const after = offsetDay(zone, day + 1);
    const isConstant =
      before.startOffset === before.endOffset &&
      after.startOffset === after.endOffset &&
      before.startOffset === after.startOffset;
    table[day - firstDay] = isConstant ? before.startOffset * MINUTE_MS : Number.NaN;
  }
  return table;
}

/**
 * A converter equal to `floatingToUtcMs(f, timeZone)` for every floating `f` in `[fromFloatingMs,
 * toFloatingMs]` (outside it, it calls `floatingToUtcMs`). Expanding a rule over a month converts
 * every occurrence's edges; a day whose neighbours share one offset (all but the days around a DST
 * change) then costs a subtraction instead of two offset look-ups.
 */
export function floatingToUtcConverter(
  timeZone: string,
  fromFloatingMs: number,
  toFloatingMs: number,
): (floatingMs: number) => number {
  const zone = requireZone(timeZone);
  const firstDay = Math.floor(fromFloatingMs / DAY_MS);
  const lastDay = Math.floor(toFloatingMs / DAY_MS);
  if (!(lastDay - firstDay < 400)) return (floatingMs) => floatingToUtcMs(floatingMs, timeZone);
  const key = `${zone.name} ${firstDay} ${lastDay}`;
  let offsetMsOfDay = constantOffsetTables.get(key);
  if (!offsetMsOfDay) {
    offsetMsOfDay = constantOffsetTable(zone, firstDay, lastDay);
    if (constantOffsetTables.size >= CONSTANT_OFFSET_TABLE_LIMIT) constantOffsetTables.clear();
    constantOffsetTables.set(key, offsetMsOfDay);
  }
  const table = offsetMsOfDay;
  return (floatingMs) => {
    const offsetMs = table[Math.floor(floatingMs / DAY_MS) - firstDay];
    return offsetMs === undefined || Number.isNaN(offsetMs)
      ? floatingToUtcMs(floatingMs, timeZone)
      : floatingMs - offsetMs;
  };
}

/** Floating milliseconds for a local date plus minutes since midnight (1440 = next midnight). */
export function floatingMs(date: LocalDate, minuteOfDay: number): number {
  return Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
}

/** The instant of local `date` at `minuteOfDay` in `timeZone`. */
export function localToUtcMs(date: LocalDate, minuteOfDay: number, timeZone: string): number {
  return floatingToUtcMs(floatingMs(date, minuteOfDay), timeZone);
}

/** The wall-clock reading of instant `ms` in `timeZone`. */
export function utcMsToLocal(ms: number, timeZone: string): LocalDateTime {
  const shifted = new Date(ms + zoneOffsetMinutes(timeZone, ms) * MINUTE_MS);
  const hour = shifted.getUTCHours();
  const minute = shifted.getUTCMinutes();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour,
    minute,
    weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
    minuteOfDay: hour * 60 + minute,
  };
}

/** Days since 1970-01-01 for a local date (a zone-free day number). */
export function dayNumber(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

/** The local date for a day number. */
export function dateOfDayNumber(day: number): LocalDate {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `"17:30"` -> 1050 minutes; `"24:00"` -> 1440 only when `allowEndOfDay`; otherwise undefined. */
export function parseClockTime(text: string, allowEndOfDay = false): number | undefined {
  if (allowEndOfDay && text === '24:00') return 1440;
  const match = CLOCK_TIME.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `"2026-03-08"` -> a LocalDate, or undefined when malformed or not a real calendar date. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = dateOfDayNumber(dayNumber(date));
  const isReal = check.year === date.year && check.month === date.month && check.day === date.day;
  return isReal ? date : undefined;
}
