import type { IcsBusyOptions } from '../availability/ics-busy.ts';
import type { Interval } from '../availability/intervals.ts';

/**
 * Reads busy time out of ICS text away from the caller's event loop, within a time budget (the pure
 * reading is `icsBusyIntervals`). Failures are AppErrors: `availability.bad_ics`,
 * `availability.calendar_too_big` (`details.reason` names the bound: too_many_busy, too_many_repeats,
 * too_complex) and `availability.calendar_readers_busy` when too many feeds are waiting.
 *
 * @example
 * const busy = await parser.busyIntervals(icsText, {
 *   window: calendarSyncWindow(clock.nowMs()),
 *   fallbackTimeZone: 'Europe/London',
 * });
 */
export interface CalendarParser {
  busyIntervals(icsText: string, options: IcsBusyOptions): Promise<Interval[]>;
}
