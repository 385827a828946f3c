import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { creators } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { pairHistory } from './session-feedback.repository.ts';

let database: Database;
let tenantId: string;
beforeAll(async () => {
  database = await openTestPglite();
  ({
    tenant: { id: tenantId },
  } = await seedTenant(database, { slug: 'history', creatorCount: 4, seed: 3 }));
});
afterAll(() => database?.close());

describe('pairHistory', () => {
  it('takes a whole large roster: more ids than a statement has parameters (65,535)', async () => {
    // The match data loads the history of every creator in the tenant at once (100,000 in the bench).
    const known = await database.withTenant(tenantId, (tx) => tx.select({ id: creators.id }).from(creators));
    const ids = [...known.map((row) => row.id), ...Array.from({ length: 70_000 }, () => randomUUID())];
    await expect(database.withTenant(tenantId, (tx) => pairHistory(tx, ids))).resolves.toEqual([]);
  });
});
