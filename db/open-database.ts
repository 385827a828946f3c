import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type pg from 'pg';
import { AppError } from '../core/shared/app-error.ts';
import {
  APP_ROLE,
  type Database,
  type Db,
  type OwnerSql,
  SYSTEM_ROLE,
  type Tx,
  UUID_PATTERN,
} from './database.ts';
import {
  openPgliteThread,
  PGLITE_EXTENSIONS,
  statementContext,
  transactionPrelude,
} from './pglite-thread.ts';
import * as schema from './schema/index.ts';

export type DatabaseTarget =
  | {
      kind: 'pglite';
      dataDir: string | undefined;
      loadDataDir?: Blob;
      /**
       * `worker`: PGlite on a thread of its own (the server and workers), so its statements do not
       * hold this thread's event loop. `main` (default): on this thread, for tests and one-shot tools.
       */
      thread?: 'main' | 'worker';
    }
  | {
      kind: 'postgres';
      url: string;
      appUrl?: string;
      systemUrl?: string;
      maxConnections?: number;
      /** Cancels a statement of the application role that runs longer (0: no limit). */
      statementTimeoutMs?: number;
    };

/**
 * Opens embedded PGlite (with `vector` and `btree_gist`) under `dataDir` (in memory when undefined),
 * or a node-postgres pool for `url`.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'pglite'
    ? openPglite(target.dataDir, target.loadDataDir, target.thread ?? 'main')
    : openPostgres(target);
}

async function openPglite(
  dataDir: string | undefined,
  loadDataDir: Blob | undefined,
  thread: 'main' | 'worker',
): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const opened = { ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}) };
  const client =
    thread === 'worker'
      ? await openPgliteThread(opened)
      : await PGlite.create({ ...opened, extensions: PGLITE_EXTENSIONS });
  // Timestamps travel as UTC text whatever the host's zone: core's intervals are UTC epoch ms.
  await client.exec("set timezone = 'UTC'");
  // On its own thread PGlite waits on messages, as a server's driver waits on its socket.
  const yielding = thread === 'worker' ? client : yieldingPglite(client);
  const db = drizzlePglite({ client: yielding, schema }) as unknown as Db;
  const owner = <T>(fn: (sql: OwnerSql) => Promise<T>) =>
    yielding.transaction((tx) =>
      fn({
        query: async <Row>(text: string, params?: unknown[]) => (await tx.query<Row>(text, params)).rows,
        exec: async (text) => {
          await tx.exec(text);
        },
      }),
    );
  const database = buildDatabase(
    'pglite',
    db,
    owner,
    async () => client.close(),
    await detectVector(owner),
    thread === 'worker' ? drizzlePglite({ client: preludeRequired(client), schema }) : undefined,
  );
  return { ...database, snapshot: () => client.dumpDataDir('gzip') };
}

/**
 * The thread's client for work whose statements each run alone (withTenantReads,
 * withSystemStatements): every statement must carry the prelude of the call it belongs to, so one
 * sent outside it (a query builder awaited after the callback returned) fails instead of running as
 * the owner.
 */
function preludeRequired(client: PGlite): PGlite {
  const outside = () =>
    Promise.reject(new Error('a statement ran outside the tenant or system call it was made for'));
  return new Proxy(client, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== 'query' && property !== 'exec' && property !== 'transaction')
        return value.bind(object);
      return (...args: unknown[]) =>
        transactionPrelude.getStore() === undefined ? outside() : value.apply(object, args);
    },
  });
}

/**
 * PGlite runs on this thread and answers in microtasks: a request's statements would run back to
 * back without the event loop ever reading the next request or sending an ack (a server's driver
 * waits on its socket between statements). This view of the client waits one turn of the loop
 * before each statement, in a transaction too, so other requests are read and acked in between.
 */
function yieldingPglite(client: PGlite): PGlite {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const yieldingCalls = <T extends object>(target: T, wrapTransaction: boolean): T =>
    new Proxy(target, {
      get(object, property) {
        const value = Reflect.get(object, property, object) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'query' || property === 'exec') {
          return async (...args: unknown[]) => {
            await turn();
            return value.apply(object, args);
          };
        }
        if (wrapTransaction && property === 'transaction') {
          return (fn: (tx: object) => Promise<unknown>) =>
            value.call(object, (tx: object) => fn(yieldingCalls(tx, false)));
        }
        return value.bind(object);
      },
    });
  return yieldingCalls(client, true);
}

