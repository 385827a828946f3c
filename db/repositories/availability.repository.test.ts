import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creators } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { loadAvailability } from './availability.repository.ts';

let database: Database;
let tenantId: string;
beforeAll(async () => {
  database = await openTestPglite();
  tenantId = (await seedTenant(database, { slug: 'free-time', creatorCount: 5, seed: 6 })).tenant.id;
});
afterAll(() => database?.close());

const WEEK = { startMs: Date.parse('2026-12-07T00:00:00Z'), endMs: Date.parse('2026-12-14T00:00:00Z') };

describe('loadAvailability', () => {
  it('takes any number of creators: more ids than a statement has parameters for three lists of them', async () => {
    // Each id list is one array parameter; one parameter per id would fail past 21,845 ids (the union has 3 lists).
    const known = await database.withTenant(tenantId, (tx) => tx.select({ id: creators.id }).from(creators));
    const ids = [...known.map((row) => row.id), ...Array.from({ length: 25_000 }, () => randomUUID())];
    const loaded = await database.withTenant(tenantId, (tx) => loadAvailability(tx, ids, WEEK));
    expect([...loaded.keys()].sort()).toEqual(known.map((row) => row.id).sort());
    expect([...loaded.values()].some((person) => person.rules.length > 0)).toBe(true);
  });
});
