import type { Database } from '../../db/database.ts';
import { RECOMPUTE_CREATOR_JOB } from '../../db/repositories/creators.repository.ts';
import type { JobHandlers } from '../job-runtime.ts';
import { recomputeCreatorJob } from './recompute-creator.job.ts';

/** Every job the system runs, by name: the web process (in-process queue) and the worker share it. */
export function createJobHandlers(database: Database): JobHandlers {
  return {
    [RECOMPUTE_CREATOR_JOB]: recomputeCreatorJob(database),
  };
}
