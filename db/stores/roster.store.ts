import { and, arrayContains, asc, count, eq, inArray, like, or, type SQL } from 'drizzle-orm';
import type { CreatorSummary, RosterStore } from '../../core/profiles/roster.store.ts';
import type { Tx } from '../database.ts';
import { creators } from '../schema/index.ts';

type CreatorRow = typeof creators.$inferSelect;

export function toCreatorSummary(row: CreatorRow): CreatorSummary {
  const city = row.isLocationOptIn && typeof row.location?.city === 'string' ? row.location.city : undefined;
  return {
    creatorId: row.id,
    userId: row.userId,
    handle: row.handle,
    displayName: row.displayName,
    timeZone: row.timeZone,
    genres: row.genres,
    roles: row.roles,
    isWritingOptIn: row.isWritingOptIn,
    ...(city ? { city } : {}),
  };
}

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function rosterStore(tx: Tx): RosterStore {
  return {
    async list(query) {
      const filters: SQL[] = [];
      if (query.genre) filters.push(arrayContains(creators.genres, [query.genre.toLowerCase()]));
      if (query.role) filters.push(arrayContains(creators.roles, [query.role.toLowerCase()]));
      const where = filters.length ? and(...filters) : undefined;
      const rows = await tx
        .select()
        .from(creators)
        .where(where)
        .orderBy(asc(creators.handle))
        .limit(query.limit);
      const [total] = await tx.select({ value: count() }).from(creators).where(where);
      return { creators: rows.map(toCreatorSummary), total: total?.value ?? 0 };
    },
    async find(handle) {
      const [row] = await tx
        .select()
        .from(creators)
        .where(eq(creators.handle, handle.replace(/^@/, '').toLowerCase()));
      return row ? toCreatorSummary(row) : undefined;
    },
    async findMany(handles) {
      if (handles.length === 0) return [];
      const rows = await tx
        .select()
        .from(creators)
        .where(inArray(creators.handle, [...handles]));
      return rows.map(toCreatorSummary);
    },
    async similarHandles(word, limit) {
      const wanted = likeEscaped(word.replace(/^@/, '').toLowerCase());
      if (!wanted) return [];
      const rows = await tx
        .select({ handle: creators.handle })
        .from(creators)
        .where(or(like(creators.handle, `${wanted.slice(0, 1)}%`), like(creators.handle, `%${wanted}%`)))
        .orderBy(asc(creators.handle))
        .limit(Math.max(limit, 200));
      return rows.map((row) => row.handle);
    },
  };
}
