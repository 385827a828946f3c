import { eq } from 'drizzle-orm';
import type { ProfileRecord, ProfileStore } from '../../core/profiles/profile.store.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { Tx } from '../database.ts';
import { creatorContentHash } from '../repositories/creators.repository.ts';
import { creators } from '../schema/index.ts';

type CreatorRow = typeof creators.$inferSelect;

function toRecord(row: CreatorRow): ProfileRecord {
  const location = row.location as ProfileRecord['location'];
  return {
    creatorId: row.id,
    userId: row.userId,
    handle: row.handle,
    displayName: row.displayName,
    bio: row.bio,
    timeZone: row.timeZone,
    genres: row.genres,
    tags: row.tags,
    roles: row.roles,
    inspirations: row.inspirations,
    location: location && typeof location.city === 'string' ? location : null,
    isLocationOptIn: row.isLocationOptIn,
    isWritingOptIn: row.isWritingOptIn,
    creditCount: Array.isArray(row.credits) ? row.credits.length : 0,
  };
}

/** Profiles in the command's transaction; an edit recomputes the content hash matching reads. */
export function profileStore(tx: Tx): ProfileStore {
  return {
    async get(handle, options = {}) {
      let query = tx
        .select()
        .from(creators)
        .where(eq(creators.handle, handle.replace(/^@/, '').toLowerCase()))
        .$dynamic();
      if (options.forUpdate) query = query.for('update');
      const [row] = await query;
      return row ? toRecord(row) : undefined;
    },
    async update(creatorId, changes) {
      const [before] = await tx.select().from(creators).where(eq(creators.id, creatorId));
      if (!before) throw new AppError('profiles.not_found', 'That creator profile no longer exists');
      const contentHash = creatorContentHash({ ...before, ...changes });
      await tx
        .update(creators)
        .set({ ...changes, contentHash, updatedAt: new Date() })
        .where(eq(creators.id, creatorId));
      return { contentHash };
    },
  };
}
