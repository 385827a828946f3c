import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../core/matching/index.ts';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creatorEmbeddings, creators } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import {
  INDEXED_DIMENSIONS,
  loadEmbeddings,
  nearestByIndex,
  refreshEmbeddings,
  storeEmbeddings,
  unpackFloat4Array,
} from './embeddings.repository.ts';

let database: Database;
let tenantId: string;
const embedder = localHashedEmbedder();

beforeAll(async () => {
  database = await openTestPglite();
  tenantId = (await seedTenant(database, { slug: 'vectors', creatorCount: 6, seed: 4 })).tenant.id;
  await refreshEmbeddings(database, tenantId, embedder);
});
afterAll(() => database.close());

const sent = async (expression: string) => {
  const result = await database.withSystem((tx) =>
    tx.execute(sql.raw(`select encode(${expression}, 'base64') as packed`)),
  );
  return (result as unknown as { rows: { packed: string }[] }).rows[0]!.packed;
};
const packed = (literal: string) => sent(`array_send('${literal}'::real[])`);

/** Every stored vector, read as text (the reference the binary reads must equal). */
const asText = () =>
  database.withTenant(tenantId, (tx) =>
    tx
      .select({ id: creatorEmbeddings.creatorId, embedding: creatorEmbeddings.embedding })
      .from(creatorEmbeddings),
  );

describe('nearest by the HNSW index', () => {
  it('sets ef_search and the iterative scan for its own transaction only, and returns the nearest first', async () => {
    const vectors = await database.withTenant(tenantId, (tx) => loadEmbeddings(tx, embedder.id));
    const [targetId, target] = [...vectors][0]!;
    const seen = await database.withTenant(tenantId, async (tx) => {
      const ids = await nearestByIndex(tx, embedder.id, target, 120);
      const result = await tx.execute(
        sql`select current_setting('hnsw.ef_search') as ef, current_setting('hnsw.iterative_scan') as scan`,
      );
      return { ids, settings: (result as unknown as { rows: { ef: string; scan: string }[] }).rows[0]! };
    });
    expect(seen.settings).toEqual({ ef: '120', scan: 'relaxed_order' });
    expect(seen.ids[0]).toBe(targetId);
    expect(new Set(seen.ids)).toEqual(new Set(vectors.keys()));
    const after = await database.withTenant(tenantId, (tx) =>
      tx.execute(sql`select current_setting('hnsw.ef_search', true) as ef`),
    );
    expect((after as unknown as { rows: { ef: string | null }[] }).rows[0]!.ef).not.toBe('120');
  });

  it('on PGlite on its thread, inside read-only work whose statements stand alone, answers as in a transaction', async () => {
    const threaded = await openTestPglite({ thread: 'worker' });
    try {
      // (Whether its settings reach the scan is the tenant isolation suite's SET LOCAL case: a table
      // this small is read without the index.)
      const id = (await seedTenant(threaded, { slug: 'vectors', creatorCount: 12, seed: 4 })).tenant.id;
      await refreshEmbeddings(threaded, id, embedder);
      const vectors = await threaded.withTenant(id, (tx) => loadEmbeddings(tx, embedder.id));
      const [targetId, target] = [...vectors][0]!;
      const inTransaction = await threaded.withTenant(id, (tx) =>
        nearestByIndex(tx, embedder.id, target, 10),
      );
      const alone = await threaded.withTenantReads(id, (tx) => nearestByIndex(tx, embedder.id, target, 10));
      expect(alone).toHaveLength(10);
      expect(alone).toEqual(inTransaction);
      expect(alone[0]).toBe(targetId);
    } finally {
      await threaded.close();
    }
  });
});

