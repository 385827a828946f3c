/**
 * The client half of running a line inside the server: which arguments are files (sent as bytes, read
 * with this process's permissions), progress printed to stderr as it streams back, and a plain account
 * when the server goes away mid-way — the line is never re-run here behind the user's back.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  FORWARD_LIMITS,
  type ForwardedFile,
  forwardLine,
  type LocalControl,
} from '../runtime/local-control.ts';
import type { CliOutcome } from './cli-outcome.ts';
import { isImportProgress, progressPrinter } from './import-progress.ts';

/** Indexes in `argv` (the subcommand's name being 0) of its positionals, given its string-valued options. */
export function positionalIndexes(argv: string[], stringOptions: readonly string[]): number[] {
  const { tokens } = parseArgs({
    args: argv.slice(1),
    options: Object.fromEntries(stringOptions.map((name) => [name, { type: 'string' as const }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.flatMap((token) => (token.kind === 'positional' ? [token.index + 1] : []));
}

/**
 * The files to send for these arguments; undefined when one cannot be read here or is over the limit
 * (then the command runs locally and reports it, before it would open the database).
 */
export async function filesToForward(
  argv: string[],
  indexes: readonly number[],
): Promise<ForwardedFile[] | undefined> {
  const files: ForwardedFile[] = [];
  for (const argIndex of indexes) {
    const path = argv[argIndex]!;
    try {
      await access(path, constants.R_OK);
      const info = await stat(path);
      if (!info.isFile() || info.size > FORWARD_LIMITS.maxFileBytes) return undefined;
      files.push({ argIndex, path, bytes: info.size });
    } catch {
      return undefined;
    }
  }
  return files.length > FORWARD_LIMITS.maxFiles ? undefined : files;
}

/**
 * What to tell the user when the server stopped after it took the line. An import writes nothing before
 * its first pass is done (the server answers long before), so the creators written are the last
 * progress seen; anything else may or may not have run.
 */
export function lostServerMessage(
  argv: readonly string[],
  control: Pick<LocalControl, 'pid'>,
  progress: { hasStarted: boolean; written?: number },
): string {
  if (argv[0] === 'import')
    return `import: the server (process ${control.pid}) stopped during the import; ${(progress.written ?? 0).toLocaleString('en')} creators were written; re-run to finish — it is idempotent.\n`;
  return `${argv[0]}: the server (process ${control.pid}) stopped before "${argv[0]}" ${progress.hasStarted ? 'finished' : 'answered'}; it was not run again here. Check what it did, then re-run the command.\n`;
}

/** Forwards the line; undefined only when no server took it (nothing was sent). */
export async function sendToServer(
  control: LocalControl,
  line: { argv: string[]; stdin: string; files: ForwardedFile[] },
): Promise<CliOutcome | undefined> {
  const print = progressPrinter((text) => process.stderr.write(text));
  let written = 0;
  const outcome = await forwardLine(control, line, (progress) => {
    if (!isImportProgress(progress)) return;
    if (progress.phase === 'writing') written = progress.written;
    print(progress);
  });
  if (outcome.kind === 'unavailable') return undefined;
  if (outcome.kind === 'result') return outcome.result;
  return {
    stdout: '',
    stderr: lostServerMessage(line.argv, control, { hasStarted: outcome.hasStarted, written }),
    exitCode: 1,
  };
}
