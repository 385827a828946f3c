import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant shared by every migrator of this schema; serialises concurrent start-ups.
const MIGRATION_LOCK_KEY = 7_244_031;

export interface Migration {
  version: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .toSorted()
    .map((file) => ({ version: file.replace(/\.sql$/, ''), sql: readFileSync(`${dir}/${file}`, 'utf8') }));
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one transaction under an
 * advisory lock, so two processes starting together cannot both apply one. Returns what it applied.
 */
export async function migrate(database: Database, migrations = loadMigrations()): Promise<string[]> {
  return database.withOwner(async (q) => {
    await q.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await q.exec(
      'create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())',
    );
    const applied = new Set(
      (await q.query<{ version: string }>('select version from schema_migrations')).map((row) => row.version),
    );
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await q.exec(migration.sql);
      await q.query('insert into schema_migrations (version) values ($1)', [migration.version]);
    }
    return pending.map((migration) => migration.version);
  });
}

export async function pendingMigrations(database: Database): Promise<string[]> {
  const applied = await database.withOwner(async (q) => {
    const exists = await q.query<{ present: boolean }>(
      "select to_regclass('schema_migrations') is not null as present",
    );
    if (!exists[0]?.present) return new Set<string>();
    return new Set(
      (await q.query<{ version: string }>('select version from schema_migrations')).map((r) => r.version),
    );
  });
  return loadMigrations()
    .map((migration) => migration.version)
    .filter((version) => !applied.has(version));
}
