import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importRoster, type RosterImportReport } from '../../db/repositories/roster-import.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { type CliOutcome, fail } from './cli-outcome.ts';
import { withRuntime } from './cli-runtime.ts';

const USAGE = 'usage: import --tenant SLUG [--json] creators.csv [credits.csv]';

async function readText(path: string): Promise<string | { error: string }> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    return {
      error: `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  }
}

export function formatImportReport(slug: string, report: RosterImportReport): string {
  const lines = [
    `Imported into "${slug}": ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.heldBack} held back; ${report.creditsAdded} credits added (${report.worksAdded} new works); ${report.embedded} embedded.`,
  ];
  if (report.problems.length === 0) lines.push('No problems.');
  else {
    lines.push(
      `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} (file, row, field: problem):`,
    );
    for (const p of report.problems) lines.push(`${p.file}, row ${p.row}, ${p.field}: ${p.problem}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `session-align import --tenant SLUG creators.csv [credits.csv]`: the roster import with its per-row
 * report. Exit 0 whenever the import ran, even with row problems (valid rows are imported, bad ones are
 * reported and held back; fix and re-run: the import is idempotent). Exit 1 when a file cannot be read or
 * the tenant is unknown (nothing imported); exit 2 on bad arguments.
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
  const [creatorsCsv, creditsCsv] = await Promise.all(positionals.map(readText));
  for (const text of [creatorsCsv, creditsCsv])
    if (typeof text === 'object') return fail(`import: ${text.error}\n`);
  return withRuntime(async (runtime) => {
    const tenant = await databaseTenantDirectory(runtime.database).findBySlug(values.tenant!);
    if (!tenant)
      return fail(`import: no tenant with slug "${values.tenant}". List them: session-align tenants\n`);
    const report = await importRoster(runtime.database, {
      tenantId: tenant.id,
      creatorsCsv: creatorsCsv as string,
      ...(creditsCsv !== undefined ? { creditsCsv: creditsCsv as string } : {}),
      actorLabel: 'operator (cli import)',
      embedder: runtime.embedder,
    });
    const stdout = values.json
      ? `${JSON.stringify({ tenant: tenant.slug, ...report })}\n`
      : formatImportReport(tenant.slug, report);
    return { stdout, stderr: '', exitCode: 0 };
  });
}
