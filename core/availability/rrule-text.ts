import ICAL from 'ical.js';
import { AppError } from '../shared/app-error.ts';
import { type LocalDate, parseLocalDate } from './local-time.ts';

/**
 * Validation of the RRULE text in a person's recurring availability. We accept the RFC 5545
 * RECUR value only (no DTSTART, TZID or other lines: the start comes from the rule's `fromDate`
 * and the zone from the person), with day-or-coarser frequencies since times come from the rule.
 */

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface ParsedRrule {
  freq: Frequency;
  interval: number;
  count?: number;
  /** Inclusive local date from UNTIL (its date part; we treat UNTIL as a local wall-clock date). */
  untilDate?: LocalDate;
  /** The validated KEY=VALUE parts, UNTIL removed (it is applied as `untilDate`). */
  parts: ReadonlyMap<string, string>;
}

const WEEKDAY = '(?:MO|TU|WE|TH|FR|SA|SU)';
const INT_LIST = (digits: number) => new RegExp(`^[+-]?\\d{1,${digits}}(?:,[+-]?\\d{1,${digits}})*$`);
const VALUE_PATTERNS: Record<string, RegExp> = {
  FREQ: /^(?:DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^[1-9]\d{0,3}$/,
  COUNT: /^[1-9]\d{0,4}$/,
  UNTIL: /^\d{8}(?:T\d{6}Z?)?$/,
  BYDAY: new RegExp(`^(?:[+-]?\\d{1,2})?${WEEKDAY}(?:,(?:[+-]?\\d{1,2})?${WEEKDAY})*$`),
  BYMONTHDAY: INT_LIST(2),
  BYYEARDAY: INT_LIST(3),
  BYWEEKNO: INT_LIST(2),
  BYMONTH: /^(?:[1-9]|1[0-2])(?:,(?:[1-9]|1[0-2]))*$/,
  BYSETPOS: INT_LIST(3),
  WKST: new RegExp(`^${WEEKDAY}$`),
};

function bad(field: string, problem: string, text: string): AppError {
  return new AppError('availability.bad_rrule', `${field}: ${problem}`, { field, rrule: text });
}

/**
 * Parses and validates `text` (e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`), throwing
 * `AppError('availability.bad_rrule')` whose message starts with `field`.
 */
export function parseRrule(text: string, field: string, hasFromDate: boolean): ParsedRrule {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|TZID/i.test(body)) {
    throw bad(field, 'DTSTART and TZID are not accepted; use "from" and the person\'s time zone', text);
  }
  if (body === '' || /[\r\n]/.test(body)) throw bad(field, `"${text}" is not an RRULE`, text);
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const match = /^([A-Z]+)=(.+)$/.exec(part);
    if (!match) throw bad(field, `"${part}" is not a KEY=VALUE part`, text);
    const [, key, value] = match as unknown as [string, string, string];
    if (key === 'BYHOUR' || key === 'BYMINUTE' || key === 'BYSECOND') {
      throw bad(field, `${key} is not accepted; the times come from "start" and "end"`, text);
    }
    const pattern = VALUE_PATTERNS[key];
    if (!pattern) throw bad(field, `unknown or unsupported part "${key}"`, text);
    if (parts.has(key)) throw bad(field, `${key} appears twice`, text);
    if (!pattern.test(value)) throw bad(field, `${key}=${value} is not valid`, text);
    parts.set(key, value);
  }
  const freq = parts.get('FREQ') as Frequency | undefined;
  if (!freq) throw bad(field, 'FREQ is required (DAILY, WEEKLY, MONTHLY or YEARLY)', text);
  for (const [key, allowed] of Object.entries(ALLOWED_FREQS)) {
    if (parts.has(key) && !allowed.includes(freq))
      throw bad(field, `${key} cannot be used with FREQ=${freq}`, text);
  }
  if (parts.has('COUNT') && parts.has('UNTIL')) throw bad(field, 'COUNT and UNTIL cannot both be set', text);
  if (parts.has('COUNT') && !hasFromDate) {
    throw bad(field, 'COUNT needs a "from" date to count from', text);
  }
  if (!hasFromDate && !hasImplicitPartsFilled(freq, parts)) {
    throw bad(
      field,
      `FREQ=${freq} without ${REQUIRED_WITHOUT_FROM[freq]} needs a "from" date to anchor it`,
      text,
    );
  }
  let untilDate: LocalDate | undefined;
  const until = parts.get('UNTIL');
  if (until) {
    untilDate = parseLocalDate(`${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`);
    if (!untilDate) throw bad(field, `UNTIL=${until} is not a real date`, text);
  }
  parts.delete('UNTIL');
  try {
    toRecur(parts);
  } catch (error) {
    throw bad(field, `"${text}" is not a valid RRULE (${(error as Error).message})`, text);
  }
  const count = parts.get('COUNT');
  return {
    freq,
    interval: Number(parts.get('INTERVAL') ?? '1'),
    ...(count ? { count: Number(count) } : {}),
    ...(untilDate ? { untilDate } : {}),
    parts,
  };
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * The ical.js rule with the parts RFC 5545 would take from DTSTART written out from `anchor`, so
 * the iteration may start at any later period without changing which days occur.
 */
