import { type Column, type SQL, sql } from 'drizzle-orm';

/**
 * `column = any('{…}'::uuid[])`: one parameter however many ids. `inArray` sends one parameter per
 * id, and a statement takes at most 65,535 (a day's sweep or a roster reload can pass more). The ids
 * are UUIDs read from the database, so the array literal needs no quoting.
 *
 * @example
 * tx.select().from(sessions).where(isAnyOf(sessions.id, ids));
 */
export function isAnyOf(column: Column, ids: readonly string[]): SQL {
  return sql`${column} = any(${uuidArray(ids)})`;
}

/** `'{…}'::uuid[]` as one parameter, for `isAnyOf` and for functions that take an id array. */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}
