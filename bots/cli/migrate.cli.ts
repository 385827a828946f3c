import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { loadConfig } from '../runtime/config.ts';
import { lockDataDir } from '../runtime/data-dir-lock.ts';
import { databaseTarget } from '../runtime/runtime.ts';
import { type CliOutcome, ok } from './cli-outcome.ts';
import { ambientRuntime } from './cli-runtime.ts';

/** `session-align migrate`: applies pending migrations and says which. */
export async function migrateCli(): Promise<CliOutcome> {
  const report = (applied: string[]) =>
    ok(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
  const ambient = ambientRuntime.getStore();
  if (ambient) return report(await migrate(ambient.database));
  const config = loadConfig();
  const target = databaseTarget(config);
  const lock = target.kind === 'pglite' ? lockDataDir(config.DATA_DIR) : undefined;
  try {
    const database = await openDatabase(target);
    try {
      return report(await migrate(database));
    } finally {
      await database.close();
    }
  } finally {
    lock?.release();
  }
}
