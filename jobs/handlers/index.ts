import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { RECOMPUTE_CREATOR_JOB } from '../../core/events/event-delivery.ts';
import type { Embedder } from '../../core/matching/index.ts';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import type { CalendarParser } from '../../core/ports/calendar-parser.ts';
import type { JobQueue } from '../../core/ports/job-queue.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import type { SecretBox } from '../../db/secret-box.ts';
import { databaseUnitOfWork } from '../../db/stores/unit-of-work.ts';
import type { JobHandlers } from '../job-runtime.ts';
import {
  SYNC_CALENDAR_JOB,
  SYNC_DUE_CALENDARS_JOB,
  syncCalendarJob,
  syncDueCalendarsJob,
} from './calendar-sync.job.ts';
import { REFRESH_EMBEDDINGS_JOB, refreshEmbeddingsJob } from './embeddings-refresh.job.ts';
import { MATCHING_FIT_JOB, matchingFitJob } from './matching-fit.job.ts';
import { recomputeCreatorJob } from './recompute-creator.job.ts';
import { SESSION_SWEEP_JOB, sessionSweepJob } from './session-sweep.job.ts';

/** What job handlers may use. `queue` is a getter: handlers that enqueue follow-ups are built before the queue. */
export interface JobDeps {
  database: Database;
  secrets: SecretBox;
  fetcher: CalendarFetcher;
  calendarParser: CalendarParser;
  clock: Clock;
  /** Embeds changed profiles (creators.recompute); without it only the base derivation runs. */
  embedder?: Embedder;
  queue: () => JobQueue;
  /** Direct messages for the session sweep; without one the sweep runs in the server (bots/runtime/session-sweeper.ts). */
  notifier?: Notifier;
}

/** Every job the system runs, by name: the web process (in-process queue) and the worker share it. */
export function createJobHandlers(deps: JobDeps): JobHandlers {
  return {
    [RECOMPUTE_CREATOR_JOB]: recomputeCreatorJob(deps.database, undefined, deps.embedder),
    [SYNC_CALENDAR_JOB]: syncCalendarJob(deps),
    [SYNC_DUE_CALENDARS_JOB]: syncDueCalendarsJob(deps),
    [MATCHING_FIT_JOB]: matchingFitJob(deps.database, deps.clock),
    ...(deps.embedder
      ? { [REFRESH_EMBEDDINGS_JOB]: refreshEmbeddingsJob(deps.database, deps.embedder) }
      : {}),
    ...(deps.notifier
      ? {
          [SESSION_SWEEP_JOB]: sessionSweepJob(deps.database, {
            notifier: deps.notifier,
            registry: createCommandRegistry(),
            clock: deps.clock,
            work: databaseUnitOfWork({
              database: deps.database,
              secrets: deps.secrets,
              embedder: deps.embedder ?? localHashedEmbedder(),
            }),
          }),
        }
      : {}),
  };
}
