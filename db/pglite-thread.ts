/**
 * Embedded PGlite on a thread of its own. PGlite runs PostgreSQL compiled to WebAssembly: on the
 * server's thread every statement (and the parsing of its rows) holds the event loop, so requests
 * wait to be read and acked while another request's statements run. Here the database works on the
 * second core; this thread only sends statements and receives rows.
 *
 * The client speaks the part of PGlite's interface drizzle and `open-database.ts` use: `query`,
 * `exec`, `transaction`, `dumpDataDir`, `close`. PGlite has one session, so statements take turns:
 * a transaction holds the session from its `begin` to its `commit` or `rollback`, and everything else
 * waits for it, as inside PGlite itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Worker } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { vector } from '@electric-sql/pglite/vector';
import { UUID_PATTERN } from './database.ts';

/** The extensions embedded PGlite opens with, on this thread or its own. */
export const PGLITE_EXTENSIONS = { vector, btree_gist };

/** What the database thread opens (posted once, as `workerData`). */
export interface ThreadOpen {
  dataDir?: string;
  loadDataDir?: Blob;
}

export type ThreadRequest =
  | {
      op: 'query';
      sql: string;
      params: unknown[];
      rowMode?: 'array' | 'object';
      rawTypes: number[];
      /** Run first, in the same turn: a transaction's `begin` (and prelude) rides on its first statement. */
      begin?: string;
      /** A statement standing alone, run in this role and tenant (see StatementContext). */
      context?: StatementContext;
    }
  | { op: 'exec'; sql: string; begin?: string; context?: StatementContext }
  | { op: 'dump'; compression: 'gzip' | 'none' | 'auto' }
  | { op: 'close' };
export type ThreadAsk = ThreadRequest & { id: number };
export interface ThreadError {
  message: string;
  name?: string;
  fields: Record<string, unknown>;
}

export type ThreadAnswer =
  | { id: number; value: unknown; error?: undefined }
  | { id: number; error: ThreadError };

interface QueryOptions {
  rowMode?: 'array' | 'object';
  /** Type parsers by type id. Only the identity (keep PostgreSQL's text) can cross threads. */
  parsers?: Record<number, (value: string, typeId?: number) => unknown>;
}

const WORKER_URL = new URL('./pglite-thread.worker.mjs', import.meta.url);

/**
 * What the next transaction opened in this async context runs right after its `begin`, in the same
 * message (the tenant's role and id): one PGlite statement fewer per transaction. The text must be
 * safe to run as it is (constants and checked UUIDs only). The transaction's own work does not see it.
 */
export const transactionPrelude = new AsyncLocalStorage<string>();

/**
 * Who a statement standing alone runs as (withTenantReads, withTenantStatements,
 * withSystemStatements). The database thread keeps the role and tenant of the last such statement
 * set for the session while the next ones share them, so each is one PGlite call instead of begin,
 * prelude, statement and commit; it resets them before any other message (a transaction, the owner's
 * statements). Checked where the text is built: only the two roles and a UUID reach it.
 */
export interface StatementContext {
  role: 'session_align_app' | 'session_align_system';
  tenantId?: string;
  readOnly: boolean;
}

/** The statement context of this async context, set beside `transactionPrelude` for such work. */
export const statementContext = new AsyncLocalStorage<StatementContext>();

const CONTEXT_ROLES = new Set(['session_align_app', 'session_align_system']);

/**
 * The session-level settings for a statement context, or for none (the owner's defaults). Throws on
 * anything but the two roles and a UUID: the text is run as it is.
 */
export function sessionSettingsSql(context: StatementContext | undefined): string {
  if (!context) return 'reset role; reset app.tenant_id; reset default_transaction_read_only';
  if (!CONTEXT_ROLES.has(context.role)) throw new Error(`statement context: unknown role "${context.role}"`);
  if (context.tenantId !== undefined && !UUID_PATTERN.test(context.tenantId))
    throw new Error(`statement context: tenant id must be a UUID, got "${context.tenantId}"`);
  return `select set_config('role', '${context.role}', false), set_config('app.tenant_id', '${
    context.tenantId ?? ''
  }', false), set_config('default_transaction_read_only', '${context.readOnly ? 'on' : 'off'}', false)`;
}

/** PostgreSQL's error as the database thread reported it: `code`, `detail`, `constraint`… kept. */
export class PgliteThreadError extends Error {
  constructor(reported: ThreadError) {
    super(reported.message);
    Object.assign(this, reported.fields);
    this.name = reported.name ?? 'DatabaseError';
    this.message = reported.message;
  }
}

/**
 * Starts the database thread and opens PGlite in it (with `vector` and `btree_gist`).
 *
 * @example
 * const client = await openPgliteThread({ dataDir: '/var/lib/session-align/pgdata' });
 * await client.query('select 1 as one'); // { rows: [{ one: 1 }], … }
 */
