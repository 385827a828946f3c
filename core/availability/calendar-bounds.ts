import type { Interval } from './intervals.ts';
import { DAY_MS } from './local-time.ts';

const WEEK_MS = 7 * DAY_MS;

/**
 * How much of a calendar feed is read and kept. A feed past any bound is refused whole (nothing is
 * written) with a sentence that names the bound; see calendar-failures.ts.
 */
export const CALENDAR_BOUNDS = {
  /** Bytes of one fetched feed or uploaded file. */
  feedBytes: 2 * 1024 * 1024,
  /** Busy times one feed may produce inside the sync window (before merging overlaps). */
  busyPerFeed: 5_000,
  /** Occurrences a feed's events may step through, before the window or in it (each RDATE counts). */
  repeatStepsPerFeed: 100_000,
  /** Busy times from all of one creator's calendars together. */
  busyPerCreator: 10_000,
  calendarsPerCreator: 5,
  /** Wall-clock time reading one feed may take; the worker reading it is ended when it is spent. */
  parseBudgetMs: 2_000,
  /** The sync window: a week back (so "this week" is whole) to 8 weeks ahead; the hourly sync moves it. */
  pastMs: WEEK_MS,
  aheadMs: 8 * WEEK_MS,
} as const;

/** The part of time a feed is expanded in, around `nowMs`. */
export function calendarSyncWindow(nowMs: number): Interval {
  return { startMs: nowMs - CALENDAR_BOUNDS.pastMs, endMs: nowMs + CALENDAR_BOUNDS.aheadMs };
}

/** `8 weeks`: the window ahead as people say it. */
export function syncWindowAheadLabel(): string {
  return `${CALENDAR_BOUNDS.aheadMs / WEEK_MS} weeks`;
}
