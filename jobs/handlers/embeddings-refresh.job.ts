import type { Embedder } from '../../core/matching/index.ts';
import { type JobHandler, type JobQueue, UnrecoverableJobError } from '../../core/ports/job-queue.ts';
import type { Database } from '../../db/database.ts';
import { embeddingBacklog, refreshEmbeddings } from '../../db/repositories/embeddings.repository.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';

export const REFRESH_EMBEDDINGS_JOB = 'embeddings.refresh';

/**
 * Embeds every creator of the job's tenant whose vector is missing or stale (an import or a process that
 * stopped before embedding finished). Whole batches are stored as it goes, so a retry resumes.
 */
export function refreshEmbeddingsJob(database: Database, embedder: Embedder): JobHandler {
  return async (_payload, context) => {
    if (!context.tenantId) throw new UnrecoverableJobError('embeddings.refresh needs a tenant');
    await refreshEmbeddings(database, context.tenantId, embedder);
  };
}

/**
 * At start: one `embeddings.refresh` job per tenant with a backlog. The idempotency key is the backlog's
 * fingerprint (model, stale count, latest change), so servers starting together, or a restart before the
 * job ran, enqueue it once, while a backlog that changed (a later crash) gets a job of its own.
 *
 * @example
 * void resumeEmbeddingBacklog({ database, queue, embedder }); // off the start path
 */
export async function resumeEmbeddingBacklog(deps: {
  database: Database;
  queue: JobQueue;
  embedder: Embedder;
}): Promise<{ tenantId: string; stale: number; isDuplicate: boolean }[]> {
  const queued = [];
  for (const tenant of await databaseTenantDirectory(deps.database).list()) {
    if (tenant.status !== 'active') continue;
    const { stale, latestChangeMs } = await embeddingBacklog(deps.database, tenant.id, deps.embedder);
    if (stale === 0) continue;
    const { isDuplicate } = await deps.queue.enqueue({
      name: REFRESH_EMBEDDINGS_JOB,
      tenantId: tenant.id,
      payload: {},
      idempotencyKey: `${REFRESH_EMBEDDINGS_JOB}.${tenant.id}.${deps.embedder.id}.${stale}.${latestChangeMs}`,
    });
    queued.push({ tenantId: tenant.id, stale, isDuplicate });
  }
  return queued;
}
