import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { AppError } from '../core/shared/app-error.ts';
import type * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/**
 * A drizzle transaction already scoped to one tenant (or to the system role). Inside withTenantReads,
 * withTenantStatements and withSystemStatements on embedded PGlite on its thread it is the database
 * handle itself, each of whose statements runs alone, scoped the same way.
 */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Raw SQL on the owner (migrating) connection, inside one transaction. */
export interface OwnerSql {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements at once, no parameters (a migration file). */
  exec(text: string): Promise<void>;
}

/**
 * The one way code reaches data. Tenant work goes through `withTenant`, which runs the callback in a
 * transaction as `session_align_app` (a role that owns nothing, so forced RLS applies) with
 * `app.tenant_id` set LOCAL to the transaction — a pooled connection can never carry it further.
 *
 * @example
 * const creators = await database.withTenant(tenantId, (tx) => tx.select().from(schema.creators));
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Whether pgvector is installed (HNSW search); otherwise embeddings are scored exactly. */
  readonly hasVector: boolean;
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * As withTenant, for work that only reads: PostgreSQL refuses any write in it. On the server one
   * read-only transaction. On embedded PGlite on its thread each statement runs alone, read only
   * (under read committed a statement takes its own snapshot anyway), so the one session is held only
   * while a statement runs, never while this thread works between statements. `tx.transaction()`
   * groups statements that need one transaction (SET LOCAL settings before a query).
   */
  withTenantReads<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * As withTenant, for statements that are each atomic alone and need not commit together (one
   * insert of a reply's button tokens): on the server one transaction; on PGlite on its thread each
   * statement alone, sent as one message, so the session is not held while this thread reads the
   * answer of one statement before sending the commit.
   */
  withTenantStatements<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Cross-tenant operator work (tenant lifecycle, installation lookup, sweeps) as `session_align_system`. */
  withSystem<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * As withSystem, for statements that are each atomic alone and need not commit together (the
   * delivery ledger's claim): on the server they run without begin/commit, one round trip each; on
   * PGlite on its thread each runs alone in the system role, one message; PGlite on the calling
   * thread runs them in a withSystem transaction.
   */
  withSystemStatements<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Owner-level SQL for migrations and tests of the database itself. Never for request handling. */
  withOwner<T>(fn: (sql: OwnerSql) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Embedded PGlite only: the whole data directory as a gzipped tarball (test templates, backups). */
  snapshot?(): Promise<Blob>;
}

/** A tenant id as the database code accepts it (ids are written into prelude text, so checked first). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const APP_ROLE = 'session_align_app';
export const SYSTEM_ROLE = 'session_align_system';

/** Refuses anything but a UUID before a tenant id reaches a prelude's text. */
export function assertTenantId(tenantId: string): void {
  if (!UUID_PATTERN.test(tenantId)) {
    throw new AppError('tenancy.bad_tenant_id', `Tenant id must be a UUID, got "${tenantId}"`);
  }
}

/** The same condition as the foundation migration's: installed, and not switched off for this database. */
export async function detectVector(owner: Database['withOwner']): Promise<boolean> {
  const rows = await owner((q) =>
    q.query<{ available: boolean }>(
      `select exists (select 1 from pg_available_extensions where name = 'vector')
          and coalesce(current_setting('session_align.vector', true), '') <> 'off' as available`,
    ),
  );
  return rows[0]?.available === true;
}
