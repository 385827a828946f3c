import { DateTime } from 'luxon';

/**
 * The common shape of an ISO 8601 instant: extended date, optional `THH:mm[:ss[.fraction]]`, optional
 * `Z` or `±HH:mm`. For these `Date.parse` is exact (ECMA-262 21.4.3.2, the Date Time String Format)
 * once the ranges are checked here: it rolls `2026-02-30` over to March instead of refusing it.
 */
const COMMON_ISO =
  /^\d{4}-\d{2}-\d{2}(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/;

/**
 * Milliseconds for an ISO 8601 date-time, a value without an offset read as UTC (never as the process's
 * zone); `undefined` when it is not one. The common shape takes `Date.parse` (about 20x faster than
 * luxon, which dominated parsing thousands of busy times); any other ISO form luxon accepts
 * (`2026-03-02T10`, `+05`, a comma fraction, `24:00`) still parses, through luxon.
 *
 * @example
 * parseIsoInstant('2026-03-09T22:00:00+01:00'); // 1773090000000
 * parseIsoInstant('2026-02-30T10:00Z'); // undefined
 */
export function parseIsoInstant(text: string): number | undefined {
  // A test without captures, then the fields by position: capturing groups cost more than Date.parse.
  if (!COMMON_ISO.test(text)) return parseWithLuxon(text);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const year = twoDigitsAt(text, 0) * 100 + twoDigitsAt(text, 2);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // Date-only forms are UTC for Date.parse; a date-time without an offset would be local time.
  const last = text.charCodeAt(text.length - 6);
  const hasOffset = text.endsWith('Z') || last === PLUS || last === MINUS;
  return Date.parse(text.length === 10 || hasOffset ? text : `${text}Z`);
}

function parseWithLuxon(text: string): number | undefined {
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

const PLUS = 0x2b;
const MINUS = 0x2d;
const ZERO = 0x30;

function twoDigitsAt(text: string, index: number): number {
  return (text.charCodeAt(index) - ZERO) * 10 + text.charCodeAt(index + 1) - ZERO;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
