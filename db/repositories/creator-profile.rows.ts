/**
 * Creator rows <-> the core's CreatorProfile, and the structured-credits projection (works, creator_credits)
 * kept in step with a profile's credit list. `creators.credits` (jsonb) is the list a person edits; the
 * tables are its queryable projection, rewritten in the same transaction as the list.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { type CreatorProfile, type Credit, validateCreatorProfile } from '../../core/profiles/index.ts';
import type { Tx } from '../database.ts';
import { creatorCredits, type creators, works } from '../schema/index.ts';

export type CreatorRow = typeof creators.$inferSelect;

/** A stored credit (jsonb), in the input shape `validateCredit` accepts. */
export interface StoredCredit {
  title: string;
  artist?: string;
  year?: number;
  role?: string;
  isrc?: string;
  iswc?: string;
}

export function toStoredCredit(credit: Credit): StoredCredit {
  return {
    title: credit.title,
    ...(credit.artist ? { artist: credit.artist } : {}),
    ...(credit.year !== undefined ? { year: credit.year } : {}),
    ...(credit.role ? { role: credit.role } : {}),
    ...(credit.isrc ? { isrc: credit.isrc } : {}),
    ...(credit.iswc ? { iswc: credit.iswc } : {}),
  };
}

function locationInput(row: CreatorRow): { city?: string; lat?: number; lon?: number } | null {
  const location = row.location;
  if (!location) return null;
  const city = typeof location.city === 'string' ? location.city : undefined;
  const lat = typeof location.lat === 'number' ? location.lat : undefined;
  const lon = typeof location.lon === 'number' ? location.lon : undefined;
  return { ...(city ? { city } : {}), ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}) };
}

/**
 * The profile matching sees for a stored row. A row that no longer validates (data written before a rule
 * existed) loses the offending optional parts rather than the whole creator; undefined only when even the
 * bare identity is invalid.
 */
export function rowToProfile(row: CreatorRow): CreatorProfile | undefined {
  const base = {
    handle: row.handle,
    displayName: row.displayName,
    timeZone: row.timeZone,
    skills: row.skills,
    instruments: row.instruments,
    roles: row.roles,
    genres: row.genres,
    tags: row.tags,
    inspirations: row.inspirations,
    isLocationOptIn: row.isLocationOptIn,
    contactPreference: row.contactPreference,
    isWritingOptIn: row.isWritingOptIn,
    ...(row.bio ? { bio: row.bio } : {}),
  };
  const full = validateCreatorProfile({
    ...base,
    credits: row.credits,
    links: row.links,
    location: locationInput(row),
    ...(row.pro ? { pro: row.pro } : {}),
    ...(row.ipi ? { ipi: row.ipi } : {}),
  });
  if (full.ok) return full.value;
  const bare = validateCreatorProfile({ ...base, roles: [], credits: [] });
  return bare.ok ? bare.value : undefined;
}

/**
 * Rewrites one creator's structured credits to match `credits`: missing works are created (shared by
 * work key across the tenant), credits added or removed. Returns how many credit rows were added.
 */
export async function syncCreatorCredits(
  tx: Tx,
  tenantId: string,
  creatorId: string,
  credits: readonly Credit[],
): Promise<number> {
  return (await syncCreditsBatch(tx, tenantId, new Map([[creatorId, credits]]))).added;
}

/** `syncCreatorCredits` for many creators at once (imports, seeding): a handful of statements per batch. */
export async function syncCreditsBatch(
  tx: Tx,
  tenantId: string,
  creditsByCreator: ReadonlyMap<string, readonly Credit[]>,
): Promise<{ added: number; worksAdded: number }> {
  const creatorIds = [...creditsByCreator.keys()];
  if (creatorIds.length === 0) return { added: 0, worksAdded: 0 };
  const wanted = new Map<string, Credit>();
  for (const credits of creditsByCreator.values()) for (const c of credits) wanted.set(c.workKey, c);
  const workIds = new Map<string, string>();
  let worksAdded = 0;
  const keys = [...wanted.keys()];
  for (let offset = 0; offset < keys.length; offset += 1000) {
    const chunk = keys.slice(offset, offset + 1000);
    const found = await tx
      .select({ id: works.id, workKey: works.workKey })
      .from(works)
      .where(inArray(works.workKey, chunk));
    for (const row of found) workIds.set(row.workKey, row.id);
    const missing = chunk.filter((key) => !workIds.has(key));
    if (missing.length === 0) continue;
    const inserted = await tx
      .insert(works)
      .values(
        missing.map((key) => {
          const credit = wanted.get(key)!;
          return {
            tenantId,
            workKey: key,
            title: credit.title,
            artist: credit.artist ?? null,
            iswc: credit.iswc ?? null,
          };
        }),
      )
      .onConflictDoNothing()
      .returning({ id: works.id, workKey: works.workKey });
    worksAdded += inserted.length;
    for (const row of inserted) workIds.set(row.workKey, row.id);
  }
  let added = 0;
  for (let offset = 0; offset < creatorIds.length; offset += 500) {
    const ids = creatorIds.slice(offset, offset + 500);
    const existing = await tx
      .select({ id: creatorCredits.id, creatorId: creatorCredits.creatorId, workId: creatorCredits.workId })
      .from(creatorCredits)
      .where(and(eq(creatorCredits.tenantId, tenantId), inArray(creatorCredits.creatorId, ids)));
    const have = new Set(existing.map((row) => `${row.creatorId}/${row.workId}`));
    const keep = new Set<string>();
    const rows: (typeof creatorCredits.$inferInsert)[] = [];
    for (const creatorId of ids) {
      for (const credit of creditsByCreator.get(creatorId) ?? []) {
        const workId = workIds.get(credit.workKey)!;
        keep.add(`${creatorId}/${workId}`);
        if (have.has(`${creatorId}/${workId}`)) continue;
        have.add(`${creatorId}/${workId}`);
        rows.push({
          tenantId,
          creatorId,
          workId,
          role: credit.role ?? null,
          year: credit.year ?? null,
          isrc: credit.isrc ?? null,
        });
      }
    }
    const stale = existing.filter((row) => !keep.has(`${row.creatorId}/${row.workId}`)).map((row) => row.id);
    if (stale.length > 0) await tx.delete(creatorCredits).where(inArray(creatorCredits.id, stale));
    for (let i = 0; i < rows.length; i += 1000)
      await tx.insert(creatorCredits).values(rows.slice(i, i + 1000));
    added += rows.length;
  }
  return { added, worksAdded };
}
