/**
 * A cold start's first `/pair` at 10,000 creators (issue 13): a data directory holding
 * COLD_PAIR_CREATORS seeded and embedded creators (a roster already in use: a restart, a deploy),
 * `npm start` on it, and as soon as /readyz says
 * 200 (the start's warm-up has built the tenant's match index off the request path) the first
 * `pair --json` query, spawn to exit, forwarded to the server; then COLD_PAIR_QUERIES more. The
 * baseline in the same run is the same query with the server stopped: the command opens the database
 * and loads the tenant itself, what a first request would pay without the warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDemoRoster } from '../../core/demo/demo-roster.ts';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { refreshEmbeddings } from '../../db/repositories/embeddings.repository.ts';
import { seedTenant } from '../../db/seed.ts';
import { freePort, spawnCli, waitForReady } from '../../test/support/cli-processes.ts';

const CREATORS = Number(process.env.COLD_PAIR_CREATORS ?? 10_000);
const QUERIES = Math.max(1, Number(process.env.COLD_PAIR_QUERIES ?? 5));
const SEED = 7;
const WINDOW = { start: '2026-11-23T00:00:00Z', end: '2026-12-21T00:00:00Z' };
const GIVE_UP_MS = 900_000;

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const ms = (value: number) => `${Math.round(value)} ms`;

/** `session-align ARGS` to exit, in wall milliseconds; throws with its output unless it exits 0. */
async function timed(args: string[], env: Record<string, string | undefined>, stdin = ''): Promise<number> {
  const started = performance.now();
  const run = spawnCli(args, env, { stdin });
  const code = await run.exited;
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}:\n${run.stderr()}${run.stdout()}`);
  if (args[0] === 'pair' && !run.stdout().includes('"suggestions":[{'))
    throw new Error(`pair --json gave no suggestions:\n${run.stdout()}`);
  return performance.now() - started;
}

export async function runColdPairBench(): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'sa-cold-pair-'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: root, LOG_LEVEL: 'warn' };
  const anchors = generateDemoRoster(CREATORS, SEED)
    .filter((creator) => creator.isWritingOptIn)
    .filter((_, i) => i % 97 === 0)
    .slice(0, QUERIES + 1)
    .map((creator) => creator.handle);
  const query = (anchor: string) =>
    `${JSON.stringify({ tenant: 'bench', creators: [anchor], window: WINDOW, minMinutes: 120, k: 10 })}\n`;
  try {
    const seedStarted = performance.now();
    // In this process, then closed: the server starts on a roster that is already embedded.
    const database = await openDatabase({ kind: 'pglite', dataDir: join(root, 'pgdata') });
    try {
      await migrate(database);
      const { tenant } = await seedTenant(database, { slug: 'bench', creatorCount: CREATORS, seed: SEED });
      await refreshEmbeddings(database, tenant.id, localHashedEmbedder());
    } finally {
      await database.close();
    }
    const seedMs = performance.now() - seedStarted;
    const port = await freePort();
    const started = performance.now();
    const server = spawnCli(['serve'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    let readyMs: number;
    const after: number[] = [];
    let firstMs: number;
    try {
      await Promise.race([
        waitForReady(port, GIVE_UP_MS, 50),
        server.exited.then(() => Promise.reject(new Error(`serve exited:\n${server.stderr()}`))),
      ]);
      readyMs = performance.now() - started;
      firstMs = await timed(['pair', '--json'], env, query(anchors[0]!));
      for (const anchor of anchors.slice(1)) after.push(await timed(['pair', '--json'], env, query(anchor)));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const alone = await timed(['pair', '--json'], env, query(anchors[0]!));
    return [
      `seed and embed ${CREATORS.toLocaleString('en')} creators in a fresh data directory: ${(seedMs / 1000).toFixed(1)} s`,
      `npm start on it: /readyz 200 (warm-up: planner statistics, match index built) ${(readyMs / 1000).toFixed(1)} s after spawn`,
      `first /pair after the start (pair --json, spawn to exit, forwarded to the server; goal < 1 s): ${ms(firstMs)}`,
      `  the next ${after.length}: median ${ms(median(after))}, max ${ms(Math.max(...after))}`,
      `  baseline, same query with the server stopped (the command opens the database and loads the tenant itself): ${ms(alone)} = ${(alone / firstMs).toFixed(1)}x`,
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runColdPairBench()) console.log(line);
}
