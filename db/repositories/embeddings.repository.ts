/**
 * Creator embeddings: computed with the configured Embedder from the profile, stored as `real[]` with the
 * model id and the content hash they were computed from, and recomputed only when either changes.
 * Nearest neighbours come from pgvector's HNSW index where the extension exists, exact cosine otherwise.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Embedder } from '../../core/matching/index.ts';
import { profileEmbeddingInput } from '../../core/matching/index.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { isAnyOf } from '../any-of.ts';
import type { Database, Db, Tx } from '../database.ts';
import { refreshPlannerStatistics } from '../planner-statistics.ts';
import { creatorEmbeddings, creators } from '../schema/index.ts';
import { type CreatorRow, rowToProfile } from './creator-profile.rows.ts';

const BULK_STATISTICS_THRESHOLD = 500;

/** Dimensions the HNSW index of 0004_matching.sql covers. */
export const INDEXED_DIMENSIONS = 256;
const BATCH_SIZE = 256;

/** Embeds `rows` and upserts their vectors, tagged with each row's content hash. */
export async function storeEmbeddings(
  tx: Tx,
  embedder: Embedder,
  rows: readonly CreatorRow[],
): Promise<number> {
  const valid = rows.flatMap((row) => {
    const profile = rowToProfile(row);
    return profile ? [{ row, input: profileEmbeddingInput(profile) }] : [];
  });
  if (valid.length === 0) return 0;
  const vectors = await embedder.embed(valid.map((entry) => entry.input));
  if (vectors.length !== valid.length)
    throw new AppError(
      'matching.embedder_failed',
      `Embedder ${embedder.id} returned ${vectors.length} vectors for ${valid.length} inputs`,
    );
  const values = valid.map(({ row }, i) => {
    const vector = vectors[i]!;
    if (vector.length !== embedder.dimensions)
      throw new AppError(
        'matching.embedder_failed',
        `Embedder ${embedder.id} returned ${vector.length} dimensions, expected ${embedder.dimensions}`,
      );
    if (!vector.every(Number.isFinite))
      throw new AppError(
        'matching.embedder_failed',
        `Embedder ${embedder.id} returned a vector with a value that is not a finite number`,
      );
    return {
      creatorId: row.id,
      tenantId: row.tenantId,
      model: embedder.id,
      dimensions: vector.length,
      embedding: Array.from(vector),
      contentHash: row.contentHash,
      updatedAt: new Date(),
    };
  });
  await tx
    .insert(creatorEmbeddings)
    .values(values)
    .onConflictDoUpdate({
      target: [creatorEmbeddings.tenantId, creatorEmbeddings.creatorId],
      set: {
        model: sql`excluded.model`,
        dimensions: sql`excluded.dimensions`,
        embedding: sql`excluded.embedding`,
        contentHash: sql`excluded.content_hash`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
  return values.length;
}

/** Creators of the tenant whose vector is missing, from another model, or older than the profile. */
const isStale = (embedder: Embedder) =>
  or(
    isNull(creatorEmbeddings.creatorId),
    ne(creatorEmbeddings.model, embedder.id),
    ne(creatorEmbeddings.contentHash, creators.contentHash),
  );

/**
 * How many of the tenant's creators need (re-)embedding, and the latest change among them: together a
 * fingerprint of the backlog (the same backlog seen twice gives the same fingerprint).
 */
export async function embeddingBacklog(
  database: Database,
  tenantId: string,
  embedder: Embedder,
): Promise<{ stale: number; latestChangeMs: number }> {
  const [row] = await database.withTenant(tenantId, (tx) =>
    tx
      .select({
        stale: sql<number>`count(*)::int`,
        latest: sql<string | null>`max(${creators.updatedAt})::text`,
      })
      .from(creators)
      .leftJoin(creatorEmbeddings, eq(creatorEmbeddings.creatorId, creators.id))
      .where(isStale(embedder)),
  );
  return { stale: row?.stale ?? 0, latestChangeMs: row?.latest ? Date.parse(row.latest) : 0 };
}

/**
 * Embeds every creator of the tenant whose vector is missing, from another model, or older than the
 * profile (content hash). Each batch is read, embedded and written in its own transaction, so a provider
 * call never holds a long transaction open across the whole roster, and the event loop is yielded between
 * batches. Interrupted (a crash, `signal`), it leaves whole batches stored: calling it again resumes.
 *
 * @example
 * await refreshEmbeddings(database, tenantId, localHashedEmbedder()); // { embedded: 40 } then { embedded: 0 }
 */
export async function refreshEmbeddings(
  database: Database,
  tenantId: string,
  embedder: Embedder,
  options: {
    creatorIds?: readonly string[];
    onProgress?: (embedded: number, total: number) => void;
    signal?: AbortSignal;
  } = {},
): Promise<{ embedded: number }> {
  const stale = await database.withTenant(tenantId, async (tx) =>
    tx
      .select({ id: creators.id })
      .from(creators)
      .leftJoin(creatorEmbeddings, eq(creatorEmbeddings.creatorId, creators.id))
      .where(
        and(options.creatorIds ? isAnyOf(creators.id, options.creatorIds) : undefined, isStale(embedder)),
      ),
  );
  let embedded = 0;
  for (let offset = 0; offset < stale.length; offset += BATCH_SIZE) {
    if (options.signal?.aborted)
      throw new AppError(
        'matching.embedding_interrupted',
        `Embedding was stopped after ${embedded} of ${stale.length} creators; the rest are embedded on the next start.`,
        { embedded, total: stale.length },
      );
    const ids = stale.slice(offset, offset + BATCH_SIZE).map((row) => row.id);
    embedded += await database.withTenant(tenantId, async (tx) => {
      const rows = await tx.select().from(creators).where(inArray(creators.id, ids));
      return storeEmbeddings(tx, embedder, rows);
    });
    options.onProgress?.(embedded, stale.length);
    await yieldToEventLoop();
  }
  // A bulk (re-)embedding changes the vector table's shape: PGlite has no autovacuum to notice.
  if (embedded >= BULK_STATISTICS_THRESHOLD) await refreshPlannerStatistics(database);
  return { embedded };
}

/**
 * Stored vectors of one model by creator id; only these creators' when `creatorIds` is given. With
 * `hasVector` (pgvector in the database) vectors of the indexed size travel as `vector_send`, half the
 * bytes of `array_send` (which spends a length word on every element); the others as `array_send`.
 */
export async function loadEmbeddings(
  tx: Tx,
  model: string,
  options: { creatorIds?: readonly string[]; hasVector?: boolean } = {},
): Promise<Map<string, Float32Array>> {
  // The vectors travel in PostgreSQL's binary formats, base64-encoded: parsing a real[] as text made a
  // string per element, which dominated a cold load (2.56 M at 10,000 creators). The cast to vector is
  // guarded: a NaN, an infinity or a NULL element (which pgvector refuses) keeps that row on array_send.
  // (PostgreSQL orders NaN above Infinity, and a NULL element makes the comparison NULL.)
  const asArray = sql<string>`encode(array_send(${creatorEmbeddings.embedding}), 'base64')`;
  const indexed = sql.raw(String(INDEXED_DIMENSIONS));
  const packed = options.hasVector
    ? sql<string>`case when ${creatorEmbeddings.dimensions} = ${indexed}
        and '-Infinity'::real < all(${creatorEmbeddings.embedding})
        and 'Infinity'::real > all(${creatorEmbeddings.embedding})
      then encode(vector_send(${creatorEmbeddings.embedding}::vector(${indexed})), 'base64')
      else ${asArray} end`
    : asArray;
  const { creatorIds } = options;
  const rows = await tx
    .select({ creatorId: creatorEmbeddings.creatorId, packed })
    .from(creatorEmbeddings)
    .where(
      creatorIds
        ? and(eq(creatorEmbeddings.model, model), isAnyOf(creatorEmbeddings.creatorId, creatorIds))
        : eq(creatorEmbeddings.model, model),
    );
  return new Map(rows.map((row) => [row.creatorId, unpackFloat4Array(row.packed)]));
}

const FLOAT4_OID = 700;

/**
 * A vector from PostgreSQL's binary send format (base64), either of two:
 * - a one-dimensional `real[]` (`array_send`): ndim, has-nulls flag, element type, then per dimension
 *   its length and lower bound, then per element a byte length and a big-endian float4 (length -1 is
 *   a NULL, read as NaN);
 * - a pgvector `vector` (`vector_send`): a 16-bit dimension count, 16 unused bits, then the big-endian
 *   float4s.
 * The first word tells them apart: an array's is its ndim (0 or 1), a vector's has its dimension count
 * in the high 16 bits (at least 1 << 16). Throws on anything else rather than guessing.
 *
 * @example
 * unpackFloat4Array(base64Of(array_send('{0.5,1}'::real[]))); // Float32Array [0.5, 1]
 * unpackFloat4Array(base64Of(vector_send('[0.5,1]'::vector))); // Float32Array [0.5, 1]
 */
export function unpackFloat4Array(packed: string): Float32Array {
  const decoded = Buffer.from(packed, 'base64');
  if (decoded.byteLength < 4 || decoded.byteLength % 4 !== 0) {
    throw new Error('unpackFloat4Array: not a real[] or vector in binary form');
  }
  // Every field is a big-endian 4-byte word (a vector's header is two 16-bit ones): swap them all at
  // once (natively), then read the words through typed-array views (on an aligned copy).
  const bytes = new Uint8Array(decoded.byteLength);
  bytes.set(decoded);
  Buffer.from(bytes.buffer).swap32();
  const words = new Int32Array(bytes.buffer);
  const floats = new Float32Array(bytes.buffer);
  const vectorDimensions = words[0]! >>> 16;
  if (vectorDimensions > 0) {
    if ((words[0]! & 0xffff) !== 0 || words.length !== vectorDimensions + 1) {
      throw new Error('unpackFloat4Array: not a real[] or vector in binary form (vector header)');
    }
    return floats.slice(1);
  }
  if (words[0] === 0 && words.length === 3) return new Float32Array(0);
  if (words[0] !== 1 || words[2] !== FLOAT4_OID || words.length < 5) {
    throw new Error('unpackFloat4Array: not a one-dimensional real[] in binary form');
  }
  const length = words[3]!;
  const out = new Float32Array(length);
  for (let i = 0, at = 5; i < length; i += 1, at += 2) {
    if (at >= words.length) throw new Error('unpackFloat4Array: truncated');
    const size = words[at];
    if (size === 4 && at + 1 < words.length) out[i] = floats[at + 1]!;
    else if (size === -1) {
      out[i] = Number.NaN;
      at -= 1; // a NULL has no value word
    } else throw new Error('unpackFloat4Array: bad element');
  }
  return out;
}

/**
 * The `k` creators nearest to `vector` by cosine, through the HNSW index (approximate). Only for
 * databases with pgvector and vectors of INDEXED_DIMENSIONS; returns creator ids, nearest first.
 */
export async function nearestByIndex(
  tx: Tx,
  model: string,
  vector: ArrayLike<number>,
  k: number,
): Promise<string[]> {
  const literal = `[${Array.from(vector, (value) => (Number.isFinite(value) ? value : 0)).join(',')}]`;
  // ef_search bounds how many rows one index scan can return; iterative scans keep going past rows the
  // tenant (RLS) or model filter drops (pgvector >= 0.8).
  // One statement for both settings (set_config with is_local is SET LOCAL): a round trip fewer.
  const search = async (inTransaction: Tx) => {
    await inTransaction.execute(
      sql`select set_config('hnsw.ef_search', ${String(Math.min(1000, Math.max(40, k)))}, true),
        set_config('hnsw.iterative_scan', 'relaxed_order', true)`,
    );
    return inTransaction.execute<{ creator_id: string }>(sql`
      select creator_id from creator_embeddings
      where dimensions = ${INDEXED_DIMENSIONS} and model = ${model}
      order by (embedding::vector(256)) <=> ${literal}::vector(256)
      limit ${k}`);
  };
  // The settings last as long as a transaction: where the caller's statements each stand alone
  // (withTenantReads on embedded PGlite), these two get one of their own.
  // (Typed as a transaction, `tx` is then the database itself.)
  const rows =
    tx instanceof PgTransaction
      ? await search(tx)
      : await (tx as unknown as Db).transaction((inner) => search(inner as Tx));
  return (rows as unknown as { rows: { creator_id: string }[] }).rows.map((row) => row.creator_id);
}
