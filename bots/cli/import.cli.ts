import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { RosterProblem } from '../../core/profiles/index.ts';
import { isAppError } from '../../core/shared/app-error.ts';
import {
  type ImportProgress,
  importRosterFiles,
  ROSTER_LIMITS,
  type RosterImportReport,
} from '../../db/repositories/roster-import.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { type CliOutcome, fail } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';
import { forwardedRun } from './forwarded-run.ts';
import { progressPrinter } from './import-progress.ts';

const USAGE = 'usage: import --tenant SLUG [--json] creators.csv [credits.csv]';

/** Whether `path` is a file this process can read and within the size limit; the problem in words if not. */
async function checkReadable(path: string): Promise<string | undefined> {
  try {
    await access(path, constants.R_OK);
    const info = await stat(path);
    if (!info.isFile()) return `${path}: cannot read (not a file)`;
    if (info.size > ROSTER_LIMITS.maxFileBytes)
      return `${path}: ${(info.size / 1024 / 1024).toFixed(1)} MB is over the ${ROSTER_LIMITS.maxFileBytes / 1024 / 1024} MB limit; split it into smaller files and import them one after another (re-importing is idempotent). Nothing was imported.`;
    return undefined;
  } catch (error) {
    return `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/**
 * A problem's line for the terminal. Its text may quote a cell, and a cell may hold control characters
 * (an escape sequence that recolours or rewrites the screen): they are shown escaped, never sent as is.
 */
function problemLine(p: RosterProblem): string {
  return `${p.file}, row ${p.row}, ${p.field}: ${p.problem}`.replace(
    /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu,
    (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

function unlistedLine(count: number, listed: number): string[] {
  const unlisted = count - listed;
  return unlisted > 0
    ? [
        `… and ${unlisted.toLocaleString('en')} more not listed (the first ${listed.toLocaleString('en')} are); fix these and re-run to see the rest.`,
      ]
    : [];
}

export function formatImportReport(slug: string, report: RosterImportReport): string {
  const lines = [
    report.rejectedFiles.length > 0
      ? `Nothing was imported into "${slug}": ${report.rejectedFiles.join(' and ')} cannot be read (see its row below). Fix it and re-run; the import is idempotent.`
      : `Imported into "${slug}": ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.heldBack} held back; ${report.creditsAdded} credits added (${report.worksAdded} new works); ${report.weeklyRulesWritten ? `${report.weeklyRulesWritten} weekly availability rules written; ` : ''}${report.embedded} embedded.`,
  ];
  if (report.problems.length === 0) lines.push('No problems.');
  else {
    lines.push(
      `${report.problemCount} problem${report.problemCount === 1 ? '' : 's'} (file, row, field: problem):`,
    );
    lines.push(...report.problems.map(problemLine));
    lines.push(...unlistedLine(report.problemCount, report.problems.length));
  }
  if (report.warningCount > 0) {
    const plural = report.warningCount === 1 ? '' : 's';
    lines.push(
      report.rejectedFiles.length > 0
        ? `${report.warningCount} warning${plural} (file, row, field: warning):`
        : `${report.warningCount} warning${plural}, imported all the same (file, row, field: warning):`,
    );
    lines.push(...report.warnings.map(problemLine));
    lines.push(...unlistedLine(report.warningCount, report.warnings.length));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `session-align import --tenant SLUG creators.csv [credits.csv]`: the roster import with its per-row
 * report. Exit 0 whenever the import ran, even with row problems (valid rows are imported, bad ones are
 * reported and held back; fix and re-run: the import is idempotent). Exit 1 when a file cannot be read or
 * the tenant is unknown (nothing imported), or a file is past the limits (64 MB, 250,000 creators,
 * 1,000,000 credits: nothing imported); exit 2 on bad arguments. Progress goes to stderr as it happens
 * (streamed back to the client when the line was forwarded to the server).
 */
export async function importCli(argv: string[]): Promise<CliOutcome> {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: { tenant: { type: 'string' }; json: { type: 'boolean' } };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (error) {
    return fail(`import: ${(error as Error).message}\n${USAGE}\n`, 2);
  }
  const { values, positionals } = parsed;
  if (!values.tenant) return fail(`import: --tenant is required\n${USAGE}\n`, 2);
  if (positionals.length < 1 || positionals.length > 2)
    return fail(`import: expected 1 or 2 CSV files\n${USAGE}\n`, 2);
  for (const problem of await Promise.all(positionals.map(checkReadable)))
    if (problem) return fail(`import: ${problem}\n`);
  const [creatorsPath, creditsPath] = positionals as [string, string | undefined];
  const forwarded = forwardedRun.getStore();
  const onProgress: (progress: ImportProgress) => void = forwarded
    ? (progress) => forwarded.onProgress(progress)
    : progressPrinter((line) => process.stderr.write(line));
  return withRuntime(async (runtime) => {
    const tenant = await databaseTenantDirectory(runtime.database).findBySlug(values.tenant!);
    if (!tenant)
      return fail(`import: no tenant with slug "${values.tenant}". List them: session-align tenants\n`);
    let report: RosterImportReport;
    try {
      report = await importRosterFiles(
        runtime.database,
        { creatorsPath, ...(creditsPath !== undefined ? { creditsPath } : {}) },
        {
          tenantId: tenant.id,
          actorLabel: 'operator (cli import)',
          embedder: runtime.embedder,
          onProgress,
          ...(forwarded ? { signal: forwarded.signal } : {}),
        },
      );
    } catch (error) {
      if (isAppError(error)) return fail(`import: ${error.message}\n`);
      throw error;
    }
    const stdout = values.json
      ? `${JSON.stringify({ tenant: tenant.slug, ...report })}\n`
      : formatImportReport(tenant.slug, report);
    return { stdout, stderr: '', exitCode: 0 };
  });
}
