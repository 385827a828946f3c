/**
 * What pairing needs about a tenant, loaded from the database once and cached per tenant under a roster
 * version (a counter that triggers move on any change to creators, credits, embeddings, do-not-pair rows, sessions,
 * feedback or the tenant's settings changes it). A 10,000-creator roster takes about a second to load; a
 * query against the cached index takes milliseconds, and checking the version is one primary-key lookup.
 */
import { eq } from 'drizzle-orm';
import {
  activityOf,
  buildMatchIndex,
  type MatchIndex,
  type MatchWeights,
  type PastSession,
  resolveWeights,
} from '../../core/matching/index.ts';
import type { CreatorProfile } from '../../core/profiles/index.ts';
import type { Database, Tx } from '../database.ts';
import { creatorDoNotPair, creators, matchingVersions, tenants } from '../schema/index.ts';
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

async function loadTenantMatchData(
  tx: Tx,
  tenantId: string,
  embedderId: string,
  version: string,
): Promise<TenantMatchData> {
  const rows = await tx.select().from(creators);
  const profiles: CreatorProfile[] = [];
  const people = new Map<string, MatchPerson>();
  const handleById = new Map<string, string>();
  for (const row of rows) {
    const profile = rowToProfile(row);
    if (!profile) continue;
    profiles.push(profile);
    handleById.set(row.id, row.handle);
    const city =
      row.isLocationOptIn && typeof row.location?.city === 'string' ? row.location.city : undefined;
    people.set(row.handle, {
      creatorId: row.id,
      handle: row.handle,
      displayName: row.displayName,
      timeZone: row.timeZone,
      ...(city ? { city } : {}),
    });
  }
  const stored = await loadEmbeddings(tx, embedderId);
  const embeddings = new Map<string, Float32Array>();
  for (const [creatorId, vector] of stored) {
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
  const index = buildMatchIndex({ creators: profiles, sessions, doNotPair, embeddings });
  const mostActive = index.handles
    .map((handle) => ({ handle, activity: activityOf(index, handle) }))
    .sort((a, b) => b.activity - a.activity || (a.handle < b.handle ? -1 : 1))
    .slice(0, ACTIVE_CHANNEL_SIZE)
    .map((entry) => entry.handle);
  return {
    version,
    index,
    people,
    handleById,
    weights: tenantWeights(tenant?.settings ?? {}),
    embedderId,
    hasStoredEmbeddings: embeddings.size === profiles.length,
    mostActive,
  };
}

const caches = new WeakMap<Database, Map<string, TenantMatchData>>();

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
  if (cached?.version === version) return cached;
  const data = await loadTenantMatchData(tx, tenantId, embedderId, version);
  cache.set(key, data);
  return data;
}
