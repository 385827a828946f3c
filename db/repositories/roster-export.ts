/**
 * The roster as the import reads it, behind `session-align export`: creators.csv or credits.csv, written
 * a page of creators at a time (each page its own short tenant transaction, in handle order), so memory
 * holds one page whatever the roster's size. Bounded like the import: past its row limits nothing is
 * written; past its file size the export stops, since the import could not take the file whole.
 */
import { asc, count, gt, inArray, sql } from 'drizzle-orm';
import type { RecurringRule } from '../../core/availability/recurring-rule.ts';
import {
  CREATORS_CSV_COLUMNS,
  CREDITS_CSV_COLUMNS,
  creatorCsvRow,
  creditCsvRow,
  csvRow,
  type ExportedCredit,
} from '../../core/profiles/index.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { Database, Tx } from '../database.ts';
import { availabilityRules, creators } from '../schema/index.ts';
import { ROSTER_LIMITS, type RosterLimits } from './roster-import.check.ts';
import { ruleOfRow } from './roster-import.rules.ts';

export type RosterExportFile = 'creators.csv' | 'credits.csv';

export interface RosterExportReport {
  rows: number;
  bytes: number;
  /** Weekly rules the availability syntax cannot say (none of the commands writes one today). */
  skippedRules: number;
}

/** Creators a page (one transaction). */
export const EXPORT_PAGE_CREATORS = 500;

/**
 * Writes one roster file to `write` (awaited: backpressure), header first.
 *
 * @example
 * await exportRoster(database, tenantId, 'creators.csv', (text) => out.push(text));
 */
export async function exportRoster(
  database: Database,
  tenantId: string,
  file: RosterExportFile,
  write: (text: string) => Promise<void> | void,
  limits: Pick<RosterLimits, 'maxFileBytes' | 'maxCreatorRows' | 'maxCreditRows'> = ROSTER_LIMITS,
): Promise<RosterExportReport> {
  await refusePastRowLimits(database, tenantId, file, limits);
  const report: RosterExportReport = { rows: 0, bytes: 0, skippedRules: 0 };
  const emit = async (text: string) => {
    report.bytes += Buffer.byteLength(text);
    if (report.bytes > limits.maxFileBytes)
      throw new AppError(
        'roster.export_too_large',
        `${file}: the export is over the ${limits.maxFileBytes / 1024 / 1024} MB one import takes; what was written is incomplete — discard it.`,
        { file, limitBytes: limits.maxFileBytes },
      );
    await write(text);
  };
  await emit(csvRow(file === 'creators.csv' ? CREATORS_CSV_COLUMNS : CREDITS_CSV_COLUMNS));
  let after = '';
  for (;;) {
    const page =
      file === 'creators.csv'
        ? await database.withTenant(tenantId, (tx) => creatorsPage(tx, after))
        : await database.withTenant(tenantId, (tx) => creditsPage(tx, after));
    if (page.length === 0) return report;
    for (const line of page.flatMap((entry) => entry.lines)) {
      await emit(line);
      report.rows += 1;
    }
    report.skippedRules += page.reduce((total, entry) => total + entry.skippedRules, 0);
    after = page.at(-1)!.handle;
  }
}

async function creatorsPage(tx: Tx, after: string) {
  const rows = await tx
    .select()
    .from(creators)
    .where(gt(creators.handle, after))
    .orderBy(asc(creators.handle))
    .limit(EXPORT_PAGE_CREATORS);
  const rules = new Map<string, RecurringRule[]>();
  if (rows.length > 0)
    for (const rule of await tx
      .select()
      .from(availabilityRules)
      .where(
        inArray(
          availabilityRules.creatorId,
          rows.map((row) => row.id),
        ),
      )
      .orderBy(asc(availabilityRules.createdAt), asc(availabilityRules.id)))
      rules.set(rule.creatorId, [...(rules.get(rule.creatorId) ?? []), ruleOfRow(rule)]);
  return rows.map((row) => {
    const { line, skippedRules } = creatorCsvRow({ ...row, weeklyRules: rules.get(row.id) ?? [] });
    return { handle: row.handle, lines: [line], skippedRules };
  });
}

async function creditsPage(tx: Tx, after: string) {
  const rows = await tx
    .select({ handle: creators.handle, credits: creators.credits })
    .from(creators)
    .where(gt(creators.handle, after))
    .orderBy(asc(creators.handle))
    .limit(EXPORT_PAGE_CREATORS);
  return rows.map((row) => ({
    handle: row.handle,
    lines: (row.credits as ExportedCredit[]).map((credit) => creditCsvRow(row.handle, credit)),
    skippedRules: 0,
  }));
}

async function refusePastRowLimits(
  database: Database,
  tenantId: string,
  file: RosterExportFile,
  limits: Pick<RosterLimits, 'maxCreatorRows' | 'maxCreditRows'>,
): Promise<void> {
  const [counted] = await database.withTenant(tenantId, (tx) =>
    tx
      .select({
        creators: count(),
        credits: sql<number>`coalesce(sum(jsonb_array_length(${creators.credits})), 0)::int`,
      })
      .from(creators),
  );
  const [rows, limit] =
    file === 'creators.csv'
      ? [counted?.creators ?? 0, limits.maxCreatorRows]
      : [Number(counted?.credits ?? 0), limits.maxCreditRows];
  if (rows > limit)
    throw new AppError(
      'roster.export_too_many_rows',
      `${file}: the roster has ${rows.toLocaleString('en')} rows, more than the ${limit.toLocaleString('en')} one import takes; nothing was exported.`,
      { file, rows, limit },
    );
}
