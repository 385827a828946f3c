/**
 * The PostgreSQL server behind DATABASE_URL: three pools, one per login role (owner, application,
 * system), each checked on first use to be that role and nothing more, and the application pool's
 * `begin` carrying the tenant.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { AppError } from '../core/shared/app-error.ts';
import {
  APP_ROLE,
  assertTenantId,
  type Database,
  type Db,
  detectVector,
  type OwnerSql,
  SYSTEM_ROLE,
  type Tx,
} from './database.ts';
import * as schema from './schema/index.ts';

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

export async function openPostgres(target: {
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