/** The login role each pool connects as; none of them can switch to another (no SET ROLE path). */
const POOL_ROLES = { app: APP_ROLE, system: SYSTEM_ROLE } as const;

/**
 * `url` with its user name replaced: the default log-in for the application and system roles is the
 * owner's URL as that role (same host, database and password), unless an explicit URL is given.
 */
export function roleUrl(url: string, role: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  return parsed.toString();
}

async function openPostgres(target: {
  url: string;
  appUrl?: string;
  systemUrl?: string;
  maxConnections?: number;
  statementTimeoutMs?: number;
}): Promise<Database> {
  // node-postgres loads only for DATABASE_URL: the embedded default never needs it.
  const { default: pgModule } = await import('pg');
  const { drizzle: drizzleNodePg } = await import('drizzle-orm/node-postgres');
  const pool = (connectionString: string, max: number, statementTimeoutMs = 0, Client = pgModule.Client) => {
    const created = new pgModule.Pool({
      Client,
      connectionString,
      max,
      connectionTimeoutMillis: 10_000,
      // Timestamps travel as UTC text whatever the server's zone: core's intervals are UTC epoch ms.
      // JIT off: our queries are short OLTP statements whose row-security estimates look expensive, and
      // compiling them cost more than running them (1.7 s of a 2.1 s sweep query at 5,000 sessions).
      options: `-c TimeZone=UTC -c jit=off -c statement_timeout=${statementTimeoutMs}`,
    });
    // An idle client's error (server restart) must not crash the process; the pool replaces the client.
    created.on('error', () => {});
    return created;
  };
  const urls = {
    owner: target.url,
    app: target.appUrl ?? roleUrl(target.url, APP_ROLE),
    system: target.systemUrl ?? roleUrl(target.url, SYSTEM_ROLE),
  };
  const ownerPool = pool(urls.owner, 2);
  // Requests run as the application role: a runaway statement is cancelled, not left to hold a connection.
  const appPool = pool(
    urls.app,
    target.maxConnections ?? 10,
    target.statementTimeoutMs ?? 30_000,
    tenantPreludeClient(pgModule.Client),
  );
  const systemPool = pool(urls.system, Math.min(4, target.maxConnections ?? 10));
  const pools = [ownerPool, appPool, systemPool];
  const closeAll = async () => {
    await Promise.all(pools.map((p) => p.end().catch(() => {})));
  };
  await checkConnection(ownerPool, 'DATABASE_URL', urls.owner).catch(async (error: unknown) => {
    await closeAll();
    throw error;
  });
  const owner = async <T>(fn: (sql: OwnerSql) => Promise<T>) => {
    const client = await ownerPool.connect();
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
  // Checked on first use rather than here: migrations (run after opening) give the roles LOGIN.
  const checked = new Map<keyof typeof POOL_ROLES, Promise<void>>();
  const loggedIn = (kind: keyof typeof POOL_ROLES) => {
    let check = checked.get(kind);
    if (!check) {
      const variable = kind === 'app' ? 'DATABASE_APP_URL' : 'DATABASE_SYSTEM_URL';
      check = checkRole(kind === 'app' ? appPool : systemPool, variable, urls[kind], POOL_ROLES[kind]);
      check.catch(() => checked.delete(kind));
      checked.set(kind, check);
    }
    return check;
  };
  const appDb = drizzleNodePg({ client: appPool, schema }) as unknown as Db;
  const systemDb = drizzleNodePg({ client: systemPool, schema }) as unknown as Db;
  const inTenant = async <T>(tenantId: string, readOnly: boolean, fn: (tx: Tx) => Promise<T>) => {
    assertTenantId(tenantId);
    await loggedIn('app');
    // The transaction's `begin` carries the tenant (see tenantPreludeClient): one round trip, not two.
    return tenantOfNextBegin.run({ tenantId, readOnly }, () => appDb.transaction((tx) => fn(tx as Tx)));
  };
  return {
    kind: 'postgres',
    hasVector: await detectVector(owner),
    withOwner: owner,
    withTenant: (tenantId, fn) => inTenant(tenantId, false, fn),
    withTenantReads: (tenantId, fn) => inTenant(tenantId, true, fn),
    // Nothing is held between statements on the server: one transaction.
    withTenantStatements: (tenantId, fn) => inTenant(tenantId, false, fn),
    async withSystem(fn) {
      await loggedIn('system');
      return systemDb.transaction((tx) => fn(tx as Tx));
    },
    async withSystemStatements(fn) {
      await loggedIn('system');
      // Not a transaction: each statement commits on its own (the pool's role is the system role).
      return fn(systemDb as unknown as Tx);
    },
    async ping() {
      await appPool.query('select 1');
    },
    close: closeAll,
  };
}

/** Connects once, so a bad DATABASE_URL is one line naming the variable, never a stack trace. */
async function checkConnection(target: pg.Pool, variable: string, url: string): Promise<void> {
  try {
    await target.query('select 1');
  } catch (error) {
    throw connectionError(error, variable, url);
  }
}

/** The pool must log in as `role` itself: not a superuser, not able to bypass RLS. */
async function checkRole(target: pg.Pool, variable: string, url: string, role: string): Promise<void> {
  type RoleRow = { user: string; isSuper: boolean; canBypass: boolean };
  let row: RoleRow | undefined;
  try {
    ({
      rows: [row],
    } = await target.query<RoleRow>(
      `select current_user as "user", rolsuper as "isSuper", rolbypassrls as "canBypass"
       from pg_roles where rolname = current_user`,
    ));
  } catch (error) {
    throw connectionError(error, variable, url, role);
  }
  const expectsBypass = role === SYSTEM_ROLE;
  if (!row || row.user !== role || row.isSuper || row.canBypass !== expectsBypass) {
    throw new AppError(
      'runtime.database_role',
      `${variable}: expected to log in as ${role} (not a superuser${expectsBypass ? '' : ', no BYPASSRLS'}), got ${row?.user ?? 'nobody'}`,
    );
  }
}

function connectionError(error: unknown, variable: string, url: string, role?: string): AppError {
  const { hostname, port } = new URL(url);
  const where = `${role ? `${role} at ` : ''}${hostname}:${port || 5432}`;
  const code = (error as { code?: string }).code;
  const reason =
    {
      ECONNREFUSED: 'connection refused (is PostgreSQL running there?)',
      ENOTFOUND: 'unknown host',
      EAI_AGAIN: 'the host name could not be resolved',
      ETIMEDOUT: 'timed out',
      '28P01': 'password authentication failed',
      '28000': 'this role may not log in here (pg_hba.conf, or the role lacks LOGIN)',
      '3D000': 'the database does not exist',
    }[code ?? ''] ??
    (/timeout/i.test(String((error as Error).message)) ? 'timed out' : `failed (${code ?? 'no error code'})`);
  const hint = role
    ? `. Give the role LOGIN and a password (ALTER ROLE ${role} LOGIN PASSWORD '…'), or set ${variable}`
    : '';
  return new AppError(
    'runtime.database_unreachable',
    `${variable}: could not connect to ${where}: ${reason}${hint}`,
  );
}

/** The tenant whose transaction the next `begin` in this async context opens (withTenant sets it). */
const tenantOfNextBegin = new AsyncLocalStorage<{ tenantId: string; readOnly: boolean }>();

/**
 * The application pool's client: a `begin` sent inside withTenant goes out as
 * `begin; select set_config('app.tenant_id', '<uuid>', true)` in one simple-protocol round trip
 * (`begin read only` inside withTenantReads), so
 * every tenant transaction starts with its tenant set before any statement of it runs. The id is a
 * checked UUID (assertTenantId), so writing it into the text is safe. Savepoints, commits and every
 * other statement pass through unchanged.
 */
function tenantPreludeClient(Base: typeof pg.Client): typeof pg.Client {
  return class TenantPreludeClient extends Base {
    // biome-ignore lint/suspicious/noExplicitAny: pg.Client.query has a dozen overloads; this forwards them all.
    override query(config: any, values?: any, callback?: any): any {
      const next = tenantOfNextBegin.getStore();
      const isBegin = typeof config === 'object' && config !== null && config.text === 'begin';
      if (next !== undefined && isBegin && (values === undefined || values.length === 0)) {
        assertTenantId(next.tenantId);
        const begin = next.readOnly ? 'begin read only' : 'begin';
        return super.query(`${begin}; select set_config('app.tenant_id', '${next.tenantId}', true)`);
      }
      return super.query(config, values, callback);
    }
  } as typeof pg.Client;
}

function assertTenantId(tenantId: string): void {
  if (!UUID_PATTERN.test(tenantId)) {
    throw new AppError('tenancy.bad_tenant_id', `Tenant id must be a UUID, got "${tenantId}"`);
  }
}

/** The same condition as the foundation migration's: installed, and not switched off for this database. */
async function detectVector(owner: Database['withOwner']): Promise<boolean> {
  const rows = await owner((q) =>
    q.query<{ available: boolean }>(
      `select exists (select 1 from pg_available_extensions where name = 'vector')
          and coalesce(current_setting('session_align.vector', true), '') <> 'off' as available`,
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
  /**
   * PGlite on its thread: transactions open with `transactionPrelude`, and this handle's statements
   * each run alone in their `statementContext` (see preludeRequired).
   */
  statementsDb?: Db,
): Database {
  const takesPrelude = statementsDb !== undefined;
  const systemPrelude = `set local role ${SYSTEM_ROLE}`;
  const withSystem: Database['withSystem'] = (fn) =>
    takesPrelude
      ? transactionPrelude.run(systemPrelude, () => db.transaction((tx) => fn(tx as Tx)))
      : db.transaction(async (tx) => {
          await tx.execute(sql.raw(systemPrelude));
          return fn(tx as Tx);
        });
  // One statement takes the role and the tenant (set_config('role') is SET LOCAL ROLE). The tenant id
  // is a checked UUID and the role a constant: safe in the text.
  const tenantPrelude = (tenantId: string, readOnly: boolean) =>
    `select set_config('role', '${APP_ROLE}', true), set_config('app.tenant_id', '${tenantId}', true)${
      readOnly ? ", set_config('transaction_read_only', 'on', true)" : ''
    }`;
  const inTenant = async <T>(tenantId: string, readOnly: boolean, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    assertTenantId(tenantId);
    const prelude = tenantPrelude(tenantId, readOnly);
    if (takesPrelude) return transactionPrelude.run(prelude, () => db.transaction((tx) => fn(tx as Tx)));
    return db.transaction(async (tx) => {
      await tx.execute(sql.raw(prelude));
      return fn(tx as Tx);
    });
  };
  /** PGlite on its thread: each statement of `fn` a transaction of its own (else one transaction). */
  const statementsInTenant = async <T>(
    tenantId: string,
    readOnly: boolean,
    fn: (tx: Tx) => Promise<T>,
  ): Promise<T> => {
    if (!statementsDb) return inTenant(tenantId, readOnly, fn);
    assertTenantId(tenantId);
    // Awaited inside: a query builder the callback returns runs here, in its context. The prelude is
    // for transactions opened inside (`tx.transaction()`); each statement carries the context.
    return transactionPrelude.run(tenantPrelude(tenantId, readOnly), () =>
      statementContext.run(
        { role: APP_ROLE, tenantId, readOnly },
        async () => await fn(statementsDb as unknown as Tx),
      ),
    );
  };
  return {
    kind,
    hasVector,
    withOwner,
    withTenant: (tenantId, fn) => inTenant(tenantId, false, fn),
    withTenantReads: (tenantId, fn) => statementsInTenant(tenantId, true, fn),
    withTenantStatements: (tenantId, fn) => statementsInTenant(tenantId, false, fn),
    withSystem,
    async withSystemStatements(fn) {
      if (!statementsDb) return withSystem(fn);
      return transactionPrelude.run(systemPrelude, () =>
        statementContext.run(
          { role: SYSTEM_ROLE, readOnly: false },
          async () => await fn(statementsDb as unknown as Tx),
        ),
      );
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close,
  };
}
