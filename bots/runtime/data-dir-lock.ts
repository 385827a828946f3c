import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../../core/shared/app-error.ts';

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Creates `path` holding our pid, atomically: the pid goes to a private file first, which is then
 * hard-linked into place. `link` fails with EEXIST when `path` exists, so exactly one of several
 * racing processes succeeds, and nobody ever reads a half-written file. False when `path` exists.
 */
function createExclusive(path: string): boolean {
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(draft, String(process.pid), { mode: 0o600 });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** The pid in a lock file: undefined when the file is gone, 0 when it holds no pid. */
function readHolder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Removes `path` if it is still held by the dead process `deadPid`. Only the process that creates
 * the guard `path.<deadPid>` may remove it, and it checks the holder again while it has the guard:
 * so two processes taking over the same stale lock cannot remove a lock one of them just won.
 * A guard left by a process that died while holding it is itself stale, and cleared the same way.
 */
function removeStale(path: string, deadPid: number, depth = 0): void {
  const guard = `${path}.${deadPid}`;
  if (!createExclusive(guard)) {
    const guardHolder = readHolder(guard);
    if (guardHolder !== undefined && guardHolder !== process.pid && !isAlive(guardHolder) && depth < 4)
      removeStale(guard, guardHolder, depth + 1);
    return;
  }
  try {
    if (readHolder(path) === deadPid) rmSync(path, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
}

/** Blocks the thread briefly: lock contention lasts microseconds, and start-up is synchronous here. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * PGlite has no lock of its own, and two processes writing one data directory would corrupt it.
 * The holder's pid goes in `DATA_DIR/pglite.lock`, created atomically (see createExclusive); a lock
 * left by a dead process is taken over without a race (see removeStale).
 */
export function lockDataDir(dataDir: string): { release(): void } {
  const dir = resolve(dataDir);
  const path = join(dir, 'pglite.lock');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const busy = (holder: number) =>
    new AppError(
      'runtime.data_dir_busy',
      `The embedded database in ${dir} is in use by process ${holder}. Stop it first, or set DATABASE_URL to share a PostgreSQL server.`,
      { pid: holder },
    );
  const lock = {
    release() {
      if (readHolder(path) === process.pid) rmSync(path, { force: true });
    },
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createExclusive(path)) return lock;
    const holder = readHolder(path);
    if (holder === undefined) continue; // released in between: try again
    if (holder === process.pid) return lock;
    if (holder !== 0 && isAlive(holder)) throw busy(holder);
    removeStale(path, holder);
    if (attempt > 0) pause(5);
  }
  throw busy(readHolder(path) ?? 0);
}
