import { describe, expect, it } from 'vitest';
import { parseRosterCsv, readCsvRecords } from './roster-csv.ts';

const creatorsCsv = [
  'handle,name,time_zone,genres,roles,inspirations,city',
  'ana,Ana Ruiz,Europe/Stockholm,Alt Pop|synthpop,top-liner,Robyn|Lorde,Stockholm',
  'bo,Bo,,,,,',
  'Bad Handle,X,,,,,',
  'cy,Cy,Mars/Base,,kazoo,,',
  'ana,Ana Again,,,,,',
  '',
  'dee,"Dee, Jr.",,metal,drummer|musician,,Atlantis',
].join('\n');

const creditsCsv = [
  'handle,title,artist,year,role,isrc,iswc',
  'ana,Dancing On My Own,Robyn,2010,writer,SE-AAA-10-00001,',
  'ana,"Dancing on my own (Radio Edit)",Robyn,2009,,,',
  'bo,Yesterday,The Beatles,1965,,,T-034.524.680-1',
  'bo,Bad,,19x5,,,',
  'ana,Song,,,,US-RC1-76-0783,',
  'zed,Ghost,,,,,',
  'bo,,Artist,,,,',
].join('\n');

describe('parseRosterCsv', () => {
  const result = parseRosterCsv({ creatorsCsv, creditsCsv });

  it('accepts valid rows, normalised, with credits attached and the same work merged', () => {
    expect(result.profiles.map((p) => p.handle)).toEqual(['ana', 'bo']);
    const ana = result.profiles[0]!;
    expect(ana.genres).toEqual(['alt-pop', 'synth-pop']);
    expect(ana.roles).toEqual(['topliner']);
    expect(ana.location?.cityId).toBe('se-stockholm');
    expect(ana.credits).toHaveLength(1);
    expect(ana.credits[0]).toMatchObject({ year: 2009, isrc: 'SEAAA1000001', role: 'songwriter' });
    expect(result.profiles[1]!.credits[0]!.workKey).toBe('iswc:T-034.524.680-1');
  });

  it('reports every bad row with file, row (header = 1), field and problem, and accepts nothing from it', () => {
    expect(result.problems.map(({ file, row, field, code }) => [file, row, field, code])).toEqual([
      ['creators.csv', 4, 'handle', 'profiles.bad_handle'],
      ['creators.csv', 5, 'time_zone', 'profiles.bad_time_zone'],
      ['creators.csv', 5, 'roles', 'profiles.unknown_role'],
      ['creators.csv', 6, 'handle', 'profiles.duplicate_handle'],
      ['creators.csv', 8, 'roles', 'profiles.unknown_role'],
      ['creators.csv', 8, 'city', 'profiles.unknown_city'],
      ['credits.csv', 5, 'year', 'profiles.invalid_field'],
      ['credits.csv', 6, 'isrc', 'profiles.bad_isrc'],
      ['credits.csv', 7, 'handle', 'profiles.unknown_creator'],
      ['credits.csv', 8, 'title', 'profiles.invalid_field'],
    ]);
    expect(result.problems.every((p) => p.problem.length > 0)).toBe(true);
  });

  it('rejects a wrong header outright', () => {
    const bad = parseRosterCsv({ creatorsCsv: 'handle,display_name\nana,Ana' });
    expect(bad.profiles).toEqual([]);
    expect(bad.problems[0]).toMatchObject({ file: 'creators.csv', row: 1, field: '(header)' });
  });

  it('attaches credits for creators already in the roster', () => {
    const more = parseRosterCsv({
      creatorsCsv: 'handle,name,time_zone,genres,roles,inspirations,city\n',
      creditsCsv: 'handle,title,artist,year,role,isrc,iswc\nold-hand,Hit,Star,2001,,,\n',
      existingHandles: new Set(['old-hand']),
    });
    expect(more.problems).toEqual([]);
    expect(more.creditsByExistingHandle.get('old-hand')?.[0]?.title).toBe('Hit');
  });
});

describe('readCsvRecords', () => {
  it('numbers a multi-line record by its first line and flags a wrong column count', () => {
    const { records, problems } = readCsvRecords('credits.csv', 'a,b\n"x\ny",1\n2\n', ['a', 'b']);
    expect(records).toEqual([{ row: 2, values: { a: 'x\ny', b: '1' } }]);
    expect(problems).toMatchObject([{ row: 4, field: '(row)' }]);
  });
});

