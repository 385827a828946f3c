/**
 * `npm start` to a healthy /healthz: `session-align serve` spawned on a fresh DATA_DIR (initdb, the
 * migrations, the demo seed) and then started again on the same one (warm), STARTUP_BENCH_RUNS times
 * each (default 3), median and max. The baseline in the same run is a bare `node` HTTP server spawned
 * the same way, so the ratio says what Session Align adds to starting a Node process on this machine;
 * the machine's cores and load average are printed with the figures, which move with them. A second
 * baseline is the same start through tsx (SESSION_ALIGN_FROM_SOURCE=1): the path before issue 15.
 * The fresh start is also timed to a 200 from /readyz: the background warm-up done.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_BIN, freePort, waitForHealth, waitForReady } from '../../test/support/cli-processes.ts';

const RUNS = Math.max(1, Number(process.env.STARTUP_BENCH_RUNS ?? 3));
const GIVE_UP_MS = 180_000;
const BARE_SERVER = `require('node:http').createServer((_, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');`;

/** What the server prints on the way to healthy, in order; when each first appeared is noted. */
const MILESTONES = [
  ['migrated', /"msg":"database migrated"/],
  ['seeded', /"msg":"seeded the demo tenant"/],
  ['listening', /Session Align is running at /],
] as const;
type Milestone = (typeof MILESTONES)[number][0];

/**
 * Spawns `args`, times it to a 200 from /healthz (and to each milestone it printed), then stops it
 * with SIGTERM and waits for it to exit.
 */
async function timeToHealthy(
  args: string[],
  env: Record<string, string | undefined>,
  options: { untilReady?: boolean } = {},
): Promise<{ totalMs: number; readyMs?: number; marks: Partial<Record<Milestone, number>> }> {
  const port = await freePort();
  let output = '';
  const marks: Partial<Record<Milestone, number>> = {};
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onOutput = (chunk: Buffer) => {
    output += chunk;
    for (const [name, pattern] of MILESTONES)
      if (marks[name] === undefined && pattern.test(output)) marks[name] = performance.now() - startedAt;
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise((resolve) => child.once('close', resolve));
  try {
    await Promise.race([
      waitForHealth(port, GIVE_UP_MS, 20),
      exited.then(() => Promise.reject(new Error(`exited before it was healthy:\n${output}`))),
    ]);
    const totalMs = performance.now() - startedAt;
    if (!options.untilReady) return { totalMs, marks };
    await waitForReady(port, GIVE_UP_MS, 20);
    return { totalMs, readyMs: performance.now() - startedAt, marks };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');

export async function runStartupBench(): Promise<string[]> {
  const cores = cpus();
  const lines = [
    `machine: ${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown'}), node ${process.version}, load average ${load()} (1 / 5 / 15 min) before`,
  ];
  const bare: number[] = [];
  for (let run = 0; run < RUNS; run++) bare.push((await timeToHealthy(['-e', BARE_SERVER], {})).totalMs);
  const fresh: Awaited<ReturnType<typeof timeToHealthy>>[] = [];
  const warm: number[] = [];
  const freshTsx: number[] = [];
  const warmTsx: number[] = [];
  const root = mkdtempSync(join(tmpdir(), 'sa-startup-bench-'));
  try {
    for (let run = 0; run < RUNS; run++) {
      // info: the milestones are log lines.
      const env = { DATA_DIR: join(root, `data-${run}`), LOG_LEVEL: 'info' };
      fresh.push(await timeToHealthy([CLI_BIN, 'serve'], env, { untilReady: true }));
      warm.push((await timeToHealthy([CLI_BIN, 'serve'], env)).totalMs);
      // The baseline: the same start through tsx, as before issue 15 (no build, TypeScript compiled as loaded).
      const tsxEnv = {
        DATA_DIR: join(root, `tsx-${run}`),
        LOG_LEVEL: 'info',
        SESSION_ALIGN_FROM_SOURCE: '1',
      };
      freshTsx.push((await timeToHealthy([CLI_BIN, 'serve'], tsxEnv)).totalMs);
      warmTsx.push((await timeToHealthy([CLI_BIN, 'serve'], tsxEnv)).totalMs);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const baseline = median(bare);
  const row = (label: string, values: number[], tsx: number[]) =>
    `  ${label}, ${values.length} runs: median ${seconds(median(values))}, max ${seconds(Math.max(...values))} = ${(median(values) / baseline).toFixed(0)}x the bare server; through tsx ${seconds(median(tsx))} = ${(median(tsx) / median(values)).toFixed(1)}x slower`;
  const reached = MILESTONES.map(([name]) => {
    const times = fresh.flatMap((run) => (run.marks[name] === undefined ? [] : [run.marks[name]]));
    return times.length > 0 ? `${name} ${seconds(median(times))}` : `${name} (not seen)`;
  });
  const ready = fresh.flatMap((run) => (run.readyMs === undefined ? [] : [run.readyMs]));
  lines.push(
    `  baseline: a bare node HTTP server, spawn to a 200, ${bare.length} runs: median ${seconds(baseline)}, max ${seconds(Math.max(...bare))}`,
    row(
      'serve on a fresh DATA_DIR (initdb + migrate; seed in the background)',
      fresh.map((run) => run.totalMs),
      freshTsx,
    ),
    `    reached (median, from spawn): ${reached.join(', ')}, /readyz 200 (seeded, statistics, match index) ${seconds(median(ready))}`,
    row('serve again on the same DATA_DIR (warm)', warm, warmTsx),
    `  load average ${load()} after`,
  );
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runStartupBench()) console.log(line);
}
