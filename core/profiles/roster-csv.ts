/**
 * The roster import contracts, `creators.csv` and `credits.csv`, parsed into clean profiles or per-row problems.
 *
 * Row numbers are file line numbers: the header is row 1, the first data row is row 2 (as a spreadsheet shows
 * them; blank lines keep their number). A row with any problem is reported and never partially accepted.
 */
import { parse } from 'csv-parse/sync';
import { mergeCredits, validateCreatorProfile, validateCredit } from './creator-profile.normalise.ts';
import { HANDLE_PATTERN } from './creator-profile.schema.ts';
import type { CreatorProfile, Credit, ProfileProblem } from './creator-profile.types.ts';

export const CREATORS_CSV_COLUMNS = [
  'handle',
  'name',
  'time_zone',
  'genres',
  'roles',
  'inspirations',
  'city',
] as const;
export const CREDITS_CSV_COLUMNS = ['handle', 'title', 'artist', 'year', 'role', 'isrc', 'iswc'] as const;

export type RosterFile = 'creators.csv' | 'credits.csv';

export interface RosterProblem {
  file: RosterFile;
  /** File line of the row: header = 1, first data row = 2. */
  row: number;
  /** The CSV column (or `(row)` / `(header)`). */
  field: string;
  code: string;
  problem: string;
}

export interface CsvRecord {
  row: number;
  values: Record<string, string>;
}

/** Lists inside a cell are separated by "|". */
export function splitList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split('|')
    .map((part) => part.trim())
    .filter(Boolean);
}

