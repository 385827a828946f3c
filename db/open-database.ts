import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
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
import { openPostgres } from './open-postgres.ts';
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
