import { randomBytes } from 'node:crypto';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { type Clock, fixedClock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import { type SecretBox, secretBox } from '../../db/secret-box.ts';

/** Serves ICS feeds from memory by URL: a working fake for code that reads calendars. */
export function memoryCalendarFetcher(
  feeds: Record<string, string> = {},
): CalendarFetcher & { feeds: Record<string, string> } {
  return {
    feeds,
    async fetchIcs(url) {
      const feed = feeds[url];
      if (feed === undefined) {
        throw new AppError(
          'availability.calendar_unreachable',
          `Could not read the calendar at ${new URL(url).host}: HTTP 404`,
        );
      }
      return feed;
    },
  };
}

export interface TestRuntimeParts {
  database: Database;
  secrets: SecretBox;
  fetcher: ReturnType<typeof memoryCalendarFetcher>;
  clock: Clock & { advance(ms: number): void; set(ms: number): void };
}

/** The runtime pieces services need, with a fixed clock and in-memory calendars. */
export function testRuntimeParts(
  database: Database,
  nowMs = Date.parse('2026-11-23T12:00:00Z'),
): TestRuntimeParts {
  return {
    database,
    secrets: secretBox(randomBytes(32)),
    fetcher: memoryCalendarFetcher(),
    clock: fixedClock(nowMs),
  };
}
