import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Embedder, localHashedEmbedder } from '../../core/matching/index.ts';
import type { Database } from '../../db/database.ts';
import { embeddingBacklog, refreshEmbeddings } from '../../db/repositories/embeddings.repository.ts';
import { importRoster } from '../../db/repositories/roster-import.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { largeRosterCsv } from '../../test/fixtures/large-roster.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { recordingJobQueue, testRuntimeParts } from '../../test/support/test-runtime.ts';
import { databaseDeadLetters } from '../database-dead-letters.ts';
import { InProcessJobQueue } from '../in-process-job-queue.ts';
import { resumeEmbeddingBacklog } from './embeddings-refresh.job.ts';
import { createJobHandlers } from './index.ts';

let database: Database;
let tenantId: string;
const embedder = localHashedEmbedder();
const CREATORS = 700;

/** The real embedder until `afterBatches` batches are stored, then a crash (the process dying mid-embedding). */
function crashingEmbedder(afterBatches: number): Embedder {
  let batches = 0;
  return {
    id: embedder.id,
    dimensions: embedder.dimensions,
    embed: async (inputs) => {
      if (++batches > afterBatches) throw new Error('process killed');
      return embedder.embed(inputs);
    },
  };
}

beforeAll(async () => {
  database = await openTestPglite();
  tenantId = (await databaseTenantDirectory(database).create({ slug: 'backlog', name: 'Backlog' })).id;
  await importRoster(database, { tenantId, ...largeRosterCsv(CREATORS), actorLabel: 'test' });
});
afterAll(() => database.close());

describe('embedding backlog after a crash', { timeout: 60_000 }, () => {
  it('resumes on the next start: one job per tenant with a backlog, run to the full count', async () => {
    await expect(refreshEmbeddings(database, tenantId, crashingEmbedder(1))).rejects.toThrow(
      'process killed',
    );
    const interrupted = await embeddingBacklog(database, tenantId, embedder);
    expect(interrupted.stale).toBeGreaterThan(0);
    expect(interrupted.stale).toBeLessThan(CREATORS);

    // Two servers starting on the same backlog ask for the same job (same idempotency key).
    const recorded = recordingJobQueue();
    await resumeEmbeddingBacklog({ database, queue: recorded, embedder });
    await resumeEmbeddingBacklog({ database, queue: recorded, embedder });
    expect(recorded.jobs.map((job) => [job.name, job.tenantId])).toEqual([
      ['embeddings.refresh', tenantId],
      ['embeddings.refresh', tenantId],
    ]);
    expect(recorded.jobs[0]!.idempotencyKey).toBe(recorded.jobs[1]!.idempotencyKey);

    // "Restart": a fresh queue with the real handlers, and the start-up call.
    const parts = testRuntimeParts(database);
    let queue: InProcessJobQueue | undefined;
    const handlers = createJobHandlers({ ...parts, embedder, queue: () => queue! });
    queue = new InProcessJobQueue({ handlers, deadLetters: databaseDeadLetters(database) });
    expect(await resumeEmbeddingBacklog({ database, queue, embedder })).toEqual([
      { tenantId, stale: interrupted.stale, isDuplicate: false },
    ]);
    await queue.drain();

    expect(await embeddingBacklog(database, tenantId, embedder)).toMatchObject({ stale: 0 });
    expect(await resumeEmbeddingBacklog({ database, queue, embedder })).toEqual([]);
    await queue.close();
  });
});
