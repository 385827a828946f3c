import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATORS_CSV, CREDITS_CSV } from '../../test/fixtures/matching-roster.ts';
import { spawnCli } from '../../test/support/cli-processes.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'sa-pair-cli-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'error' };

async function cli(args: string[], stdin = '') {
  const run = spawnCli(args, env, { stdin });
  const status = await run.exited;
  return { stdout: run.stdout(), stderr: run.stderr(), status };
}

beforeAll(async () => {
  writeFileSync(join(dataDir, 'creators.csv'), CREATORS_CSV);
  writeFileSync(join(dataDir, 'credits.csv'), CREDITS_CSV);
  expect((await cli(['seed', '--creators', '0'])).status).toBe(0);
}, 300_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('session-align import and pair --json', () => {
  it('imports a roster with a summary, and a second import changes nothing', async () => {
    const args = ['import', '--tenant', 'demo', join(dataDir, 'creators.csv'), join(dataDir, 'credits.csv')];
    const first = await cli(args);
    expect(first.stdout).toMatch(
      /^Imported into "demo": 10 created, 0 updated, 0 unchanged, 0 held back; 9 credits added \(\d+ new works\); 10 embedded\.\nNo problems\.\n$/,
    );
    expect(first.status).toBe(0);
    const second = await cli(args);
    expect(second.stdout).toMatch(
      /^Imported into "demo": 0 created, 0 updated, 10 unchanged, 0 held back; 0 credits added \(0 new works\); 0 embedded\./,
    );
    const missing = await cli(['import', '--tenant', 'demo', join(dataDir, 'nope.csv')]);
    expect(missing).toMatchObject({ status: 1, stdout: '' });
    expect(missing.stderr).toContain('nope.csv: cannot read (ENOENT)');
    const unknownTenant = await cli(['import', '--tenant', 'acme', join(dataDir, 'creators.csv')]);
    expect(unknownTenant).toMatchObject({
      status: 1,
      stderr: 'import: no tenant with slug "acme". List them: session-align tenants\n',
    });
  }, 300_000);

  it('answers one query with the exact contract, best first', async () => {
    const query = {
      tenant: 'demo',
      creators: ['ana'],
      k: 3,
      window: { start: '2026-11-23T00:00:00Z', end: '2026-12-21T00:00:00Z' },
      minMinutes: 60,
    };
    const { stdout, status } = await cli(['pair', '--json'], JSON.stringify(query));
    expect(status).toBe(0);
    const answer = JSON.parse(stdout) as {
      suggestions: { creators: string[]; score: number; reasons: string[]; windows: unknown[] }[];
    };
    expect(Object.keys(answer)).toEqual(['suggestions']);
    // Imported creators have no availability yet: a window gates everyone out.
    expect(answer.suggestions).toEqual([]);
    const ungated = JSON.parse(
      (await cli(['pair', '--json'], JSON.stringify({ tenant: 'demo', creators: ['ana'], k: 3 }))).stdout,
    );
    expect(ungated.suggestions).toHaveLength(3);
    for (const s of ungated.suggestions) {
      expect(Object.keys(s)).toEqual(['creators', 'score', 'reasons', 'windows']);
      expect(s.creators[0]).toBe('ana');
      expect(s.windows).toEqual([]);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(100);
    }
    expect(ungated.suggestions[0].score).toBe(
      Math.max(...ungated.suggestions.map((s: { score: number }) => s.score)),
    );
  }, 300_000);

  it('answers JSON Lines in order, fits a named group, and names an unknown tenant or creator', async () => {
    const lines = [
      { tenant: 'demo', creators: ['ana', 'ben'] },
      { tenant: 'demo', genres: ['alt-pop'], roles: ['topliner'], size: 2, k: 2 },
      { tenant: 'demo', creators: ['ghost'] },
    ];
    const batch = await cli(['pair', '--json'], lines.map((line) => JSON.stringify(line)).join('\n'));
    const answers = batch.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers).toHaveLength(3);
    expect(answers[0].suggestions).toHaveLength(1);
    expect(answers[0].suggestions[0].creators).toEqual(['ana', 'ben']);
    expect(answers[1].suggestions.length).toBe(2);
    expect(answers[2]).toEqual({
      error: { code: 'matching.unknown_creator', message: 'No creator with handle @ghost' },
    });
    expect(batch).toMatchObject({ status: 1, stderr: 'line 3: No creator with handle @ghost\n' });
    expect(await cli(['pair', '--json'], '{"tenant":"acme"}')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'tenant: no tenant with slug "acme"\n',
    });
    expect(await cli(['pair', '--json'], '{"tenant":"demo","size":4}')).toMatchObject({
      status: 1,
      stdout: '',
    });
    // The limit and its message are the command's, shared with /pair limit:N.
    expect(await cli(['pair', '--json'], '{"tenant":"demo","k":51}')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'k: expected a whole number from 1 to 50\n',
    });
    expect(await cli(['pair', '--json'], '{"tenant":"demo","inPerson":{"city":"Oslo"}}')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'inPerson.city: unknown field\n',
    });
  }, 300_000);
});
