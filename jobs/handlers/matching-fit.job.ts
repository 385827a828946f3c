import { type JobHandler, UnrecoverableJobError } from '../../core/ports/job-queue.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import { fitTenantWeights } from '../../db/repositories/matching-fit.repository.ts';

export const MATCHING_FIT_JOB = 'matching.fit';

/**
 * Learns the job's tenant's pair-score weights from its own credits (issue 14) and stores them with the
 * fit's date, data size and validation score. Pinned weights are left alone; a roster without enough
 * history keeps its weights and the stored fit says why. Safe to retry: a fit is deterministic.
 */
export function matchingFitJob(database: Database, clock: Clock): JobHandler {
  return async (_payload, context) => {
    if (!context.tenantId) throw new UnrecoverableJobError('matching.fit needs a tenant');
    await fitTenantWeights(database, context.tenantId, clock);
  };
}
