import { DateTime } from 'luxon';
import { localToUtcMs, MINUTE_MS, zoneOffsetMinutes } from '../local-time.ts';
import type { Frame } from './frame.ts';
import { BYDAY } from './lexicon.ts';
import type { DayRef } from './pieces.ts';
import { type DayWindow, WHOLE_DAY } from './times.ts';

/** The reader's clock: `now` in the creator's zone. */
export interface ReadContext {
  now: DateTime;
  /** Local midnight starting `now`'s day. */
  today: DateTime;
  timeZone: string;
}

/** An item with its instants, for ordering; `start`/`end` are what is printed. */
export interface ResolvedItem {
  kind: 'available' | 'unavailable';
  startMs: number;
  endMs: number;
  start: string;
  end: string;
  rrule?: string;
}

const today = (context: ReadContext) => context.today;

/**
 * The instant `minutes` after the local midnight starting `day` (past 1440: a later day), through
 * the memoised offsets of local-time.ts (a time in a spring-forward gap moves forward, RFC 5545).
 */
const instantMs = (context: ReadContext, day: DateTime, minutes: number) =>
  localToUtcMs({ year: day.year, month: day.month, day: day.day }, minutes, context.timeZone);

/** ISO 8601 with the zone's UTC offset at that instant: 2026-12-08T18:00:00-06:00 (never "Z"). */
function isoWithOffset(ms: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(timeZone, ms);
  const local = new Date(ms + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function item(
  context: ReadContext,
  kind: ResolvedItem['kind'],
  day: DateTime,
  window: DayWindow,
  rrule?: string,
): ResolvedItem {
  const startMs = instantMs(context, day, window.startMin);
  const endMs = instantMs(context, day, window.endMin);
  return {
    kind,
    startMs,
    endMs,
    start: isoWithOffset(startMs, context.timeZone),
    end: isoWithOffset(endMs, context.timeZone),
    ...(rrule ? { rrule } : {}),
  };
}

const startsAfterNow = (context: ReadContext, day: DateTime, window: DayWindow) =>
  instantMs(context, day, window.startMin) > context.now.toMillis();
const endsAfterNow = (context: ReadContext, day: DateTime, window: DayWindow) =>
  instantMs(context, day, window.endMin) > context.now.toMillis();

/** Monday of this week (0), next week (1) or the week after (2); weeks start on Monday. */
export const mondayOf = (context: ReadContext, week: number) =>
  today(context)
    .minus({ days: context.now.weekday - 1 })
    .plus({ weeks: week });

/** "the 14th" is this month's unless it has passed; "Dec 3" this year's unless it has passed. */
function dateOf(context: ReadContext, ref: Extract<DayRef, { type: 'date' }>): DateTime | undefined {
  const base = today(context);
  const make = (year: number, month: number) => {
    const date = DateTime.fromObject({ year, month, day: ref.day }, { zone: context.timeZone });
    return date.isValid && date.day === ref.day ? date : undefined;
  };
  if (ref.year !== undefined && ref.month !== undefined) return make(ref.year, ref.month);
  if (ref.month !== undefined) {
    const thisYear = make(base.year, ref.month);
    if (thisYear && thisYear >= base) return thisYear;
    return make(base.year + 1, ref.month);
  }
  for (let k = 0; k < 13; k++) {
    const month = base.plus({ months: k });
    const date = make(month.year, month.month);
    if (date && date >= base) return date;
  }
  return undefined;
}

/** The days of one scoped week (or the coming weekend), dropping days already over. */
function daysOfWeek(
  context: ReadContext,
  week: number,
  weekdays: readonly number[],
  window: DayWindow,
): DateTime[] {
  const monday = mondayOf(context, week);
  return weekdays
    .map((weekday) => monday.plus({ days: weekday - 1 }))
    .filter((day) => endsAfterNow(context, day, window));
}

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7];
/** A run of dates longer than this ("Jan 1 - Dec 31") is quoted back, not read as months of items. */
const MAX_RUN_DAYS = 31;
const WORK_WEEK = [1, 2, 3, 4, 5];
const WEEKEND = [6, 7];

/** The days one reference names for a window, or undefined when it names no real day. */
function daysOf(
  context: ReadContext,
  ref: DayRef,
  window: DayWindow,
  week: number | undefined,
): DateTime[] | undefined {
  switch (ref.type) {
    case 'weekday': {
      const scope = ref.week ?? week;
      if (scope !== undefined) return [mondayOf(context, scope).plus({ days: ref.weekday - 1 })];
      // A bare weekday is the next one after now: today only while the stated time is still ahead.
      const ahead = (ref.weekday - context.now.weekday + 7) % 7;
      const day = today(context).plus({ days: ahead });
      return [ahead > 0 || startsAfterNow(context, day, window) ? day : day.plus({ days: 7 })];
    }
    case 'date': {
      const date = dateOf(context, ref);
      return date ? [date] : undefined;
    }
    case 'run': {
      const from = dateOf(context, { type: 'date', ...ref.from });
      let to = from && DateTime.fromObject({ year: from.year, ...ref.to }, { zone: context.timeZone });
      if (!from || !to?.isValid) return undefined;
      if (to < from) to = to.plus({ years: 1 });
      const length = Math.round(to.diff(from, 'days').days) + 1;
      return length > MAX_RUN_DAYS ? undefined : Array.from({ length }, (_, k) => from.plus({ days: k }));
    }
    case 'weekOf': {
      const date = dateOf(context, ref.date);
      if (!date) return undefined;
      const monday = date.minus({ days: date.weekday - 1 });
      return ALL_WEEK.map((weekday) => monday.plus({ days: weekday - 1 }));
    }
    case 'relative':
      return [today(context).plus({ days: ref.offsetDays })];
    case 'weekdays':
      return daysOfWeek(context, week ?? 0, WORK_WEEK, window);
    case 'weekend':
      return daysOfWeek(context, ref.week ?? week ?? 0, WEEKEND, window);
    case 'daily':
      return daysOfWeek(context, week ?? 0, ALL_WEEK, window);
  }
}

const isRecurring = (frame: Frame) =>
  frame.week === undefined &&
  (frame.everyInterval !== undefined ||
    frame.windows.some((w) => w.isPlural) ||
    frame.days.some(
      (day) =>
        (day.type === 'weekday' && day.isPlural && day.week === undefined) ||
        day.type === 'weekdays' ||
        day.type === 'daily' ||
        (day.type === 'weekend' && day.isPlural),
    ));

/** The weekly rule of a recurring frame, or undefined when it mixes in dates. */
function ruleOf(frame: Frame): { rrule: string; weekdays: number[] } | undefined {
  const named = new Set<number>();
  for (const day of frame.days) {
    if (day.type === 'weekday' && day.week === undefined) named.add(day.weekday);
    else if (day.type === 'weekdays') for (const d of WORK_WEEK) named.add(d);
    else if (day.type === 'weekend' && day.week === undefined) for (const d of WEEKEND) named.add(d);
    else if (day.type === 'daily') for (const d of ALL_WEEK) named.add(d);
    else return undefined;
  }
  // No day named ("mornings", "every afternoon"): every day, less the excepted ones.
  const weekdays = named.size ? named : new Set(ALL_WEEK);
  for (const day of frame.exceptDays) {
    if (day.type !== 'weekday') return undefined;
    weekdays.delete(day.weekday);
  }
  if (weekdays.size === 0) return undefined;
  const interval = frame.everyInterval === 2 ? ';INTERVAL=2' : '';
  const sorted = [...weekdays].toSorted((a, b) => a - b);
  if (sorted.length === 7 && !interval) return { rrule: 'FREQ=DAILY', weekdays: sorted };
  return { rrule: `FREQ=WEEKLY${interval};BYDAY=${sorted.map((d) => BYDAY[d]).join(',')}`, weekdays: sorted };
}

/** The items a frame names, or undefined when it cannot be read (a day that does not exist, ...). */
export function resolveFrame(context: ReadContext, frame: Frame): ResolvedItem[] | undefined {
  const kind = frame.isNegated ? 'unavailable' : 'available';
  const windows = frame.windows.length ? frame.windows.map((w) => w.window) : [WHOLE_DAY];
  if (isRecurring(frame)) {
    const rule = ruleOf(frame);
    if (!rule) return undefined;
    return windows.map((window) => {
      // The first occurrence that starts on or after now.
      for (let k = 0; k <= 7; k++) {
        if (!rule.weekdays.includes(((context.now.weekday - 1 + k) % 7) + 1)) continue;
        const day = today(context).plus({ days: k });
        if (instantMs(context, day, window.startMin) >= context.now.toMillis())
          return item(context, kind, day, window, rule.rrule);
      }
      throw new Error('unreachable: a weekly rule occurs within 8 days');
    });
  }
  if (frame.days.length === 0 && frame.week === undefined) return undefined;
  const days = settledDays(context, frame.days);
  if (!days) return undefined;
  const items: ResolvedItem[] = [];
  for (const window of windows) {
    const refs: (DayRef | undefined)[] = days.length ? days : [undefined];
    for (const ref of refs) {
      const days = ref
        ? daysOf(context, ref, window, frame.week)
        : daysOfWeek(context, frame.week!, ALL_WEEK, window);
      if (!days) return undefined;
      for (const day of days)
        if (!isExcepted(context, frame, day)) items.push(item(context, kind, day, window));
    }
  }
  return items;
}

const isoDate = (day: DateTime) => day.toISODate()!;

/** The dates a location note covers: its week, "until the 10th", or its days. */
export function noteDates(context: ReadContext, frame: Frame): { from?: string; to?: string } {
  if (frame.week !== undefined) {
    const monday = mondayOf(context, frame.week);
    return { from: isoDate(monday), to: isoDate(monday.plus({ days: 6 })) };
  }
  if (frame.until) {
    const until = daysOf(context, frame.until, WHOLE_DAY, undefined)?.[0];
    return until ? { from: isoDate(today(context)), to: isoDate(until) } : {};
  }
  const days = frame.days
    .flatMap((ref) => daysOf(context, ref, WHOLE_DAY, undefined) ?? [])
    .toSorted((a, b) => a.toMillis() - b.toMillis());
  return days.length ? { from: isoDate(days[0]!), to: isoDate(days.at(-1)!) } : {};
}

/**
 * A weekday beside a date is that date's weekday ("Wed the 9th" is one day), and it settles a
 * numeric date that reads both ways ("Thursday 12/10" is 10 December). Undefined: still ambiguous.
 */
function settledDays(context: ReadContext, refs: readonly DayRef[]): DayRef[] | undefined {
  const weekdays = new Set(
    refs.flatMap((ref) =>
      ref.type === 'weekday' && !ref.isPlural && ref.week === undefined ? [ref.weekday] : [],
    ),
  );
  const dates: DayRef[] = [];
  for (const ref of refs) {
    if (ref.type !== 'date') continue;
    if (!ref.other) {
      dates.push(ref);
      continue;
    }
    const readings = [
      {
        type: 'date' as const,
        ...(ref.year === undefined ? {} : { year: ref.year }),
        month: ref.month,
        day: ref.day,
      },
      { type: 'date' as const, ...(ref.year === undefined ? {} : { year: ref.year }), ...ref.other },
    ].filter((reading) => {
      const date = dateOf(context, reading);
      return date !== undefined && weekdays.has(date.weekday);
    });
    if (readings.length !== 1) return undefined;
    dates.push(readings[0]!);
  }
  const dateWeekdays = new Set(
    dates.flatMap((ref) => (ref.type === 'date' ? [dateOf(context, ref)?.weekday] : [])),
  );
  return [
    ...refs.filter(
      (ref) =>
        ref.type !== 'date' &&
        !(ref.type === 'weekday' && !ref.isPlural && ref.week === undefined && dateWeekdays.has(ref.weekday)),
    ),
    ...dates,
  ];
}

/** Whether "except ..." takes this day out. */
function isExcepted(context: ReadContext, frame: Frame, day: DateTime): boolean {
  return frame.exceptDays.some((ref) =>
    ref.type === 'weekday'
      ? ref.weekday === day.weekday
      : ref.type === 'date'
        ? dateOf(context, ref)?.hasSame(day, 'day') === true
        : false,
  );
}
