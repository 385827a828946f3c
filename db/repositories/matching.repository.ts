/**
 * What pairing needs about a tenant, loaded from the database once and cached per tenant under a roster
 * version (a counter that triggers move on any change to creators, credits, embeddings, do-not-pair rows, sessions,
 * feedback or the tenant's settings changes it). A 10,000-creator roster takes about a second to load; a
 * query against the cached index takes milliseconds, and checking the version is one primary-key lookup.
 */
import { eq, sql } from 'drizzle-orm';
import {
  activityOf,
  buildMatchIndex,
  type MatchIndex,
  type MatchWeights,
  type PastSession,
  resolveWeights,
} from '../../core/matching/index.ts';
import type { CreatorProfile } from '../../core/profiles/index.ts';
import { isAnyOf } from '../any-of.ts';
import type { Database, Tx } from '../database.ts';
import { creatorDoNotPair, creatorEmbeddings, creators, matchingVersions, tenants } from '../schema/index.ts';
import { toCreatorSummary } from '../stores/roster.store.ts';
import { rowToProfile } from './creator-profile.rows.ts';
import { loadEmbeddings } from './embeddings.repository.ts';
import { pairHistory } from './session-feedback.repository.ts';

export interface MatchPerson {
  creatorId: string;
  handle: string;
  displayName: string;
  timeZone: string;
  city?: string;
}

export interface TenantMatchData {
  version: string;
  index: MatchIndex;
  people: ReadonlyMap<string, MatchPerson>;
  handleById: ReadonlyMap<string, string>;
  weights: MatchWeights;
  embedderId: string;
  /** Whether every creator has a stored vector of the configured model (else the local one fills in). */
  hasStoredEmbeddings: boolean;
  /** The most active creators, most active first: a retrieval channel independent of the anchor. */
  mostActive: readonly string[];
}

const ACTIVE_CHANNEL_SIZE = 300;

/**
 * The tenant's match-data version: a counter that triggers on creators, credits, embeddings,
 * do-not-pair, sessions and feedback move (0006_matching_versions). One primary-key lookup.
 */
export async function rosterVersion(tx: Tx, tenantId: string): Promise<string> {
  const [row] = await tx
    .select({ version: matchingVersions.version })
    .from(matchingVersions)
    .where(eq(matchingVersions.tenantId, tenantId));
  return String(row?.version ?? 0);
}

/** Tenant overrides of the pair-score weights: `tenants.settings.matching.weights`. */
export function tenantWeights(settings: Record<string, unknown>): MatchWeights {
  const matching = settings.matching as { weights?: Partial<MatchWeights> } | undefined;
  return resolveWeights(matching?.weights ?? {});
}

/** What one load read, kept with the cached index so the next load reads only what changed. */
interface LoadedRoster {
  /** Per creator id: a digest of the whole row (md5 of its text), and what the row gave. */
  creators: Map<string, { digest: string; profile?: CreatorProfile; person?: MatchPerson }>;
  /** Per creator id: the stored vector of this model and what identifies it (content hash + write time). */
  vectors: Map<string, { stamp: string; vector: Float32Array }>;
}

type CreatorRow = typeof creators.$inferSelect;

function personOf(row: CreatorRow): MatchPerson {
  const { creatorId, handle, displayName, timeZone, city } = toCreatorSummary(row);
  return { creatorId, handle, displayName, timeZone, ...(city ? { city } : {}) };
}

/**
 * The creators and vectors as they are now, re-reading only rows whose digest moved since `previous`
 * (one narrow query for the digests, then the changed rows): after one profile edit at 10,000 creators
 * that is one row and one vector, not the whole roster.
 */
async function loadRoster(
  tx: Tx,
  embedderId: string,
  previous: LoadedRoster | undefined,
): Promise<LoadedRoster> {
  const digests = await tx
    .select({ id: creators.id, digest: sql<string>`md5(${creators}::text)` })
    .from(creators);
  const digestOf = new Map(digests.map((row) => [row.id, row.digest]));
  const loaded = new Map<string, { digest: string; profile?: CreatorProfile; person?: MatchPerson }>();
  const changed: string[] = [];
  for (const { id, digest } of digests) {
    const kept = previous?.creators.get(id);
    if (kept && kept.digest === digest) loaded.set(id, kept);
    else changed.push(id);
  }
  const read = (row: CreatorRow) => {
    const profile = rowToProfile(row);
    loaded.set(row.id, {
      digest: digestOf.get(row.id) ?? '',
      ...(profile ? { profile, person: personOf(row) } : {}),
    });
  };
  if (!previous) for (const row of await tx.select().from(creators)) read(row);
  else
    for (let offset = 0; offset < changed.length; offset += 5_000)
      for (const row of await tx
        .select()
        .from(creators)
        .where(isAnyOf(creators.id, changed.slice(offset, offset + 5_000))))
        read(row);

  const stamps = await tx
    .select({
      creatorId: creatorEmbeddings.creatorId,
      stamp: sql<string>`${creatorEmbeddings.contentHash} || '@' || ${creatorEmbeddings.updatedAt}::text`,
    })
    .from(creatorEmbeddings)
    .where(eq(creatorEmbeddings.model, embedderId));
  const vectors = new Map<string, { stamp: string; vector: Float32Array }>();
  const stale: string[] = [];
  for (const { creatorId, stamp } of stamps) {
    const kept = previous?.vectors.get(creatorId);
    if (kept && kept.stamp === stamp) vectors.set(creatorId, kept);
    else stale.push(creatorId);
  }
  const stampOf = new Map(stamps.map((row) => [row.creatorId, row.stamp]));
  const keep = (stored: Map<string, Float32Array>) => {
    for (const [creatorId, vector] of stored)
      vectors.set(creatorId, { stamp: stampOf.get(creatorId) ?? '', vector });
  };
  if (!previous) keep(await loadEmbeddings(tx, embedderId));
  else
    for (let offset = 0; offset < stale.length; offset += 5_000)
      keep(await loadEmbeddings(tx, embedderId, stale.slice(offset, offset + 5_000)));
  return { creators: loaded, vectors };
}

