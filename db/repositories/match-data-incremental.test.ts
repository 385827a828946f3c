import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHashedEmbedder } from '../../core/matching/index.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import {
  creatorDoNotPair,
  creators,
  sessionFeedback,
  sessionParticipants,
  sessions,
  tenants,
} from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { refreshEmbeddings, storeEmbeddings } from './embeddings.repository.ts';
import {
  forgetMatchData,
  type TenantMatchData,
  tenantMatchData,
  tenantMatchDataIn,
} from './matching.repository.ts';

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
  pairHistory: Object.fromEntries([...data.index.pairHistory].sort(([a], [b]) => (a < b ? -1 : 1))),
  doNotPair: [...data.index.doNotPair].sort(),
  weights: data.weights,
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

  it('keeps nothing a rolled-back transaction read: its own uncommitted edit never reaches the cache', async () => {
    const before = await loadFresh();
    const edited = before.index.handles[2]!;
    const original = before.index.profiles.get(edited)!.genres;
    const rolledBack = new Error('rolled back on purpose');
    await expect(
      database.withTenant(tenantId, async (tx) => {
        await tx
          .update(creators)
          .set({ genres: ['bossa-nova'] })
          .where(eq(creators.handle, edited));
        // The transaction sees its own edit...
        const inside = await tenantMatchDataIn(tx, database, tenantId, embedder.id);
        expect(inside.index.profiles.get(edited)!.genres).toContain('bossa-nova');
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    // ...and once it is rolled back, nobody else does.
    const after = await load();
    expect(after.index.profiles.get(edited)!.genres).toEqual(original);
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

  it('follows a credit that makes two creators co-writers, and one that parts them again', async () => {
    const before = await load();
    const [a, b] = before.index.handles.filter((h) => !before.index.neighbours.get(h)!.size);
    const credit = { title: 'A Brand New Song', artist: 'Robyn', year: 2026 };
    const setCredits = (handle: string, credits: object[]) =>
      database.withTenant(tenantId, (tx) =>
        tx.update(creators).set({ credits }).where(eq(creators.handle, handle)),
      );
    await setCredits(a!, [credit]);
    await setCredits(b!, [credit]);
    const together = await load();
    expect([...together.index.neighbours.get(a!)!]).toEqual([b]);
    expect(together.index.pairHistory.get([a, b].sort().join('\u0000'))).toMatchObject({ sharedWorks: 1 });
    expect(shape(together)).toEqual(shape(await loadFresh()));
    await setCredits(b!, []);
    const apart = await load();
    expect(apart.index.neighbours.get(a!)!.size).toBe(0);
    expect(shape(apart)).toEqual(shape(await loadFresh()));
  });

  it('follows a rated session, a do-not-pair rule and new weights, each re-read on its own', async () => {
    const before = await load();
    const members = await database.withTenant(tenantId, (tx) =>
      tx.select({ id: creators.id, handle: creators.handle, userId: creators.userId }).from(creators),
    );
    const [x, y] = members.filter((m) => m.userId);
    await database.withTenant(tenantId, async (tx) => {
      const [session] = await tx
        .insert(sessions)
        .values({
          tenantId,
          title: 'Past write',
          state: 'done',
          startsAt: new Date('2026-01-05T15:00:00Z'),
          endsAt: new Date('2026-01-05T18:00:00Z'),
          location: { kind: 'tbd' },
        })
        .returning();
      await tx.insert(sessionParticipants).values(
        [x!, y!].map((m) => ({
          tenantId,
          sessionId: session!.id,
          userId: m.userId!,
          state: 'accepted' as const,
        })),
      );
      await tx.insert(sessionFeedback).values({
        tenantId,
        sessionId: session!.id,
        fromUserId: x!.userId!,
        rating: 5,
        wouldWriteAgain: true,
      });
    });
    const rated = await load();
    const key = [x!.handle, y!.handle].sort().join('\u0000');
    expect(rated.index.pairHistory.get(key)).toMatchObject({ sessions: 1, ratings: [5] });
    // Only the history moved: the creators' profiles are the cached objects.
    expect(rated.index.profiles.get(x!.handle)).toBe(before.index.profiles.get(x!.handle));
    expect(shape(rated)).toEqual(shape(await loadFresh()));

    const [low, high] = [x!.id, y!.id].sort(); // the table keeps each pair once, lower id first
    await database.withTenant(tenantId, (tx) =>
      tx.insert(creatorDoNotPair).values({ tenantId, creatorId: low!, otherCreatorId: high! }),
    );
    const ruled = await load();
    expect(ruled.index.doNotPair.has(key)).toBe(true);
    expect(shape(ruled)).toEqual(shape(await loadFresh()));

    await database.withTenant(tenantId, (tx) =>
      tx
        .update(tenants)
        .set({ settings: { matching: { weights: { genre: 0.9 } } } })
        .where(eq(tenants.id, tenantId)),
    );
    const weighted = await load();
    expect(weighted.weights.genre).toBe(0.9);
    expect(weighted.index).toBe(
      ruled.index.profiles === weighted.index.profiles ? ruled.index : weighted.index,
    );
    expect(shape(weighted)).toEqual(shape(await loadFresh()));
  });
});
