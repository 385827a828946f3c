import { z } from 'zod';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import type { CalendarParser } from '../../core/ports/calendar-parser.ts';
import { type JobHandler, type JobQueue, UnrecoverableJobError } from '../../core/ports/job-queue.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import { staleUrlCalendars, syncCalendar } from '../../db/repositories/calendars.repository.ts';
import type { SecretBox } from '../../db/secret-box.ts';

export const SYNC_CALENDAR_JOB = 'calendars.sync';
export const SYNC_DUE_CALENDARS_JOB = 'calendars.sync-due';
export const CALENDAR_REFRESH_MS = 60 * 60_000;

export interface CalendarJobDeps {
  database: Database;
  secrets: SecretBox;
  fetcher: CalendarFetcher;
  calendarParser: CalendarParser;
  clock: Clock;
  queue: () => JobQueue;
}

const payloadSchema = z.object({ calendarId: z.uuid() });

/** Refreshes one URL calendar's busy time. Fetch failures are recorded on the calendar, not retried blindly. */
export function syncCalendarJob(deps: CalendarJobDeps): JobHandler {
  return async (payload, context) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success || !context.tenantId) {
      throw new UnrecoverableJobError('calendars.sync needs {calendarId: uuid} and a tenant');
    }
    await syncCalendar(deps, {
      tenantId: context.tenantId,
      calendarId: parsed.data.calendarId,
      nowMs: deps.clock.nowMs(),
    });
  };
}

/**
 * Finds URL calendars not refreshed for an hour and enqueues one sync each. The idempotency key is
 * per calendar per hour, so overlapping sweeps (several servers, a restart) enqueue each once.
 */
export function syncDueCalendarsJob(deps: CalendarJobDeps): JobHandler {
  return async () => {
    const nowMs = deps.clock.nowMs();
    const hour = Math.floor(nowMs / CALENDAR_REFRESH_MS);
    for (const { tenantId, calendarId } of await staleUrlCalendars(
      deps.database,
      nowMs - CALENDAR_REFRESH_MS,
    )) {
      await deps.queue().enqueue({
        name: SYNC_CALENDAR_JOB,
        tenantId,
        payload: { calendarId },
        idempotencyKey: `${SYNC_CALENDAR_JOB}.${calendarId}.${hour}`,
      });
    }
  };
}
