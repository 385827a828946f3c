import ICAL from 'ical.js';
import { AppError, isAppError } from '../shared/app-error.ts';
import { CALENDAR_BOUNDS } from './calendar-bounds.ts';
import { calendarBoundError } from './calendar-failures.ts';
import { durationParts, floatingMsOf, IcsClock } from './ics-time.ts';
import { clipIntervals, type Interval, normalizeIntervals } from './intervals.ts';
import { DAY_MS } from './local-time.ts';
import { assertTimeZone } from './recurring-rule.ts';

export interface IcsBusyLimits {
  /** Busy times inside the window, before overlaps merge. */
  busyPerFeed: number;
  /** Occurrences stepped through by all events together, before the window or in it. */
  repeatStepsPerFeed: number;
}

export interface IcsBusyOptions {
  window: Interval;
  /** IANA zone for all-day events and floating times (the person's own zone). */
  fallbackTimeZone: string;
  /** Defaults to CALENDAR_BOUNDS. */
  limits?: Partial<IcsBusyLimits>;
}

/** Counts the work a feed asks for and refuses it, whole, the moment a bound is passed. */
interface FeedTally {
  step(): void;
  busy(): void;
}

function feedTally(limits: Partial<IcsBusyLimits> = {}): FeedTally {
  const maxSteps = limits.repeatStepsPerFeed ?? CALENDAR_BOUNDS.repeatStepsPerFeed;
  const maxBusy = limits.busyPerFeed ?? CALENDAR_BOUNDS.busyPerFeed;
  let steps = 0;
  let busy = 0;
  return {
    step() {
      if (++steps > maxSteps) throw calendarBoundError('too_many_repeats');
    },
    busy() {
      if (++busy > maxBusy) throw calendarBoundError('too_many_busy');
    },
  };
}

/**
 * Busy time from an iCalendar feed, inside `window`: only when, never what (titles, attendees and
 * descriptions are not read). Recurring events (RRULE, RDATE, EXDATE), moved or cancelled instances
 * (RECURRENCE-ID), TZIDs (IANA names or the calendar's VTIMEZONEs) and all-day events are handled;
 * TRANSP:TRANSPARENT and STATUS:CANCELLED events are not busy.
 *
 * Bounded: a feed whose events step through more than `repeatStepsPerFeed` occurrences, or put more than
 * `busyPerFeed` busy times in the window, is refused (AppError `availability.calendar_too_big`, the
 * bound in `details.reason`). One ical.js step can still spin on a rule that never matches
 * (BYMONTH=2;BYMONTHDAY=30): run this where a time budget can end it (jobs/calendar-parse-pool.ts).
 *
 * @example
 * icsBusyIntervals(feedText, { window, fallbackTimeZone: 'Europe/London' });
 */
export function icsBusyIntervals(icsText: string, options: IcsBusyOptions): Interval[] {
  assertTimeZone(options.fallbackTimeZone, 'fallbackTimeZone');
  try {
    return busyInWindow(parseCalendar(icsText), options);
  } catch (error) {
    // ical.js throws plain errors on values it cannot read (a bad RRULE part, a broken date).
    if (isAppError(error)) throw error;
    throw badIcs('not valid iCalendar');
  }
}

function busyInWindow(calendar: ICAL.Component, options: IcsBusyOptions): Interval[] {
  const tally = feedTally(options.limits);
  const clock = new IcsClock(calendar, options.fallbackTimeZone);
  const events = calendar.getAllSubcomponents('vevent');
  // RECURRENCE-ID instants per UID: the master's own occurrence there is replaced.
  const overridden = new Map<string, Set<number>>();
  for (const event of events) {
    const recurrenceId = event.getFirstProperty('recurrence-id');
    if (!recurrenceId) continue;
    const uid = String(event.getFirstPropertyValue('uid') ?? '');
    const ids = overridden.get(uid) ?? new Set<number>();
    ids.add(clock.instantMs(recurrenceId.getFirstValue() as ICAL.Time, tzidOf(recurrenceId)));
    overridden.set(uid, ids);
  }
  const busy: Interval[] = [];
  for (const event of events) {
    if (!isBusy(event)) continue;
    const uid = String(event.getFirstPropertyValue('uid') ?? '');
    const skip = event.getFirstProperty('recurrence-id') ? undefined : overridden.get(uid);
    busy.push(...eventIntervals(event, clock, options.window, tally, skip));
  }
  return clipIntervals(normalizeIntervals(busy), options.window);
}

function parseCalendar(icsText: string): ICAL.Component {
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(icsText));
  } catch (error) {
    throw badIcs(`not valid iCalendar (${(error as Error).message})`);
  }
  if (calendar.name !== 'vcalendar') throw badIcs('expected a VCALENDAR');
  return calendar;
}

