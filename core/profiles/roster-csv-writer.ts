/**
 * Writing the roster contract back out: CSV cells and rows (RFC 4180 quoting) for creators.csv and
 * credits.csv, with the same columns the import reads, so an export re-imports as the same roster.
 *
 * Cells a spreadsheet would run as a formula are neutralised (OWASP, "CSV Injection"): a cell that starts
 * with = + - @, a tab or a carriage return gets a leading `'`, which Excel, LibreOffice and Google Sheets
 * take as "this is text". The import strips exactly that one `'` again (`restoreCell`), so
 * `=HYPERLINK("http://x","y")` survives export -> import as written. To keep that lossless for text that
 * really starts with `'=`, such text gets one more `'` on the way out.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
import type { RecurringRule } from '../availability/recurring-rule.ts';
import { cityById, findCity } from './cities.ts';
import type { Credit } from './creator-profile.types.ts';
import { formatWeeklyRules } from './roster-csv-availability.ts';

const FORMULA_START = /^'*[=+\-@\t\r]/;
const ADDED_QUOTE = /^'(?='*[=+\-@\t\r])/;

/** A cell a spreadsheet would not run: `=1+1` -> `'=1+1`. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The import's inverse of `neutraliseCell`: `'=1+1` -> `=1+1`; `'twas` stays as it is. */
export function restoreCell(text: string): string {
  return text.replace(ADDED_QUOTE, '');
}

/** One cell, neutralised, in double quotes when it holds a separator, a quote or a line break. */
export function csvCell(value: string | number | undefined): string {
  const text = neutraliseCell(value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (with its line break). */
export function csvRow(values: readonly (string | number | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}

/** A stored creator, as the export reads it. */
export interface ExportedCreator {
  handle: string;
  displayName: string;
  timeZone: string;
  genres: readonly string[];
  tags: readonly string[];
  roles: readonly string[];
  inspirations: readonly string[];
  location: Readonly<Record<string, unknown>> | null;
  isLocationOptIn: boolean;
  weeklyRules: readonly RecurringRule[];
}

/**
 * The city cell that finds the same gazetteer city again ("Athens, GR" when "Athens" alone would be
 * Athens, GA); blank for no location, no opt-in, or a custom place the gazetteer does not know.
 */
function cityCell(creator: ExportedCreator): string {
  const { city, cityId, country } = creator.location ?? {};
  if (!creator.isLocationOptIn || typeof city !== 'string' || typeof cityId !== 'string') return '';
  if (!cityById(cityId)) return '';
  if (findCity(city)?.id === cityId) return city;
  return typeof country === 'string' && findCity(`${city}, ${country}`)?.id === cityId
    ? `${city}, ${country}`
    : '';
}

const list = (values: readonly string[]) => values.join('|');

/**
 * A creators.csv line in CREATORS_CSV_COLUMNS order, and how many weekly rules the availability syntax
 * could not say (left out).
 */
export function creatorCsvRow(creator: ExportedCreator): { line: string; skippedRules: number } {
  const availability = formatWeeklyRules(creator.weeklyRules);
  return {
    line: csvRow([
      creator.handle,
      creator.displayName,
      creator.timeZone,
      list(creator.genres),
      list(creator.roles),
      list(creator.inspirations),
      cityCell(creator),
      list(creator.tags),
      availability.cell,
    ]),
    skippedRules: availability.skipped,
  };
}

/** A stored credit, as the export reads it (the stored role is a role id, read as text). */
export type ExportedCredit = Omit<Credit, 'workKey' | 'role'> & { role?: string };

/** A credits.csv line in CREDITS_CSV_COLUMNS order. */
export function creditCsvRow(handle: string, credit: ExportedCredit): string {
  return csvRow([handle, credit.title, credit.artist, credit.year, credit.role, credit.isrc, credit.iswc]);
}