function newlinesIn(fields: readonly string[]): number {
  return fields.reduce((total, field) => total + (field.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
}

/**
 * CSV text -> records keyed by the exact header, with their row numbers; header and column-count problems
 * are reported. Parsing text is not I/O: the caller reads the file.
 */
export function readCsvRecords(
  file: RosterFile,
  text: string,
  columns: readonly string[],
): { records: CsvRecord[]; problems: RosterProblem[] } {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { records: [], problems: [{ file, row: 1, field: '(file)', code: 'profiles.bad_csv', problem }] };
  }
  const [header, ...rows] = parsed;
  const headerProblem = (problem: string) => ({
    records: [],
    problems: [{ file, row: 1, field: '(header)', code: 'profiles.bad_csv_header', problem }],
  });
  // The documented header is the full column list; optional columns may be left out (any order),
  // the two required ones (handle + name, handle + title) may not.
  const given = header?.record.map((cell) => cell.toLowerCase()) ?? [];
  const expected = columns.join(',');
  const unknown = given.filter((column) => !columns.includes(column));
  const missing = columns.slice(0, 2).filter((column) => !given.includes(column));
  if (!header || unknown.length > 0 || missing.length > 0 || new Set(given).size !== given.length) {
    const got = header ? header.record.join(',') : '(empty file)';
    const why = unknown.length
      ? `unknown column ${unknown.map((c) => `"${c}"`).join(', ')}`
      : missing.length
        ? `missing required column ${missing.map((c) => `"${c}"`).join(', ')}`
        : header
          ? 'a column appears twice'
          : 'the file is empty';
    return headerProblem(
      `header must be "${expected}" (optional columns may be left out): ${why}; got "${got}"`,
    );
  }
  const records: CsvRecord[] = [];
  const problems: RosterProblem[] = [];
  for (const { record, info } of rows) {
    const row = info.lines - newlinesIn(record);
    if (record.length !== given.length) {
      problems.push({
        file,
        row,
        field: '(row)',
        code: 'profiles.bad_csv_row',
        problem: `expected ${given.length} columns, got ${record.length}`,
      });
      continue;
    }
    records.push({
      row,
      values: Object.fromEntries(columns.map((column) => [column, record[given.indexOf(column)] ?? ''])),
    });
  }
  return { records, problems };
}

const CREATOR_FIELD_TO_COLUMN: Record<string, string> = {
  displayName: 'name',
  timeZone: 'time_zone',
  'location.city': 'city',
};

function toRosterProblems(
  file: RosterFile,
  row: number,
  problems: readonly ProfileProblem[],
): RosterProblem[] {
  return problems.map(({ field, code, problem }) => {
    const top = field.split('.')[0] ?? field;
    const column = CREATOR_FIELD_TO_COLUMN[field] ?? CREATOR_FIELD_TO_COLUMN[top] ?? top;
    return { file, row, field: column, code, problem };
  });
}

/** creators.csv rows -> profiles (without credits). A city in the import counts as the creator's location opt-in. */
export function validateCreatorRecords(records: readonly CsvRecord[]): {
  rows: { row: number; profile: CreatorProfile }[];
  problems: RosterProblem[];
} {
  const rows: { row: number; profile: CreatorProfile }[] = [];
  const problems: RosterProblem[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of records) {
    const city = values.city?.trim();
    const result = validateCreatorProfile({
      handle: values.handle ?? '',
      displayName: values.name ?? '',
      timeZone: values.time_zone || undefined,
      genres: splitList(values.genres),
      roles: splitList(values.roles),
      inspirations: splitList(values.inspirations),
      ...(city ? { location: { city }, isLocationOptIn: true } : {}),
    });
    if (!result.ok) {
      problems.push(...toRosterProblems('creators.csv', row, result.problems));
      continue;
    }
    const first = seen.get(result.value.handle);
    if (first !== undefined) {
      problems.push({
        file: 'creators.csv',
        row,
        field: 'handle',
        code: 'profiles.duplicate_handle',
        problem: `handle "${result.value.handle}" already on row ${first}`,
      });
      continue;
    }
    seen.set(result.value.handle, row);
    rows.push({ row, profile: result.value });
  }
  return { rows, problems };
}

/** credits.csv rows -> credits by handle. `knownHandles` are the handles a credit may belong to. */
export function validateCreditRecords(
  records: readonly CsvRecord[],
  knownHandles: ReadonlySet<string>,
): { rows: { row: number; handle: string; credit: Credit }[]; problems: RosterProblem[] } {
  const rows: { row: number; handle: string; credit: Credit }[] = [];
  const problems: RosterProblem[] = [];
  for (const { row, values } of records) {
    const handle = (values.handle ?? '').trim().toLowerCase();
    const rowProblems: ProfileProblem[] = [];
    if (!HANDLE_PATTERN.test(handle))
      rowProblems.push({
        field: 'handle',
        code: 'profiles.bad_handle',
        problem: `"${values.handle}" is not a handle`,
      });
    else if (!knownHandles.has(handle))
      rowProblems.push({
        field: 'handle',
        code: 'profiles.unknown_creator',
        problem: `no creator "${handle}" in creators.csv or the roster`,
      });
    const credit = validateCredit({
      title: values.title ?? '',
      artist: values.artist || undefined,
      year: values.year || undefined,
      role: values.role || undefined,
      isrc: values.isrc || undefined,
      iswc: values.iswc || undefined,
    });
    if (!credit.ok) rowProblems.push(...credit.problems);
    if (rowProblems.length > 0 || !credit.ok)
      problems.push(...toRosterProblems('credits.csv', row, rowProblems));
    else rows.push({ row, handle, credit: credit.value });
  }
  return { rows, problems };
}

export interface RosterImport {
  /** Valid creators with their valid credits attached (same work merged). */
  profiles: CreatorProfile[];
  problems: RosterProblem[];
}

/**
 * Both roster files at once. Credits may also belong to `existingHandles` (creators already in the roster);
 * those appear in `creditsByExistingHandle` rather than on a profile.
 *
 * @example
 * const { profiles, problems } = parseRosterCsv({ creatorsCsv, creditsCsv });
 */
export function parseRosterCsv(input: {
  creatorsCsv: string;
  creditsCsv?: string;
  existingHandles?: ReadonlySet<string>;
}): RosterImport & { creditsByExistingHandle: Map<string, Credit[]> } {
  const creatorsRead = readCsvRecords('creators.csv', input.creatorsCsv, CREATORS_CSV_COLUMNS);
  const creators = validateCreatorRecords(creatorsRead.records);
  const problems = [...creatorsRead.problems, ...creators.problems];
  const byHandle = new Map(
    creators.rows.map(({ profile }) => [profile.handle, { ...profile, credits: [] as Credit[] }]),
  );
  const creditsByExistingHandle = new Map<string, Credit[]>();
  if (input.creditsCsv !== undefined) {
    const known = new Set([...byHandle.keys(), ...(input.existingHandles ?? [])]);
    const creditsRead = readCsvRecords('credits.csv', input.creditsCsv, CREDITS_CSV_COLUMNS);
    const credits = validateCreditRecords(creditsRead.records, known);
    problems.push(...creditsRead.problems, ...credits.problems);
    for (const { handle, credit } of credits.rows) {
      const target = byHandle.get(handle)?.credits ?? creditsByExistingHandle.get(handle) ?? [];
      if (!byHandle.has(handle)) creditsByExistingHandle.set(handle, target);
      target.push(credit);
    }
  }
  const profiles = [...byHandle.values()].map((profile) => ({
    ...profile,
    credits: mergeCredits(profile.credits),
  }));
  for (const [handle, credits] of creditsByExistingHandle)
    creditsByExistingHandle.set(handle, mergeCredits(credits));
  return {
    profiles,
    problems: problems.sort((a, b) => a.file.localeCompare(b.file) || a.row - b.row),
    creditsByExistingHandle,
  };
}
