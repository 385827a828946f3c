/**
 * The import's first pass: both files read through once, every row validated, nothing written. What it
 * keeps is bounded by the row limits, not by the file's content: the handles accepted (handle -> row),
 * the creators held back for bad credits, and for each credit row its byte range (re-read when its
 * creator is written), never the rows themselves.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  CREATORS_CSV_COLUMNS,
  CREDITS_CSV_COLUMNS,
  creatorRecordValidator,
  creditHandle,
  type RosterFile,
  type RosterProblem,
  type RosterWarning,
  validateCreditRecord,
} from '../../core/profiles/index.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { type RosterSource, readRosterRows } from './roster-source.ts';

export interface RosterLimits {
  /** Per file; checked before a byte is parsed. */
  maxFileBytes: number;
  maxCreatorRows: number;
  maxCreditRows: number;
  /** Problems (and, apart, warnings) listed in a report (the counts cover all of them). */
  maxListedProblems: number;
}

export const ROSTER_LIMITS: Readonly<RosterLimits> = {
  maxFileBytes: 64 * 1024 * 1024,
  maxCreatorRows: 250_000,
  maxCreditRows: 1_000_000,
  maxListedProblems: 1_000,
};

export type ImportProgress =
  | { phase: 'checking'; file: RosterProblem['file']; rows: number; isDone: boolean }
  | { phase: 'writing'; written: number; total: number }
  | { phase: 'embedding'; embedded: number; total: number };

const byFileAndRow = (a: RosterProblem, b: RosterProblem) => a.file.localeCompare(b.file) || a.row - b.row;

/**
 * Keeps the first `limit` problems in (file, row) order and counts all of them, in bounded memory. A file
 * that cannot be read is reported by one problem alone, always listed whatever its row: the rows read
 * before the parser gave up depend on where its chunks happened to end, and the rest were never read.
 */
export class ProblemList<P extends RosterProblem = RosterProblem> {
  #kept: P[] = [];
  #pinned: P[] = [];
  #counts = new Map<RosterFile, number>();
  constructor(readonly limit: number) {}

