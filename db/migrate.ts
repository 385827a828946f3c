import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant shared by every migrator of this schema; serialises concurrent start-ups.
const MIGRATION_LOCK_KEY = 7_244_031;

/**
 * What the migrations set up only where pgvector was there when they ran (0001: the extension, 0004: the
 * HNSW index), checked on every start: pgvector installed on the server later, or the operator's
 * `session_align.vector = 'off'` removed, would otherwise leave the code reading vectors through an
 * extension the database does not have. Building the index on a large roster takes a while, once.
 */
const ENSURE_VECTOR = `
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'vector')
     and coalesce(current_setting('session_align.vector', true), '') <> 'off' then
    create extension if not exists vector;
    if to_regclass('creator_embeddings') is not null then
      execute 'create index if not exists creator_embeddings_hnsw_256_idx on creator_embeddings
        using hnsw ((embedding::vector(256)) vector_cosine_ops) where dimensions = 256';
    end if;
  end if;
end $$;`;

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
    await q.exec(ENSURE_VECTOR);
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
