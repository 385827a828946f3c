import { DateTime } from 'luxon';

/**
 * Milliseconds for an ISO 8601 date-time, a value without an offset read as UTC (never as the process's
 * zone); `undefined` when it is not one. The common shape (extended date, optional
 * `THH:mm[:ss[.fraction]]`, optional `Z` or `±HH:mm`) is read field by field here, without a regular
 * expression or luxon: busy times arrive by the thousand and parsing them dominated the overlap path.
 * Its dates are checked (`2026-02-30` is refused, where `Date.parse` rolls it over to March). Any other
 * ISO form luxon accepts (`2026-03-02T10`, `+05`, a comma fraction, `24:00`) still parses, through luxon.
 *
 * @example
 * parseIsoInstant('2026-03-09T22:00:00+01:00'); // 1773090000000
 * parseIsoInstant('2026-02-30T10:00Z'); // undefined
 */
export function parseIsoInstant(text: string): number | undefined {
  const ms = parseCommonShape(text);
  return ms === NOT_COMMON ? parseWithLuxon(text) : ms;
}

const NOT_COMMON = Number.NEGATIVE_INFINITY;

function parseCommonShape(text: string): number | undefined {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== MINUS || text.charCodeAt(7) !== MINUS) return NOT_COMMON;
  const century = twoDigitsAt(text, 0);
  const yearInCentury = twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  if (century < 0 || yearInCentury < 0 || month < 0 || day < 0) return NOT_COMMON;
  let msOfDay = 0;
  let offsetMinutes = 0;
  if (length > 10) {
    if (text.charCodeAt(10) !== T || text.charCodeAt(13) !== COLON) return NOT_COMMON;
    const hour = twoDigitsAt(text, 11);
    const minute = twoDigitsAt(text, 14);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NOT_COMMON;
    msOfDay = hour * 3_600_000 + minute * 60_000;
    let at = 16;
    if (text.charCodeAt(at) === COLON) {
      const second = twoDigitsAt(text, at + 1);
      if (second < 0 || second > 59) return NOT_COMMON;
      msOfDay += second * 1000;
      at += 3;
      if (text.charCodeAt(at) === DOT) {
        at++;
        let digits = 0;
        let fractionMs = 0;
        for (let code = text.charCodeAt(at); code >= ZERO && code <= NINE; code = text.charCodeAt(++at)) {
          if (digits < 3) fractionMs = fractionMs * 10 + code - ZERO;
          digits++;
        }
        if (digits === 0 || digits > 9) return NOT_COMMON;
        // Milliseconds are the first three digits, truncated, as Date.parse and luxon read them.
        for (let scale = digits; scale < 3; scale++) fractionMs *= 10;
        msOfDay += fractionMs;
      }
    }
    if (at < length) {
      const sign = text.charCodeAt(at);
      if (sign === Z && at + 1 === length) {
        // UTC
      } else if (
        (sign === PLUS || sign === MINUS) &&
        at + 6 === length &&
        text.charCodeAt(at + 3) === COLON
      ) {
        const offsetHour = twoDigitsAt(text, at + 1);
        const offsetMinute = twoDigitsAt(text, at + 4);
        if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return NOT_COMMON;
        offsetMinutes = (sign === PLUS ? 1 : -1) * (offsetHour * 60 + offsetMinute);
      } else {
        return NOT_COMMON;
      }
    }
  }
  const year = century * 100 + yearInCentury;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day) * DAY_MS + msOfDay - offsetMinutes * 60_000;
}

function parseWithLuxon(text: string): number | undefined {
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

const DAY_MS = 86_400_000;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const ZERO = 0x30;
const NINE = 0x39;
const T = 0x54;
const Z = 0x5a;

/** The two decimal digits at `index` as a number, or -1 when either is not a digit. */
function twoDigitsAt(text: string, index: number): number {
  const tens = text.charCodeAt(index) - ZERO;
  const ones = text.charCodeAt(index + 1) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`), exact for every
 * year 0000-9999 (`Date.UTC` would read years below 100 as 19xx).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
