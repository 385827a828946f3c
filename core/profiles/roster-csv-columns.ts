/**
 * The roster import's columns as documentation: name, whether the header must have it, the format and an
 * example, for both files. The README tables are rendered from this list (`rosterColumnsMarkdown`), and a
 * test checks the list against what the reader accepts, so the documentation cannot drift from the code.
 */

import { ROLE_IDS } from './roles.ts';
import type { RosterFile } from './roster-csv.types.ts';
import { MAX_IMPORTED_RULES } from './roster-csv-availability.ts';

export interface RosterColumnDoc {
  name: string;
  isRequired: boolean;
  format: string;
  /** A value the import accepts as it is, with no problem and no warning. */
  example: string;
}

const LIST = 'separated by `|`';

export const CREATORS_CSV_DOCS: readonly RosterColumnDoc[] = [
  {
    name: 'handle',
    isRequired: true,
    format:
      '2-32 of a-z, 0-9, `.`, `_`, `-`, starting with a letter or digit (lower-cased). A creator already in the roster with this handle is updated',
    example: 'ana-rossi',
  },
  { name: 'name', isRequired: true, format: 'display name, up to 120 characters', example: 'Ana Rossi' },
  {
    name: 'time_zone',
    isRequired: false,
    format: 'IANA time zone; a new creator without one gets UTC',
    example: 'America/Chicago',
  },
  {
    name: 'genres',
    isRequired: false,
    format: `taxonomy genres ${LIST}, any spelling (\`Alt Pop\`, \`alternative pop\`); any other genre is kept as a tag and reported as a warning naming the closest genres`,
    example: 'alt-pop|synth-pop',
  },
  {
    name: 'roles',
    isRequired: false,
    format: `${ROLE_IDS.join(', ')} (or a common alias such as top-liner), ${LIST}`,
    example: 'topliner|lyricist',
  },
  { name: 'inspirations', isRequired: false, format: `artists ${LIST}`, example: 'Robyn|Lorde' },
  {
    name: 'city',
    isRequired: false,
    format:
      'a major city (`Athens, GR` picks among same names); giving one opts the creator in to in-person matching',
    example: 'Nashville',
  },
  {
    name: 'tags',
    isRequired: false,
    format: `free tags ${LIST}, kept as written (slugged) without a warning; genres and tags are replaced together`,
    example: 'writers-round',
  },
  {
    name: 'availability',
    isRequired: false,
    format: `weekly rules ${LIST} in the \`/avail add\` syntax, local time in the creator's zone: \`DAYS HH:mm-HH:mm[+1] [every:N] [from:YYYY-MM-DD] [until:YYYY-MM-DD]\` (\`+1\`: the hours pass midnight); days like \`mon-fri\`, \`weekdays\`, \`weekends\`, \`daily\` or \`mon,wed\` (a cell with a comma goes in double quotes). Replaces the creator's weekly rules (one-offs and calendars are kept); at most ${MAX_IMPORTED_RULES}; a bad rule is reported and the rest of the row still imported`,
    example: 'mon-fri 10:00-18:00|sat 10:00-14:00',
  },
];

export const CREDITS_CSV_DOCS: readonly RosterColumnDoc[] = [
  {
    name: 'handle',
    isRequired: true,
    format: 'a creator in creators.csv or already in the roster',
    example: 'ana-rossi',
  },
  { name: 'title', isRequired: true, format: 'the work, up to 300 characters', example: 'Glass Hearts' },
  { name: 'artist', isRequired: false, format: 'up to 300 characters', example: 'Mara Vale' },
  { name: 'year', isRequired: false, format: 'a year from 1900 to 2100', example: '2023' },
  { name: 'role', isRequired: false, format: 'one role, as in creators.csv', example: 'topliner' },
  {
    name: 'isrc',
    isRequired: false,
    format: 'CC-XXX-YY-NNNNN (hyphens optional)',
    example: 'US-SA1-22-00417',
  },
  {
    name: 'iswc',
    isRequired: false,
    format: 'T-DDD.DDD.DDD-C with a valid check digit; the same ISWC on two credits is one work',
    example: 'T-927.358.244-8',
  },
];

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The column table of one file, as Markdown. */
export function rosterColumnsMarkdown(file: RosterFile): string {
  const docs = file === 'creators.csv' ? CREATORS_CSV_DOCS : CREDITS_CSV_DOCS;
  return [
    '| column | required | format | example |',
    '| --- | --- | --- | --- |',
    ...docs.map(
      (doc) =>
        `| \`${doc.name}\` | ${doc.isRequired ? 'yes' : 'no'} | ${cell(doc.format)} | \`${cell(doc.example)}\` |`,
    ),
  ].join('\n');
}
