import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../../test/support/cli-processes.ts';
import { formatImportReport } from './import.cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'sa-import-cli-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'error' };
const file = (name: string, text: string) => {
  writeFileSync(join(dataDir, name), text);
  return join(dataDir, name);
};
async function cli(args: string[]) {
  const run = spawnCli(args, env);
  const status = await run.exited;
  return { status, stdout: run.stdout(), stderr: run.stderr() };
}

beforeAll(async () => {
  expect((await cli(['seed', '--creators', '0'])).status).toBe(0);
}, 300_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('session-align import: bad bytes and big files', { timeout: 300_000 }, () => {
  it('reports a NUL byte by row and column, imports the other rows, exits 0 and prints no row data', async () => {
    const creators = file('nul-creators.csv', 'handle,name\nana,Ana\nbo,Bo\u0000Private Name\ncy,Cy\n');
    const human = await cli(['import', '--tenant', 'demo', creators]);
    expect(human.status).toBe(0);
    expect(human.stdout).toBe(
      [
        'Imported into "demo": 2 created, 0 updated, 0 unchanged, 0 held back; 0 credits added (0 new works); 2 embedded.',
        '1 problem (file, row, field: problem):',
        'creators.csv, row 3, name: contains a NUL byte, which cannot be stored; remove it from the cell',
        '',
      ].join('\n'),
    );
    expect(human.stdout + human.stderr).not.toContain('Private');
    const json = await cli(['import', '--tenant', 'demo', '--json', creators]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      tenant: 'demo',
      created: 0,
      unchanged: 2,
      problemCount: 1,
      problems: [{ file: 'creators.csv', row: 3, field: 'name', code: 'profiles.nul_byte' }],
    });
  });

  it('imports nothing from a file with an unescaped quote, and says where and what in words', async () => {
    const creators = file('quote-creators.csv', 'handle,name\ndee,Dee\nel,El "Private" Ray\n');
    const result = await cli(['import', '--tenant', 'demo', creators]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Nothing was imported into "demo": creators.csv cannot be read/);
    expect(result.stdout).toContain(
      'creators.csv, row 3, name: a double quote appears inside a cell that does not start with one; put the whole cell in double quotes and write each quote inside it twice ("")',
    );
    expect(result.stdout).not.toContain('Private');
  });

  it('imports no creator when credits.csv has an unescaped quote, names its row, and says no creator was held back', async () => {
    const creators = file('ok-creators.csv', 'handle,name\nfay,Fay\ngil,Gil\n');
    const credits = file(
      'quote-credits.csv',
      'handle,title,year\nfay,Bad Year,19x5\ngil,A "Private" Song,2024\nfay,Fine,2020\n',
    );
    const result = await cli(['import', '--tenant', 'demo', creators, credits]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        'Nothing was imported into "demo": credits.csv cannot be read (see its row below). Fix it and re-run; the import is idempotent.',
        '1 problem (file, row, field: problem):',
        'credits.csv, row 3, title: a double quote appears inside a cell that does not start with one; put the whole cell in double quotes and write each quote inside it twice ("")',
        '',
      ].join('\n'),
    );
    const json = await cli(['import', '--tenant', 'demo', '--json', creators, credits]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      created: 0,
      heldBack: 0,
      rejectedFiles: ['credits.csv'],
    });
    // Neither creator was written by the refused imports.
    const alone = await cli(['import', '--tenant', 'demo', '--json', creators]);
    expect(JSON.parse(alone.stdout)).toMatchObject({ created: 2, rejectedFiles: [] });
  });

  it('warns about a genre outside the taxonomy, naming the closest, in words and in --json, and imports the row', async () => {
    const creators = file('genre-creators.csv', 'handle,name,genres\nhal,Hal,pop\nivy,Ivy,pop|alt rok\n');
    const result = await cli(['import', '--tenant', 'demo', creators]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        'Imported into "demo": 2 created, 0 updated, 0 unchanged, 0 held back; 0 credits added (0 new works); 2 embedded.',
        'No problems.',
        '1 warning, imported all the same (file, row, field: warning):',
        'creators.csv, row 3, genres: "alt rok" is not a known genre; closest: alt-rock, alt-pop (kept as the tag "alt-rok"; free tags belong in the tags column)',
        '',
      ].join('\n'),
    );
    const json = await cli(['import', '--tenant', 'demo', '--json', creators]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      unchanged: 2,
      warningCount: 1,
      warnings: [
        {
          file: 'creators.csv',
          row: 3,
          field: 'genres',
          code: 'profiles.unknown_genre',
          closest: ['alt-rock', 'alt-pop'],
        },
      ],
    });
  });

  it('refuses a file over the size limit before reading it, exit 1', async () => {
    const huge = file('huge.csv', 'handle,name\n');
    truncateSync(huge, 65 * 1024 * 1024);
    const result = await cli(['import', '--tenant', 'demo', huge]);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `import: ${huge}: 65.0 MB is over the 64 MB limit; split it into smaller files and import them one after another (re-importing is idempotent). Nothing was imported.\n`,
    });
  });
});

describe('formatImportReport', () => {
  it('shows control characters of a quoted cell escaped, never as they are', () => {
    const problem = {
      file: 'creators.csv' as const,
      row: 2,
      field: 'handle',
      code: 'profiles.bad_handle',
      problem: '"ana\u001b[2J\u009b31m\u202e" is not a handle',
    };
    const text = formatImportReport('demo', {
      created: 0,
      updated: 0,
      unchanged: 0,
      heldBack: 0,
      rejectedFiles: [],
      creditsAdded: 0,
      worksAdded: 0,
      weeklyRulesWritten: 0,
      embedded: 0,
      problems: [problem],
      problemCount: 1,
      warnings: [{ ...problem, field: 'genres', closest: [] }],
      warningCount: 1,
    });
    expect([...text].some((ch) => ['\u001b', '\u009b', '\u202e'].includes(ch))).toBe(false);
    expect(text).toContain('creators.csv, row 2, handle: "ana\\u001b[2J\\u009b31m\\u202e" is not a handle');
    expect(text).toContain('creators.csv, row 2, genres: "ana\\u001b[2J');
  });
});
