/**
 * `/pair @a` at 10,000 creators: seed, embed all, then 200 queries (top 10 with reasons over a 4-week
 * window) through the indexed path (pgvector HNSW where the database has it; exact cosine over cached
 * vectors where not) next to the brute-force exact path (every creator scored) in the same run, with
 * recall@10 of the indexed path against exact. Then empty answers: queries nobody can meet (a common
 * 24 h window), each explained (the cause and a counted fix), against the ordinary query's time.
 */
import { localHashedEmbedder } from '../../core/matching/index.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { refreshEmbeddings } from '../../db/repositories/embeddings.repository.ts';
import { tenantMatchData } from '../../db/repositories/matching.repository.ts';
import { pairingDesk } from '../../db/repositories/pairing-desk.ts';
import { seedTenant } from '../../db/seed.ts';
import { serviceAvailable } from '../../test/support/services.ts';
import { openTestPostgres } from '../../test/support/test-databases.ts';

const CREATORS = Number(process.env.BENCH_CREATORS ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const EMPTY_QUERIES = Number(process.env.BENCH_EMPTY_QUERIES ?? 20);
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
  started = performance.now();
  const data = await tenantMatchData(database, tenant.id, embedder.id);
  const loadMs = performance.now() - started;
  const handles = data.index.handles.filter((h) => data.index.profiles.get(h)!.isWritingOptIn);
  const anchors = Array.from({ length: QUERIES }, (_, i) => handles[(i * 7919) % handles.length]!);
  const indexed = pairingDesk(database, tenant.id, { embedder, retrieval: 'index' });
  const exact = pairingDesk(database, tenant.id, { embedder, retrieval: 'exact' });
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
  for (const [i, anchor] of anchors.entries()) {
    const t = performance.now();
    const truth = await exact.pair({ creators: [anchor], k: 10, window: WINDOW, minMinutes: 120 });
    times.exact.push(performance.now() - t);
    const truthSet = new Set(truth.suggestions.map((s) => s.members[1]!.handle));
    if (truthSet.size === 0) continue;
    withResults += 1;
    recall +=
      fastAnswers[i]!.suggestions.filter((s) => truthSet.has(s.members[1]!.handle)).length / truthSet.size;
  }
  const empty: number[] = [];
  let explained = 0;
  for (const anchor of anchors.slice(0, EMPTY_QUERIES)) {
    const t = performance.now();
    const answer = await indexed.pair({ creators: [anchor], k: 10, window: WINDOW, minMinutes: 24 * 60 });
    empty.push(performance.now() - t);
    if (answer.suggestions.length === 0 && answer.empty?.fix) explained += 1;
  }
  const path = database.hasVector
    ? 'pgvector HNSW + graph/activity channels'
    : 'exact cosine top-K + graph/activity channels';
  return [
    `### ${label} (${CREATORS} creators)`,
    `seed ${CREATORS} creators: ${(seedMs / 1000).toFixed(1)} s; embed all (${embedded}): ${(embedMs / 1000).toFixed(1)} s; load match index (cold): ${ms(loadMs)}`,
    `/pair @a top-10 with reasons, 4-week window, ${QUERIES} queries:`,
    `  indexed (${path}): median ${ms(percentile(times.indexed, 0.5))}, p95 ${ms(percentile(times.indexed, 0.95))}`,
    `  brute-force exact (every creator scored): median ${ms(percentile(times.exact, 0.5))}, p95 ${ms(percentile(times.exact, 0.95))}`,
    `  recall@10 of indexed vs exact: ${(recall / Math.max(1, withResults)).toFixed(3)} (over ${withResults} queries with results); p95 speed-up ${(percentile(times.exact, 0.95) / percentile(times.indexed, 0.95)).toFixed(1)}x`,
    `empty answers explained (no common 24 h window; cause + counted fix), ${empty.length} queries, ${explained} with a fix: median ${ms(percentile(empty, 0.5))}, p95 ${ms(percentile(empty, 0.95))} (${(percentile(empty, 0.5) / percentile(times.indexed, 0.5)).toFixed(1)}x the indexed median)`,
  ];
}

export async function runMatchingBench(): Promise<string[]> {
  const lines: string[] = [];
  const pglite = await openDatabase({ kind: 'pglite', dataDir: undefined });
  try {
    await migrate(pglite);
    lines.push(...(await benchOn(`PGlite (embedded${pglite.hasVector ? ', pgvector' : ''})`, pglite)));
  } finally {
    await pglite.close();
  }
  if (await serviceAvailable('postgres')) {
    const server = await openTestPostgres();
    try {
      const vector = server.database.hasVector ? 'pgvector' : 'no pgvector';
      lines.push('', ...(await benchOn(`PostgreSQL server (${vector})`, server.database)));
    } finally {
      await server.drop();
    }
  } else lines.push('', 'PostgreSQL server not reachable: skipped');
  return lines;
}
