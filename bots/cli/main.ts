import { isAppError } from '../../core/shared/app-error.ts';
import { ConfigError } from '../runtime/config.ts';
import type { ForwardedContext, ForwardedRequest } from '../runtime/local-control.server.ts';
import { loggableError } from '../runtime/log-redaction.ts';
import type { CliOutcome } from './cli-outcome.ts';
import { filesToForward, positionalIndexes, sendToServer } from './forward-line.ts';

export interface CliIo {
  readStdin(): Promise<string>;
}

type Subcommand = {
  summary: string;
  run: (argv: string[], io: CliIo) => Promise<CliOutcome | undefined>;
  /** Opens the database; with a server running on the embedded one, the line is handed to it. */
  usesDatabase?: boolean;
  /** Reads a query on stdin (forwarded along with the line). */
  readsStdin?: boolean;
  /**
   * Which arguments of the line (index in argv, the subcommand's name being 0) are files the command
   * reads. Forwarded, the client sends their bytes; the server never opens a path a caller named.
   */
  fileArgs?: (argv: string[]) => number[];
};

// Loaded lazily so `overlap --json` does not pay for the database or server modules.
const SUBCOMMANDS: Record<string, Subcommand> = {
  serve: {
    summary: 'serve            run the HTTP server (what npm start runs)',
    run: async () => (await import('./serve.cli.ts')).serveCli(),
  },
  worker: {
    summary: 'worker           run BullMQ job workers (needs REDIS_URL)',
    run: async () => (await import('./worker.cli.ts')).workerCli(),
  },
  migrate: {
    usesDatabase: true,
    summary: 'migrate          apply pending database migrations',
    run: async () => (await import('./migrate.cli.ts')).migrateCli(),
  },
  seed: {
    usesDatabase: true,
    summary: 'seed [--tenant SLUG] [--creators N] [--seed S]   seed a deterministic demo roster',
    run: async (argv) => (await import('./seed.cli.ts')).seedCli(argv),
  },
  chat: {
    // Forwarded only with --once; the REPL forwards each line itself.
    usesDatabase: true,
    summary: 'chat [--tenant SLUG] [--as USER] [--once "TEXT"]   the console chat',
    run: async (argv) => (await import('./chat.cli.ts')).chatCli(argv),
  },
  tenants: {
    usesDatabase: true,
    summary: 'tenants [list|create|suspend|reactivate]   manage tenants',
    run: async (argv) => (await import('./tenants.cli.ts')).tenantsCli(argv),
  },
  calendar: {
    usesDatabase: true,
    // calendar import [--tenant S] --creator H [--label L] FILE.ics: the second positional.
    fileArgs: (argv) => positionalIndexes(argv, ['tenant', 'creator', 'label']).slice(1, 2),
    summary: 'calendar import --tenant SLUG --creator HANDLE FILE.ics   import busy time from an ICS file',
    run: async (argv) => (await import('./calendar.cli.ts')).calendarCli(argv),
  },
  overlap: {
    summary: 'overlap --json   read an availability query on stdin, print common windows',
    run: async (argv, io) => (await import('./overlap.cli.ts')).overlapCli(argv, await io.readStdin()),
  },
  import: {
    usesDatabase: true,
    fileArgs: (argv) => positionalIndexes(argv, ['tenant']),
    summary:
      'import --tenant SLUG [--json] creators.csv [credits.csv]   import a roster, report problems per row',
    run: async (argv) => (await import('./import.cli.ts')).importCli(argv),
  },
  export: {
    usesDatabase: true,
    summary: 'export roster|credits --tenant SLUG   print creators.csv or credits.csv, ready to re-import',
    run: async (argv) => (await import('./export.cli.ts')).exportCli(argv),
  },
  commands: {
    summary: 'commands [--json]   list every command; --json: names, roles and input JSON Schemas',
    run: async (argv) => (await import('./commands.cli.ts')).commandsCli(argv),
  },
  pair: {
    usesDatabase: true,
    readsStdin: true,
    summary: 'pair --json      read pair queries (JSON or JSON Lines) on stdin, print ranked suggestions',
    run: async (argv, io) => (await import('./pair.cli.ts')).pairCli(argv, await io.readStdin()),
  },
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([, sub]) => `  session-align ${sub.summary}`);
  return ['Usage:', ...lines, ''].join('\n');
}

