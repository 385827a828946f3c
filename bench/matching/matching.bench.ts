/**
 * `/pair @a` at 10,000 creators: seed, embed all, then 200 queries (top 10 with reasons over a 4-week
 * window) through the indexed path (pgvector HNSW where the database has it; exact cosine over cached
 * vectors where not) next to the brute-force exact path (every creator scored) in the same run, with
 * recall@10 of the indexed path against exact. Then empty answers: queries nobody can meet (a common
 * 24 h window), each explained (the cause and a counted fix), against the ordinary query's time.
 */

import { eq } from 'drizzle-orm';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { refreshEmbeddings } from '../../db/repositories/embeddings.repository.ts';
import { forgetMatchData, tenantMatchData } from '../../db/repositories/matching.repository.ts';
import { pairingDesk } from '../../db/repositories/pairing-desk.ts';
import { creators } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { serviceAvailable } from '../../test/support/services.ts';
import { openTestPostgres } from '../../test/support/test-databases.ts';

// BENCH_CREATORS=0 skips the 10,000-creator runs; BENCH_SCALE_CREATORS=0 skips the 100,000 one;
// BENCH_DATABASES=pglite (or postgres) runs the 10,000-creator part on one database only.
const CREATORS = Number(process.env.BENCH_CREATORS ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const EMPTY_QUERIES = Number(process.env.BENCH_EMPTY_QUERIES ?? 20);
const EDIT_ROUNDS = Number(process.env.BENCH_EDIT_ROUNDS ?? 50);
/** The multi-tenant run: creators in the large tenant (0 skips it), queries, and how many of them also run exact. */
const SCALE_CREATORS = Number(process.env.BENCH_SCALE_CREATORS ?? 100_000);
const SMALL_CREATORS = Number(process.env.BENCH_SMALL_CREATORS ?? 300);
const SCALE_QUERIES = Number(process.env.BENCH_SCALE_QUERIES ?? 100);
const SCALE_EXACT_QUERIES = Number(process.env.BENCH_SCALE_EXACT_QUERIES ?? 30);
/** Which databases the 10,000-creator runs use (default both): `pglite`, `postgres`. */
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',').map((name) => name.trim());
const WINDOW = { startMs: Date.parse('2026-11-23T00:00:00Z'), endMs: Date.parse('2026-12-21T00:00:00Z') };

