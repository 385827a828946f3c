/**
 * The roster import contracts, `creators.csv` and `credits.csv`, parsed into clean profiles or per-row problems.
 *
 * Row numbers are file line numbers: the header is row 1, the first data row is row 2 (as a spreadsheet shows
 * them; blank lines keep their number). A row with any problem is reported and never partially accepted.
 */
import { parse } from 'csv-parse/sync';
import type { RecurringRule } from '../availability/recurring-rule.ts';
import { mergeCredits, validateCreatorProfile, validateCredit } from './creator-profile.normalise.ts';
import { HANDLE_PATTERN } from './creator-profile.schema.ts';
import type { CreatorProfile, Credit, ProfileProblem } from './creator-profile.types.ts';
import type { RosterFile, RosterProblem } from './roster-csv.types.ts';
import { readAvailabilityCell } from './roster-csv-availability.ts';
import { closestGenresMemo, type RosterWarning, unknownGenreWarnings } from './roster-csv-genres.ts';
import {
  type CsvParseFailure,
  type CsvRecord,
  checkCsvHeader,
  csvRecordFromCells,
  describeCsvParseFailure,
  ROSTER_CSV_OPTIONS,
  recordRow,
} from './roster-csv-reader.ts';

export const CREATORS_CSV_COLUMNS = [
  'handle',
  'name',
  'time_zone',
  'genres',
  'roles',
  'inspirations',
  'city',
  'tags',
  'availability',
] as const;
export const CREDITS_CSV_COLUMNS = ['handle', 'title', 'artist', 'year', 'role', 'isrc', 'iswc'] as const;

export type { RosterFile, RosterProblem } from './roster-csv.types.ts';
export type { RosterWarning } from './roster-csv-genres.ts';
export type { CsvRecord } from './roster-csv-reader.ts';

/** Lists inside a cell are separated by "|". */
export function splitList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split('|')
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * CSV text -> records keyed by the exact header, with their row numbers; header, column-count and NUL-byte
 * problems are reported. Parsing text is not I/O: the caller reads the file. A file that cannot be parsed
 * at all gives no records and one problem naming the row and what is wrong.
 */
