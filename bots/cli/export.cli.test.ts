import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { importRoster } from '../../db/repositories/roster-import.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { spawnCli } from '../../test/support/cli-processes.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { ambientRuntime } from './cli-runtime.ts';
import { exportCli } from './export.cli.ts';
import { forwardedRun } from './forwarded-run.ts';

const creatorsCsv =
  'handle,name,availability\nana,"=HYPERLINK(""http://x"",""y"")",mon-fri 10:00-18:00\nbo,Bo,\n';
const expected = [
  'handle,name,time_zone,genres,roles,inspirations,city,tags,availability',
  `ana,"'=HYPERLINK(""http://x"",""y"")",UTC,,,,,,mon-fri 10:00-18:00`,
  'bo,Bo,UTC,,,,,,',
  '',
].join('\n');

describe('session-align export, in process', () => {
  let database: Database;
  // The export needs only the database of the runtime it runs in.
  const inRuntime = <T>(fn: () => Promise<T>) => ambientRuntime.run({ database } as Runtime, fn);
  beforeAll(async () => {
    database = await openTestPglite();
    const tenant = await databaseTenantDirectory(database).create({ slug: 'label', name: 'Label' });
    await importRoster(database, { tenantId: tenant.id, creatorsCsv, actorLabel: 'test' });
  });
  afterAll(() => database.close());

  it('streams creators.csv to the stdout stream it is given (a slow one too)', async () => {
    const chunks: string[] = [];
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        setTimeout(done, 5);
      },
    });
    const outcome = await inRuntime(() => exportCli(['roster', '--tenant', 'label'], slow));
    expect(outcome).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(chunks.join('')).toBe(expected);
  });

  it('inside a running server (a forwarded line) gathers the output into the result instead', async () => {
    const outcome = await inRuntime(() =>
      forwardedRun.run({ onProgress: () => {}, signal: new AbortController().signal }, () =>
        exportCli(['roster', '--tenant', 'label']),
      ),
    );
    expect(outcome).toEqual({ stdout: expected, stderr: '', exitCode: 0 });
  });

  it('says what is wrong with the line: exit 2 for arguments, 1 for an unknown tenant', async () => {
    expect(await exportCli(['--tenant', 'label'])).toEqual({
      stdout: '',
      stderr:
        'export: expected what to export, roster or credits\nusage: export roster|credits --tenant SLUG   (creators.csv or credits.csv on stdout)\n',
      exitCode: 2,
    });
    expect((await exportCli(['roster'])).stderr).toMatch(/^export: --tenant is required\n/);
    expect((await exportCli(['songs', '--tenant', 'label'])).exitCode).toBe(2);
    expect(await inRuntime(() => exportCli(['credits', '--tenant', 'nobody']))).toEqual({
      stdout: '',
      stderr: 'export: no tenant with slug "nobody". List them: session-align tenants\n',
      exitCode: 1,
    });
  });
});

describe('session-align export, as a process', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sa-export-cli-'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  const cli = async (args: string[]) => {
    const run = spawnCli(args, env);
    const status = await run.exited;
    return { status, stdout: run.stdout(), stderr: run.stderr() };
  };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('export -> import round-trips: the exported files re-import with nothing changed', async () => {
    expect((await cli(['seed', '--creators', '0'])).status).toBe(0);
    writeFileSync(join(dataDir, 'creators.csv'), creatorsCsv);
    writeFileSync(join(dataDir, 'credits.csv'), 'handle,title,year\nana,+1 (Remix),2024\nbo,Song,2020\n');
    const first = await cli([
      'import',
      '--tenant',
      'demo',
      join(dataDir, 'creators.csv'),
      join(dataDir, 'credits.csv'),
    ]);
    expect(first.stdout).toMatch(/^Imported into "demo": 2 created/);
    const roster = await cli(['export', 'roster', '--tenant', 'demo']);
    expect(roster).toMatchObject({ status: 0, stderr: '' });
    expect(roster.stdout).toContain(`ana,"'=HYPERLINK(""http://x"",""y"")",`);
    const credits = await cli(['export', 'credits', '--tenant', 'demo']);
    expect(credits.stdout).toBe(
      "handle,title,artist,year,role,isrc,iswc\nana,'+1 (Remix),,2024,,,\nbo,Song,,2020,,,\n",
    );
    writeFileSync(join(dataDir, 'exported-creators.csv'), roster.stdout);
    writeFileSync(join(dataDir, 'exported-credits.csv'), credits.stdout);
    const again = await cli([
      'import',
      '--tenant',
      'demo',
      '--json',
      join(dataDir, 'exported-creators.csv'),
      join(dataDir, 'exported-credits.csv'),
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
      creditsAdded: 0,
      problemCount: 0,
      warningCount: 0,
    });
  });
});