export function recurFor(parsed: ParsedRrule, anchor: LocalDate): ICAL.Recur {
  const parts = new Map(parsed.parts);
  const has = (key: string) => parts.has(key);
  const weekday = (new Date(Date.UTC(anchor.year, anchor.month - 1, anchor.day)).getUTCDay() + 6) % 7;
  if (parsed.freq === 'WEEKLY' && !has('BYDAY')) parts.set('BYDAY', WEEKDAYS[weekday]!);
  if (parsed.freq === 'MONTHLY' && !has('BYDAY') && !has('BYMONTHDAY') && !has('BYYEARDAY')) {
    parts.set('BYMONTHDAY', String(anchor.day));
  }
  if (parsed.freq === 'YEARLY' && !['BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO'].some(has)) {
    if (!has('BYMONTH')) parts.set('BYMONTH', String(anchor.month));
    parts.set('BYMONTHDAY', String(anchor.day));
  }
  return toRecur(parts);
}

function toRecur(parts: ReadonlyMap<string, string>): ICAL.Recur {
  return ICAL.Recur.fromString([...parts].map(([key, value]) => `${key}=${value}`).join(';'));
}

// RFC 5545 3.3.10: BYWEEKNO and BYYEARDAY only in YEARLY rules here, BYMONTHDAY never in WEEKLY.
const ALLOWED_FREQS: Record<string, readonly Frequency[]> = {
  BYWEEKNO: ['YEARLY'],
  BYYEARDAY: ['YEARLY'],
  BYMONTHDAY: ['DAILY', 'MONTHLY', 'YEARLY'],
};

const REQUIRED_WITHOUT_FROM: Record<Frequency, string> = {
  DAILY: '',
  WEEKLY: 'BYDAY',
  MONTHLY: 'BYDAY or BYMONTHDAY',
  YEARLY: 'BYDAY, BYMONTHDAY, BYYEARDAY or BYWEEKNO',
};

/**
 * Whether the rule names its days itself. Otherwise RFC 5545 takes the weekday / day of month /
 * month from DTSTART, which for us is the "from" date.
 */
function hasImplicitPartsFilled(freq: Frequency, parts: ReadonlyMap<string, string>): boolean {
  const has = (key: string) => parts.has(key);
  switch (freq) {
    case 'DAILY':
      return true;
    case 'WEEKLY':
      return has('BYDAY');
    case 'MONTHLY':
      return has('BYDAY') || has('BYMONTHDAY') || has('BYYEARDAY');
    case 'YEARLY':
      return has('BYYEARDAY') || has('BYWEEKNO') || has('BYDAY') || has('BYMONTHDAY');
  }
}
