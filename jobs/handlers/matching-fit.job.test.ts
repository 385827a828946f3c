import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { styleDrivenCsv } from '../../core/matching/cowrite-history.fixture.ts';
import { DEFAULT_MATCH_WEIGHTS, localHashedEmbedder } from '../../core/matching/index.ts';
import type { StoredFit } from '../../core/matching/matching-settings.ts';
import type { Database } from '../../db/database.ts';
import { tenantMatchData } from '../../db/repositories/matching.repository.ts';
import { pinTenantWeights, tenantMatchingSettings } from '../../db/repositories/matching-fit.repository.ts';
import { importRoster } from '../../db/repositories/roster-import.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { commandsAs } from '../../test/support/commands.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { databaseDeadLetters } from '../database-dead-letters.ts';
import { InProcessJobQueue } from '../in-process-job-queue.ts';
import { createJobHandlers } from './index.ts';
import { MATCHING_FIT_JOB } from './matching-fit.job.ts';

let database: Database;
const embedder = localHashedEmbedder();
const NOW = Date.parse('2026-11-23T12:00:00Z');
const ids: Record<string, string> = {};

async function tenantWithHistory(slug: string, creators: number): Promise<string> {
  const tenant = await databaseTenantDirectory(database).create({ slug, name: slug });
  await importRoster(database, {
    tenantId: tenant.id,
    ...styleDrivenCsv(creators),
    actorLabel: 'test',
    embedder,
  });
  return tenant.id;
}

/** Runs the job the way the worker does: the registered handler, through a queue. */
async function runFitJob(tenantId: string): Promise<void> {
  const parts = testRuntimeParts(database, NOW);
  let queue: InProcessJobQueue | undefined;
  const handlers = createJobHandlers({ ...parts, embedder, queue: () => queue! });
  queue = new InProcessJobQueue({ handlers, deadLetters: databaseDeadLetters(database) });
  await queue.enqueue({ name: MATCHING_FIT_JOB, tenantId, payload: {} });
  await queue.drain();
  await queue.close();
}

beforeAll(async () => {
  database = await openTestPglite();
  ids.styles = await tenantWithHistory('styles', 120);
  ids.pinned = await tenantWithHistory('pinned', 120);
  ids.sparse = await tenantWithHistory('sparse', 12);
});
afterAll(() => database.close());

describe('the matching.fit job', { timeout: 120_000 }, () => {
  it('learns the tenant’s weights from its own credits, stores them with date, data size and validation, and /pair uses them', async () => {
    const sparseBefore = await tenantMatchingSettings(database, ids.sparse!);
    await runFitJob(ids.styles!);
    const matching = await tenantMatchingSettings(database, ids.styles!);
    const fit = matching.fit as StoredFit;
    expect(fit).toMatchObject({ status: 'fitted', isApplied: true, fittedAt: '2026-11-23T12:00:00.000Z' });
    expect(fit.positives).toBeGreaterThanOrEqual(30);
    expect(fit.negatives).toBeGreaterThan(fit.positives);
    expect(fit.validation?.cutoffYears).toEqual([2018, 2016, 2014]);
    expect(matching.isPinned).toBe(false);
    // The style tag is the one signal that predicts; the fit found it (in one of the genre components).
    const learned = fit.fittedComponents.map((name) => matching.weights[name]);
    expect(Math.max(matching.weights.genre, matching.weights.genreSpecificity)).toBe(Math.max(...learned));
    expect(matching.weights).toEqual(fit.weights);
    const data = await tenantMatchData(database, ids.styles!, embedder.id);
    expect(data.weights).toEqual(matching.weights);
    // One tenant's fit writes nothing of another's.
    expect(await tenantMatchingSettings(database, ids.sparse!)).toEqual(sparseBefore);
  });

  it('leaves pinned weights alone and records what it would have learned', async () => {
    await pinTenantWeights(database, ids.pinned!, { graph: 0.5, popularity: 0.2 });
    await runFitJob(ids.pinned!);
    const matching = await tenantMatchingSettings(database, ids.pinned!);
    expect(matching.isPinned).toBe(true);
    expect(matching.weights).toEqual({ ...DEFAULT_MATCH_WEIGHTS, graph: 0.5, popularity: 0.2 });
    expect(matching.fit).toMatchObject({ status: 'fitted', isApplied: false });
    const proposed = matching.fit!.weights;
    expect(proposed.genre + proposed.genreSpecificity).toBeGreaterThan(DEFAULT_MATCH_WEIGHTS.genre);
  });

  it('keeps the weights below the minimum of new pairs, and says so', async () => {
    await runFitJob(ids.sparse!);
    const matching = await tenantMatchingSettings(database, ids.sparse!);
    expect(matching.weights).toEqual(DEFAULT_MATCH_WEIGHTS);
    expect(matching.fit).toMatchObject({ status: 'defaults', isApplied: false });
    expect(matching.fit!.reason).toMatch(
      /new co-writing pairs? in the history; at least 30 are needed to learn weights$/,
    );
  });

  it('/stats matching shows the weights in use, where they came from, and the validation; publisher staff only', async () => {
    const parts = testRuntimeParts(database, NOW);
    const actor = { userId: randomUUID(), displayName: 'Pat', timeZone: 'UTC' };
    const admin = await commandsAs(parts, ids.styles!, { ...actor, role: 'tenant_admin' });
    const answer = await admin.send('/stats matching');
    expect(answer).toContain('Pairing weights');
    expect(answer).toMatch(/shared genres: \d\.\d{3} \(learned\)/);
    expect(answer).toMatch(
      /Validation on later history held out \(2018, 2016, 2014; \d+ creators\): recall@10 \d\.\d{3} vs \d\.\d{3} with the defaults/,
    );
    const creator = await commandsAs(parts, ids.styles!, { ...actor, role: 'creator' });
    expect((await creator.dispatch('/stats matching')).isError).toBe(true);
  });
});
