import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * PGlite has no lock of its own, and two processes writing one data directory would corrupt it.
 * The holder's pid goes in `DATA_DIR/pglite.lock`; a lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string): { release(): void } {
  const dir = resolve(dataDir);
  const path = join(dir, 'pglite.lock');
  mkdirSync(dir, { recursive: true });
  if (existsSync(path)) {
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new AppError(
        'runtime.data_dir_busy',
        `The embedded database in ${dir} is in use by process ${holder}. Stop it first, or set DATABASE_URL to share a PostgreSQL server.`,
        { pid: holder },
      );
    }
  }
  writeFileSync(path, String(process.pid));
  return {
    release() {
      if (existsSync(path) && Number(readFileSync(path, 'utf8').trim()) === process.pid)
        rmSync(path, { force: true });
    },
  };
}
