import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from './migrate.ts';
import { openDatabase } from './open-database.ts';
import { readPgliteTemplate, writePgliteTemplate } from './pglite-template.ts';

const scratch = mkdtempSync(join(tmpdir(), 'sa-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the migrated database template', { timeout: 180_000 }, () => {
  it('gives a fresh data directory every migration without running one', async () => {
    await writePgliteTemplate();
    const template = readPgliteTemplate();
    expect(template).toBeInstanceOf(Blob);
    const database = await openDatabase({
      kind: 'pglite',
      dataDir: join(scratch, 'pgdata'),
      loadDataDir: template!,
    });
    try {
      expect(await migrate(database)).toEqual([]);
      const rows = await database.withOwner((sql) =>
        sql.query<{ version: string }>('select version from schema_migrations order by version'),
      );
      expect(rows.map((row) => row.version)).toEqual(loadMigrations().map((m) => m.version));
    } finally {
      await database.close();
    }
    // What it unpacked is an ordinary data directory: it opens again without the template.
    const reopened = await openDatabase({ kind: 'pglite', dataDir: join(scratch, 'pgdata') });
    await reopened.close();
  });
});
