import type { BlockRecord, CalendarRecord, RuleRecord } from '../../../availability/availability.store.ts';
import { calendarFailureText } from '../../../availability/calendar-failures.ts';
import type { Interval } from '../../../availability/intervals.ts';
import { localToUtcMs, utcMsToLocal } from '../../../availability/local-time.ts';
import { rangeText } from './avail-args.ts';

const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_LABELS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CODE_LABELS: Record<string, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
};
const DAY_MINUTES = 24 * 60;

const pad = (value: number) => String(value).padStart(2, '0');

/** `Mon 23 Nov` in the given zone. */
export function localDayLabel(ms: number, timeZone: string): string {
  const local = utcMsToLocal(ms, timeZone);
  return `${WEEKDAY_LABELS[local.weekday - 1]} ${local.day} ${MONTH_LABELS[local.month - 1]}`;
}

export function localClock(ms: number, timeZone: string): string {
  const local = utcMsToLocal(ms, timeZone);
  return `${pad(local.hour)}:${pad(local.minute)}`;
}

/** A weekly rule as people say it: `Mon, Wed 17:00-19:00`, `Every 2 weeks: Tue 10:00-14:00 (from 2026-12-01)`. */
export function describeRule(rule: Omit<RuleRecord, 'id'>): string {
  const parts = Object.fromEntries(
    rule.rrule.split(';').map((part) => part.split('=') as [string, string]),
  ) as Record<string, string | undefined>;
  const days = parts.BYDAY?.split(',').map((code) => CODE_LABELS[code] ?? code);
  const interval = Number(parts.INTERVAL ?? 1);
  let when: string;
  if (parts.FREQ === 'DAILY' && interval === 1) when = 'Every day';
  else if (parts.FREQ === 'WEEKLY' && days) {
    const dayText = days.length === 7 ? 'Every day' : days.join(', ');
    when = interval > 1 ? `Every ${interval} weeks: ${dayText}` : dayText;
  } else when = rule.rrule;
  const span = [rule.fromDate && `from ${rule.fromDate}`, rule.untilDate && `until ${rule.untilDate}`].filter(
    Boolean,
  );
  return `${when} ${rangeText(rule.startTime, rule.endTime)}${span.length ? ` (${span.join(', ')})` : ''}`;
}

/** A one-off in the creator's zone: `Off Thu 24 Dec 00:00 – Sat 26 Dec 24:00 · holiday`. */
export function describeBlock(block: Omit<BlockRecord, 'id'>, timeZone: string): string {
  const label = block.kind === 'unavailable' ? 'Off' : 'Extra';
  const endsAtMidnight = utcMsToLocal(block.endMs, timeZone).minuteOfDay === 0;
  const endLabel = endsAtMidnight
    ? `${localDayLabel(block.endMs - 1, timeZone)} 24:00`
    : `${localDayLabel(block.endMs, timeZone)} ${localClock(block.endMs, timeZone)}`;
  const text = `${label} ${localDayLabel(block.startMs, timeZone)} ${localClock(block.startMs, timeZone)} – ${endLabel}`;
  return block.note ? `${text} · ${block.note}` : text;
}

/** A calendar as `/avail` numbers it: `1. calendar.example.com: 12 busy blocks · last sync failed: …`. */
export function describeCalendar(calendar: CalendarRecord, index: number): string {
  const kind = calendar.source === 'ics_file' ? ' (file)' : '';
  const failure = calendar.lastFailure
    ? ` · last sync failed: ${calendarFailureText(calendar.lastFailure)}`
    : '';
  return `${index + 1}. ${calendar.label}${kind}: ${calendar.busyCount} busy blocks${failure}`;
}

/** Start of the local week (Monday 00:00) containing `ms`, and the end of the following week. */
export function thisWeekAndNext(
  ms: number,
  timeZone: string,
): { weekStartMs: number; nextWeekStartMs: number; endMs: number } {
  const local = utcMsToLocal(ms, timeZone);
  const monday = { year: local.year, month: local.month, day: local.day - (local.weekday - 1) };
  return {
    weekStartMs: localToUtcMs(monday, 0, timeZone),
    nextWeekStartMs: localToUtcMs(monday, 7 * DAY_MINUTES, timeZone),
    endMs: localToUtcMs(monday, 14 * DAY_MINUTES, timeZone),
  };
}

/** Free time grouped by local day: `Mon 23 Nov: 17:00-19:00, 21:00-23:00`. */
export function freeByDay(free: readonly Interval[], timeZone: string): string[] {
  const lines = new Map<string, string[]>();
  for (const interval of free) {
    // A stretch past midnight is shown on the day it starts, its end with the day it ends on.
    const day = localDayLabel(interval.startMs, timeZone);
    const endsAtMidnight = utcMsToLocal(interval.endMs, timeZone).minuteOfDay === 0;
    const endDay = localDayLabel(endsAtMidnight ? interval.endMs - 1 : interval.endMs, timeZone);
    const end = endsAtMidnight
      ? `${endDay === day ? '' : `${endDay} `}24:00`
      : `${endDay === day ? '' : `${endDay.split(' ')[0]} `}${localClock(interval.endMs, timeZone)}`;
    lines.set(day, [...(lines.get(day) ?? []), `${localClock(interval.startMs, timeZone)}-${end}`]);
  }
  return [...lines].map(([day, spans]) => `${day}: ${spans.join(', ')}`);
}
