import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Embedder } from '../../core/matching/index.ts';
import { type JobHandler, UnrecoverableJobError } from '../../core/ports/job-queue.ts';
import type { Database } from '../../db/database.ts';
import { rowToProfile, syncCreatorCredits } from '../../db/repositories/creator-profile.rows.ts';
import { creatorContentHash } from '../../db/repositories/creators.repository.ts';
import { storeEmbeddings } from '../../db/repositories/embeddings.repository.ts';
import { creatorEmbeddings, creators } from '../../db/schema/index.ts';

const payloadSchema = z.object({ creatorId: z.uuid() });

export type CreatorDerivation = (row: typeof creators.$inferSelect) => Promise<Record<string, unknown>>;

/** What every creator gets derived today: a lower-cased search text over the matchable fields. */
export const baseDerivation: CreatorDerivation = async (row) => ({
  searchText: [row.displayName, row.handle, ...row.genres, ...row.tags, ...row.roles, ...row.inspirations]
    .join(' ')
    .toLowerCase(),
});

/**
 * Recomputes a creator's derived data after a profile change. Skips the work when the stored
 * derivation already matches the profile's content hash, so retries and duplicates cost nothing.
 * With an embedder it also re-embeds the profile (unless the stored vector is already of this model and
 * content hash) and rewrites the structured credits (works, creator_credits) from the profile's list.
 */
export function recomputeCreatorJob(
  database: Database,
  derive: CreatorDerivation = baseDerivation,
  embedder?: Embedder,
): JobHandler {
  return async (payload, context) => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success || !context.tenantId) {
      throw new UnrecoverableJobError('creators.recompute needs {creatorId: uuid} and a tenant');
    }
    await database.withTenant(context.tenantId, async (tx) => {
      const [row] = await tx
        .select()
        .from(creators)
        .where(eq(creators.id, parsed.data.creatorId))
        .for('update');
      if (!row) return; // Deleted since: nothing to derive.
      const contentHash = creatorContentHash(row);
      if (embedder) {
        const [stored] = await tx
          .select({ model: creatorEmbeddings.model, contentHash: creatorEmbeddings.contentHash })
          .from(creatorEmbeddings)
          .where(eq(creatorEmbeddings.creatorId, row.id));
        if (stored?.model !== embedder.id || stored.contentHash !== contentHash) {
          await storeEmbeddings(tx, embedder, [{ ...row, contentHash }]);
          const profile = rowToProfile(row);
          if (profile) await syncCreatorCredits(tx, row.tenantId, row.id, profile.credits);
        }
      }
      if (row.derivedFromHash === contentHash && row.derived) return;
      await tx
        .update(creators)
        .set({ derived: await derive(row), derivedFromHash: contentHash, contentHash })
        .where(eq(creators.id, row.id));
    });
  };
}
