import type { ForwardedContext, ForwardedRequest } from '../runtime/local-control.server.ts';
import type { CliOutcome } from './cli-outcome.ts';
import { CLI_SPECS, type CommandName, type CommandSpec } from './cli-specs.ts';
import { checkLine } from './cli-usage.ts';
import { filesToForward, positionalIndexes, sendToServer } from './forward-line.ts';

export interface CliIo {
  readStdin(): Promise<string>;
}

type Subcommand = {
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

const stringOptions = (spec: CommandSpec) =>
  Object.entries(spec.options).flatMap(([name, option]) => (option.type === 'string' ? [name] : []));

// One runner per command of CLI_SPECS (what each accepts, and its --help). Loaded lazily so
// `overlap --json` does not pay for the database or server modules.
const SUBCOMMANDS: Record<CommandName, Subcommand> = {
  serve: { run: async () => (await import('./serve.cli.ts')).serveCli() },
  worker: { run: async () => (await import('./worker.cli.ts')).workerCli() },
  migrate: { usesDatabase: true, run: async () => (await import('./migrate.cli.ts')).migrateCli() },
  seed: { usesDatabase: true, run: async (argv) => (await import('./seed.cli.ts')).seedCli(argv) },
  // Forwarded only with --once; the REPL forwards each line itself.
  chat: { usesDatabase: true, run: async (argv) => (await import('./chat.cli.ts')).chatCli(argv) },
  tenants: { usesDatabase: true, run: async (argv) => (await import('./tenants.cli.ts')).tenantsCli(argv) },
  calendar: {
    usesDatabase: true,
    // calendar import [--tenant S] --creator H [--label L] FILE.ics: the second positional.
    fileArgs: (argv) => positionalIndexes(argv, stringOptions(CLI_SPECS.calendar.verbs.import)).slice(1, 2),
    run: async (argv) => (await import('./calendar.cli.ts')).calendarCli(argv),
  },
  overlap: {
    run: async (argv, io) => (await import('./overlap.cli.ts')).overlapCli(argv, await io.readStdin()),
  },
  availability: {
    run: async (argv) => {
      const cli = await import('./availability.cli.ts');
      return cli.availabilityCli(argv, await cli.readStdinUpTo(process.stdin, cli.MAX_STDIN_BYTES));
    },
  },
  import: {
    usesDatabase: true,
    fileArgs: (argv) => positionalIndexes(argv, stringOptions(CLI_SPECS.import)),
    run: async (argv) => (await import('./import.cli.ts')).importCli(argv),
  },
  export: {
    usesDatabase: true,
    run: async (argv) => (await import('./export.cli.ts')).exportCli(argv),
  },
  commands: { run: async (argv) => (await import('./commands.cli.ts')).commandsCli(argv) },
  pair: {
    usesDatabase: true,
    readsStdin: true,
    run: async (argv, io) => (await import('./pair.cli.ts')).pairCli(argv, await io.readStdin()),
  },
  matching: {
    usesDatabase: true,
    run: async (argv) => (await import('./matching.cli.ts')).matchingCli(argv),
  },
};

/** Every command the CLI runs, in the order `session-align help` lists them. */
export const COMMAND_NAMES = Object.keys(SUBCOMMANDS) as CommandName[];

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function write(outcome: CliOutcome): number {
  if (outcome.stdout) process.stdout.write(outcome.stdout);
  if (outcome.stderr) process.stderr.write(outcome.stderr);
  return outcome.exitCode;
}

/** Runs one subcommand; returns the process exit code. Output is written whole, after the work is done. */
export async function main(argv: string[]): Promise<number> {
  // Help and argument mistakes are answered before anything opens the database or reaches a server.
  const checked = checkLine(argv);
  if (checked) return write(checked);
  const [name, ...rest] = argv as [CommandName, ...string[]];
  const subcommand = SUBCOMMANDS[name];
  let outcome: CliOutcome | undefined;
  try {
    outcome = await forwardIfServerRuns(subcommand, argv);
    outcome ??= await subcommand.run(rest, { readStdin: () => readAll(process.stdin) });
  } catch (error) {
    process.stderr.write(`${await describeFailureLazily(error)}\n`);
    return 1;
  }
  // Long-running subcommands (serve, worker, chat) print as they go and return nothing.
  return outcome ? write(outcome) : 0;
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
  const checked = checkLine(request.argv);
  if (checked) return checked;
  const name = request.argv[0] as CommandName;
  const subcommand = SUBCOMMANDS[name];
  if (!subcommand.usesDatabase)
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
    return { stdout: '', stderr: `${await describeFailureLazily(error)}\n`, exitCode: 1 };
  }
}

/** Failures are rare: the configuration schema (zod) and the log redaction load only for one. */
async function describeFailureLazily(error: unknown): Promise<string> {
  return (await import('./describe-failure.ts')).describeFailure(error);
}