export function readCsvRecords(
  file: RosterFile,
  text: string,
  columns: readonly string[],
): { records: CsvRecord[]; problems: RosterProblem[]; isRejected?: true } {
  let parsed: { record: string[]; info: { lines: number } }[];
  // Tracked as records arrive, so a failure can name the header's columns and the row it happened on.
  let header: string[] | undefined;
  let lastLine = 1;
  try {
    parsed = parse(text, {
      ...ROSTER_CSV_OPTIONS,
      // With `info`, csv-parse hands on_record the {record, info} pair its types do not describe.
      on_record: ((entry: { record: string[]; info: { lines: number } }) => {
        header ??= entry.record.map((cell) => cell.toLowerCase());
        lastLine = entry.info.lines;
        return entry;
      }) as unknown as (record: string[]) => string[],
    }) as unknown as typeof parsed;
  } catch (error) {
    const failure = describeCsvParseFailure(file, error as CsvParseFailure, {
      given: header,
      nextRow: header ? lastLine + 1 : 1,
    });
    return { records: [], problems: [failure], isRejected: true };
  }
  const [first, ...rows] = parsed;
  const checked = checkCsvHeader(file, first?.record, columns);
  if ('problem' in checked) return { records: [], problems: [checked.problem], isRejected: true };
  const records: CsvRecord[] = [];
  const problems: RosterProblem[] = [];
  for (const { record, info } of rows) {
    const read = csvRecordFromCells(file, recordRow(record, info.lines), record, checked.given, columns);
    if (read.record && read.problems.length === 0) records.push(read.record);
    problems.push(...read.problems);
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

/**
 * A valid creators.csv row (imported, perhaps with warnings), or the problems that hold it back. A valid
 * row may still have a cell that is left out (`notApplied`: a bad availability rule), the rest imported.
 */
export type CreatorRecordResult =
  | {
      profile: CreatorProfile;
      /** The availability cell's rules: they replace the creator's weekly rules. Absent: keep them. */
      weeklyRules?: RecurringRule[];
      warnings: RosterWarning[];
      notApplied: RosterProblem[];
    }
  | { problems: RosterProblem[] };

/**
 * One creators.csv record -> a profile (without credits), or its problems. Genres outside the taxonomy
 * become free tags and are warned about (`closestOf` names their nearest genres); the tags column is
 * free tags on purpose, without a warning.
 */
export function validateCreatorRecord(
  { row, values }: CsvRecord,
  closestOf?: (text: string) => string[] | undefined,
): CreatorRecordResult {
  const city = values.city?.trim();
  const genres = splitList(values.genres);
  const result = validateCreatorProfile({
    handle: values.handle ?? '',
    displayName: values.name ?? '',
    timeZone: values.time_zone || undefined,
    genres,
    tags: splitList(values.tags),
    roles: splitList(values.roles),
    inspirations: splitList(values.inspirations),
    ...(city ? { location: { city }, isLocationOptIn: true } : {}),
  });
  if (!result.ok) return { problems: toRosterProblems('creators.csv', row, result.problems) };
  const availability = readAvailabilityCell(values.availability);
  return {
    profile: result.value,
    ...('rules' in availability && availability.rules ? { weeklyRules: availability.rules } : {}),
    warnings: unknownGenreWarnings('creators.csv', row, genres, closestOf),
    notApplied:
      'problem' in availability
        ? [
            {
              file: 'creators.csv',
              row,
              field: 'availability',
              code: 'profiles.bad_availability',
              problem: `${availability.problem}; the rest of the row is imported, its weekly availability left as it was`,
            },
          ]
        : [],
  };
}

/**
 * Validates creators.csv records in file order, remembering handles so a repeated one is reported against
 * its first row. A city in the import counts as the creator's location opt-in. Closest genres are named
 * for the first 1,000 distinct unknown spellings (`hasClosestGenres: false`: for none).
 */
export function creatorRecordValidator(
  options: { hasClosestGenres?: boolean } = {},
): (record: CsvRecord) => CreatorRecordResult {
  const seen = new Map<string, number>();
  // A pass that reports nothing (the import's write pass) need not work out the closest genres.
  const closestOf = options.hasClosestGenres === false ? () => undefined : closestGenresMemo();
  return (record) => {
    const result = validateCreatorRecord(record, closestOf);
    if (!('profile' in result)) return result;
    const first = seen.get(result.profile.handle);
    if (first !== undefined)
      return {
        problems: [
          {
            file: 'creators.csv',
            row: record.row,
            field: 'handle',
            code: 'profiles.duplicate_handle',
            problem: `handle "${result.profile.handle}" already on row ${first}`,
          },
        ],
      };
    seen.set(result.profile.handle, record.row);
    return result;
  };
}

/** creators.csv rows -> profiles (without credits). */
export function validateCreatorRecords(records: readonly CsvRecord[]): {
  rows: { row: number; profile: CreatorProfile }[];
  problems: RosterProblem[];
  warnings: RosterWarning[];
} {
  const rows: { row: number; profile: CreatorProfile }[] = [];
  const problems: RosterProblem[] = [];
  const warnings: RosterWarning[] = [];
  const validate = creatorRecordValidator();
  for (const record of records) {
    const result = validate(record);
    if ('profile' in result) {
      rows.push({ row: record.row, profile: result.profile });
      warnings.push(...result.warnings);
      problems.push(...result.notApplied);
    } else problems.push(...result.problems);
  }
  return { rows, problems, warnings };
}

/** The handle a credits.csv record names, as stored (trimmed, lower-cased). */
export const creditHandle = (values: Record<string, string>) => (values.handle ?? '').trim().toLowerCase();

/** One credits.csv record -> its credit, or its problems. `isKnown` says whether a handle may own credits. */
export function validateCreditRecord(
  { row, values }: CsvRecord,
  isKnown: (handle: string) => boolean,
): { handle: string; credit: Credit } | { problems: RosterProblem[] } {
  const handle = creditHandle(values);
  const rowProblems: ProfileProblem[] = [];
  if (!HANDLE_PATTERN.test(handle))
    rowProblems.push({
      field: 'handle',
      code: 'profiles.bad_handle',
      problem: `"${values.handle}" is not a handle`,
    });
  else if (!isKnown(handle))
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
    return { problems: toRosterProblems('credits.csv', row, rowProblems) };
  return { handle, credit: credit.value };
}

/**
 * credits.csv rows -> credits by handle. `knownHandles` are the handles a credit may belong to (undefined:
 * any, when the creators cannot be known).
 */
export function validateCreditRecords(
  records: readonly CsvRecord[],
  knownHandles: ReadonlySet<string> | undefined,
): { rows: { row: number; handle: string; credit: Credit }[]; problems: RosterProblem[] } {
  const rows: { row: number; handle: string; credit: Credit }[] = [];
  const problems: RosterProblem[] = [];
  for (const record of records) {
    const result = validateCreditRecord(record, (handle) => knownHandles?.has(handle) ?? true);
    if ('credit' in result) rows.push({ row: record.row, ...result });
    else problems.push(...result.problems);
  }
  return { rows, problems };
}

export interface RosterImport {
  /** Valid creators with their valid credits attached (same work merged). */
  profiles: CreatorProfile[];
  problems: RosterProblem[];
  /** Imported all the same: genres outside the taxonomy, with the closest ones. */
  warnings: RosterWarning[];
}

/**
 * Both roster files at once. Credits may also belong to `existingHandles` (creators already in the roster);
 * those appear in `creditsByExistingHandle` rather than on a profile. As in the streaming import, a file
 * that cannot be read (not CSV, wrong header) means nothing is accepted from either file.
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
  const creditsRead =
    input.creditsCsv === undefined
      ? undefined
      : readCsvRecords('credits.csv', input.creditsCsv, CREDITS_CSV_COLUMNS);
  const isRejected = creatorsRead.isRejected || creditsRead?.isRejected;
  if (creditsRead) {
    const known = new Set([...byHandle.keys(), ...(input.existingHandles ?? [])]);
    // Unread creators.csv rows may hold any handle: "no such creator" would be a wrong answer.
    const credits = validateCreditRecords(creditsRead.records, creatorsRead.isRejected ? undefined : known);
    problems.push(...creditsRead.problems, ...(creditsRead.isRejected ? [] : credits.problems));
    for (const { handle, credit } of isRejected ? [] : credits.rows) {
      const target = byHandle.get(handle)?.credits ?? creditsByExistingHandle.get(handle) ?? [];
      if (!byHandle.has(handle)) creditsByExistingHandle.set(handle, target);
      target.push(credit);
    }
  }
  const profiles = isRejected
    ? []
    : [...byHandle.values()].map((profile) => ({ ...profile, credits: mergeCredits(profile.credits) }));
  for (const [handle, credits] of creditsByExistingHandle)
    creditsByExistingHandle.set(handle, mergeCredits(credits));
  return {
    profiles,
    problems: problems.sort((a, b) => a.file.localeCompare(b.file) || a.row - b.row),
    warnings: creators.warnings,
    creditsByExistingHandle,
  };
}
