import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creators } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { refreshEmbeddings, storeEmbeddings } from './embeddings.repository.ts';
import { forgetMatchData, type TenantMatchData, tenantMatchData } from './matching.repository.ts';

const embedder = localHashedEmbedder();
let database: Database;
let tenantId: string;

beforeAll(async () => {
  database = await openTestPglite();
  tenantId = (await seedTenant(database, { slug: 'incremental', creatorCount: 30, seed: 9 })).tenant.id;
  await refreshEmbeddings(database, tenantId, embedder);
});
afterAll(() => database.close());

const load = () => tenantMatchData(database, tenantId, embedder.id);
/** The same tenant loaded from nothing, for comparison; the cache then holds it. */
async function loadFresh(): Promise<TenantMatchData> {
  forgetMatchData(database);
  return load();
}
/** Everything pairing reads from the index, in comparable form. */
const shape = (data: TenantMatchData) => ({
  version: data.version,
  handles: data.index.handles,
  profiles: Object.fromEntries(data.index.profiles),
  features: Object.fromEntries(data.index.features),
  neighbours: Object.fromEntries([...data.index.neighbours].map(([h, set]) => [h, [...set].sort()])),
  embeddings: Object.fromEntries([...data.index.embeddings].map(([h, v]) => [h, Array.from(v)])),
  stored: [...data.index.storedEmbeddings].sort(),
  people: Object.fromEntries(data.people),
  mostActive: data.mostActive,
  hasStoredEmbeddings: data.hasStoredEmbeddings,
});

describe('the cached match data after a change', () => {
  it('re-reads only the edited creator, and equals a load from scratch', async () => {
    const before = await loadFresh();
    const [edited, kept] = before.index.handles;
    await database.withTenant(tenantId, (tx) =>
      tx
        .update(creators)
        .set({ genres: ['bossa-nova'], bio: 'Now writing bossa nova' })
        .where(eq(creators.handle, edited!)),
    );
    const after = await load();
    expect(after.version).not.toBe(before.version);
    expect(after.index.profiles.get(edited!)?.genres).toContain('bossa-nova');
    // Unchanged creators keep their parsed profile and features (the same objects): nothing re-derived.
    expect(after.index.profiles.get(kept!)).toBe(before.index.profiles.get(kept!));
    expect(after.index.features.get(kept!)).toBe(before.index.features.get(kept!));
    expect(after.index.profiles.get(edited!)).not.toBe(before.index.profiles.get(edited!));
    expect(shape(after)).toEqual(shape(await loadFresh()));
  });

  it('drops a deleted creator and adds a new one, as a load from scratch does', async () => {
    const before = await load();
    const [gone, model] = before.index.handles;
    await database.withTenant(tenantId, async (tx) => {
      const [template] = await tx.select().from(creators).where(eq(creators.handle, model!));
      await tx.delete(creators).where(eq(creators.handle, gone!));
      const { id: _id, createdAt: _c, updatedAt: _u, userId: _user, ...rest } = template!;
      await tx.insert(creators).values({ ...rest, handle: 'new-writer', displayName: 'New Writer' });
    });
    const after = await load();
    expect(after.index.handles).toContain('new-writer');
    expect(after.index.handles).not.toContain(gone);
    expect(shape(after)).toEqual(shape(await loadFresh()));
  });

  it('takes a re-stored vector, and keeps the others', async () => {
    const before = await load();
    const [handle, other] = before.index.handles;
    await database.withTenant(tenantId, async (tx) => {
      await tx
        .update(creators)
        .set({ genres: ['gospel', 'k-pop'] })
        .where(eq(creators.handle, handle!));
      const rows = await tx.select().from(creators).where(eq(creators.handle, handle!));
      await storeEmbeddings(tx, embedder, rows);
    });
    const after = await load();
    expect(Array.from(after.index.embeddings.get(handle!)!)).not.toEqual(
      Array.from(before.index.embeddings.get(handle!)!),
    );
    expect(after.index.embeddings.get(other!)).toBe(before.index.embeddings.get(other!));
    expect(shape(after)).toEqual(shape(await loadFresh()));
  });
});
