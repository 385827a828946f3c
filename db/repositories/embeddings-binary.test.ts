import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creatorEmbeddings } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { loadEmbeddings, refreshEmbeddings, unpackFloat4Array } from './embeddings.repository.ts';

let database: Database;
let tenantId: string;
const embedder = localHashedEmbedder();

beforeAll(async () => {
  database = await openTestPglite();
  tenantId = (await seedTenant(database, { slug: 'vectors', creatorCount: 6, seed: 4 })).tenant.id;
  await refreshEmbeddings(database, tenantId, embedder);
});
afterAll(() => database.close());

const packed = async (literal: string) => {
  const result = await database.withSystem((tx) =>
    tx.execute(sql.raw(`select encode(array_send('${literal}'::real[]), 'base64') as packed`)),
  );
  return (result as unknown as { rows: { packed: string }[] }).rows[0]!.packed;
};

describe('vectors read in binary form', () => {
  it('read back exactly what PostgreSQL stores, signs, tiny values, NULLs and empties included', async () => {
    expect(Array.from(unpackFloat4Array(await packed('{0.5,-1.25,3e-8,1e30}')))).toEqual(
      Array.from(Float32Array.from([0.5, -1.25, 3e-8, 1e30])),
    );
    expect(Array.from(unpackFloat4Array(await packed('{1,NULL}')))).toEqual([1, Number.NaN]);
    expect(unpackFloat4Array(await packed('{}'))).toHaveLength(0);
    expect(() => unpackFloat4Array(Buffer.from('not an array').toString('base64'))).toThrow(/real\[\]/);
  });

  it('give every stored vector as the text form does', async () => {
    const binary = await database.withTenant(tenantId, (tx) => loadEmbeddings(tx, embedder.id));
    const text = await database.withTenant(tenantId, (tx) =>
      tx
        .select({ id: creatorEmbeddings.creatorId, embedding: creatorEmbeddings.embedding })
        .from(creatorEmbeddings),
    );
    expect(binary.size).toBe(text.length);
    for (const row of text)
      expect(Array.from(binary.get(row.id)!)).toEqual(Array.from(Float32Array.from(row.embedding)));
  });
});
