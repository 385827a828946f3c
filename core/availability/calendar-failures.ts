import { AppError } from '../shared/app-error.ts';
import { CALENDAR_BOUNDS, syncWindowAheadLabel } from './calendar-bounds.ts';

const REASONS = [
  // Reaching the address: all of these read the same to a person, so none tells what is behind it.
  'refused_address',
  'dns_failed',
  'connect_failed',
  'bad_status',
  'bad_redirect',
  'too_many_redirects',
  'timeout',
  'not_ics',
  // Bounds on a feed that was read: named, so its owner knows what to change.
  'too_large',
  'too_many_busy',
  'too_many_repeats',
  'too_complex',
  'creator_busy_limit',
  // Ours: every reader is busy.
  'parser_busy',
  // A last_error written before reasons were codes.
  'legacy',
] as const;

/**
 * Why reading a calendar failed, as a code: all `calendars.last_error` stores and all a log may carry.
 * A code never holds the address or anything the server sent.
 */
export type CalendarFailureReason = (typeof REASONS)[number];
const KNOWN = new Set<string>(REASONS);

/** The reasons that are bounds on a feed that was read. */
export type CalendarBoundReason = Extract<
  CalendarFailureReason,
  'too_large' | 'too_many_busy' | 'too_many_repeats' | 'too_complex' | 'creator_busy_limit'
>;

/** The one sentence every failure to read a calendar address starts with. */
export const CALENDAR_UNREACHABLE_MESSAGE = "Couldn't read a calendar at that address.";

const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`;
const count = (value: number) => value.toLocaleString('en-US');

const BOUND_TEXT: Record<CalendarBoundReason, string> = {
  too_large: `That calendar is too large to import: more than ${mb(CALENDAR_BOUNDS.feedBytes)}.`,
  too_many_busy: `That calendar repeats too often to import: more than ${count(CALENDAR_BOUNDS.busyPerFeed)} busy times in the next ${syncWindowAheadLabel()}.`,
  too_many_repeats: `That calendar repeats too often to import: more than ${count(CALENDAR_BOUNDS.repeatStepsPerFeed)} repeats to work through.`,
  too_complex: `That calendar is too complex to import: reading it takes more than ${CALENDAR_BOUNDS.parseBudgetMs / 1000} seconds.`,
  creator_busy_limit: `That would be more than ${count(CALENDAR_BOUNDS.busyPerCreator)} busy times from calendars for one person: remove a calendar first (/avail calendar remove N).`,
};

const isBound = (reason: CalendarFailureReason): reason is CalendarBoundReason => reason in BOUND_TEXT;

/**
 * What a person is told about a calendar address that failed: the one generic sentence, followed by
 * the bound when the feed was read but is past one.
 *
 * @example
 * calendarFailureText('timeout'); // "Couldn't read a calendar at that address."
 */
export function calendarFailureText(reason: CalendarFailureReason): string {
  if (reason === 'parser_busy') return 'Calendars are busy being read right now: try again in a minute.';
  return isBound(reason)
    ? `${CALENDAR_UNREACHABLE_MESSAGE} ${BOUND_TEXT[reason]}`
    : CALENDAR_UNREACHABLE_MESSAGE;
}

/** The error of a calendar address that failed; the real reason only in `details.reason`. */
export function calendarUnreachable(reason: CalendarFailureReason): AppError {
  return new AppError(
    isBound(reason) ? 'availability.calendar_too_big' : 'availability.calendar_unreachable',
    calendarFailureText(reason),
    { reason },
  );
}

/** A feed (or uploaded file) past a bound: the sentence names the bound, without the address part. */
export function calendarBoundError(reason: CalendarBoundReason): AppError {
  return new AppError('availability.calendar_too_big', BOUND_TEXT[reason], { reason });
}

/** The reason an AppError from fetching or reading a feed carries; `not_ics` for a feed that did not parse. */
export function calendarFailureReason(error: AppError): CalendarFailureReason {
  const reason = error.details.reason;
  if (typeof reason === 'string' && KNOWN.has(reason)) return reason as CalendarFailureReason;
  return error.code === 'availability.bad_ics' ? 'not_ics' : 'connect_failed';
}

/** A stored `last_error` read back: a known reason, else `legacy`. */
export function storedFailureReason(text: string): CalendarFailureReason {
  return KNOWN.has(text) ? (text as CalendarFailureReason) : 'legacy';
}
