/**
 * The roster import behind `session-align import`: creators.csv (+ credits.csv) into a tenant, in bounded
 * memory whatever the files' size.
 *
 * Two passes. The first reads both files through and validates every row, writing nothing: a file that
 * cannot be read at all (an unclosed quote, a wrong header) imports nothing from either file, and a file
 * past the limits is refused.
 * The second streams creators.csv again and writes batches of BATCH_CREATORS creators, each creator with
 * all of its credits, in one short transaction per batch, yielding to the event loop in between so the
 * server keeps answering. Atomicity is per creator: a creator is never half-imported (a creator with a
 * bad credits row is held back whole), and an import stopped mid-way has written whole batches only —
 * re-running it finishes the job, because the import is idempotent (`0 created, 0 updated` the second time).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Embedder } from '../../core/matching/index.ts';
import {
  CREATORS_CSV_COLUMNS,
  CREDITS_CSV_COLUMNS,
  type Credit,
  creatorRecordValidator,
  mergeCredits,
  type RosterProblem,
  type RosterWarning,
  validateCreditRecord,
} from '../../core/profiles/index.ts';
import { AppError, isAppError } from '../../core/shared/app-error.ts';
import type { Database } from '../database.ts';
import { refreshPlannerStatistics } from '../planner-statistics.ts';
import { creators } from '../schema/index.ts';
import { recordAudit } from './audit.repository.ts';
import { refreshEmbeddings } from './embeddings.repository.ts';
import {
  checkRoster,
  type ImportProgress,
  ROSTER_LIMITS,
  type RosterCheck,
  type RosterLimits,
} from './roster-import.check.ts';
import { type BatchCounts, type BatchEntry, writeRosterBatch } from './roster-import.write.ts';
import {
  openRosterFile,
  type RosterSource,
  readRosterRows,
  readRowsAt,
  rosterText,
} from './roster-source.ts';

export { type ImportProgress, ROSTER_LIMITS, type RosterLimits } from './roster-import.check.ts';

/** Creators per write transaction: short enough that PGlite's other queries wait milliseconds, not minutes. */
export const BATCH_CREATORS = 500;

export interface RosterImportOptions {
  tenantId: string;
  actorLabel: string;
  /** Embeds created and changed creators after the writes; skipped when absent. */
  embedder?: Embedder;
  onProgress?: (progress: ImportProgress) => void;
  /** Checked between batches: an aborted import stops with `roster.interrupted` (whole batches written). */
  signal?: AbortSignal;
  limits?: RosterLimits;
}

export interface RosterImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** Creators in the file not imported because a row of theirs has problems. */
  heldBack: number;
  /** Files that cannot be read (not valid CSV, or a wrong header): when any, nothing was imported. */
  rejectedFiles: RosterProblem['file'][];
  creditsAdded: number;
  worksAdded: number;
  /** Weekly availability rules written from the availability column (a creator's rules replaced). */
  weeklyRulesWritten: number;
  embedded: number;
  /** The first `maxListedProblems`, sorted by file, then row. */
  problems: RosterProblem[];
  /** Every problem found, listed or not. */
  problemCount: number;
  /** Rows imported all the same with something to look at (a genre outside the taxonomy): the first `maxListedProblems`. */
  warnings: RosterWarning[];
  warningCount: number;
}

/**
 * The roster files at these paths (opened here, with this process's permissions).
 *
 * @example
 * const report = await importRosterFiles(database, { creatorsPath: 'creators.csv' }, { tenantId, actorLabel: 'operator' });
 */
export async function importRosterFiles(
  database: Database,
  paths: { creatorsPath: string; creditsPath?: string },
  options: RosterImportOptions,
): Promise<RosterImportReport> {
  const opened: RosterSource[] = [];
  try {
    const creatorsSource = await openRosterFile('creators.csv', paths.creatorsPath);
    opened.push(creatorsSource);
    const creditsSource = paths.creditsPath
      ? await openRosterFile('credits.csv', paths.creditsPath)
      : undefined;
    if (creditsSource) opened.push(creditsSource);
    return await importRosterSources(database, { creators: creatorsSource, credits: creditsSource }, options);
  } finally {
    for (const source of opened) await source.close();
  }
}

/**
 * Roster text already in memory (tests, fixtures).
 *
 * @example
 * const report = await importRoster(database, { tenantId, creatorsCsv, creditsCsv, actorLabel: 'operator' });
 * report.problems // [{ file: 'credits.csv', row: 7, field: 'iswc', code: 'profiles.bad_iswc', problem: '…' }]
 */
