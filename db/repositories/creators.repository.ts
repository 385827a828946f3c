import { createHash } from 'node:crypto';
import { and, arrayContains, asc, count, eq, type SQL } from 'drizzle-orm';
import type { CreatorSummary, RosterReader } from '../../core/commands/services.ts';
import type { JobQueue } from '../../core/ports/job-queue.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { Database } from '../database.ts';
import { creators } from '../schema/index.ts';
import { changedFields, recordAudit } from './audit.repository.ts';

type CreatorRow = typeof creators.$inferSelect;

/** Profile fields a person may edit; derived data and hashes are the system's. */
export type CreatorProfilePatch = Partial<
  Pick<
    CreatorRow,
    | 'displayName'
    | 'bio'
    | 'timeZone'
    | 'skills'
    | 'instruments'
    | 'roles'
    | 'genres'
    | 'tags'
    | 'inspirations'
    | 'credits'
    | 'links'
    | 'location'
    | 'isLocationOptIn'
    | 'pro'
    | 'ipi'
    | 'contactPreference'
    | 'isWritingOptIn'
  >
>;

export const RECOMPUTE_CREATOR_JOB = 'creators.recompute';

/** A hash of what matching reads from a profile: when it is unchanged, derived data need not be recomputed. */
export function creatorContentHash(
  row: Pick<
    CreatorRow,
    'genres' | 'tags' | 'roles' | 'skills' | 'instruments' | 'inspirations' | 'credits' | 'bio'
  >,
): string {
  const canonical = JSON.stringify([
    row.genres.toSorted(),
    row.tags.toSorted(),
    row.roles.toSorted(),
    row.skills.toSorted(),
    row.instruments.toSorted(),
    row.inspirations.toSorted(),
    row.credits,
    row.bio,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function toCreatorSummary(row: CreatorRow): CreatorSummary {
  const city = row.isLocationOptIn && typeof row.location?.city === 'string' ? row.location.city : undefined;
  return {
    handle: row.handle,
    displayName: row.displayName,
    timeZone: row.timeZone,
    genres: row.genres,
    roles: row.roles,
    isWritingOptIn: row.isWritingOptIn,
    ...(city ? { city } : {}),
  };
}

export function rosterReader(database: Database, tenantId: string): RosterReader {
  return {
    async list(query) {
      const filters: SQL[] = [];
      if (query.genre) filters.push(arrayContains(creators.genres, [query.genre.toLowerCase()]));
      if (query.role) filters.push(arrayContains(creators.roles, [query.role.toLowerCase()]));
      const where = filters.length ? and(...filters) : undefined;
      return database.withTenant(tenantId, async (tx) => {
        const rows = await tx
          .select()
          .from(creators)
          .where(where)
          .orderBy(asc(creators.handle))
          .limit(query.limit);
        const [total] = await tx.select({ value: count() }).from(creators).where(where);
        return { creators: rows.map(toCreatorSummary), total: total?.value ?? 0 };
      });
    },
    async find(handle) {
      const rows = await database.withTenant(tenantId, (tx) =>
        tx.select().from(creators).where(eq(creators.handle, handle.toLowerCase())),
      );
      return rows[0] ? toCreatorSummary(rows[0]) : undefined;
    },
  };
}

/**
 * Applies a profile edit: the row, its audit event (old/new values) and the new content hash commit
 * together; re-deriving (embedding) is enqueued afterwards, keyed by the hash so a repeat is a no-op.
 */
export async function updateCreatorProfile(
  database: Database,
  queue: JobQueue,
  input: {
    tenantId: string;
    handle: string;
    actorUserId?: string;
    actorLabel: string;
    patch: CreatorProfilePatch;
  },
): Promise<{ creatorId: string; contentHash: string; changed: string[] }> {
  const result = await database.withTenant(input.tenantId, async (tx) => {
    const [before] = await tx.select().from(creators).where(eq(creators.handle, input.handle)).for('update');
    if (!before)
      throw new AppError('profiles.unknown_handle', `No creator @${input.handle}`, { handle: input.handle });
    const next = { ...before, ...input.patch };
    const contentHash = creatorContentHash(next);
    const { oldValues, newValues } = changedFields(before, input.patch);
    const changed = Object.keys(newValues);
    if (changed.length === 0) return { creatorId: before.id, contentHash, changed };
    await tx
      .update(creators)
      .set({ ...input.patch, contentHash, updatedAt: new Date() })
      .where(eq(creators.id, before.id));
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: input.actorUserId ?? null,
      actorLabel: input.actorLabel,
      action: 'creator.profile_updated',
      entity: 'creator',
      entityId: before.id,
      oldValues,
      newValues,
    });
    return { creatorId: before.id, contentHash, changed };
  });
  if (result.changed.length > 0) {
    await queue.enqueue({
      name: RECOMPUTE_CREATOR_JOB,
      tenantId: input.tenantId,
      payload: { creatorId: result.creatorId },
      idempotencyKey: `${RECOMPUTE_CREATOR_JOB}.${result.creatorId}.${result.contentHash}`,
    });
  }
  return result;
}