function badIcs(problem: string): AppError {
  return new AppError('availability.bad_ics', `ics: ${problem}`, { field: 'ics' });
}

function isBusy(event: ICAL.Component): boolean {
  const status = String(event.getFirstPropertyValue('status') ?? '').toUpperCase();
  const transp = String(event.getFirstPropertyValue('transp') ?? '').toUpperCase();
  return status !== 'CANCELLED' && transp !== 'TRANSPARENT';
}

function tzidOf(property: ICAL.Property): string | undefined {
  const tzid = property.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

function eventIntervals(
  event: ICAL.Component,
  clock: IcsClock,
  window: Interval,
  tally: FeedTally,
  skip?: Set<number>,
): Interval[] {
  const dtstart = event.getFirstProperty('dtstart');
  const start = dtstart?.getFirstValue();
  if (!dtstart || !(start instanceof ICAL.Time)) throw badIcs('a VEVENT has no valid DTSTART');
  const tzid = tzidOf(dtstart);
  const zone = clock.zoneFor(start, tzid);
  const length = eventLength(event, start, clock);
  const spanOf = (floatingStart: number): Interval => {
    const startMs = clock.instantInZone(floatingStart, zone);
    const endMs =
      length.days === 0
        ? startMs + length.exactMs
        : clock.instantInZone(floatingStart + length.days * DAY_MS, zone) + length.exactMs;
    return { startMs, endMs };
  };
  const out: Interval[] = [];
  const add = (span: Interval) => {
    tally.step();
    if (skip?.has(span.startMs)) return;
    if (span.endMs > window.startMs && span.startMs < window.endMs) {
      tally.busy();
      out.push(span);
    }
  };
  const rrule = event.getFirstPropertyValue('rrule');
  if (!(rrule instanceof ICAL.Recur)) {
    add(spanOf(floatingMsOf(start)));
    return out;
  }
  const excluded = new Set<number>();
  for (const exdate of event.getAllProperties('exdate')) {
    for (const value of exdate.getValues()) excluded.add(clock.instantMs(value as ICAL.Time, tzidOf(exdate)));
  }
  for (const rdate of event.getAllProperties('rdate')) {
    for (const value of rdate.getValues()) {
      if (value instanceof ICAL.Time) add(spanOf(floatingMsOf(value)));
    }
  }
  const untilMs = untilInstant(rrule, clock, zone);
  const recur = rrule.clone();
  recur.until = null;
  const { year, month, day, hour, minute, second, isDate } = start;
  // Iterate the wall-clock (floating) so DST never shifts the local time; zones apply per occurrence.
  const iterator = recur.iterator(ICAL.Time.fromData({ year, month, day, hour, minute, second, isDate }));
  for (let next = iterator.next(); next; next = iterator.next()) {
    const span = spanOf(floatingMsOf(next));
    if (span.startMs > untilMs || span.startMs >= window.endMs) break;
    if (excluded.has(span.startMs)) tally.step();
    else add(span);
  }
  return out;
}

function untilInstant(rrule: ICAL.Recur, clock: IcsClock, zone: ReturnType<IcsClock['zoneFor']>): number {
  const until = rrule.until;
  if (!until) return Number.POSITIVE_INFINITY;
  // A DATE UNTIL includes that whole local day; a UTC one is an instant; a floating one is local.
  if (until.isDate) return clock.instantInZone(floatingMsOf(until) + DAY_MS, zone) - 1;
  return until.zone?.tzid === 'UTC' ? floatingMsOf(until) : clock.instantInZone(floatingMsOf(until), zone);
}

function eventLength(
  event: ICAL.Component,
  start: ICAL.Time,
  clock: IcsClock,
): { days: number; exactMs: number } {
  const dtend = event.getFirstProperty('dtend');
  const end = dtend?.getFirstValue();
  if (dtend && end instanceof ICAL.Time) {
    if (start.isDate)
      return { days: Math.round((floatingMsOf(end) - floatingMsOf(start)) / DAY_MS), exactMs: 0 };
    return {
      days: 0,
      exactMs:
        clock.instantMs(end, tzidOf(dtend)) -
        clock.instantMs(start, tzidOf(event.getFirstProperty('dtstart')!)),
    };
  }
  const duration = event.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration) return durationParts(duration);
  // RFC 5545 3.6.1: without DTEND/DURATION a DATE event lasts one day, a DATE-TIME event no time.
  return start.isDate ? { days: 1, exactMs: 0 } : { days: 0, exactMs: 0 };
}
