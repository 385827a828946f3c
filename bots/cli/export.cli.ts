import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { isAppError } from '../../core/shared/app-error.ts';
import { exportRoster, type RosterExportFile } from '../../db/repositories/roster-export.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { type CliOutcome, fail } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';
import { forwardedRun } from './forwarded-run.ts';

const USAGE = 'usage: export roster|credits --tenant SLUG   (creators.csv or credits.csv on stdout)';
const FILES: Record<string, RosterExportFile> = { roster: 'creators.csv', credits: 'credits.csv' };
const CHUNK_CHARS = 64 * 1024;

/** Text in chunks of about 64 KiB to a stream, waiting for it to drain (a slow pipe holds the export back). */
function streamSink(stream: NodeJS.WritableStream) {
  let pending = '';
  const flush = async () => {
    const text = pending;
    pending = '';
    if (text && !stream.write(text)) await once(stream, 'drain');
  };
  return {
    write: async (text: string) => {
      pending += text;
      if (pending.length >= CHUNK_CHARS) await flush();
    },
    flush,
  };
}

/**
 * `session-align export roster|credits --tenant SLUG`: creators.csv or credits.csv of a tenant on stdout,
 * with the columns the import reads (export -> import round-trips) and formula-like cells neutralised.
 * Streamed a page at a time; inside a running server (a forwarded line) the output is gathered, bounded
 * by the import's limits (64 MB, 250,000 creators, 1,000,000 credits). Exit 1 when the tenant is unknown
 * or the roster is past those limits (then whatever was printed is incomplete), 2 on bad arguments.
 */
export async function exportCli(
  argv: string[],
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<CliOutcome> {
  let parsed: { values: { tenant?: string | undefined }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { tenant: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    return fail(`export: ${(error as Error).message}\n${USAGE}\n`, 2);
  }
  const { values, positionals } = parsed;
  const file = positionals.length === 1 ? FILES[positionals[0]!] : undefined;
  if (!file) return fail(`export: expected what to export, roster or credits\n${USAGE}\n`, 2);
  if (!values.tenant) return fail(`export: --tenant is required\n${USAGE}\n`, 2);
  const gathered: string[] = [];
  const sink = forwardedRun.getStore()
    ? { write: (text: string) => void gathered.push(text), flush: async () => {} }
    : streamSink(stdout);
  return withRuntime(async (runtime) => {
    const tenant = await databaseTenantDirectory(runtime.database).findBySlug(values.tenant!);
    if (!tenant)
      return fail(`export: no tenant with slug "${values.tenant}". List them: session-align tenants\n`);
    try {
      const report = await exportRoster(runtime.database, tenant.id, file, sink.write);
      await sink.flush();
      const note =
        report.skippedRules > 0
          ? `export: ${report.skippedRules} weekly rules are not weekly-by-day rules and cannot be written in the availability column; they were left out.\n`
          : '';
      return { stdout: gathered.join(''), stderr: note, exitCode: 0 };
    } catch (error) {
      if (isAppError(error)) return fail(`export: ${error.message}\n`);
      throw error;
    }
  });
}
