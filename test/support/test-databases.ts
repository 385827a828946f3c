import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../db/database.ts';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { POSTGRES_URL } from './services.ts';

/**
 * A migrated, in-memory PGlite. The first caller on a machine migrates a fresh instance and saves its
 * data dir as a template (keyed by the migrations' content); later callers load it, skipping initdb.
 */
export async function openTestPglite(options: { thread?: 'main' | 'worker' } = {}): Promise<Database> {
  const thread = options.thread ?? 'main';
  const migrations = loadMigrations();
  const key = createHash('sha256')
    .update(migrations.map((m) => m.sql).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const templatePath = join(tmpdir(), `session-align-pglite-${key}.tar.gz`);
  if (existsSync(templatePath)) {
    const database = await openDatabase({
      kind: 'pglite',
      dataDir: undefined,
      loadDataDir: new Blob([readFileSync(templatePath)]),
      thread,
    });
    await migrate(database);
    return database;
  }
  const database = await openDatabase({ kind: 'pglite', dataDir: undefined, thread });
  await migrate(database);
  const dump = await database.snapshot?.();
  if (dump) {
    const partial = `${templatePath}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, templatePath);
  }
  return database;
}

/**
 * A fresh database on the PostgreSQL server, migrated; `drop()` removes it. `vector: false` keeps
 * pgvector out of it (exact scoring), as an operator would with `session_align.vector = 'off'`.
 */
export async function openTestPostgres(options: { vector?: boolean } = {}): Promise<{
  database: Database;
  url: string;
  drop(): Promise<void>;
}> {
  const name = `sa_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await postgresAdmin(
    `create database ${name}`,
    ...(options.vector === false ? [`alter database ${name} set session_align.vector = 'off'`] : []),
  );
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 5 });
  await migrate(database);
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      await postgresAdmin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Runs each statement, in order, on the test server's maintenance database (as its superuser). */
export async function postgresAdmin(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