  add(...problems: P[]): void {
    for (const problem of problems) this.#counts.set(problem.file, (this.#counts.get(problem.file) ?? 0) + 1);
    this.#kept.push(...problems);
    if (this.#kept.length > 2 * this.limit)
      this.#kept = this.#kept.toSorted(byFileAndRow).slice(0, this.limit);
  }

  /** `problem` is the whole story of its file: the file's row problems are dropped. */
  rejectFile(problem: P): void {
    this.#kept = this.#kept.filter((kept) => kept.file !== problem.file);
    this.#counts.set(problem.file, 1);
    this.#pinned.push(problem);
  }

  get count(): number {
    return [...this.#counts.values()].reduce((total, n) => total + n, 0);
  }

  sorted(): P[] {
    const rest = this.#kept.toSorted(byFileAndRow).slice(0, Math.max(0, this.limit - this.#pinned.length));
    return [...this.#pinned, ...rest].toSorted(byFileAndRow);
  }
}

/** A credit row's place in credits.csv: flat [row, startByte, endByte] triples per handle. */
export type CreditIndex = Map<string, number[]>;

export interface RosterCheck {
  problems: ProblemList;
  /** Rows imported all the same, with something to look at (an unknown genre). */
  warnings: ProblemList<RosterWarning>;
  /** Creators of creators.csv that will be written: handle -> row. */
  accepted: Map<string, number>;
  /** Creators (of the file or the roster) not written because a credits.csv row of theirs is bad: rows. */
  held: Map<string, number[]>;
  heldBack: number;
  credits: CreditIndex;
  creditColumns: readonly string[] | undefined;
  /**
   * Files that cannot be read at all (not valid CSV, or a wrong header): then nothing is imported from
   * either file, and no creator is reported as held back (none is imported).
   */
  rejectedFiles: RosterFile[];
}

const tooMany = (file: string, limit: number, what: string) =>
  new AppError(
    'roster.too_many_rows',
    `${file}: more than ${limit.toLocaleString('en')} rows; split it into files of at most ${limit.toLocaleString('en')} ${what} and import them one after another (re-importing is idempotent). Nothing was imported.`,
    { file, limit },
  );

/**
 * Validates both files. `existingHandles` are the tenant's creators (credits may belong to them).
 * Throws `roster.too_many_rows` past the limits, before anything is written.
 */
export async function checkRoster(input: {
  creators: RosterSource;
  credits?: RosterSource;
  existingHandles: ReadonlySet<string>;
  limits: RosterLimits;
  onProgress: (progress: ImportProgress) => void;
}): Promise<RosterCheck> {
  const { limits, onProgress } = input;
  const problems = new ProblemList(limits.maxListedProblems);
  const warnings = new ProblemList<RosterWarning>(limits.maxListedProblems);
  const accepted = new Map<string, number>();
  const rowOf = new Map<string, number>();
  const validate = creatorRecordValidator();
  const creatorsReading = readRosterRows(input.creators, CREATORS_CSV_COLUMNS);
  let rows = 0;
  for await (const row of creatorsReading.rows) {
    if (++rows > limits.maxCreatorRows) throw tooMany('creators.csv', limits.maxCreatorRows, 'creators');
    if (rows % 5_000 === 0) {
      onProgress({ phase: 'checking', file: 'creators.csv', rows, isDone: false });
      await yieldToEventLoop();
    }
    if (row.record) {
      const handle = creditHandle(row.record.values);
      if (!rowOf.has(handle)) rowOf.set(handle, row.row);
    }
    if (!row.record || row.problems.length > 0) {
      problems.add(...row.problems);
      continue;
    }
    const result = validate(row.record);
    if ('profile' in result) {
      accepted.set(result.profile.handle, row.row);
      warnings.add(...result.warnings);
      problems.add(...result.notApplied);
    } else problems.add(...result.problems);
  }
  onProgress({ phase: 'checking', file: 'creators.csv', rows, isDone: true });
  const held = new Map<string, number[]>();
  const credits: CreditIndex = new Map();
  const rejectedFiles: RosterFile[] = [];
  const creatorsProblem = creatorsReading.fileProblem();
  if (creatorsProblem) {
    problems.rejectFile(creatorsProblem);
    rejectedFiles.push('creators.csv');
  }
  let creditColumns: readonly string[] | undefined;
  if (input.credits) {
    const reading = readRosterRows(input.credits, CREDITS_CSV_COLUMNS);
    // Unread creators.csv rows may hold any handle: "no such creator" would be a wrong answer.
    const isKnown = creatorsProblem
      ? () => true
      : (handle: string) => accepted.has(handle) || input.existingHandles.has(handle);
    rows = 0;
    for await (const row of reading.rows) {
      if (++rows > limits.maxCreditRows) throw tooMany('credits.csv', limits.maxCreditRows, 'credits');
      if (rows % 5_000 === 0) {
        onProgress({ phase: 'checking', file: 'credits.csv', rows, isDone: false });
        await yieldToEventLoop();
      }
      const result =
        row.record && row.problems.length === 0 ? validateCreditRecord(row.record, isKnown) : row;
      if ('credit' in result) {
        const entry = credits.get(result.handle) ?? [];
        if (entry.length === 0) credits.set(result.handle, entry);
        entry.push(row.row, row.startByte, row.endByte);
        continue;
      }
      problems.add(...result.problems);
      // A bad row whose handle is readable holds its creator back whole.
      if (!row.record) continue;
      const handle = creditHandle(row.record.values);
      held.set(handle, [...(held.get(handle) ?? []), row.row]);
    }
    onProgress({ phase: 'checking', file: 'credits.csv', rows, isDone: true });
    const fileProblem = reading.fileProblem();
    if (fileProblem) {
      problems.rejectFile(fileProblem);
      rejectedFiles.push('credits.csv');
    }
    creditColumns = reading.given();
  }
  let heldBack = 0;
  for (const [handle, rows] of rejectedFiles.length > 0 ? [] : held) {
    if (!rowOf.has(handle) && !input.existingHandles.has(handle)) continue;
    heldBack += 1;
    problems.add({
      file: rowOf.has(handle) ? 'creators.csv' : 'credits.csv',
      row: rowOf.get(handle) ?? rows[0]!,
      field: 'handle',
      code: 'profiles.held_back',
      problem: `"${handle}" not imported: credits.csv row ${rows.slice(0, 20).join(', ')}${rows.length > 20 ? ` and ${rows.length - 20} more` : ''} ${rows.length === 1 ? 'has' : 'have'} problems`,
    });
  }
  return {
    problems,
    warnings,
    accepted,
    held,
    heldBack,
    credits,
    creditColumns,
    rejectedFiles,
  };
}