/** Runs one subcommand; returns the process exit code. Output is written whole, after the work is done. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const subcommand = name ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    process.stderr.write(name && name !== '--help' ? `Unknown command "${name}".\n${usage()}` : usage());
    return name && name !== '--help' ? 2 : 0;
  }
  let outcome: CliOutcome | undefined;
  try {
    outcome = await forwardIfServerRuns(subcommand, argv);
    outcome ??= await subcommand.run(rest, { readStdin: () => readAll(process.stdin) });
  } catch (error) {
    process.stderr.write(`${describeFailure(error)}\n`);
    return 1;
  }
  // Long-running subcommands (serve, worker, chat) print as they go and return nothing.
  if (!outcome) return 0;
  if (outcome.stdout) process.stdout.write(outcome.stdout);
  if (outcome.stderr) process.stderr.write(outcome.stderr);
  return outcome.exitCode;
}

/**
 * With the embedded database (no DATABASE_URL) and `npm start` running on the same DATA_DIR, a
 * database command runs inside the server instead of opening the database a second time.
 */
async function forwardIfServerRuns(subcommand: Subcommand, argv: string[]): Promise<CliOutcome | undefined> {
  if (!subcommand.usesDatabase || process.env.DATABASE_URL) return undefined;
  if (argv[0] === 'chat' && !argv.includes('--once')) return undefined;
  const { findLocalServer } = await import('../runtime/local-control.ts');
  const server = findLocalServer(process.env.DATA_DIR || './data');
  if (!server) return undefined;
  // A file this process cannot read (or past the size limit) is reported by the command itself, here.
  const files = await filesToForward(argv, subcommand.fileArgs?.(argv) ?? []);
  if (!files) return undefined;
  // Only commands that take a query on stdin wait for it: others must not hang on an open pipe.
  const stdin = subcommand.readsStdin && !process.stdin.isTTY ? await readAll(process.stdin) : '';
  return sendToServer(server, { argv, stdin, files });
}

/**
 * Runs a forwarded line inside the server with its runtime, capturing what the command produced. File
 * arguments must be the files uploaded with the line (spooled by the server): any other path is refused.
 */
export async function runForwardedLine(
  request: ForwardedRequest,
  context: ForwardedContext,
): Promise<CliOutcome> {
  const [name] = request.argv;
  const subcommand = name ? SUBCOMMANDS[name] : undefined;
  if (!subcommand?.usesDatabase)
    return { stdout: '', stderr: `"${name}" cannot run inside the server.\n`, exitCode: 2 };
  const wanted = subcommand.fileArgs?.(request.argv) ?? [];
  const sent = new Map(request.files.map((file) => [file.argIndex, file.path]));
  const missing = wanted.filter((index) => !sent.has(index));
  if (missing.length > 0 || sent.size !== wanted.length)
    return {
      stdout: '',
      stderr: `${name}: ${missing.map((index) => `"${request.argv[index]}"`).join(', ') || 'a file'} was not sent with the line: the server reads only files the caller sends, never a path it names.\n`,
      exitCode: 2,
    };
  const argv = request.argv.map((arg, index) => sent.get(index) ?? arg);
  const { forwardedRun } = await import('./forwarded-run.ts');
  try {
    return (
      (await forwardedRun.run(context, () =>
        subcommand.run(argv.slice(1), { readStdin: async () => request.stdin }),
      )) ?? { stdout: '', stderr: '', exitCode: 0 }
    );
  } catch (error) {
    return { stdout: '', stderr: `${describeFailure(error)}\n`, exitCode: 1 };
  }
}

/**
/**
 * One clear line: the AppError or configuration message. A failed database query shows only its
 * SQLSTATE (its message carries the statement's values: row data). Anything else is a bug: its type
 * and message, redacted like a log line; the stack only with LOG_LEVEL=debug.
 */
export function describeFailure(error: unknown): string {
  if (isAppError(error) || error instanceof ConfigError) return error.message;
  if (error instanceof Error && 'query' in error && 'params' in error) {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return `A database query failed${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}; its values are not shown.`;
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    return error.message;
  }
  const bug = loggableError(error instanceof Error ? error : new Error(String(error)));
  const isDebug = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  return isDebug && bug.stack
    ? `Unexpected error: ${bug.stack}`
    : `Unexpected error (${bug.type}): ${bug.message}. Run with LOG_LEVEL=debug for the stack.`;
}
