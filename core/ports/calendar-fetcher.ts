/**
 * Reads a calendar's secret ICS address. Implementations bound time and size; failures throw
 * AppError `availability.calendar_unreachable` with a message fit for the calendar's owner.
 *
 * @example
 * const icsText = await fetcher.fetchIcs('https://calendar.example.com/private-abc/basic.ics');
 */
export interface CalendarFetcher {
  fetchIcs(url: string): Promise<string>;
}
