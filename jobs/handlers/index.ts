import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import type { JobQueue } from '../../core/ports/job-queue.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import { RECOMPUTE_CREATOR_JOB } from '../../db/repositories/creators.repository.ts';
import type { SecretBox } from '../../db/secret-box.ts';
import type { JobHandlers } from '../job-runtime.ts';
import {
  SYNC_CALENDAR_JOB,
  SYNC_DUE_CALENDARS_JOB,
  syncCalendarJob,
  syncDueCalendarsJob,
} from './calendar-sync.job.ts';
import { recomputeCreatorJob } from './recompute-creator.job.ts';

/** What job handlers may use. `queue` is a getter: handlers that enqueue follow-ups are built before the queue. */
export interface JobDeps {
  database: Database;
  secrets: SecretBox;
  fetcher: CalendarFetcher;
  clock: Clock;
  queue: () => JobQueue;
}

/** Every job the system runs, by name: the web process (in-process queue) and the worker share it. */
export function createJobHandlers(deps: JobDeps): JobHandlers {
  return {
    [RECOMPUTE_CREATOR_JOB]: recomputeCreatorJob(deps.database),
    [SYNC_CALENDAR_JOB]: syncCalendarJob(deps),
    [SYNC_DUE_CALENDARS_JOB]: syncDueCalendarsJob(deps),
  };
}
