import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate } from './migrate.ts';
import { openDatabase } from './open-database.ts';

/**
 * A freshly initialised and migrated embedded database, as a tarball in dist/, made by `npm install`
 * (bin/dist.js). A fresh DATA_DIR starts from it instead of running initdb and every migration: the
 * slowest part of a first `npm start`. Keyed by the migrations' text, so a changed migration is never
 * served from a stale template (the start then initialises as before).
 */

// From dist/db/ (compiled) or db/ (tsx): the template lives in dist/ either way.
const here = fileURLToPath(new URL('.', import.meta.url));
const DIST_ROOT = /[\\/]dist[\\/]db[\\/]?$/.test(here) ? join(here, '..') : join(here, '../dist');

function templateFile(): string {
  const key = createHash('sha256')
    .update(
      loadMigrations()
        .map((m) => `${m.version}\n${m.sql}`)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16);
  return join(DIST_ROOT, `pglite-template-${key}.tar.gz`);
}

/** The template for the current migrations, or undefined when none was made. */
export function readPgliteTemplate(): Blob | undefined {
  const path = templateFile();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}

/** Makes the template unless it exists; returns its path. */
export async function writePgliteTemplate(): Promise<string> {
  const path = templateFile();
  if (existsSync(path)) return path;
  const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
  try {
    await migrate(database);
    const dump = await database.snapshot?.();
    if (!dump) throw new Error('PGlite gave no snapshot of its data directory');
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path);
    return path;
  } finally {
    await database.close();
  }
}
