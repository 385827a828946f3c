import { and, eq, inArray } from 'drizzle-orm';
import type { DoNotPairRule, DoNotPairStore } from '../../core/matching/do-not-pair.store.ts';
import type { Tx } from '../database.ts';
import { creatorDoNotPair, creators } from '../schema/index.ts';

/** Do-not-pair rules: one row per pair, lower creator id first, so both directions are one fact. */
export function doNotPairStore(tx: Tx, tenantId: string): DoNotPairStore {
  async function withHandles(rows: (typeof creatorDoNotPair.$inferSelect)[]): Promise<DoNotPairRule[]> {
    if (rows.length === 0) return [];
    const ids = [...new Set(rows.flatMap((row) => [row.creatorId, row.otherCreatorId]))];
    const handles = new Map(
      (
        await tx
          .select({ id: creators.id, handle: creators.handle })
          .from(creators)
          .where(inArray(creators.id, ids))
      ).map((row) => [row.id, row.handle]),
    );
    return rows
      .map((row) => ({
        creatorIds: [row.creatorId, row.otherCreatorId] as [string, string],
        handles: [handles.get(row.creatorId)!, handles.get(row.otherCreatorId)!].sort() as [string, string],
        reason: row.reason,
      }))
      .sort((x, y) => (x.handles.join() < y.handles.join() ? -1 : 1));
  }
  return {
    list: async () => withHandles(await tx.select().from(creatorDoNotPair)),
    async add([low, high], input) {
      const inserted = await tx
        .insert(creatorDoNotPair)
        .values({
          tenantId,
          creatorId: low,
          otherCreatorId: high,
          reason: input.reason,
          createdByUserId: input.byUserId,
        })
        .onConflictDoNothing()
        .returning({ creatorId: creatorDoNotPair.creatorId });
      return inserted.length > 0;
    },
    async remove([low, high]) {
      const [removed] = await tx
        .delete(creatorDoNotPair)
        .where(and(eq(creatorDoNotPair.creatorId, low), eq(creatorDoNotPair.otherCreatorId, high)))
        .returning({ reason: creatorDoNotPair.reason });
      return removed;
    },
    async anyBetween(creatorIds) {
      if (creatorIds.length < 2) return [];
      const ids = [...creatorIds];
      const rows = await tx
        .select()
        .from(creatorDoNotPair)
        .where(and(inArray(creatorDoNotPair.creatorId, ids), inArray(creatorDoNotPair.otherCreatorId, ids)));
      return withHandles(rows);
    },
  };
}