async function loadTenantMatchData(
  tx: Tx,
  tenantId: string,
  embedderId: string,
  version: string,
  previous?: CachedMatchData,
): Promise<CachedMatchData> {
  const roster = await loadRoster(tx, embedderId, previous?.roster);
  const profiles: CreatorProfile[] = [];
  const people = new Map<string, MatchPerson>();
  const handleById = new Map<string, string>();
  for (const [id, entry] of roster.creators) {
    if (!entry.profile || !entry.person) continue;
    profiles.push(entry.profile);
    handleById.set(id, entry.person.handle);
    people.set(entry.person.handle, entry.person);
  }
  const embeddings = new Map<string, Float32Array>();
  for (const [creatorId, { vector }] of roster.vectors) {
    const handle = handleById.get(creatorId);
    if (handle) embeddings.set(handle, vector);
  }
  const doNotPair = (await tx.select().from(creatorDoNotPair)).flatMap((row) => {
    const [a, b] = [handleById.get(row.creatorId), handleById.get(row.otherCreatorId)];
    return a && b ? [[a, b] as const] : [];
  });
  const sessions: PastSession[] = [];
  for (const pair of await pairHistory(tx, [...handleById.keys()])) {
    const handles = pair.creatorIds.map((id) => handleById.get(id)!);
    for (let i = 0; i < pair.sessionCount; i += 1) {
      const isRated = pair.meanRating !== null && i < pair.ratingCount;
      sessions.push(isRated ? { handles, rating: pair.meanRating! } : { handles });
    }
  }
  const [tenant] = await tx
    .select({ settings: tenants.settings })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  const index = buildMatchIndex({
    creators: profiles,
    sessions,
    doNotPair,
    embeddings,
    ...(previous ? { previous: previous.data.index } : {}),
  });
  const mostActive = index.handles
    .map((handle) => ({ handle, activity: activityOf(index, handle) }))
    .sort((a, b) => b.activity - a.activity || (a.handle < b.handle ? -1 : 1))
    .slice(0, ACTIVE_CHANNEL_SIZE)
    .map((entry) => entry.handle);
  return {
    roster,
    data: {
      version,
      index,
      people,
      handleById,
      weights: tenantWeights(tenant?.settings ?? {}),
      embedderId,
      hasStoredEmbeddings: embeddings.size === profiles.length,
      mostActive,
    },
  };
}

interface CachedMatchData {
  data: TenantMatchData;
  roster: LoadedRoster;
}

const caches = new WeakMap<Database, Map<string, CachedMatchData>>();

/**
 * The tenant's match data, from the cache when the roster version is unchanged.
 *
 * @example
 * const data = await tenantMatchData(database, tenantId, embedder.id);
 * suggestPartners(data.index, 'ana', { weights: data.weights });
 */
export async function tenantMatchData(
  database: Database,
  tenantId: string,
  embedderId: string,
): Promise<TenantMatchData> {
  return database.withTenant(tenantId, (tx) => tenantMatchDataIn(tx, database, tenantId, embedderId));
}

/**
 * As `tenantMatchData`, in the caller's transaction (one command, one transaction); the cache is the
 * database's, shared by every request of this process.
 */
export async function tenantMatchDataIn(
  tx: Tx,
  database: Database,
  tenantId: string,
  embedderId: string,
): Promise<TenantMatchData> {
  let cache = caches.get(database);
  if (!cache) {
    cache = new Map();
    caches.set(database, cache);
  }
  const key = `${tenantId}/${embedderId}`;
  const cached = cache.get(key);
  const version = await rosterVersion(tx, tenantId);
  if (cached?.data.version === version) return cached.data;
  // Moved: re-read only what changed since the cached load, and rebuild the index from it.
  const loaded = await loadTenantMatchData(tx, tenantId, embedderId, version, cached);
  cache.set(key, loaded);
  return loaded.data;
}

/** Drops this database's cached match data (the next query loads every tenant from scratch). */
export function forgetMatchData(database: Database): void {
  caches.delete(database);
}
