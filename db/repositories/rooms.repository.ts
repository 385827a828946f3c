import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../database.ts';
import { studioRooms, studios } from '../schema/index.ts';

/** "Studio / Room" labels for room ids, in one query (no query when there are none). */
export async function roomLabels(tx: Tx, roomIds: readonly string[]): Promise<Map<string, string>> {
  if (roomIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: studioRooms.id, name: studioRooms.name, studio: studios.name })
    .from(studioRooms)
    .innerJoin(studios, eq(studios.id, studioRooms.studioId))
    .where(inArray(studioRooms.id, [...new Set(roomIds)]));
  return new Map(rows.map((row) => [row.id, `${row.studio} / ${row.name}`]));
}
