import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open-database.ts';
import { largeRosterCsv } from '../../test/fixtures/large-roster.ts';
import { freePort, spawnCli, waitForHealth } from '../../test/support/cli-processes.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'session-align-import-e2e-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, LOG_LEVEL: 'info' };

function writeRoster(name: string, creators: number): string[] {
  const dir = join(dataDir, name);
  mkdirSync(dir, { recursive: true });
  const { creatorsCsv, creditsCsv } = largeRosterCsv(creators);
  writeFileSync(join(dir, 'creators.csv'), creatorsCsv);
  writeFileSync(join(dir, 'credits.csv'), creditsCsv);
  return [join(dir, 'creators.csv'), join(dir, 'credits.csv')];
}

async function countsFor(slug: string): Promise<{ creators: number; embedded: number }> {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pgdata') });
  try {
    const [row] = await database.withOwner((sql) =>
      sql.query<{ creators: number; embedded: number }>(
        `select count(c.id)::int as creators, count(e.creator_id)::int as embedded
           from creators c join tenants t on t.id = c.tenant_id
           left join creator_embeddings e on e.creator_id = c.id
          where t.slug = $1`,
        [slug],
      ),
    );
    return row!;
  } finally {
    await database.close();
  }
}

describe('import through the running server (embedded database)', { timeout: 600_000 }, () => {
  it('stays responsive, streams progress, never re-runs locally when the server dies, and resumes embeddings', async () => {
    const port = await freePort();
    const serve = (extra: Record<string, string> = {}) =>
      spawnCli(['serve'], { ...env, PORT: String(port), HOST: '0.0.0.0', ...extra });
    const server = serve();
    await waitForHealth(port, 120_000);

    // The control endpoint is not served on the public interface.
    const onPublicPort = await fetch(`http://127.0.0.1:${port}/_local/cli`, { method: 'POST', body: '{}\n' });
    expect(onPublicPort.status).toBe(404);

    // 20,000 creators + 40,000 credits: /healthz asked mid-import answers before the import is done.
    const big = spawnCli(['import', '--tenant', 'demo', ...writeRoster('big', 20_000)], env);
    let isImportDone = false;
    void big.exited.then(() => {
      isImportDone = true;
    });
    await big.waitFor(/Writing: /);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(isImportDone).toBe(false);
    expect(await big.exited).toBe(0);
    expect(big.stdout()).toMatch(
      /^Imported into "demo": 20000 created, 0 updated, 0 unchanged, 0 held back; 40000 credits added/,
    );
    expect(big.stderr()).toMatch(/Checked creators\.csv: 20,000 rows\./);
    expect(big.stderr()).toMatch(/Writing: 20,000 of 20,000 creators written\./);

    // The server dies mid-import: the client says so and exits non-zero; it does not import by itself.
    expect(await spawnCli(['tenants', 'create', 'second', '--name', 'Second'], env).exited).toBe(0);
    const cut = spawnCli(['import', '--tenant', 'second', '--json', ...writeRoster('cut', 4_000)], env);
    await cut.waitFor(/Writing: /);
    server.child.kill('SIGKILL');
    expect(await cut.exited).toBe(1);
    expect(cut.stdout()).toBe('');
    expect(cut.stderr()).toMatch(
      /import: the server \(process \d+\) stopped during the import; [\d,]+ creators were written; re-run to finish — it is idempotent\.\n$/,
    );
    await server.exited;
    const afterCrash = await countsFor('second');
    expect(afterCrash.creators).toBeGreaterThan(0);
    expect(afterCrash.creators % 500).toBe(0);
    expect(afterCrash.embedded).toBeLessThan(afterCrash.creators);

    // Restarted, the server embeds what the crash left behind, in the background; a graceful stop
    // finishes the queued work.
    const restarted = serve({ SEED_DEMO: 'false' });
    await waitForHealth(port, 120_000);
    await restarted.waitFor(/embedding backlog queued/);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    const resumed = await countsFor('second');
    expect(resumed).toEqual({ creators: afterCrash.creators, embedded: afterCrash.creators });

    // Re-running the import (no server now: locally) finishes the job.
    const rerun = spawnCli(
      [
        'import',
        '--tenant',
        'second',
        '--json',
        join(dataDir, 'cut', 'creators.csv'),
        join(dataDir, 'cut', 'credits.csv'),
      ],
      env,
    );
    expect(await rerun.exited).toBe(0);
    expect(JSON.parse(rerun.stdout())).toMatchObject({
      created: 4_000 - afterCrash.creators,
      unchanged: afterCrash.creators,
    });
  });
});
