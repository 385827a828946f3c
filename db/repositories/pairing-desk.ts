/**
 * `/pair` and `session-align pair` over the database: the tenant's cached match index, nearest neighbours
 * from pgvector's HNSW index (or exact cosine where pgvector is absent, or when told not to use it) and
 * free time from the availability tables, loaded only for the creators that survive the cheaper filters.
 */
import { personFreeIntervals } from '../../core/availability/free-time.ts';
import type { Interval } from '../../core/availability/intervals.ts';
import {
  answerPairQuery,
  cosine,
  type Embedder,
  type PairAnswer,
  type PairAnswerPorts,
  type PairingDesk,
  type PairQuery,
} from '../../core/matching/index.ts';
import type { MatchingStore } from '../../core/matching/matching.store.ts';
import { datedRange } from '../../core/matching/window-text.ts';
import type { Database, Tx } from '../database.ts';
import { loadAvailability } from './availability.repository.ts';
import { INDEXED_DIMENSIONS, nearestByIndex } from './embeddings.repository.ts';
import { type TenantMatchData, tenantMatchDataIn } from './matching.repository.ts';

export interface PairingDeskOptions {
  embedder: Pick<Embedder, 'id' | 'dimensions'>;
  /** `exact` scores every creator (the benchmark's baseline); default `auto`. */
  retrieval?: PairAnswerPorts['retrieval'];
  vectorK?: number;
  /**
   * Whether nearest neighbours may come from the pgvector index where the database has it (default
   * true); false takes the exact path everywhere, the reference the index is compared against.
   */
  useVectorIndex?: boolean;
}

/** Top-k by exact cosine over the cached vectors: the path without pgvector, and the recall reference. */
export function nearestExact(data: TenantMatchData, anchor: string, k: number): string[] {
  const vector = data.index.embeddings.get(anchor);
  if (!vector) return [];
  const scored: { handle: string; score: number }[] = [];
  for (const [handle, other] of data.index.embeddings) {
    if (handle !== anchor) scored.push({ handle, score: cosine(vector, other) });
  }
  return scored
    .sort((a, b) => b.score - a.score || (a.handle < b.handle ? -1 : 1))
    .slice(0, k)
    .map((entry) => entry.handle);
}

/** Whether this desk reads neighbours from pgvector's HNSW index (else exact cosine over the cached vectors). */
export function canUseVectorIndex(
  database: Pick<Database, 'hasVector'>,
  data: Pick<TenantMatchData, 'hasStoredEmbeddings'>,
  options: Pick<PairingDeskOptions, 'embedder' | 'useVectorIndex'>,
): boolean {
  return (
    (options.useVectorIndex ?? true) &&
    database.hasVector &&
    options.embedder.dimensions === INDEXED_DIMENSIONS &&
    data.hasStoredEmbeddings
  );
}

/**
 * The k creators nearest to an anchor by embedding: from pgvector's HNSW index when this desk may use
 * it (`canUseVectorIndex`), else by exact cosine over the cached vectors. Anchor excluded.
 */
export function nearestNeighbours(
  tx: Tx,
  database: Pick<Database, 'hasVector'>,
  data: TenantMatchData,
  options: Pick<PairingDeskOptions, 'embedder' | 'useVectorIndex'>,
): (anchor: string, k: number) => Promise<string[]> {
  const useIndex = canUseVectorIndex(database, data, options);
  return async (anchor, k) => {
    if (!useIndex) return nearestExact(data, anchor, k);
    const vector = data.index.embeddings.get(anchor)!;
    const ids = await nearestByIndex(tx, options.embedder.id, vector, k + 1);
    return ids
      .flatMap((id) => {
        const handle = data.handleById.get(id);
        return handle && handle !== anchor ? [handle] : [];
      })
      .slice(0, k);
  };
}

/**
 * @example
 * const desk = pairingDesk(database, tenantId, { embedder: localHashedEmbedder() });
 * const answer = await desk.pair({ creators: ['ana'], k: 5 });
 */
export function pairingDesk(database: Database, tenantId: string, options: PairingDeskOptions): PairingDesk {
  return {
    pair: (query) =>
      database.withTenant(tenantId, (tx) =>
        matchingStore(tx, { database, tenantId, ...options }).pair(query),
      ),
  };
}

/**
 * Pair queries in the caller's transaction: the cached match index (checked against the roster
 * version), nearest neighbours and free time all read through `tx`.
 */
export function matchingStore(
  tx: Tx,
  options: PairingDeskOptions & { database: Database; tenantId: string },
): MatchingStore {
  const { database, tenantId } = options;
  return {
    async pair(query: PairQuery): Promise<PairAnswer> {
      const data = await tenantMatchDataIn(tx, database, tenantId, options.embedder.id);
      const viewerZone = query.viewerTimeZone ?? 'UTC';
      const ports: PairAnswerPorts = {
        index: data.index,
        weights: data.weights,
        mostActive: data.mostActive,
        retrieval: options.retrieval ?? 'auto',
        ...(options.vectorK ? { vectorK: options.vectorK } : {}),
        members: (handle) => {
          const person = data.people.get(handle)!;
          return {
            handle,
            displayName: person.displayName,
            timeZone: person.timeZone,
            ...(person.city ? { city: person.city } : {}),
          };
        },
        describe: (window) => `${datedRange(window, viewerZone)}${viewerZone === 'UTC' ? ' UTC' : ''}`,
        nearest: nearestNeighbours(tx, database, data, options),
        async freeTime(handles, window) {
          const ids = handles.map((handle) => data.people.get(handle)!.creatorId);
          const loaded = await loadAvailability(tx, ids, window);
          const free = new Map<string, Interval[]>();
          for (const person of loaded.values()) {
            try {
              free.set(person.handle, personFreeIntervals(person, window));
            } catch {
              free.set(person.handle, []); // A rule that no longer compiles offers no time.
            }
          }
          return free;
        },
      };
      return answerPairQuery(query, ports);
    },
  };
}
