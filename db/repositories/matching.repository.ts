/**
 * What pairing needs about a tenant, loaded from the database once and cached per tenant under a roster
 * version (a counter that triggers move on any change to creators, credits, embeddings, do-not-pair rows, sessions,
 * feedback or the tenant's settings changes it). A 10,000-creator roster takes about a second to load; a
 * query against the cached index takes milliseconds, and checking the version is one primary-key lookup.
 * The loading itself is in match-data.load.ts.
 */
import type { Database, Tx } from '../database.ts';
import {
  type CachedMatchData,
  loadTenantMatchData,
  sourceVersions,
  type TenantMatchData,
} from './match-data.load.ts';

export {
  type MatchPerson,
  type SourceVersions,
  sourceVersions,
  type TenantMatchData,
  tenantWeights,
} from './match-data.load.ts';

/** The tenant's match-data version alone. */
export async function rosterVersion(tx: Tx, tenantId: string): Promise<string> {
  return (await sourceVersions(tx, tenantId)).version;
}

interface MatchCache {
  entries: Map<string, CachedMatchData>;
  /** Loads under way, by tenant and embedder, with the version each is loading. */
  flights: Map<string, { version: string; promise: Promise<CachedMatchData> }>;
  loads: number;
}

const caches = new WeakMap<Database, MatchCache>();

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
    cache = { entries: new Map(), flights: new Map(), loads: 0 };
    caches.set(database, cache);
  }
  const key = `${tenantId}/${embedderId}`;
  const sources = await sourceVersions(tx, tenantId);
  // Read after the version: another request's load may have finished meanwhile.
  const cached = cache.entries.get(key);
  if (cached?.data.version === sources.version) return cached.data;
  // Requests that find the same version moved wait for one load rather than each doing it (after an
  // edit under load, a hundred requests would otherwise reload the tenant a hundred times).
  const flight = cache.flights.get(key);
  if (flight?.version === sources.version) {
    try {
      return (await flight.promise).data;
    } catch {
      // That load's transaction failed: load here.
    }
  }
  // Moved: re-read only what changed since the cached load, and update the index from it.
  cache.loads += 1;
  const promise = loadTenantMatchData(tx, tenantId, embedderId, sources, database.hasVector, cached);
  cache.flights.set(key, { version: sources.version, promise });
  try {
    const loaded = await promise;
    // Loads of two versions may finish out of order: the cache keeps the newer.
    const current = cache.entries.get(key);
    if (!current || BigInt(current.data.version) <= BigInt(loaded.data.version))
      cache.entries.set(key, loaded);
    return loaded.data;
  } finally {
    if (cache.flights.get(key)?.promise === promise) cache.flights.delete(key);
  }
}

/** How many times this process has loaded (or updated) match data from the database. */
export function matchDataLoads(database: Database): number {
  return caches.get(database)?.loads ?? 0;
}

/** Whether this process holds the tenant's match data (loaded by a query or by the start's warm-up). */
export function hasCachedMatchData(database: Database, tenantId: string, embedderId: string): boolean {
  return caches.get(database)?.entries.has(`${tenantId}/${embedderId}`) ?? false;
}

/** Drops this database's cached match data (the next query loads every tenant from scratch). */
export function forgetMatchData(database: Database): void {
  caches.delete(database);
}
