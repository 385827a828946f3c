import { eq } from 'drizzle-orm';
import type { ProfileDesk } from '../../core/commands/services.ts';
import type { JobQueue } from '../../core/ports/job-queue.ts';
import type { Database } from '../database.ts';
import { creators } from '../schema/index.ts';
import { type CreatorProfilePatch, updateCreatorProfile } from './creators.repository.ts';

/** Profiles on the database: edits go through updateCreatorProfile (audit event + re-embedding job). */
export function profileDesk(deps: { database: Database; queue: JobQueue }, tenantId: string): ProfileDesk {
  return {
    async get(handle) {
      const [row] = await deps.database.withTenant(tenantId, (tx) =>
        tx
          .select()
          .from(creators)
          .where(eq(creators.handle, handle.replace(/^@/, '').toLowerCase())),
      );
      if (!row) return undefined;
      const city = typeof row.location?.city === 'string' ? row.location.city : undefined;
      return {
        handle: row.handle,
        displayName: row.displayName,
        bio: row.bio,
        timeZone: row.timeZone,
        genres: row.genres,
        tags: row.tags,
        roles: row.roles,
        inspirations: row.inspirations,
        ...(city ? { city } : {}),
        isLocationOptIn: row.isLocationOptIn,
        isWritingOptIn: row.isWritingOptIn,
        creditCount: Array.isArray(row.credits) ? row.credits.length : 0,
      };
    },
    async update(handle, changes, actor) {
      const { changed } = await updateCreatorProfile(deps.database, deps.queue, {
        tenantId,
        handle: handle.replace(/^@/, '').toLowerCase(),
        actorUserId: actor.userId,
        actorLabel: actor.label,
        patch: changes as CreatorProfilePatch,
      });
      return { changed };
    },
  };
}
