import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../core/shared/app-error.ts';
import type { Database } from '../database.ts';
import { creatorDoNotPair, creators } from '../schema/index.ts';
import { recordAudit } from './audit.repository.ts';

/**
 * Marks two creators as never to be suggested together (either direction); idempotent, audited.
 *
 * @example
 * await addDoNotPair(database, tenantId, { handles: ['ana', 'ben'], actorLabel: 'Publisher', reason: 'conflict' });
 */
export async function addDoNotPair(
  database: Database,
  tenantId: string,
  input: { handles: [string, string]; actorLabel: string; actorUserId?: string; reason?: string },
): Promise<void> {
  await database.withTenant(tenantId, async (tx) => {
    const rows = await tx
      .select({ id: creators.id, handle: creators.handle })
      .from(creators)
      .where(inArray(creators.handle, input.handles));
    for (const handle of input.handles) {
      if (!rows.some((row) => row.handle === handle))
        throw new AppError('matching.unknown_creator', `No creator with handle @${handle}`, { handle });
    }
    const [low, high] = rows.map((row) => row.id).sort() as [string, string];
    if (!high) throw new AppError('matching.duplicate_member', 'Name two different creators');
    const inserted = await tx
      .insert(creatorDoNotPair)
      .values({
        tenantId,
        creatorId: low,
        otherCreatorId: high,
        reason: input.reason ?? null,
        createdByUserId: input.actorUserId ?? null,
      })
      .onConflictDoNothing()
      .returning({ creatorId: creatorDoNotPair.creatorId });
    if (inserted.length === 0) return;
    await recordAudit(tx, {
      tenantId,
      actorUserId: input.actorUserId ?? null,
      actorLabel: input.actorLabel,
      action: 'matching.do_not_pair_added',
      entity: 'creator_pair',
      entityId: `${low}/${high}`,
      newValues: { handles: input.handles.toSorted(), reason: input.reason ?? null },
    });
  });
}

/** Lifts a do-not-pair rule (either order of handles); audited. False when there was none. */
export async function removeDoNotPair(
  database: Database,
  tenantId: string,
  input: { handles: [string, string]; actorLabel: string; actorUserId?: string },
): Promise<boolean> {
  return database.withTenant(tenantId, async (tx) => {
    const rows = await tx
      .select({ id: creators.id, handle: creators.handle })
      .from(creators)
      .where(inArray(creators.handle, input.handles));
    if (rows.length !== 2) return false;
    const [low, high] = rows.map((row) => row.id).sort() as [string, string];
    const removed = await tx
      .delete(creatorDoNotPair)
      .where(and(eq(creatorDoNotPair.creatorId, low), eq(creatorDoNotPair.otherCreatorId, high)))
      .returning({ reason: creatorDoNotPair.reason });
    if (removed.length === 0) return false;
    await recordAudit(tx, {
      tenantId,
      actorUserId: input.actorUserId ?? null,
      actorLabel: input.actorLabel,
      action: 'matching.do_not_pair_removed',
      entity: 'creator_pair',
      entityId: `${low}/${high}`,
      oldValues: { handles: input.handles.toSorted(), reason: removed[0]!.reason },
    });
    return true;
  });
}

/** Every do-not-pair rule of the tenant, as handle pairs. */
export async function listDoNotPair(
  database: Database,
  tenantId: string,
): Promise<Array<{ handles: [string, string]; reason: string | null }>> {
  return database.withTenant(tenantId, async (tx) => {
    const rules = await tx.select().from(creatorDoNotPair);
    if (rules.length === 0) return [];
    const ids = [...new Set(rules.flatMap((rule) => [rule.creatorId, rule.otherCreatorId]))];
    const handles = new Map(
      (
        await tx
          .select({ id: creators.id, handle: creators.handle })
          .from(creators)
          .where(inArray(creators.id, ids))
      ).map((row) => [row.id, row.handle]),
    );
    return rules
      .map((rule) => ({
        handles: [handles.get(rule.creatorId)!, handles.get(rule.otherCreatorId)!].sort() as [string, string],
        reason: rule.reason,
      }))
      .sort((x, y) => (x.handles.join() < y.handles.join() ? -1 : 1));
  });
}
