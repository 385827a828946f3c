import { createHash } from 'node:crypto';
import type { creators } from '../schema/index.ts';

type CreatorRow = typeof creators.$inferSelect;

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
