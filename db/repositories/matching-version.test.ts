import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creators, tenants } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { rosterVersion } from './matching.repository.ts';

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
});
