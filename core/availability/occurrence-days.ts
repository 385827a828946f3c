import ICAL from 'ical.js';
import { dateOfDayNumber, dayNumber } from './local-time.ts';
import { type ParsedRrule, recurFor } from './rrule-text.ts';

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** ISO weekday index 0 = Monday ... 6 = Sunday of a day number (day 0, 1970-01-01, was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * The local dates (as day numbers, ascending) in `[firstDay, lastDay]` on which the rule occurs,
 * counting periods from `anchorDay` (the rule's DTSTART).
 */
export function occurrenceDays(
  rrule: ParsedRrule,
  anchorDay: number,
  firstDay: number,
  lastDay: number,
): number[] {
  const simple = simpleShapeOf(rrule);
  return simple
    ? simpleDays(rrule, simple, anchorDay, firstDay, lastDay)
    : icalDays(rrule, anchorDay, firstDay, lastDay);
}

/** What plain day arithmetic needs of a DAILY/WEEKLY rule with plain weekdays only. */
interface SimpleShape {
  /** Bit i set: ISO weekday index i is listed in BYDAY; 0 when BYDAY is absent. */
  readonly weekdayMask: number;
  readonly wkst: number;
}

// A parsed rule is immutable and compiled rules are cached, so its shape is worked out once.
const simpleShapes = new WeakMap<ParsedRrule, SimpleShape | null>();

/** The shape of a rule plain day arithmetic can expand (~100x faster than ical.js), else null. */
function simpleShapeOf(rrule: ParsedRrule): SimpleShape | null {
  let shape = simpleShapes.get(rrule);
  if (shape === undefined) {
    shape = isSimple(rrule) ? shapeOf(rrule) : null;
    simpleShapes.set(rrule, shape);
  }
  return shape;
}

function isSimple(rrule: ParsedRrule): boolean {
  if (rrule.freq !== 'DAILY' && rrule.freq !== 'WEEKLY') return false;
  if (rrule.count !== undefined) return false;
  for (const [key, value] of rrule.parts) {
    if (key === 'BYDAY' && !/^[A-Z,]+$/.test(value)) return false;
    if (!['FREQ', 'INTERVAL', 'BYDAY', 'WKST'].includes(key)) return false;
  }
  return true;
}

function shapeOf(rrule: ParsedRrule): SimpleShape {
  const byDay = rrule.parts.get('BYDAY');
  let weekdayMask = 0;
  for (const code of byDay ? byDay.split(',') : []) weekdayMask |= 1 << WEEKDAY_CODES.indexOf(code);
  return { weekdayMask, wkst: WEEKDAY_CODES.indexOf(rrule.parts.get('WKST') ?? 'MO') };
}

function simpleDays(
  rrule: ParsedRrule,
  shape: SimpleShape,
  anchorDay: number,
  firstDay: number,
  lastDay: number,
): number[] {
  const n = rrule.interval;
  // WEEKLY without BYDAY repeats on DTSTART's weekday.
  const weekdays =
    shape.weekdayMask !== 0 || rrule.freq === 'DAILY' ? shape.weekdayMask : 1 << weekdayIndex(anchorDay);
  const anchorWeekStart = anchorDay - ((weekdayIndex(anchorDay) - shape.wkst + 7) % 7);
  const days: number[] = [];
  for (let day = Math.max(firstDay, anchorDay); day <= lastDay; day++) {
    if (rrule.freq === 'DAILY') {
      if ((day - anchorDay) % n !== 0) continue;
      if (weekdays !== 0 && (weekdays & (1 << weekdayIndex(day))) === 0) continue;
    } else {
      if ((weekdays & (1 << weekdayIndex(day))) === 0) continue;
      if (Math.floor((day - anchorWeekStart) / 7) % n !== 0) continue;
    }
    days.push(day);
  }
  return days;
}

function icalDays(rrule: ParsedRrule, anchorDay: number, firstDay: number, lastDay: number): number[] {
  const recur = recurFor(rrule, dateOfDayNumber(anchorDay));
  const startDay = rrule.count === undefined ? jumpedStart(rrule, anchorDay, firstDay) : anchorDay;
  const iterator = recur.iterator(ICAL.Time.fromData({ ...dateOfDayNumber(startDay), isDate: true }));
  const days: number[] = [];
  for (let next = iterator.next(); next; next = iterator.next()) {
    const day = dayNumber(next);
    if (day > lastDay) break;
    if (day >= firstDay && satisfiesLimits(rrule, day)) days.push(day);
  }
  return days;
}

/**
 * ical.js yields DTSTART even when it does not match (DAILY;BYDAY=MO from a Wednesday) and rolls
 * impossible dates over (BYMONTH=2;BYMONTHDAY=30 gives 2 March). Every real occurrence has a
 * listed month, weekday and day of month, so checking those drops exactly such strays.
 */
function satisfiesLimits(rrule: ParsedRrule, day: number): boolean {
  const date = dateOfDayNumber(day);
  const byMonth = rrule.parts.get('BYMONTH');
  if (byMonth && !byMonth.split(',').map(Number).includes(date.month)) return false;
  const byDay = rrule.parts.get('BYDAY');
  if (byDay && !byDay.split(',').some((code) => code.endsWith(WEEKDAY_CODES[weekdayIndex(day)]!)))
    return false;
  const byMonthDay = rrule.parts.get('BYMONTHDAY');
  if (byMonthDay) {
    const monthLength = new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
    const matches = byMonthDay.split(',').map(Number);
    if (!matches.some((n) => n === date.day || n === date.day - monthLength - 1)) return false;
  }
  return true;
}

/**
 * The latest period start at or before `targetDay` that is a whole number of INTERVALs after the
 * anchor, so iteration skips the years before the window yet picks the same periods.
 */
function jumpedStart(rrule: ParsedRrule, anchorDay: number, targetDay: number): number {
  if (targetDay <= anchorDay) return anchorDay;
  const n = rrule.interval;
  const anchor = dateOfDayNumber(anchorDay);
  switch (rrule.freq) {
    case 'DAILY':
      return anchorDay + Math.floor((targetDay - anchorDay) / n) * n;
    case 'WEEKLY':
      // Whole weeks from the anchor keep the WKST-aligned periods the same.
      return anchorDay + Math.floor((targetDay - anchorDay) / (7 * n)) * 7 * n;
    case 'MONTHLY': {
      const target = dateOfDayNumber(targetDay);
      const months = target.year * 12 + target.month - (anchor.year * 12 + anchor.month);
      const step = Math.floor(months / n) * n;
      if (step === 0) return anchorDay;
      const index = anchor.year * 12 + anchor.month - 1 + step;
      return dayNumber({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 });
    }
    case 'YEARLY': {
      const step = Math.floor((dateOfDayNumber(targetDay).year - anchor.year) / n) * n;
      return step === 0 ? anchorDay : dayNumber({ year: anchor.year + step, month: 1, day: 1 });
    }
  }
}