export async function importRoster(
  database: Database,
  input: Omit<RosterImportOptions, 'tenantId' | 'actorLabel'> & {
    tenantId: string;
    actorLabel: string;
    creatorsCsv: string;
    creditsCsv?: string;
  },
): Promise<RosterImportReport> {
  const { creatorsCsv, creditsCsv, ...options } = input;
  return importRosterSources(
    database,
    {
      creators: rosterText('creators.csv', creatorsCsv),
      credits: creditsCsv === undefined ? undefined : rosterText('credits.csv', creditsCsv),
    },
    options,
  );
}

export async function importRosterSources(
  database: Database,
  sources: { creators: RosterSource; credits: RosterSource | undefined },
  options: RosterImportOptions,
): Promise<RosterImportReport> {
  const limits = options.limits ?? ROSTER_LIMITS;
  const onProgress = options.onProgress ?? (() => {});
  for (const source of [sources.creators, sources.credits])
    if (source && source.sizeBytes > limits.maxFileBytes)
      throw new AppError(
        'roster.file_too_large',
        `${source.file}: ${megabytes(source.sizeBytes)} is over the ${megabytes(limits.maxFileBytes)} limit; split it into smaller files and import them one after another (re-importing is idempotent). Nothing was imported.`,
        { file: source.file, sizeBytes: source.sizeBytes, limitBytes: limits.maxFileBytes },
      );
  const existingHandles = new Set(
    (
      await database.withTenant(options.tenantId, (tx) =>
        tx.select({ handle: creators.handle }).from(creators),
      )
    ).map((row) => row.handle),
  );
  const check = await checkRoster({
    creators: sources.creators,
    ...(sources.credits ? { credits: sources.credits } : {}),
    existingHandles,
    limits,
    onProgress,
  });
  const totals: Omit<BatchCounts, 'changedHandles'> = {
    created: 0,
    updated: 0,
    unchanged: 0,
    creditsAdded: 0,
    worksAdded: 0,
    weeklyRulesWritten: 0,
  };
  const changedHandles: string[] = [];
  // An import stopped mid-way (refused batch, shutdown) still audits the whole batches it wrote.
  let failure: unknown;
  if (check.rejectedFiles.length === 0) {
    const writer = batchWriter(database, options, check, sources.credits, totals, changedHandles);
    try {
      for await (const batch of batchesToWrite(sources.creators, check, existingHandles))
        await writer.write(batch);
    } catch (error) {
      failure = error;
    }
  }
  if (totals.created + totals.updated > 0) {
    const audited = database.withTenant(options.tenantId, (tx) =>
      recordAudit(tx, {
        tenantId: options.tenantId,
        actorLabel: options.actorLabel,
        action: 'roster.imported',
        entity: 'roster',
        newValues: {
          created: totals.created,
          updated: totals.updated,
          creditsAdded: totals.creditsAdded,
          weeklyRulesWritten: totals.weeklyRulesWritten,
          updatedHandles: changedHandles.slice(0, 200),
          ...(failure ? { isStoppedEarly: true } : {}),
        },
      }),
    );
    // The failure is what the caller must hear about, not an audit that failed after it.
    await (failure ? audited.catch(() => {}) : audited);
    if (!failure) await refreshPlannerStatistics(database);
  }
  if (failure) throw failure;
  const embedded = options.embedder
    ? (
        await refreshEmbeddings(database, options.tenantId, options.embedder, {
          onProgress: (embeddedSoFar, total) =>
            onProgress({ phase: 'embedding', embedded: embeddedSoFar, total }),
          ...(options.signal ? { signal: options.signal } : {}),
        })
      ).embedded
    : 0;
  return {
    ...totals,
    heldBack: check.heldBack,
    rejectedFiles: check.rejectedFiles,
    embedded,
    problems: check.problems.sorted(),
    problemCount: check.problems.count,
    warnings: check.warnings.sorted(),
    warningCount: check.warnings.count,
  };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The creators to write, BATCH_CREATORS at a time, in creators.csv order, then the roster creators that
 * only gain credits. Only handles and row numbers are kept between batches.
 */
async function* batchesToWrite(
  creatorsSource: RosterSource,
  check: RosterCheck,
  existingHandles: ReadonlySet<string>,
): AsyncGenerator<{ handles: string[]; entries: Omit<BatchEntry, 'credits'>[] }> {
  const validate = creatorRecordValidator({ hasClosestGenres: false });
  let batch: Omit<BatchEntry, 'credits'>[] = [];
  const flush = () => {
    const out = { handles: batch.map((entry) => entry.handle), entries: batch };
    batch = [];
    return out;
  };
  for await (const row of readRosterRows(creatorsSource, CREATORS_CSV_COLUMNS).rows) {
    if (!row.record || row.problems.length > 0) continue;
    const result = validate(row.record);
    if (!('profile' in result)) continue;
    const { handle } = result.profile;
    if (check.accepted.get(handle) !== row.row || check.held.has(handle)) continue;
    batch.push({
      handle,
      profile: result.profile,
      ...(result.weeklyRules ? { weeklyRules: result.weeklyRules } : {}),
    });
    if (batch.length >= BATCH_CREATORS) yield flush();
  }
  if (batch.length > 0) yield flush();
  for (const handle of check.credits.keys()) {
    if (check.accepted.has(handle) || check.held.has(handle) || !existingHandles.has(handle)) continue;
    batch.push({ handle });
    if (batch.length >= BATCH_CREATORS) yield flush();
  }
  if (batch.length > 0) yield flush();
}

function batchWriter(
  database: Database,
  options: RosterImportOptions,
  check: RosterCheck,
  creditsSource: RosterSource | undefined,
  totals: Omit<BatchCounts, 'changedHandles'>,
  changedHandles: string[],
) {
  const total =
    [...check.accepted.keys()].filter((handle) => !check.held.has(handle)).length +
    [...check.credits.keys()].filter((handle) => !check.accepted.has(handle) && !check.held.has(handle))
      .length;
  let written = 0;
  return {
    async write(batch: { handles: string[]; entries: Omit<BatchEntry, 'credits'>[] }) {
      if (options.signal?.aborted)
        throw new AppError(
          'roster.interrupted',
          `The import was stopped: ${written} of ${total} creators were written. Re-run it to finish — it is idempotent.`,
          { written, total },
        );
      const credits = await creditsOf(batch.handles, check, creditsSource);
      const entries = batch.entries.map((entry) => ({ ...entry, credits: credits.get(entry.handle) ?? [] }));
      try {
        const counts = await database.withTenant(options.tenantId, (tx) =>
          writeRosterBatch(tx, options.tenantId, entries),
        );
        totals.created += counts.created;
        totals.updated += counts.updated;
        totals.unchanged += counts.unchanged;
        totals.creditsAdded += counts.creditsAdded;
        totals.worksAdded += counts.worksAdded;
        totals.weeklyRulesWritten += counts.weeklyRulesWritten;
        if (changedHandles.length < 200) changedHandles.push(...counts.changedHandles.slice(0, 200));
      } catch (error) {
        if (isAppError(error)) throw error;
        // The driver's message quotes the statement's parameters (row data): only the SQLSTATE is shown.
        const sqlState =
          (error as { cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
        throw new AppError(
          'roster.write_failed',
          `The database refused a batch of ${entries.length} creators${typeof sqlState === 'string' ? ` (SQLSTATE ${sqlState})` : ''}: none of that batch was written; ${written} of ${total} creators were written before it. Re-run the import to finish — it is idempotent.`,
          { written, total, ...(typeof sqlState === 'string' ? { sqlState } : {}) },
        );
      }
      written += entries.length;
      options.onProgress?.({ phase: 'writing', written, total });
      await yieldToEventLoop();
    },
  };
}

/** The batch's credits from credits.csv, re-read by their byte ranges and merged by work, by handle. */
async function creditsOf(
  handles: readonly string[],
  check: RosterCheck,
  source: RosterSource | undefined,
): Promise<Map<string, Credit[]>> {
  const byHandle = new Map<string, Credit[]>();
  if (!source || !check.creditColumns) return byHandle;
  const ranges: { row: number; startByte: number; endByte: number }[] = [];
  for (const handle of handles) {
    const flat = check.credits.get(handle) ?? [];
    for (let i = 0; i < flat.length; i += 3)
      ranges.push({ row: flat[i]!, startByte: flat[i + 1]!, endByte: flat[i + 2]! });
  }
  for (const record of await readRowsAt(source, check.creditColumns, CREDITS_CSV_COLUMNS, ranges)) {
    const result = validateCreditRecord(record, () => true);
    if (!('credit' in result)) continue;
    byHandle.set(result.handle, [...(byHandle.get(result.handle) ?? []), result.credit]);
  }
  for (const [handle, credits] of byHandle) byHandle.set(handle, mergeCredits(credits));
  return byHandle;
}
