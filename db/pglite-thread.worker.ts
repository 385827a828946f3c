/**
 * The embedded database's own thread: one PGlite, answering the statements `pglite-thread.ts` sends,
 * one at a time and in the order they arrive (the main thread keeps other statements out of an open
 * transaction). Results and errors go back
 * as plain data; an error keeps PostgreSQL's fields (code, detail, constraint…).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import {
  PGLITE_EXTENSIONS,
  type StatementContext,
  sessionSettingsSql,
  type ThreadAnswer,
  type ThreadAsk,
  type ThreadError,
  type ThreadOpen,
} from './pglite-thread.ts';

const port = parentPort!;
const open = workerData as ThreadOpen;
const identity = (value: string) => value;

const client = await PGlite.create({
  ...(open.dataDir ? { dataDir: open.dataDir } : {}),
  ...(open.loadDataDir ? { loadDataDir: open.loadDataDir } : {}),
  extensions: PGLITE_EXTENSIONS,
}).catch((error: unknown) => {
  port.postMessage({ id: 0, error: plainError(error) } satisfies ThreadAnswer);
  throw error;
});
port.postMessage({ id: 0, value: null } satisfies ThreadAnswer);

// Strictly in arrival order: the main thread sends a turn's messages without waiting for answers.
let previous: Promise<void> = Promise.resolve();
port.on('message', (ask: ThreadAsk) => {
  previous = previous
    .then(async () => {
      try {
        const value = await answer(ask);
        port.postMessage({ id: ask.id, value } satisfies ThreadAnswer);
        if (ask.op === 'close') port.close();
      } catch (error) {
        port.postMessage({ id: ask.id, error: plainError(error) } satisfies ThreadAnswer);
      }
    })
    // Even an answer that could not be posted must not stop the ones after it.
    .catch(() => {});
});

/** The statement context set for the session now (its settings text), or none: the owner's defaults. */
let sessionSettings: string | undefined;

/**
 * Sets the session's role and tenant for a statement standing alone, or resets them before any other
 * statement (a transaction's begin, the owner's work). A message inside an open transaction finds
 * them reset already: the transaction's first message reset them, and nothing else is sent meanwhile.
 */
async function useSession(context: StatementContext | undefined): Promise<void> {
  const wanted = context ? sessionSettingsSql(context) : undefined;
  if (wanted === sessionSettings) return;
  await client.exec(wanted ?? sessionSettingsSql(undefined));
  sessionSettings = wanted;
}

async function answer(ask: ThreadAsk): Promise<unknown> {
  if (ask.op === 'query' || ask.op === 'exec') {
    // With a context it stands alone, in the session's role and tenant: PostgreSQL commits it itself.
    await useSession(ask.context);
    if (ask.begin) await client.exec(ask.begin);
  }
  return statement(ask);
}

async function statement(ask: ThreadAsk): Promise<unknown> {
  switch (ask.op) {
    case 'query': {
      const parsers = Object.fromEntries(ask.rawTypes.map((type) => [type, identity]));
      const { rows, fields, affectedRows } = await client.query(ask.sql, ask.params, {
        ...(ask.rowMode ? { rowMode: ask.rowMode } : {}),
        parsers,
      });
      return { rows, fields, affectedRows };
    }
    case 'exec':
      return (await client.exec(ask.sql)).map(({ rows, fields, affectedRows }) => ({
        rows,
        fields,
        affectedRows,
      }));
    case 'dump':
      return client.dumpDataDir(ask.compression);
    case 'close':
      await client.close();
      return null;
  }
}

function plainError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error))
    if (value === undefined || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  return { message: error.message, name: error.name, fields };
}