function percentile(values: readonly number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function benchOn(label: string, database: Database): Promise<string[]> {
  const embedder = localHashedEmbedder();
  let started = performance.now();
  const { tenant } = await seedTenant(database, { slug: 'bench', creatorCount: CREATORS, seed: 7 });
  const seedMs = performance.now() - started;
  started = performance.now();
  const { embedded } = await refreshEmbeddings(database, tenant.id, embedder);
  const embedMs = performance.now() - started;
  const queried = await queryBench(database, tenant.id, { queries: QUERIES, exactQueries: QUERIES });
  const empty: number[] = [];
  let explained = 0;
  const indexed = pairingDesk(database, tenant.id, { embedder, retrieval: 'index' });
  for (const anchor of queried.anchors.slice(0, EMPTY_QUERIES)) {
    const t = performance.now();
    const answer = await indexed.pair({ creators: [anchor], k: 10, window: WINDOW, minMinutes: 24 * 60 });
    empty.push(performance.now() - t);
    if (answer.suggestions.length === 0 && answer.empty?.fix) explained += 1;
  }
  // The first /pair with nothing cached: the index load and the query, as a server's first request
  // would pay it without the start's warm-up.
  forgetMatchData(database);
  started = performance.now();
  await indexed.pair({ creators: [queried.anchors[0]!], k: 10, window: WINDOW, minMinutes: 120 });
  const coldFirstMs = performance.now() - started;
  const edits = await editThenPair(database, tenant.id, queried.anchors);
  return [
    `### ${label} (${CREATORS} creators)`,
    `seed ${CREATORS} creators: ${(seedMs / 1000).toFixed(1)} s; embed all (${embedded}): ${(embedMs / 1000).toFixed(1)} s; load match index (cold): ${ms(queried.loadMs)}`,
    `/pair @a top-10 with reasons, 4-week window, ${QUERIES} queries:`,
    ...queried.lines,
    `first /pair with nothing cached (index load + query; goal < 1 s): ${ms(coldFirstMs)}`,
    ...edits,
    `empty answers explained (no common 24 h window; cause + counted fix), ${empty.length} queries, ${explained} with a fix: median ${ms(percentile(empty, 0.5))}, p95 ${ms(percentile(empty, 0.95))} (${(percentile(empty, 0.5) / queried.indexedMedian).toFixed(1)}x the indexed median)`,
  ];
}

/**
 * A profile edit, then `/pair`: the first query after an edit re-reads only what changed (rounds of
 * edit-then-pair), against dropping the cache and loading the tenant from scratch (the old path).
 */
async function editThenPair(
  database: Database,
  tenantId: string,
  anchors: readonly string[],
): Promise<string[]> {
  const embedder = localHashedEmbedder();
  const desk = pairingDesk(database, tenantId, { embedder, retrieval: 'index' });
  const query = (anchor: string) => desk.pair({ creators: [anchor], k: 10, window: WINDOW, minMinutes: 120 });
  const edit = (round: number) =>
    database.withTenant(tenantId, (tx) =>
      tx
        .update(creators)
        .set({ bio: `Edited in round ${round}` })
        .where(eq(creators.handle, anchors[(round * 13) % anchors.length]!)),
    );
  const incremental: number[] = [];
  const scratch: number[] = [];
  for (let round = 0; round < EDIT_ROUNDS; round += 1) {
    await edit(round);
    const t = performance.now();
    await query(anchors[round % anchors.length]!);
    incremental.push(performance.now() - t);
  }
  for (let round = 0; round < Math.min(10, EDIT_ROUNDS); round += 1) {
    await edit(EDIT_ROUNDS + round);
    forgetMatchData(database);
    const t = performance.now();
    await query(anchors[round % anchors.length]!);
    scratch.push(performance.now() - t);
  }
  return [
    `/pair right after a profile edit, ${EDIT_ROUNDS} rounds (goal p95 < 300 ms): median ${ms(percentile(incremental, 0.5))}, p95 ${ms(percentile(incremental, 0.95))}; from scratch (cache dropped, the old path), ${scratch.length} rounds: median ${ms(percentile(scratch, 0.5))}, p95 ${ms(percentile(scratch, 0.95))} (${(percentile(scratch, 0.5) / percentile(incremental, 0.5)).toFixed(1)}x)`,
  ];
}

/**
 * `queries` indexed queries, then the first `exactQueries` of them brute-force exact (the truth for
 * recall@10), on one tenant; the index path's figures, the exact path's, and recall.
 */
async function queryBench(
  database: Database,
  tenantId: string,
  options: { queries: number; exactQueries: number },
): Promise<{
  lines: string[];
  anchors: string[];
  loadMs: number;
  indexedMedian: number;
  indexedP95: number;
  recall: number;
}> {
  const embedder = localHashedEmbedder();
  const started = performance.now();
  const data = await tenantMatchData(database, tenantId, embedder.id);
  const loadMs = performance.now() - started;
  const handles = data.index.handles.filter((h) => data.index.profiles.get(h)!.isWritingOptIn);
  const anchors = Array.from({ length: options.queries }, (_, i) => handles[(i * 7919) % handles.length]!);
  const indexed = pairingDesk(database, tenantId, { embedder, retrieval: 'index' });
  const exact = pairingDesk(database, tenantId, { embedder, retrieval: 'exact' });
  const times = { indexed: [] as number[], exact: [] as number[] };
  let recall = 0;
  let withResults = 0;
  // All indexed queries first, then all exact ones: each path's garbage does not land in the other's timings.
  const fastAnswers = [];
  for (const anchor of anchors) {
    const t = performance.now();
    fastAnswers.push(await indexed.pair({ creators: [anchor], k: 10, window: WINDOW, minMinutes: 120 }));
    times.indexed.push(performance.now() - t);
  }
  for (const [i, anchor] of anchors.slice(0, options.exactQueries).entries()) {
    const t = performance.now();
    const truth = await exact.pair({ creators: [anchor], k: 10, window: WINDOW, minMinutes: 120 });
    times.exact.push(performance.now() - t);
    const truthSet = new Set(truth.suggestions.map((s) => s.members[1]!.handle));
    if (truthSet.size === 0) continue;
    withResults += 1;
    recall +=
      fastAnswers[i]!.suggestions.filter((s) => truthSet.has(s.members[1]!.handle)).length / truthSet.size;
  }
  const path = database.hasVector
    ? 'pgvector HNSW (iterative scan) + profile/graph/activity channels'
    : 'exact cosine top-K + profile/graph/activity channels';
  const meanRecall = recall / Math.max(1, withResults);
  return {
    anchors,
    loadMs,
    indexedMedian: percentile(times.indexed, 0.5),
    indexedP95: percentile(times.indexed, 0.95),
    recall: meanRecall,
    lines: [
      `  indexed (${path}), ${anchors.length} queries: median ${ms(percentile(times.indexed, 0.5))}, p95 ${ms(percentile(times.indexed, 0.95))}`,
      `  brute-force exact (every creator scored), ${times.exact.length} queries: median ${ms(percentile(times.exact, 0.5))}, p95 ${ms(percentile(times.exact, 0.95))}`,
      `  recall@10 of indexed vs exact: ${meanRecall.toFixed(3)} (over ${withResults} queries with results); p95 speed-up ${(percentile(times.exact, 0.95) / percentile(times.indexed, 0.95)).toFixed(1)}x`,
    ],
  };
}

/**
 * Prints each database's figures as soon as they are measured (the whole section takes tens of
 * minutes at 100,000 creators, and a run cut short should still show what it finished), and returns
 * nothing more for the runner to print.
 */
export async function runMatchingBench(): Promise<string[]> {
  const print = (lines: readonly string[]) => {
    for (const line of lines) console.log(line);
  };
  if (CREATORS > 0 && DATABASES.includes('pglite')) {
    const pglite = await openDatabase({ kind: 'pglite', dataDir: undefined });
    try {
      await migrate(pglite);
      print(await benchOn(`PGlite (embedded${pglite.hasVector ? ', pgvector' : ''})`, pglite));
    } finally {
      await pglite.close();
    }
  }
  if (!(await serviceAvailable('postgres'))) return ['', 'PostgreSQL server not reachable: skipped'];
  for (const vector of CREATORS > 0 && DATABASES.includes('postgres') ? [true, false] : []) {
    const server = await openTestPostgres({ vector });
    try {
      const label = server.database.hasVector
        ? 'PostgreSQL server (pgvector HNSW)'
        : vector
          ? 'PostgreSQL server (no pgvector installed: exact scoring)'
          : "PostgreSQL server (session_align.vector = 'off': exact scoring)";
      print(['', ...(await benchOn(label, server.database))]);
      if (!server.database.hasVector) break;
    } finally {
      await server.drop();
    }
  }
  if (SCALE_CREATORS > 0) print(['', ...(await scaleBench())]);
  return [];
}

/**
 * One large tenant among several on one PostgreSQL database: the shared HNSW index holds every
 * tenant's vectors, and RLS filters them after the index scan (the filtered-ANN pitfall). The query
 * sets `hnsw.iterative_scan = relaxed_order`, so the scan goes on past other tenants' rows until it
 * has enough of this tenant's; recall is measured for the large tenant and for a small one beside it.
 */
async function scaleBench(): Promise<string[]> {
  const server = await openTestPostgres();
  try {
    const database = server.database;
    const embedder = localHashedEmbedder();
    let started = performance.now();
    const { tenant: big } = await seedTenant(database, {
      slug: 'big',
      creatorCount: SCALE_CREATORS,
      seed: 11,
    });
    const seedMs = performance.now() - started;
    const small = [];
    for (const [i, slug] of ['small-a', 'small-b', 'small-c'].entries())
      small.push((await seedTenant(database, { slug, creatorCount: SMALL_CREATORS, seed: 20 + i })).tenant);
    started = performance.now();
    let embedded = 0;
    for (const tenant of [big, ...small])
      embedded += (await refreshEmbeddings(database, tenant.id, embedder)).embedded;
    const embedMs = performance.now() - started;
    await database.withOwner((q) => q.query('analyze'));
    const bigRun = await queryBench(database, big.id, {
      queries: SCALE_QUERIES,
      exactQueries: SCALE_EXACT_QUERIES,
    });
    const smallRun = await queryBench(database, small[0]!.id, {
      queries: SCALE_QUERIES,
      exactQueries: SCALE_QUERIES,
    });
    const goal = (p95: number, recall: number) =>
      `goal p95 < 150 ms and recall@10 >= 0.95: ${p95 < 150 && recall >= 0.95 ? 'met' : 'NOT met'}`;
    return [
      `### PostgreSQL server${database.hasVector ? ' (pgvector HNSW)' : ' (no pgvector: exact scoring)'}: ${SCALE_CREATORS.toLocaleString('en')} creators in one tenant beside three of ${SMALL_CREATORS}`,
      `seed ${SCALE_CREATORS.toLocaleString('en')} + 3 x ${SMALL_CREATORS}: ${(seedMs / 1000).toFixed(1)} s (large tenant); embed all (${embedded}): ${(embedMs / 1000).toFixed(1)} s`,
      `/pair @a in the large tenant (load match index cold: ${ms(bigRun.loadMs)}):`,
      ...bigRun.lines,
      `  ${goal(bigRun.indexedP95, bigRun.recall)}`,
      `/pair @a in a ${SMALL_CREATORS}-creator tenant sharing the index:`,
      ...smallRun.lines,
    ];
  } finally {
    await server.drop();
  }
}
