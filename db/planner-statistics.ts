import type { Database } from './database.ts';

/**
 * Refreshes the planner's statistics. A PostgreSQL server's autovacuum does this by itself; the
 * embedded PGlite has no autovacuum, and after a bulk load its planner guesses badly (scanning a
 * whole tenant's index where a primary-key lookup would do). Run after bulk writes and at start.
 */
export async function refreshPlannerStatistics(database: Database): Promise<void> {
  await database.withOwner((q) => q.exec('analyze'));
}
