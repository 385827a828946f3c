import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../../test/support/cli-processes.ts';

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
    expect(result.stdout).toMatch(/^Imported into "demo": 0 created/);
    expect(result.stdout).toContain(
      'creators.csv, row 3, name: a double quote appears inside a cell that does not start with one; put the whole cell in double quotes and write each quote inside it twice ("")',
    );
    expect(result.stdout).not.toContain('Private');
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
