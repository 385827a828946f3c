/**
 * Reading a tenant's match data from the database: the creators and vectors whose rows moved since the
 * previous load (by version stamp), the do-not-pair rows and past sessions, and the index built or
 * updated from them. The cache in matching.repository.ts decides when to call it.
 */
import { eq, sql } from 'drizzle-orm';
import {
  activityOf,
  buildMatchIndex,
  EXHAUSTIVE_LIMIT,
  type MatchIndex,
  type MatchWeights,
  type PastSession,
  prepareProfileChannel,
  resolveWeights,
} from '../../core/matching/index.ts';
import type { CreatorProfile } from '../../core/profiles/index.ts';
import { isAnyOf } from '../any-of.ts';
import type { Tx } from '../database.ts';
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
 * The tenant's match-data version and, per source, the counter behind it (0006 and 0011: triggers on
 * creators, credits, embeddings, do-not-pair, sessions, feedback and the tenant row move them). One
 * primary-key lookup.
 */
export interface SourceVersions {
  version: string;
  creators: number;
  embeddings: number;
  rules: number;
  history: number;
  settings: number;
}

export async function sourceVersions(tx: Tx, tenantId: string): Promise<SourceVersions> {
  const [row] = await tx
    .select({
      version: matchingVersions.version,
      creators: matchingVersions.creatorsVersion,
      embeddings: matchingVersions.embeddingsVersion,
      rules: matchingVersions.rulesVersion,
      history: matchingVersions.historyVersion,
      settings: matchingVersions.settingsVersion,
    })
    .from(matchingVersions)
    .where(eq(matchingVersions.tenantId, tenantId));
  return row
    ? { ...row, version: String(row.version) }
    : { version: '0', creators: 0, embeddings: 0, rules: 0, history: 0, settings: 0 };
}

/** Tenant overrides of the pair-score weights: `tenants.settings.matching.weights`. */
export function tenantWeights(settings: Record<string, unknown>): MatchWeights {
  const matching = settings.matching as { weights?: Partial<MatchWeights> } | undefined;
  return resolveWeights(matching?.weights ?? {});
}

/** What one load read, kept with the cached index so the next load reads only what changed. */
interface LoadedRoster {
  /**
   * Per creator id: the row's version stamp (its `xmin`: every insert or update of a row writes a new
   * one) and what the row gave.
   */
  creators: Map<string, LoadedCreator>;
  /** Per creator id: the stored vector of this model and its row's version stamp. */
  vectors: Map<string, { stamp: string; vector: Float32Array }>;
}

interface LoadedCreator {
  stamp: string;
  userId: string | null;
  profile?: CreatorProfile;
  person?: MatchPerson;
}

type CreatorRow = typeof creators.$inferSelect;

function personOf(row: CreatorRow): MatchPerson {
  const { creatorId, handle, displayName, timeZone, city } = toCreatorSummary(row);
  return { creatorId, handle, displayName, timeZone, ...(city ? { city } : {}) };
}

/** Re-reads rows by id in batches (one array parameter each). */
const BATCH = 5_000;

/**
 * The creators as they are now, re-reading only rows whose version stamp moved since `previous` (one
 * narrow query for the stamps, then the changed rows): after one profile edit at 10,000 creators that
 * is one row, not the whole roster. The stamp is the row's `xmin`, which PostgreSQL rewrites on every
 * insert and update; two versions of a row could share one only after 2^32 transactions, and a cached
 * roster does not live that long. (An md5 of each row's text did the same and cost 8x more to read.)
 */
async function loadCreators(
  tx: Tx,
  previous: LoadedRoster['creators'] | undefined,
): Promise<{ creators: LoadedRoster['creators']; changed: string[] }> {
  const stamps = await tx
    .select({ id: creators.id, stamp: sql<string>`${creators}.xmin::text` })
    .from(creators);
  const loaded = new Map<string, LoadedCreator>();
  const stampOf = new Map<string, string>();
  const changed: string[] = [];
  for (const { id, stamp } of stamps) {
    const kept = previous?.get(id);
    if (kept && kept.stamp === stamp) loaded.set(id, kept);
    else {
      changed.push(id);
      stampOf.set(id, stamp);
    }
  }
  const read = (row: CreatorRow) => {
    const profile = rowToProfile(row);
    loaded.set(row.id, {
      stamp: stampOf.get(row.id) ?? '',
      userId: row.userId,
      ...(profile ? { profile, person: personOf(row) } : {}),
    });
  };
  if (!previous) for (const row of await tx.select().from(creators)) read(row);
  else
    for (let offset = 0; offset < changed.length; offset += BATCH)
      for (const row of await tx
        .select()
        .from(creators)
        .where(isAnyOf(creators.id, changed.slice(offset, offset + BATCH))))
        read(row);
  return { creators: loaded, changed };
}

/** The stored vectors of `embedderId`, re-reading only those whose row moved since `previous`. */
async function loadVectors(
  tx: Tx,
  embedderId: string,
  previous: LoadedRoster['vectors'] | undefined,
  hasVector: boolean,
): Promise<LoadedRoster['vectors']> {
  const stamps = await tx
    .select({ creatorId: creatorEmbeddings.creatorId, stamp: sql<string>`${creatorEmbeddings}.xmin::text` })
    .from(creatorEmbeddings)
    .where(eq(creatorEmbeddings.model, embedderId));
  const vectors = new Map<string, { stamp: string; vector: Float32Array }>();
  const stale: string[] = [];
  for (const { creatorId, stamp } of stamps) {
    const kept = previous?.get(creatorId);
    if (kept && kept.stamp === stamp) vectors.set(creatorId, kept);
    else stale.push(creatorId);
  }
  const stampOf = new Map(stamps.map((row) => [row.creatorId, row.stamp]));
  const keep = (stored: Map<string, Float32Array>) => {
    for (const [creatorId, vector] of stored)
      vectors.set(creatorId, { stamp: stampOf.get(creatorId) ?? '', vector });
  };
  if (!previous) keep(await loadEmbeddings(tx, embedderId, { hasVector }));
  else
    for (let offset = 0; offset < stale.length; offset += BATCH)
      keep(
        await loadEmbeddings(tx, embedderId, { creatorIds: stale.slice(offset, offset + BATCH), hasVector }),
      );
  return vectors;
}