export async function openPgliteThread(open: ThreadOpen): Promise<PGlite> {
  const worker = new Worker(WORKER_URL, { workerData: open, execArgv: [] });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let failure: Error | undefined;
  const ready = new Promise<unknown>((resolve, reject) => pending.set(0, { resolve, reject }));
  // The thread keeps the process alive only while a statement is out, as a socket would.
  worker.on('message', (answer: ThreadAnswer) => {
    const call = pending.get(answer.id);
    pending.delete(answer.id);
    if (pending.size === 0) worker.unref();
    if (answer.error) call?.reject(new PgliteThreadError(answer.error));
    else call?.resolve(answer.value);
  });
  const fail = (error: Error) => {
    failure ??= error;
    for (const call of pending.values()) call.reject(failure);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the embedded database thread stopped (exit code ${code})`)));
  const ask = <T>(message: ThreadRequest): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  };
  await ready;

  // One session, and the thread answers in the order asked: a turn (a statement, or a whole
  // transaction) ends when its last message is sent, not when the answer is back, so the next
  // caller's statements queue on the database thread behind it instead of waiting for this thread to
  // read an answer first. Only a transaction holds the turn across round trips.
  let tail: Promise<void> = Promise.resolve();
  const takeTurn = async (): Promise<() => void> => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = tail;
    tail = released;
    await previous;
    return release;
  };
  const sendInTurn = async <T>(message: ThreadRequest): Promise<T> => {
    const release = await takeTurn();
    const answer = ask<T>(message);
    release();
    return answer;
  };
  // A statement outside a transaction in work whose statements stand alone (withTenantReads,
  // withTenantStatements, withSystemStatements) carries its context: one message, one PGlite call
  // while consecutive statements share it.
  const statementInTurn = <T>(message: Statement): Promise<T> => {
    const context = statementContext.getStore();
    return sendInTurn<T>(context ? { ...message, context } : message);
  };
  type Statement = Extract<ThreadRequest, { op: 'query' | 'exec' }>;
  type Query = (sql: string, params?: unknown[], options?: QueryOptions) => Promise<unknown>;
  type Exec = (sql: string) => Promise<unknown>;
  const queryMessage = (sql: string, params: unknown[] = [], options: QueryOptions = {}): Statement => ({
    op: 'query',
    sql,
    params,
    ...(options.rowMode ? { rowMode: options.rowMode } : {}),
    rawTypes: rawTypesOf(options.parsers),
  });
  const client = {
    query: (async (sql, params, options) => statementInTurn(queryMessage(sql, params, options))) as Query,
    exec: ((sql) => statementInTurn({ op: 'exec', sql })) as Exec,
    transaction: async <T>(
      fn: (tx: { query: Query; exec: Exec; closed: boolean; rollback(): Promise<void> }) => Promise<T>,
    ): Promise<T> => {
      const prelude = transactionPrelude.getStore();
      const release = await takeTurn();
      // `begin` goes with the first statement: a transaction that sends none opens nothing.
      let begin: string | undefined = prelude ? `begin; ${prelude}` : 'begin';
      const send = <R>(message: Statement): Promise<R> => {
        if (tx.closed) return Promise.reject(new Error('the transaction has ended'));
        const first = begin;
        begin = undefined;
        return ask<R>(first ? { ...message, begin: first } : message);
      };
      const end = (sql: 'commit' | 'rollback'): Promise<unknown> | undefined => {
        const wasOpen = !tx.closed && begin === undefined;
        tx.closed = true;
        const ended = wasOpen ? ask({ op: 'exec', sql }) : undefined;
        release();
        return ended;
      };
      const tx = {
        query: (async (sql, params, options) => send(queryMessage(sql, params, options))) as Query,
        exec: ((sql) => send({ op: 'exec', sql })) as Exec,
        closed: false,
        async rollback() {
          await end('rollback');
        },
      };
      try {
        const result = await transactionPrelude.exit(() => statementContext.exit(() => fn(tx)));
        await end('commit');
        return result;
      } catch (error) {
        await end('rollback')?.catch(() => {});
        throw error;
      } finally {
        tx.closed = true;
        release();
      }
    },
    dumpDataDir: (compression: 'gzip' | 'none' | 'auto' = 'auto') =>
      sendInTurn<Blob>({ op: 'dump', compression }),
    async close() {
      await sendInTurn({ op: 'close' }).catch(() => {});
      await worker.terminate();
    },
  };
  return client as unknown as PGlite;
}

const checkedParsers = new WeakMap<object, number[]>();

/** The type ids whose parser keeps the text: anything else cannot cross to the database thread. */
function rawTypesOf(parsers: QueryOptions['parsers']): number[] {
  if (!parsers) return [];
  let types = checkedParsers.get(parsers);
  if (!types) {
    types = Object.entries(parsers).map(([type, parse]) => {
      if (parse('2026-01-01 00:00:00+00', Number(type)) !== '2026-01-01 00:00:00+00')
        throw new Error(`type ${type}: only parsers that keep the text can run on the database thread`);
      return Number(type);
    });
    checkedParsers.set(parsers, types);
  }
  return types;
}
