/**
 * `import` at 10,000 and 20,000 creators (BENCH_IMPORT_CREATORS=10000,50000 for more) (two credits each, credits.csv in scrambled order) from files on
 * disk into an embedded PGlite (and 10,000 into the PostgreSQL server, BENCH_IMPORT_SERVER_CREATORS): rows per second and the process's peak RSS while importing, printed with
 * the limits. The baseline in the same run is parsing and validating alone (the first pass), so the ratio
 * says what writing costs on top of reading.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { checkRoster } from '../../db/repositories/roster-import.check.ts';
import { BATCH_CREATORS, importRosterFiles, ROSTER_LIMITS } from '../../db/repositories/roster-import.ts';
import { openRosterFile } from '../../db/repositories/roster-source.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { largeRosterCsv } from '../../test/fixtures/large-roster.ts';
import { serviceAvailable } from '../../test/support/services.ts';
import { openTestPostgres } from '../../test/support/test-databases.ts';

const SIZES = (process.env.BENCH_IMPORT_CREATORS ?? '10000,20000').split(',').map(Number);
/** The same import into a fresh database on the PostgreSQL server (0 skips it). */
const SERVER_SIZE = Number(process.env.BENCH_IMPORT_SERVER_CREATORS ?? 10_000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Samples RSS and the JS heap (heapUsed) every 20 ms while `work` runs; returns the peaks seen (and the work's result). */
async function withPeakMemory<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakRss: number; peakHeap: number }> {
  let [peakRss, peakHeap] = [0, 0];
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    return { result, peakRss, peakHeap };
  } finally {
    clearInterval(timer);
  }
}

type Open = (dir: string, creators: number) => Promise<{ database: Database; close(): Promise<void> }>;

/** On disk, as the server runs it: the database's pages are not counted as import memory. */
const onPglite: Open = async (dir, creators) => {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, `pgdata-${creators}`) });
  await migrate(database);
  return { database, close: () => database.close() };
};
const onServer: Open = async () => {
  const server = await openTestPostgres();
  return { database: server.database, close: () => server.drop() };
};

async function benchSize(
  creators: number,
  dir: string,
  open: Open = onPglite,
  where = 'PGlite',
): Promise<string[]> {
  const { creatorsCsv, creditsCsv } = largeRosterCsv(creators);
  const creatorsPath = join(dir, `creators-${creators}.csv`);
  const creditsPath = join(dir, `credits-${creators}.csv`);
  writeFileSync(creatorsPath, creatorsCsv);
  writeFileSync(creditsPath, creditsCsv);
  const fileBytes = creatorsCsv.length + creditsCsv.length;
  const opened = await open(dir, creators);
  const database = opened.database;
  try {
    const tenant = await databaseTenantDirectory(database).create({ slug: 'bench', name: 'Bench' });
    const rows = creators * 3;
    const before = process.memoryUsage();

    let started = performance.now();
    const sources = [
      await openRosterFile('creators.csv', creatorsPath),
      await openRosterFile('credits.csv', creditsPath),
    ];
    await checkRoster({
      creators: sources[0]!,
      credits: sources[1]!,
      existingHandles: new Set(),
      limits: ROSTER_LIMITS,
      onProgress: () => {},
    });
    const checkMs = performance.now() - started;
    for (const source of sources) await source.close();

    started = performance.now();
    const {
      result: report,
      peakRss,
      peakHeap,
    } = await withPeakMemory(() =>
      importRosterFiles(
        database,
        { creatorsPath, creditsPath },
        { tenantId: tenant.id, actorLabel: 'bench' },
      ),
    );
    const importMs = performance.now() - started;
    started = performance.now();
    const { result: again } = await withPeakMemory(() =>
      importRosterFiles(
        database,
        { creatorsPath, creditsPath },
        { tenantId: tenant.id, actorLabel: 'bench' },
      ),
    );
    const reimportMs = performance.now() - started;
    const perSecond = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en');
    return [
      `### ${where}: ${creators.toLocaleString('en')} creators + ${(creators * 2).toLocaleString('en')} credits (${mb(fileBytes)} of CSV)`,
      `  first pass only (parse + validate, baseline): ${(checkMs / 1000).toFixed(1)} s, ${perSecond(checkMs)} rows/s`,
      `  import (both passes, ${BATCH_CREATORS} creators per transaction): ${(importMs / 1000).toFixed(1)} s, ${perSecond(importMs)} rows/s; ${report.created} created; ${(importMs / checkMs).toFixed(1)}x the first pass`,
      `  re-import (idempotent: ${again.created} created, ${again.updated} updated): ${(reimportMs / 1000).toFixed(1)} s, ${perSecond(reimportMs)} rows/s`,
      `  peak during import: JS heap ${mb(peakHeap)} (${mb(before.heapUsed)} at start); RSS ${mb(peakRss)} (whole process: PGlite's WebAssembly heap and page cache included)`,
    ];
  } finally {
    await opened.close();
  }
}

export async function runImportBench(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'session-align-import-bench-'));
  const lines = [
    `limits: ${mb(ROSTER_LIMITS.maxFileBytes)} per file, ${ROSTER_LIMITS.maxCreatorRows.toLocaleString('en')} creators, ${ROSTER_LIMITS.maxCreditRows.toLocaleString('en')} credits; memory held between batches: handles, row numbers and credit byte ranges only`,
  ];
  try {
    for (const size of SIZES) lines.push(...(await benchSize(size, dir)));
    if (SERVER_SIZE > 0 && (await serviceAvailable('postgres')))
      lines.push(...(await benchSize(SERVER_SIZE, dir, onServer, 'PostgreSQL server')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`)
  for (const line of await runImportBench()) console.log(line);
