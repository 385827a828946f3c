import { describe, expect, it } from 'vitest';
import { CREATORS_CSV_COLUMNS, CREDITS_CSV_COLUMNS, readCsvRecords } from './roster-csv.ts';
import {
  creatorCsvRow,
  creditCsvRow,
  csvCell,
  csvRow,
  type ExportedCreator,
  neutraliseCell,
  restoreCell,
} from './roster-csv-writer.ts';

describe('neutraliseCell (OWASP CSV injection)', () => {
  it('puts a quote before every cell a spreadsheet would run as a formula', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+44 20', '-5', '@SUM(A1)', '\tlead', '\rlead'])
      expect(neutraliseCell(text)).toBe(`'${text}`);
  });

  it('leaves other cells alone, including a quote before ordinary text', () => {
    for (const text of ['Ana Rossi', 'a=b', ' =1', "'twas", '', '10:00-18:00'])
      expect(neutraliseCell(text)).toBe(text);
  });

  it('is undone by restoreCell, also for text that really starts with a quote and a formula sign', () => {
    for (const text of ['=1+1', "'=1+1", "''@x", '-', "'twas", 'plain'])
      expect(restoreCell(neutraliseCell(text))).toBe(text);
    expect(restoreCell("'twas")).toBe("'twas");
  });
});

describe('csvCell and csvRow', () => {
  it('quotes separators, quotes and line breaks (RFC 4180), after neutralising', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('Dee, Jr.')).toBe('"Dee, Jr."');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(2024)).toBe('2024');
    expect(csvCell(undefined)).toBe('');
    expect(csvRow(['a', '', 'b c'])).toBe('a,,b c\n');
  });

  it('reads back through the import reader as the text written', () => {
    const texts = [
      '=HYPERLINK("http://x","y")',
      "'=kept",
      '+1 (Remix)',
      '@here',
      'Dee, "DJ" Jr.',
      'two\nlines',
    ];
    const csv = csvRow(['handle', 'title']) + texts.map((title, i) => csvRow([`h${i}`, title])).join('');
    const { records, problems } = readCsvRecords('credits.csv', csv, CREDITS_CSV_COLUMNS);
    expect(problems).toEqual([]);
    expect(records.map((record) => record.values.title)).toEqual(texts);
  });
});

describe('creatorCsvRow and creditCsvRow', () => {
  const creator: ExportedCreator = {
    handle: 'ana',
    displayName: '=HYPERLINK("http://x","y")',
    timeZone: 'Europe/Athens',
    genres: ['alt-pop', 'synth-pop'],
    tags: ['sad-girl-autumn'],
    roles: ['topliner', 'lyricist'],
    inspirations: ['Robyn', 'Lorde'],
    location: { city: 'Athens', cityId: 'gr-athens', country: 'GR', lat: 37.98, lon: 23.73 },
    isLocationOptIn: true,
    weeklyRules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', startTime: '10:00', endTime: '18:00' }],
  };

  it('writes every creators.csv column, in the order of the header the import reads', () => {
    const { line, skippedRules } = creatorCsvRow(creator);
    const { records, problems } = readCsvRecords(
      'creators.csv',
      csvRow(CREATORS_CSV_COLUMNS) + line,
      CREATORS_CSV_COLUMNS,
    );
    expect(problems).toEqual([]);
    expect(skippedRules).toBe(0);
    expect(records[0]!.values).toEqual({
      handle: 'ana',
      name: '=HYPERLINK("http://x","y")',
      time_zone: 'Europe/Athens',
      genres: 'alt-pop|synth-pop',
      roles: 'topliner|lyricist',
      inspirations: 'Robyn|Lorde',
      // "Athens" alone is Athens, GA in the gazetteer.
      city: 'Athens, GR',
      tags: 'sad-girl-autumn',
      availability: 'mon-fri 10:00-18:00',
    });
  });

  it('leaves the city blank without the opt-in', () => {
    const { line } = creatorCsvRow({ ...creator, isLocationOptIn: false });
    expect(line).toBe(
      `ana,"'=HYPERLINK(""http://x"",""y"")",Europe/Athens,alt-pop|synth-pop,topliner|lyricist,Robyn|Lorde,,sad-girl-autumn,mon-fri 10:00-18:00\n`,
    );
  });

  it('writes a credit in the order of credits.csv', () => {
    expect(
      creditCsvRow('ana', {
        title: '-1 (Remix)',
        artist: 'Mara Vale',
        year: 2023,
        role: 'topliner',
        iswc: 'T-034.524.680-1',
      }),
    ).toBe("ana,'-1 (Remix),Mara Vale,2023,topliner,,T-034.524.680-1\n");
  });
});
