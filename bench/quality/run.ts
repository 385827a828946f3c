/**
 * `npm run bench:quality`: the co-writing benchmark (../shared/benchmarks/cowrites) the way users would run
 * it. The history is written as creators.csv + credits.csv, imported through the real roster import (the
 * function `session-align import` calls) into an embedded PGlite tenant, and every query goes through the
 * pairing desk `/pair @a` uses (database path, no availability gate). Baselines are computed in the same run.
 *
 * Rows: the default weights; the learned weights, fitted by the `matching.fit` code path on the imported
 * history only (credits up to 2010; the benchmark's later years are never read by the fit) and stored in
 * the tenant's settings; each component alone (pinned as the only weight); the README's baselines.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { fitTenantWeights, pinTenantWeights } from '../../db/repositories/matching-fit.repository.ts';
import { pairingDesk } from '../../db/repositories/pairing-desk.ts';
import { importRoster } from '../../db/repositories/roster-import.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { type CowritesSplit, loadCowrites, writeRosterCsv } from './cowrites-dataset.ts';
import { assertExpectedSizes, evaluateBaselines, evaluateOn, K, type QualityFigures } from './evaluate.ts';

function row(name: string, figures: QualityFigures): string {
  return `${name.padEnd(52)} ${figures.recallAt10.toFixed(3).padStart(9)} ${figures.ndcgAt10.toFixed(3).padStart(8)}`;
}

async function main(): Promise<void> {
  const split = await loadCowrites();
  assertExpectedSizes(split);
  const directory = await mkdtemp(join(tmpdir(), 'sa-cowrites-'));
  const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
  try {
    await writeRosterCsv(split, directory);
    await migrate(database);
    const tenant = await databaseTenantDirectory(database).create({
      slug: 'cowrites',
      name: 'Co-writes benchmark',
    });
    const embedder = localHashedEmbedder();
    let started = performance.now();
    const report = await importRoster(database, {
      tenantId: tenant.id,
      creatorsCsv: await readFile(join(directory, 'creators.csv'), 'utf8'),
      creditsCsv: await readFile(join(directory, 'credits.csv'), 'utf8'),
      actorLabel: 'bench:quality',
      embedder,
    });
    const importMs = performance.now() - started;
    const desk = pairingDesk(database, tenant.id, { embedder });
    const viaPair = (data: CowritesSplit) =>
      evaluateOn(data, async (handle, exclude) => {
        const answer = await desk.pair({ creators: [handle], k: K, exclude: [...exclude] });
        return answer.suggestions.map((s) => s.members[1]!.handle);
      });
    started = performance.now();
    const ours = await viaPair(split);
    const rankMs = performance.now() - started;
    started = performance.now();
    const { fit } = await fitTenantWeights(database, tenant.id, systemClock);
    const fitMs = performance.now() - started;
    const learned = await viaPair(split);
    const singles: [string, QualityFigures][] = [];
    for (const name of fit.fittedComponents) {
      const only = Object.fromEntries(Object.keys(fit.weights).map((key) => [key, key === name ? 1 : 0]));
      await pinTenantWeights(database, tenant.id, only);
      singles.push([name, await viaPair(split)]);
    }
    const baselines = await evaluateBaselines(split);
    console.log(
      `roster import: ${report.created} creators, ${report.creditsAdded} credits (${report.worksAdded} works), ${report.embedded} embedded, ${report.problems.length} problems in ${(importMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `${split.queryWriters.length} query writers, ${split.newPairCount} new pairs, ${split.historyWriters.length} history writers\n`,
    );
    console.log(`${'method'.padEnd(52)} recall@10  NDCG@10`);
    for (const [name, figures] of Object.entries(baselines)) console.log(row(`baseline: ${name}`, figures));
    for (const [name, figures] of singles) console.log(row(`/pair, one component alone: ${name}`, figures));
    console.log(row('Session Align /pair (database path, default weights)', ours));
    console.log(row('Session Align /pair (database path, learned weights)', learned));
    const shown = fit.fittedComponents.map((name) => `${name} ${fit.weights[name].toFixed(3)}`).join(', ');
    const v = fit.validation;
    console.log(
      `\nlearned weights (${fit.status}, fit in ${(fitMs / 1000).toFixed(1)} s on ${fit.positives} new pairs in history slices to ${fit.cutoffYears.join(', ')}; ${fit.negatives} sampled non-pairs): ${shown}`,
    );
    if (v)
      console.log(
        `validation on held-out history (slices to ${v.cutoffYears.join(', ')}, ${v.queries} query creators, each fit on older slices only): recall@10 ${v.recallAt10.toFixed(3)} (defaults ${v.baseRecallAt10.toFixed(3)}), AUC ${v.auc.toFixed(3)} (defaults ${v.baseAuc.toFixed(3)})`,
      );
    const best = Math.max(...Object.values(baselines).map((figures) => figures.recallAt10));
    console.log(
      `recall@10 vs best baseline: default weights ${(ours.recallAt10 / best).toFixed(2)}x, learned ${(learned.recallAt10 / best).toFixed(2)}x; ${split.queryWriters.length} /pair queries took ${Math.round(rankMs)} ms (${(rankMs / split.queryWriters.length).toFixed(1)} ms each, first one loads the index)`,
    );
  } finally {
    await database.close();
    await rm(directory, { recursive: true, force: true });
  }
}

await main();
