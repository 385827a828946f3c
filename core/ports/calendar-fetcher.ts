/**
 * Reads a calendar's secret ICS address on a user's behalf. Implementations refuse addresses that are
 * not on the public internet and bound time and size. Every failure throws the same AppError
 * (`calendarUnreachable(reason)` from core/availability/calendar-failures.ts): one sentence for the
 * person, the reason as a code in `details.reason`, never the address or what the server sent.
 *
 * @example
 * const icsText = await fetcher.fetchIcs('https://calendar.example.com/private-abc/basic.ics');
 */
export interface CalendarFetcher {
  fetchIcs(url: string): Promise<string>;
}