describe('vectors read in binary form', () => {
  it('read back exactly what PostgreSQL stores, signs, tiny values, NULLs and empties included', async () => {
    expect(Array.from(unpackFloat4Array(await packed('{0.5,-1.25,3e-8,1e30}')))).toEqual(
      Array.from(Float32Array.from([0.5, -1.25, 3e-8, 1e30])),
    );
    expect(Array.from(unpackFloat4Array(await packed('{1,NULL}')))).toEqual([1, Number.NaN]);
    expect(unpackFloat4Array(await packed('{}'))).toHaveLength(0);
    expect(() => unpackFloat4Array(Buffer.from('not an array').toString('base64'))).toThrow(/real\[\]/);
  });

  it('read a pgvector vector_send the same way, and refuse a header that is neither', async () => {
    expect(database.hasVector).toBe(true);
    expect(Array.from(unpackFloat4Array(await sent(`vector_send('[0.5,-1.25,3e-8]'::vector)`)))).toEqual(
      Array.from(Float32Array.from([0.5, -1.25, 3e-8])),
    );
    const wide = Array.from({ length: 2000 }, (_, i) => (i % 7) - 3.5);
    expect(Array.from(unpackFloat4Array(await sent(`vector_send('[${wide}]'::vector)`)))).toEqual(wide);
    // A vector header with a dimension count that does not match its length, and a non-zero unused half.
    const bad = (words: number[]) => {
      const bytes = Buffer.alloc(words.length * 4);
      for (const [i, word] of words.entries()) bytes.writeUInt32BE(word >>> 0, i * 4);
      return bytes.toString('base64');
    };
    expect(() => unpackFloat4Array(bad([3 << 16, 0, 0]))).toThrow(/vector/);
    expect(() => unpackFloat4Array(bad([(1 << 16) | 1, 0]))).toThrow(/vector/);
    expect(() => unpackFloat4Array(bad([2, 0, 700]))).toThrow(/real\[\]/);
  });

  it('give every stored vector as the text form does, in either format', async () => {
    const text = await asText();
    for (const hasVector of [false, true]) {
      const binary = await database.withTenant(tenantId, (tx) =>
        loadEmbeddings(tx, embedder.id, { hasVector }),
      );
      expect(binary.size).toBe(text.length);
      for (const row of text)
        expect(Array.from(binary.get(row.id)!)).toEqual(Array.from(Float32Array.from(row.embedding)));
    }
    const [one] = text;
    const only = await database.withTenant(tenantId, (tx) =>
      loadEmbeddings(tx, embedder.id, { creatorIds: [one!.id], hasVector: true }),
    );
    expect([...only.keys()]).toEqual([one!.id]);
  });

  it('keep a stored vector pgvector would refuse (NaN, infinity, NULL) on the array format', async () => {
    // Such rows can only exist without the HNSW index (its expression casts every indexed row), for
    // example where the extension came after the migration: drop it in this file's database.
    await database.withOwner((owner) => owner.exec('drop index if exists creator_embeddings_hnsw_256_idx'));
    const text = await asText();
    const odd = ['NaN', 'Infinity', '-Infinity', 'NULL'];
    for (const [i, value] of odd.entries()) {
      const elements = Array.from({ length: INDEXED_DIMENSIONS }, (_, at) => (at === 0 ? value : '0.5'));
      await database.withOwner((owner) =>
        owner.query(
          `update creator_embeddings set embedding = '{${elements}}'::real[] where creator_id = $1`,
          [text[i]!.id],
        ),
      );
    }
    const loaded = await database.withTenant(tenantId, (tx) =>
      loadEmbeddings(tx, embedder.id, { hasVector: true }),
    );
    expect(odd.map((_, i) => loaded.get(text[i]!.id)![0])).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ]);
    expect(loaded.get(text[4]!.id)![1]).toBe(Array.from(Float32Array.from(text[4]!.embedding))[1]);
  });
});

describe('storing vectors', () => {
  it('refuses a vector with a value that is not a finite number, and stores nothing of the batch', async () => {
    const rows = await database.withTenant(tenantId, (tx) => tx.select().from(creators));
    const broken: Embedder = {
      ...embedder,
      embed: async (inputs) =>
        inputs.map((_, i) =>
          Float32Array.from({ length: embedder.dimensions }, (_, at) =>
            i === 1 && at === 3 ? Number.NaN : 0.1,
          ),
        ),
    };
    const before = await asText();
    await expect(
      database.withTenant(tenantId, (tx) => storeEmbeddings(tx, broken, rows)),
    ).rejects.toMatchObject({ code: 'matching.embedder_failed', message: expect.stringMatching(/finite/) });
    expect(await asText()).toEqual(before);
  });
});