/** Do-not-pair rows and past sessions by creator id, as read; mapped to handles per load. */
interface LoadedRelations {
  doNotPairRows: ReadonlyArray<readonly [string, string]>;
  history: Awaited<ReturnType<typeof pairHistory>>;
}

/** Each pair's past sessions (rated ones with the pair's mean rating) under today's handles. */
function sessionsOf(
  history: LoadedRelations['history'],
  handleById: ReadonlyMap<string, string>,
): PastSession[] {
  const sessions: PastSession[] = [];
  for (const pair of history) {
    const handles = pair.creatorIds.map((id) => handleById.get(id)!);
    for (let i = 0; i < pair.sessionCount; i += 1) {
      const isRated = pair.meanRating !== null && i < pair.ratingCount;
      sessions.push(isRated ? { handles, rating: pair.meanRating! } : { handles });
    }
  }
  return sessions;
}

/**
 * Loads the tenant's match data. With `previous` (the cached load) it re-reads only the sources whose
 * counter moved, and within creators and vectors only the rows that moved; the index is then updated
 * from the previous one (`buildMatchIndex` with `previous`), not rebuilt.
 */
export async function loadTenantMatchData(
  tx: Tx,
  tenantId: string,
  embedderId: string,
  sources: SourceVersions,
  hasVector: boolean,
  previous?: CachedMatchData,
): Promise<CachedMatchData> {
  const moved = (source: Exclude<keyof SourceVersions, 'version'>) =>
    !previous || previous.sources[source] !== sources[source];
  const creatorLoad = moved('creators')
    ? await loadCreators(tx, previous?.roster.creators)
    : { creators: previous!.roster.creators, changed: [] };
  const vectors = moved('embeddings')
    ? await loadVectors(tx, embedderId, previous?.roster.vectors, hasVector)
    : previous!.roster.vectors;
  const roster: LoadedRoster = { creators: creatorLoad.creators, vectors };

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

  // Who is in the roster, and under which handle and user, decides how relations map to handles and
  // whose sessions count: when that moved, relations are mapped again (and the history read again).
  const before = previous?.roster.creators;
  const isMembershipSame =
    previous !== undefined &&
    before!.size === roster.creators.size &&
    previous.data.handleById.size === handleById.size &&
    creatorLoad.changed.every((id) => {
      const old = before!.get(id);
      const now = roster.creators.get(id);
      return old && now && old.userId === now.userId && old.person?.handle === now.person?.handle;
    });
  const relations: LoadedRelations = {
    doNotPairRows:
      moved('rules') || !previous
        ? (await tx.select().from(creatorDoNotPair)).map(
            (row) => [row.creatorId, row.otherCreatorId] as const,
          )
        : previous.relations.doNotPairRows,
    history:
      moved('history') || !isMembershipSame || !previous
        ? await pairHistory(tx, [...handleById.keys()])
        : previous.relations.history,
  };
  const isRulesSame =
    previous !== undefined &&
    isMembershipSame &&
    relations.doNotPairRows === previous.relations.doNotPairRows;
  const doNotPair = isRulesSame
    ? previous.doNotPair
    : relations.doNotPairRows.flatMap(([x, y]) => {
        const [a, b] = [handleById.get(x), handleById.get(y)];
        return a && b ? [[a, b] as const] : [];
      });
  const isHistorySame =
    previous !== undefined && isMembershipSame && relations.history === previous.relations.history;
  const sessions = isHistorySame ? previous.sessions : sessionsOf(relations.history, handleById);
  let weights = previous?.data.weights;
  if (moved('settings') || !weights) {
    const [tenant] = await tx
      .select({ settings: tenants.settings })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    weights = tenantWeights(tenant?.settings ?? {});
  }
  const isIndexSame =
    previous !== undefined &&
    !moved('creators') &&
    !moved('embeddings') &&
    relations.doNotPairRows === previous.relations.doNotPairRows &&
    relations.history === previous.relations.history;
  if (isIndexSame) {
    // Only the settings moved (weights apply at query time): the index stands as it is.
    return {
      ...previous,
      sources,
      data: { ...previous.data, version: sources.version, weights },
    };
  }
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
  if (index.handles.length > EXHAUSTIVE_LIMIT) prepareProfileChannel(index);
  return {
    roster,
    relations,
    sources,
    doNotPair,
    sessions,
    data: {
      version: sources.version,
      index,
      people,
      handleById,
      weights,
      embedderId,
      hasStoredEmbeddings: embeddings.size === profiles.length,
      mostActive,
    },
  };
}

export interface CachedMatchData {
  data: TenantMatchData;
  roster: LoadedRoster;
  relations: LoadedRelations;
  sources: SourceVersions;
  /** What the index was built from, kept by identity so an unchanged source costs nothing. */
  doNotPair: ReadonlyArray<readonly [string, string]>;
  sessions: readonly PastSession[];
}
