/**
 * CLI round trip: `chat --once "/help"` and `pair --json` (one query) as a person types them, spawn to
 * exit, with `npm start` running on the same DATA_DIR (the line is forwarded to it) and without it
 * (the command opens the embedded database itself), on a data directory that already exists.
 * Baselines in the same run: the same lines through tsx (SESSION_ALIGN_FROM_SOURCE=1, the path before
 * issue 15) and a bare `node -e 0`, which is what any Node command costs on this machine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_BIN, freePort, spawnCli, waitForReady } from '../../test/support/cli-processes.ts';

const RUNS = Math.max(1, Number(process.env.CLI_BENCH_RUNS ?? 5));
const PAIR_QUERY = '{"tenant":"demo","k":3}\n';

/** Wall milliseconds from spawn to exit; throws with the output when it exits non-zero. */
function timeProcess(args: string[], env: Record<string, string | undefined>, stdin = ''): Promise<number> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('close', (code) => {
      if (code === 0) resolve(performance.now() - startedAt);
      else reject(new Error(`${args.join(' ')} exited ${code}:\n${output}`));
    });
  });
}

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Line {
  label: string;
  args: string[];
  stdin?: string;
}

const LINES: Line[] = [
  { label: 'chat --once "/help"', args: ['chat', '--once', '/help'] },
  { label: 'pair --json (one query)', args: ['pair', '--json'], stdin: PAIR_QUERY },
];

/** Median of RUNS, compiled and tsx interleaved so the machine's load falls on both alike. */
async function compare(line: Line, env: Record<string, string | undefined>): Promise<[number, number]> {
  const compiled: number[] = [];
  const tsx: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    compiled.push(await timeProcess([CLI_BIN, ...line.args], env, line.stdin));
    tsx.push(
      await timeProcess([CLI_BIN, ...line.args], { ...env, SESSION_ALIGN_FROM_SOURCE: '1' }, line.stdin),
    );
  }
  return [median(compiled), median(tsx)];
}

export async function runCliRoundTripBench(): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'sa-cli-bench-'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: join(root, 'data') };
  const lines: string[] = [`spawn to exit, median of ${RUNS} runs, on an existing data directory`];
  try {
    await timeProcess([CLI_BIN, 'chat', '--once', '/help'], env); // creates, migrates and seeds it
    const bare: number[] = [];
    for (let run = 0; run < RUNS; run++) bare.push(await timeProcess(['-e', '0'], {}));
    lines.push(`  baseline: bare node -e 0: ${seconds(median(bare))}`);
    const row = (label: string, [compiled, tsx]: [number, number]) =>
      `  ${label}: ${seconds(compiled)} (tsx, before: ${seconds(tsx)} = ${(tsx / compiled).toFixed(1)}x slower; ${seconds(compiled - median(bare))} over bare node)`;
    for (const line of LINES) lines.push(row(`${line.label}, no server`, await compare(line, env)));

    const port = await freePort();
    const server = spawnCli(['serve'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    try {
      await waitForReady(port, 180_000);
      for (const line of LINES) lines.push(row(`${line.label}, server up`, await compare(line, env)));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await runCliRoundTripBench()) console.log(line);
}
