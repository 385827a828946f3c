import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { vector } from '@electric-sql/pglite/vector';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { AppError } from '../core/shared/app-error.ts';
import { APP_ROLE, type Database, type Db, type OwnerSql, SYSTEM_ROLE, type Tx } from './database.ts';
import * as schema from './schema/index.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string | undefined; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; maxConnections?: number };

/**
 * Opens embedded PGlite (with `vector` and `btree_gist`) under `dataDir` (in memory when undefined),
 * or a node-postgres pool for `url`.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'pglite' ? openPglite(target.dataDir, target.loadDataDir) : openPostgres(target);
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: { vector, btree_gist },
  });
  // Timestamps travel as UTC text whatever the host's zone: core's intervals are UTC epoch ms.
  await client.exec("set timezone = 'UTC'");
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const owner = <T>(fn: (sql: OwnerSql) => Promise<T>) =>
    client.transaction((tx) =>
      fn({
        query: async <Row>(text: string, params?: unknown[]) => (await tx.query<Row>(text, params)).rows,
        exec: async (text) => {
          await tx.exec(text);
        },
      }),
    );
  const database = buildDatabase('pglite', db, owner, async () => client.close(), await detectVector(owner));
  return { ...database, snapshot: () => client.dumpDataDir('gzip') };
}

async function openPostgres(target: { url: string; maxConnections?: number }): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.maxConnections ?? 10,
    // Timestamps travel as UTC text whatever the server's zone: core's intervals are UTC epoch ms.
    options: '-c TimeZone=UTC',
  });
  // An idle client's error (server restart) must not crash the process; the pool replaces the client.
  pool.on('error', () => {});
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  const owner = async <T>(fn: (sql: OwnerSql) => Promise<T>) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await fn({
        query: async <Row>(text: string, params?: unknown[]) =>
          (await client.query(text, params)).rows as Row[],
        exec: async (text) => {
          await client.query(text);
        },
      });
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  return buildDatabase('postgres', db, owner, () => pool.end(), await detectVector(owner));
}

async function detectVector(owner: Database['withOwner']): Promise<boolean> {
  const rows = await owner((q) =>
    q.query<{ available: boolean }>(
      "select exists (select 1 from pg_available_extensions where name = 'vector') as available",
    ),
  );
  return rows[0]?.available === true;
}

function buildDatabase(
  kind: Database['kind'],
  db: Db,
  withOwner: Database['withOwner'],
  close: () => Promise<void>,
  hasVector: boolean,
): Database {
  return {
    kind,
    hasVector,
    withOwner,
    async withTenant(tenantId, fn) {
      if (!UUID_PATTERN.test(tenantId)) {
        throw new AppError('tenancy.bad_tenant_id', `Tenant id must be a UUID, got "${tenantId}"`);
      }
      return db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
        await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
        return fn(tx as Tx);
      });
    },
    async withSystem(fn) {
      return db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local role ${SYSTEM_ROLE}`));
        return fn(tx as Tx);
      });
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close,
  };
}
