import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, lockDataDir } from './data-dir-lock.ts';

const LOCK_MODULE = join(import.meta.dirname, 'data-dir-lock.ts');
const root = mkdtempSync(join(tmpdir(), 'session-align-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A process that says `ready`, then waits for the agreed instant (spinning through its last
 * milliseconds, so racers really start together), tries the lock, says `won` or `busy`, and holds on until its stdin closes.
 */
const RACER = `
import { lockDataDir } from ${JSON.stringify(LOCK_MODULE)};
const [dataDir] = process.argv.slice(-1);
process.stdout.write('ready\\n');
const nowMs = () => performance.timeOrigin + performance.now();
process.stdin.once('data', async (chunk) => {
  const goAtMs = Number(String(chunk).trim());
  // Sleep, then spin only the last moment: racers spinning for long would starve each other of cores.
  await new Promise((wake) => setTimeout(wake, Math.max(0, goAtMs - nowMs() - 3)));
  while (nowMs() < goAtMs) {}
  let outcome;
  try {
    lockDataDir(dataDir);
    outcome = 'won';
  } catch (error) {
    outcome = error.code === 'runtime.data_dir_busy' ? 'busy' : 'error ' + error.message;
  }
  process.stdout.write(outcome + '\\n');
});
process.stdin.on('end', () => process.exit(0));
`;

function startRacer(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', RACER, dataDir], {
    stdio: 'pipe',
  }) as ChildProcessWithoutNullStreams;
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  const nthLine = async (n: number) => {
    while (lines.length < n) await new Promise<void>((wake) => waiters.push(wake));
    return lines[n - 1]!;
  };
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, nthLine, exited };
}

async function race(dataDir: string, racers: number): Promise<string[]> {
  const children = Array.from({ length: racers }, () => startRacer(dataDir));
  try {
    await Promise.all(children.map((c) => c.nthLine(1)));
    const goAtMs = Date.now() + 200;
    for (const c of children) c.child.stdin.write(`${goAtMs}\n`);
    return await Promise.all(children.map((c) => c.nthLine(2)));
  } finally {
    for (const c of children) c.child.stdin.end();
    await Promise.all(children.map((c) => c.exited));
  }
}

describe('the data-directory lock', () => {
  it('lets exactly one of several processes racing for it win, fresh or taken over from a dead holder', {
    timeout: 240_000,
  }, async () => {
    const dataDir = join(root, 'race');
    const outcomes: string[][] = [];
    for (let round = 0; round < 10; round++) {
      // Even rounds race for a fresh directory; odd rounds for the lock the last winner died holding.
      if (round % 2 === 0) rmSync(dataDir, { recursive: true, force: true });
      else expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(true);
      outcomes.push((await race(dataDir, 4)).toSorted());
    }
    expect(outcomes).toEqual(Array.from({ length: 10 }, () => ['busy', 'busy', 'busy', 'won']));
    // Nothing but the (now stale) lock is left behind: no drafts, no takeover guards.
    expect(readdirSync(dataDir)).toEqual(['pglite.lock']);
  });

  it('refuses while a live process holds it, naming that process', () => {
    const dataDir = join(root, 'held');
    const holder = process.ppid;
    expect(isAlive(holder)).toBe(true);
    lockDataDir(dataDir).release();
    writeFileSync(join(dataDir, 'pglite.lock'), String(holder));
    expect(() => lockDataDir(dataDir)).toThrow(expect.objectContaining({ code: 'runtime.data_dir_busy' }));
    expect(readFileSync(join(dataDir, 'pglite.lock'), 'utf8')).toBe(String(holder));
  });

  it('takes over a lock that holds no pid, and releases only its own lock', () => {
    const dataDir = join(root, 'garbage');
    lockDataDir(dataDir).release();
    writeFileSync(join(dataDir, 'pglite.lock'), '');
    const lock = lockDataDir(dataDir);
    expect(readFileSync(join(dataDir, 'pglite.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
    writeFileSync(join(dataDir, 'pglite.lock'), String(process.ppid));
    lock.release();
    expect(readFileSync(join(dataDir, 'pglite.lock'), 'utf8')).toBe(String(process.ppid));
  });
});