describe('roster CSV headers', () => {
  it('accepts the required columns alone, or the optional ones in any order', () => {
    const minimal = parseRosterCsv({ creatorsCsv: 'handle,name\nana,Ana Rossi\n' });
    expect(minimal.problems).toEqual([]);
    expect(minimal.profiles.map((p) => [p.handle, p.displayName])).toEqual([['ana', 'Ana Rossi']]);
    const reordered = parseRosterCsv({ creatorsCsv: 'name,genres,handle\nBen Okafor,Alt Pop,ben\n' });
    expect(reordered.problems).toEqual([]);
    expect(reordered.profiles[0]).toMatchObject({ handle: 'ben', genres: ['alt-pop'] });
  });

  it('names an unknown, missing or repeated column', () => {
    const problem = (csv: string) => parseRosterCsv({ creatorsCsv: csv }).problems[0]?.problem;
    expect(problem('handle,name,colour\nana,Ana,red\n')).toMatch(/unknown column "colour"/);
    expect(problem('handle,genres\nana,pop\n')).toMatch(/missing required column "name"/);
    expect(problem('handle,name,name\nana,Ana,Ana\n')).toMatch(/a column appears twice/);
  });
});

describe('cells the database cannot store, and files that are not CSV', () => {
  it('reports a NUL byte by row and column and holds that row back, without quoting the cell', () => {
    const result = parseRosterCsv({
      creatorsCsv: 'handle,name\nana,Ana\u0000 Secret\nbo,Bo\n',
    });
    expect(result.profiles.map((p) => p.handle)).toEqual(['bo']);
    expect(result.problems).toEqual([
      {
        file: 'creators.csv',
        row: 2,
        field: 'name',
        code: 'profiles.nul_byte',
        problem: 'contains a NUL byte, which cannot be stored; remove it from the cell',
      },
    ]);
  });

  it('names the real row and column of an unescaped quote, in words, and accepts nothing', () => {
    const result = parseRosterCsv({ creatorsCsv: 'handle,name\nana,Ana\nbo,Bo "The Secret" Lee\ncy,Cy\n' });
    expect(result.profiles).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      file: 'creators.csv',
      row: 3,
      field: 'name',
      code: 'profiles.bad_csv',
    });
    expect(result.problems[0]!.problem).toMatch(/double quote appears inside a cell/);
    expect(result.problems[0]!.problem).not.toMatch(/Secret/);
  });

  it('points an unclosed quote at the row where it opens', () => {
    const { problems } = readCsvRecords('credits.csv', 'handle,title\nana,Song\nbo,"Open\nana,Other\n', [
      'handle',
      'title',
    ]);
    expect(problems).toMatchObject([{ row: 3, field: '(row)', code: 'profiles.bad_csv' }]);
    expect(problems[0]!.problem).toMatch(/never closed/);
  });
});

describe('parseRosterCsv with a file that cannot be read', () => {
  const creators = 'handle,name\nana,Ana\nbo,Bo\n';

  it('accepts no creator when credits.csv has an unescaped quote, and reports that file by its one problem', () => {
    const result = parseRosterCsv({
      creatorsCsv: creators,
      creditsCsv: 'handle,title,year\nana,Song,19x5\nbo,A "quoted" song,2020\n',
    });
    expect(result.profiles).toEqual([]);
    expect(result.problems.map(({ file, row, field, code }) => [file, row, field, code])).toEqual([
      ['credits.csv', 3, 'title', 'profiles.bad_csv'],
    ]);
  });

  it('does not call credits orphans when creators.csv cannot be read', () => {
    const result = parseRosterCsv({
      creatorsCsv: 'handle,name\nana,Ana "A" R\nbo,Bo\n',
      creditsCsv: 'handle,title,iswc\nbo,Song,\nbo,Other,T-1\n',
    });
    expect(result.profiles).toEqual([]);
    expect(result.problems.map(({ file, row, field, code }) => [file, row, field, code])).toEqual([
      ['creators.csv', 2, 'name', 'profiles.bad_csv'],
      ['credits.csv', 3, 'iswc', 'profiles.bad_iswc'],
    ]);
  });
});

describe('parseRosterCsv: genres outside the taxonomy', () => {
  it('imports the row with the genre as a free tag and warns, naming the closest genres; the tags column does not warn', () => {
    const result = parseRosterCsv({
      creatorsCsv: 'handle,name,genres,tags\nana,Ana,pop|alt rok,sad girl autumn\nbo,Bo,,\n',
    });
    expect(result.problems).toEqual([]);
    expect(result.profiles[0]).toMatchObject({ genres: ['pop'], tags: ['alt-rok', 'sad-girl-autumn'] });
    expect(result.warnings).toEqual([
      {
        file: 'creators.csv',
        row: 2,
        field: 'genres',
        code: 'profiles.unknown_genre',
        problem:
          '"alt rok" is not a known genre; closest: alt-rock, alt-pop (kept as the tag "alt-rok"; free tags belong in the tags column)',
        closest: ['alt-rock', 'alt-pop'],
      },
    ]);
  });
});
