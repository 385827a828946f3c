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

export async function removeDoNotPair(
  database: Database,
  tenantId: string,
  creatorIds: [string, string],
): Promise<void> {
  const [low, high] = creatorIds.toSorted() as [string, string];
  await database.withTenant(tenantId, (tx) =>
    tx
      .delete(creatorDoNotPair)
      .where(and(eq(creatorDoNotPair.creatorId, low), eq(creatorDoNotPair.otherCreatorId, high))),
  );
}
