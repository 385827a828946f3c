import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../../test/support/cli-processes.ts';

const root = mkdtempSync(join(tmpdir(), 'sa-log-format-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A CLI command on a fresh data directory (initdb, migrations, a generated key: what logs on a first run). */
async function firstRun(args: string[], env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(root, 'data-'));
  const run = spawnCli(args, {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: join(dataDir, 'data'),
    LOG_LEVEL: 'info',
    ...env,
  });
  const status = await run.exited;
  return { status, stdout: run.stdout(), stderr: run.stderr() };
}

describe('what a CLI command prints on a fresh data directory', { timeout: 300_000 }, () => {
  it('is sentences for a person: no JSON log line on stderr', async () => {
    const result = await firstRun(['tenants', 'list']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^No tenants yet\./);
    expect(result.stderr).not.toMatch(/^\{"level"/m);
    // A fresh data dir starts from npm install's migrated template, or is migrated from nothing.
    expect(result.stderr).toMatch(
      /^info: database (migrated \(applied: 0001_foundation, |created from the migrated template$)/m,
    );
    expect(result.stderr).toMatch(/^ENCRYPTION_KEY is not set, so a key .* was generated in /m);
  });

  it('is JSON lines with LOG_FORMAT=json, the notice about the key included', async () => {
    const result = await firstRun(['tenants', 'list'], { LOG_FORMAT: 'json' });
    expect(result.status).toBe(0);
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^database (migrated|created from the migrated template)$/),
        expect.stringMatching(/^ENCRYPTION_KEY is not set/),
      ]),
    );
  });
});
