import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creatorDoNotPair, creators, tenants } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { rosterVersion, type SourceVersions, sourceVersions } from './matching.repository.ts';

let database: Database;
let acme: string;
let blue: string;
const versionOf = (tenantId: string) => database.withTenant(tenantId, (tx) => rosterVersion(tx, tenantId));

beforeAll(async () => {
  database = await openTestPglite();
  acme = (await seedTenant(database, { slug: 'acme-v', creatorCount: 3, seed: 1 })).tenant.id;
  blue = (await seedTenant(database, { slug: 'blue-v', creatorCount: 3, seed: 2 })).tenant.id;
});
afterAll(() => database.close());

describe('the match-data version', () => {
  it('moves when a creator changes, and only for that tenant', async () => {
    const [acmeBefore, blueBefore] = [await versionOf(acme), await versionOf(blue)];
    await database.withTenant(acme, (tx) => tx.update(creators).set({ bio: 'changed' }));
    expect(await versionOf(acme)).not.toBe(acmeBefore);
    expect(await versionOf(blue)).toBe(blueBefore);
  });

  it('moves when the tenant’s settings (pair-score weights) change', async () => {
    const before = await versionOf(acme);
    await database.withSystem((tx) =>
      tx
        .update(tenants)
        .set({ settings: { matching: { weights: { genre: 2 } } } })
        .where(eq(tenants.id, acme)),
    );
    expect(await versionOf(acme)).not.toBe(before);
  });

  it('stays put when nothing changes', async () => {
    expect(await versionOf(acme)).toBe(await versionOf(acme));
  });

  it('says which source moved: creators, do-not-pair rules or settings, each on its own counter', async () => {
    const sources = () => database.withTenant(acme, (tx) => sourceVersions(tx, acme));
    const moved = (before: SourceVersions, after: SourceVersions) =>
      (Object.keys(after) as (keyof SourceVersions)[]).filter(
        (key) => key !== 'version' && after[key] !== before[key],
      );
    let before = await sources();
    await database.withTenant(acme, (tx) => tx.update(creators).set({ bio: 'again' }));
    let after = await sources();
    expect(moved(before, after)).toEqual(['creators']);
    expect(after.version).not.toBe(before.version);

    before = after;
    const ids = (await database.withTenant(acme, (tx) => tx.select({ id: creators.id }).from(creators)))
      .map((row) => row.id)
      .sort();
    await database.withTenant(acme, (tx) =>
      tx.insert(creatorDoNotPair).values({ tenantId: acme, creatorId: ids[0]!, otherCreatorId: ids[1]! }),
    );
    after = await sources();
    expect(moved(before, after)).toEqual(['rules']);

    before = after;
    await database.withSystem((tx) =>
      tx
        .update(tenants)
        .set({ settings: { matching: {} } })
        .where(eq(tenants.id, acme)),
    );
    after = await sources();
    expect(moved(before, after)).toEqual(['settings']);
  });
});
