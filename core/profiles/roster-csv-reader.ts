/**
 * The reading half of the roster CSV contract, shared by the in-memory parser (`readCsvRecords`) and the
 * streaming import: the csv-parse options, the header rule, one record's cell checks, and parse failures
 * described in words. Nothing here quotes a cell's content back: a problem names file, row and column only.
 */
import type { RosterFile, RosterProblem } from './roster-csv.types.ts';
import { restoreCell } from './roster-csv-writer.ts';

/** csv-parse options of every roster read (sync or streaming). `max_record_size` bounds one row in memory. */
export const ROSTER_CSV_OPTIONS = {
  bom: true,
  info: true,
  skip_empty_lines: true,
  relax_column_count: true,
  trim: true,
  max_record_size: 1_000_000,
} as const;

export interface CsvRecord {
  row: number;
  values: Record<string, string>;
}

/** Row of a parsed record: the line it starts on (a quoted cell may span lines). */
export function recordRow(cells: readonly string[], endLine: number): number {
  return endLine - cells.reduce((total, cell) => total + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
}

/**
 * The header rule: the documented column list, optional columns left out or in any order, the first two
 * (handle + name, handle + title) required. Returns the given columns (lower-cased) or the problem.
 */
export function checkCsvHeader(
  file: RosterFile,
  header: readonly string[] | undefined,
  columns: readonly string[],
): { given: string[] } | { problem: RosterProblem } {
  const given = header?.map((cell) => cell.toLowerCase()) ?? [];
  const unknown = given.filter((column) => !columns.includes(column));
  const missing = columns.slice(0, 2).filter((column) => !given.includes(column));
  if (header && unknown.length === 0 && missing.length === 0 && new Set(given).size === given.length)
    return { given };
  const got = header ? header.join(',') : '(empty file)';
  const why = unknown.length
    ? `unknown column ${unknown.map((c) => `"${c}"`).join(', ')}`
    : missing.length
      ? `missing required column ${missing.map((c) => `"${c}"`).join(', ')}`
      : header
        ? 'a column appears twice'
        : 'the file is empty';
  return {
    problem: {
      file,
      row: 1,
      field: '(header)',
      code: 'profiles.bad_csv_header',
      problem: `header must be "${columns.join(',')}" (optional columns may be left out): ${why}; got "${got}"`,
    },
  };
}

/**
 * One data row's cells -> a record keyed by the contract's columns, and its problems: a wrong column count
 * (then no record: the cells cannot be matched to columns), or a NUL byte (PostgreSQL text cannot hold
 * one; the record is still returned so the row's handle is known, but a row with problems is held back).
 */
export function csvRecordFromCells(
  file: RosterFile,
  row: number,
  cells: readonly string[],
  given: readonly string[],
  columns: readonly string[],
): { record?: CsvRecord; problems: RosterProblem[] } {
  if (cells.length !== given.length)
    return {
      problems: [
        {
          file,
          row,
          field: '(row)',
          code: 'profiles.bad_csv_row',
          problem: `expected ${given.length} columns, got ${cells.length}`,
        },
      ],
    };
  // A leading ' that an export put before a formula-like cell is taken off again (see roster-csv-writer).
  const record = {
    row,
    values: Object.fromEntries(
      columns.map((column) => [column, restoreCell(cells[given.indexOf(column)] ?? '')]),
    ),
  };
  const problems = given
    .filter((_column, i) => cells[i]!.includes('\u0000'))
    .map((field) => ({
      file,
      row,
      field,
      code: 'profiles.nul_byte',
      problem: 'contains a NUL byte, which cannot be stored; remove it from the cell',
    }));
  return { record, problems };
}

/** The parts of a csv-parse `CsvError` a description needs. */
export interface CsvParseFailure {
  code?: string;
  /** Line the parser had reached. */
  lines?: number;
  /** Index of the cell being read. */
  column?: number;
}

const QUOTE_ADVICE = 'put the whole cell in double quotes and write each quote inside it twice ("")';

/**
 * A file csv-parse gave up on, as one problem with the real row and the column, in words (the parser's own
 * message quotes the cell). `nextRow` is the row after the last record read: where an unclosed quote opened.
 */
export function describeCsvParseFailure(
  file: RosterFile,
  failure: CsvParseFailure,
  context: { given: readonly string[] | undefined; nextRow: number },
): RosterProblem {
  const at = (row: number, problem: string) => {
    const field =
      failure.column !== undefined && context.given?.[failure.column]
        ? context.given[failure.column]!
        : '(row)';
    return { file, row, field, code: 'profiles.bad_csv', problem };
  };
  const line = failure.lines ?? context.nextRow;
  switch (failure.code) {
    case 'INVALID_OPENING_QUOTE':
      return at(line, `a double quote appears inside a cell that does not start with one; ${QUOTE_ADVICE}`);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return at(line, `text follows the closing double quote of a quoted cell; ${QUOTE_ADVICE}`);
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        file,
        row: context.nextRow,
        field: '(row)',
        code: 'profiles.bad_csv',
        problem: `a double quote opens a cell on this row and is never closed, so the rest of the file would be one cell; ${QUOTE_ADVICE}`,
      };
    case 'CSV_MAX_RECORD_SIZE':
      return {
        file,
        row: context.nextRow,
        field: '(row)',
        code: 'profiles.bad_csv',
        problem: `a row is longer than ${ROSTER_CSV_OPTIONS.max_record_size.toLocaleString('en')} characters: most likely a double quote is never closed; ${QUOTE_ADVICE}`,
      };
    default:
      return at(line, `the file is not valid CSV here (${failure.code ?? 'unreadable'})`);
  }
}
