import { AppError } from '../shared/app-error.ts';
import { type Interval, normalizeIntervals } from './intervals.ts';
import {
  DAY_MS,
  dayNumber,
  floatingToUtcConverter,
  isValidTimeZone,
  type LocalDate,
  MINUTE_MS,
  parseClockTime,
  parseLocalDate,
} from './local-time.ts';
import { occurrenceDays } from './occurrence-days.ts';
import { type ParsedRrule, parseRrule } from './rrule-text.ts';

/**
 * A person's recurring availability: "every Monday and Wednesday, 17:00-19:00 my time".
 *
 * @example
 * const rule: RecurringRule = { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', startTime: '17:00', endTime: '19:00' };
 */
export interface RecurringRule {
  /** RFC 5545 RECUR value, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`. No DTSTART/TZID. */
  rrule: string;
  /** Local `HH:mm` start. */
  startTime: string;
  /** Local `HH:mm` end (`24:00` allowed); at or before `startTime` means it ends the next day. */
  endTime: string;
  /** First local date (inclusive, `YYYY-MM-DD`); also DTSTART for INTERVAL/COUNT. */
  fromDate?: string;
  /** Last local date on which an occurrence may start (inclusive). */
  untilDate?: string;
}

/** A rule checked once: expansion can then run many times without re-parsing. */
export interface CompiledRule {
  readonly timeZone: string;
  readonly rrule: ParsedRrule;
  readonly startMinute: number;
  readonly endMinute: number;
  readonly fromDay?: number;
  readonly untilDay?: number;
}

/**
 * Without a "from" date, INTERVAL>1 counts periods from this Monday, so "every other Tuesday" means
 * the same Tuesdays whatever window is asked for.
 */
export const DEFAULT_ANCHOR: LocalDate = { year: 1970, month: 1, day: 5 };
const ANCHOR_DAY = dayNumber(DEFAULT_ANCHOR);

/** Throws `AppError('availability.bad_time_zone')` naming `field` unless `timeZone` is an IANA zone. */
export function assertTimeZone(timeZone: string, field = 'timeZone'): void {
  if (!isValidTimeZone(timeZone)) {
    throw new AppError('availability.bad_time_zone', `${field}: "${timeZone}" is not an IANA time zone`, {
      field,
    });
  }
}

/**
 * Validates a rule; every error is an AppError whose message starts with the offending field,
 * prefixed by `field` (`people[1].rules[0]`).
 */
export function compileRule(rule: RecurringRule, timeZone: string, field = 'rule'): CompiledRule {
  assertTimeZone(timeZone);
  const startMinute = parseClockTime(rule.startTime);
  if (startMinute === undefined) throw badTime(`${field}.start`, rule.startTime);
  const endMinute = parseClockTime(rule.endTime, true);
  if (endMinute === undefined) throw badTime(`${field}.end`, rule.endTime);
  const from = rule.fromDate === undefined ? undefined : parseLocalDate(rule.fromDate);
  if (rule.fromDate !== undefined && !from) throw badDate(`${field}.from`, rule.fromDate);
  const until = rule.untilDate === undefined ? undefined : parseLocalDate(rule.untilDate);
  if (rule.untilDate !== undefined && !until) throw badDate(`${field}.until`, rule.untilDate);
  const fromDay = from && dayNumber(from);
  let untilDay = until && dayNumber(until);
  if (fromDay !== undefined && untilDay !== undefined && fromDay > untilDay) {
    throw new AppError('availability.bad_date_range', `${field}.until: ${rule.untilDate} is before "from"`, {
      field: `${field}.until`,
    });
  }
  const rrule = parseRrule(rule.rrule, `${field}.rrule`, from !== undefined);
  if (rrule.untilDate) untilDay = Math.min(untilDay ?? Number.POSITIVE_INFINITY, dayNumber(rrule.untilDate));
  return {
    timeZone,
    rrule,
    startMinute,
    endMinute,
    ...(fromDay !== undefined ? { fromDay } : {}),
    ...(untilDay !== undefined ? { untilDay } : {}),
  };
}

function badTime(field: string, value: string): AppError {
  return new AppError('availability.bad_clock_time', `${field}: "${value}" is not a time of day (HH:mm)`, {
    field,
  });
}

function badDate(field: string, value: string): AppError {
  return new AppError('availability.bad_date', `${field}: "${value}" is not a date (YYYY-MM-DD)`, { field });
}

/**
 * Expands a rule into UTC intervals intersecting `window`, clipped to it and normalised.
 * Each occurrence date's wall-clock start/end is placed in the person's zone (17:00 stays 17:00
 * across DST); gaps and overlaps are resolved as RFC 5545 says (see `floatingToUtcMs`).
 */
export function expandRule(rule: CompiledRule, window: Interval): Interval[] {
  if (window.endMs <= window.startMs) return [];
  // Local dates whose occurrences can touch the window: zones are within +-14h of UTC and an
  // occurrence may run into the next day.
  const firstDay = Math.max(
    Math.floor((window.startMs - 15 * 3_600_000) / DAY_MS) - 1,
    rule.fromDay ?? -Infinity,
  );
  const lastDay = Math.min(Math.floor((window.endMs + 15 * 3_600_000) / DAY_MS), rule.untilDay ?? Infinity);
  if (firstDay > lastDay) return [];
  const crossesMidnight = rule.endMinute <= rule.startMinute;
  const out: Interval[] = [];
  // A day number times DAY_MS is that local date's midnight as floating milliseconds.
  const startOffsetMs = rule.startMinute * MINUTE_MS;
  const endOffsetMs = (crossesMidnight ? DAY_MS : 0) + rule.endMinute * MINUTE_MS;
  const toUtc = floatingToUtcConverter(
    rule.timeZone,
    firstDay * DAY_MS + startOffsetMs,
    lastDay * DAY_MS + endOffsetMs,
  );
  for (const day of occurrenceDays(rule.rrule, rule.fromDay ?? ANCHOR_DAY, firstDay, lastDay)) {
    const startMs = toUtc(day * DAY_MS + startOffsetMs);
    const endMs = toUtc(day * DAY_MS + endOffsetMs);
    const clippedStart = Math.max(startMs, window.startMs);
    const clippedEnd = Math.min(endMs, window.endMs);
    if (clippedStart < clippedEnd) out.push({ startMs: clippedStart, endMs: clippedEnd });
  }
  return normalizeIntervals(out);
}

/** Expands several rules of one person and merges the result. */
export function expandRules(rules: readonly CompiledRule[], window: Interval): Interval[] {
  // expandRule's lists are normalised already: one rule needs no merge.
  return rules.length === 1
    ? expandRule(rules[0]!, window)
    : normalizeIntervals(rules.flatMap((rule) => expandRule(rule, window)));
}
