import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { loadConfig } from '../runtime/config.ts';
import { databaseTarget } from '../runtime/runtime.ts';
import { type CliOutcome, ok } from './cli-outcome.ts';

/** `session-align migrate`: applies pending migrations and says which. */
export async function migrateCli(): Promise<CliOutcome> {
  const database = await openDatabase(databaseTarget(loadConfig()));
  try {
    const applied = await migrate(database);
    return ok(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
  } finally {
    await database.close();
  }
}
