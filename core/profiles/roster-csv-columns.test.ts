import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREATORS_CSV_COLUMNS, CREDITS_CSV_COLUMNS, parseRosterCsv } from './roster-csv.ts';
import {
  CREATORS_CSV_DOCS,
  CREDITS_CSV_DOCS,
  type RosterColumnDoc,
  rosterColumnsMarkdown,
} from './roster-csv-columns.ts';
import { csvRow } from './roster-csv-writer.ts';

/** Where the column tables are documented (README.md joins once the lead has pasted them there). */
const DOCUMENTED_IN = ['examples/roster/README.md', 'README.md'];
const ROOT = join(import.meta.dirname, '../..');

const files = [
  { file: 'creators.csv', docs: CREATORS_CSV_DOCS, columns: CREATORS_CSV_COLUMNS },
  { file: 'credits.csv', docs: CREDITS_CSV_DOCS, columns: CREDITS_CSV_COLUMNS },
] as const;

/** A one-row file of the given columns and values, read as that file (creators.csv holds ana-rossi for credits). */
function read(file: 'creators.csv' | 'credits.csv', cells: Record<string, string>) {
  const csv = csvRow(Object.keys(cells)) + csvRow(Object.values(cells));
  return file === 'creators.csv'
    ? parseRosterCsv({ creatorsCsv: csv })
    : parseRosterCsv({ creatorsCsv: 'handle,name\nana-rossi,Ana\n', creditsCsv: csv });
}
const required = (docs: readonly RosterColumnDoc[]) =>
  Object.fromEntries(docs.filter((doc) => doc.isRequired).map((doc) => [doc.name, doc.example]));

describe.each(files)('the documented $file columns', ({ file, docs, columns }) => {
  it('are the columns the reader takes, in its order', () => {
    expect(docs.map((doc) => doc.name)).toEqual([...columns]);
  });

  it('are required exactly where a header without them is refused', () => {
    for (const doc of docs) {
      const cells = Object.fromEntries(docs.filter((d) => d !== doc).map((d) => [d.name, d.example]));
      const { problems } = read(file, cells);
      const isRefused = problems.some((p) => p.file === file && p.code === 'profiles.bad_csv_header');
      expect({ column: doc.name, isRefused }).toEqual({ column: doc.name, isRefused: doc.isRequired });
    }
  });

  it('each take their example with no problem and no warning, alone beside the required columns', () => {
    for (const doc of docs) {
      const result = read(file, { ...required(docs), [doc.name]: doc.example });
      expect({ column: doc.name, problems: result.problems, warnings: result.warnings }).toEqual({
        column: doc.name,
        problems: [],
        warnings: [],
      });
      expect(result.profiles).toHaveLength(1);
      if (file === 'credits.csv') expect(result.profiles[0]!.credits).toHaveLength(1);
    }
  });

  it.each(DOCUMENTED_IN)('are the table in %s', (path) => {
    expect(readFileSync(join(ROOT, path), 'utf8')).toContain(rosterColumnsMarkdown(file));
  });
});
