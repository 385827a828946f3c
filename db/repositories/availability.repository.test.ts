import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { availabilityBlocks, availabilityRules, busyBlocks, creators } from '../schema/index.ts';
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

  it('gives each creator their rules in the order added and every interval that meets the window', async () => {
    const [ana, ben, cy] = await database.withTenant(tenantId, (tx) =>
      tx
        .select({ id: creators.id, handle: creators.handle })
        .from(creators)
        .orderBy(creators.handle)
        .limit(3),
    );
    const at = (iso: string) => Date.parse(iso);
    const range = (from: string, to: string) => ({ startMs: at(from), endMs: at(to) });
    await database.withTenant(tenantId, async (tx) => {
      for (const id of [ana!.id, ben!.id, cy!.id]) {
        await tx.delete(availabilityRules).where(eq(availabilityRules.creatorId, id));
        await tx.delete(availabilityBlocks).where(eq(availabilityBlocks.creatorId, id));
        await tx.delete(busyBlocks).where(eq(busyBlocks.creatorId, id));
      }
      await tx.insert(availabilityRules).values([
        {
          tenantId,
          creatorId: ana!.id,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          startTime: '09:00',
          endTime: '12:00',
          createdAt: new Date(at('2026-01-02T00:00:00Z')),
        },
        {
          tenantId,
          creatorId: ana!.id,
          rrule: 'FREQ=WEEKLY;BYDAY=TU',
          startTime: '13:00',
          endTime: '17:30',
          fromDate: '2026-12-01',
          untilDate: '2027-01-31',
          createdAt: new Date(at('2026-01-03T00:00:00Z')),
        },
        {
          tenantId,
          creatorId: ana!.id,
          rrule: 'FREQ=WEEKLY;BYDAY=WE',
          startTime: '10:00',
          endTime: '11:00',
          createdAt: new Date(at('2026-01-01T00:00:00Z')),
        },
      ]);
      await tx.insert(availabilityBlocks).values([
        {
          tenantId,
          creatorId: ana!.id,
          kind: 'available',
          during: range('2026-12-08T18:00:00Z', '2026-12-08T20:00:00Z'),
        },
        {
          tenantId,
          creatorId: ana!.id,
          kind: 'unavailable',
          during: range('2026-12-06T20:00:00Z', '2026-12-07T02:00:00Z'),
        },
        // Outside the week (it ends where the window starts): not given.
        {
          tenantId,
          creatorId: ana!.id,
          kind: 'unavailable',
          during: range('2026-12-06T00:00:00Z', '2026-12-07T00:00:00Z'),
        },
      ]);
      await tx.insert(busyBlocks).values([
        {
          tenantId,
          creatorId: ben!.id,
          source: 'session',
          during: range('2026-12-09T10:00:00.250Z', '2026-12-09T11:00:00Z'),
        },
        {
          tenantId,
          creatorId: ben!.id,
          source: 'session',
          during: range('2026-12-20T10:00:00Z', '2026-12-20T11:00:00Z'),
        },
      ]);
    });
    const loaded = await database.withTenant(tenantId, (tx) =>
      loadAvailability(tx, [cy!.id, ben!.id, ana!.id], WEEK),
    );
    expect([...loaded.keys()]).toEqual([ana!.id, ben!.id, cy!.id].sort());
    const a = loaded.get(ana!.id)!;
    expect(a.handle).toBe(ana!.handle);
    expect(a.rules).toEqual([
      { rrule: 'FREQ=WEEKLY;BYDAY=WE', startTime: '10:00', endTime: '11:00' },
      { rrule: 'FREQ=WEEKLY;BYDAY=MO', startTime: '09:00', endTime: '12:00' },
      {
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        startTime: '13:00',
        endTime: '17:30',
        fromDate: '2026-12-01',
        untilDate: '2027-01-31',
      },
    ]);
    expect(a.available).toEqual([range('2026-12-08T18:00:00Z', '2026-12-08T20:00:00Z')]);
    expect(a.unavailable).toEqual([range('2026-12-06T20:00:00Z', '2026-12-07T02:00:00Z')]);
    expect(a.busy).toEqual([]);
    const b = loaded.get(ben!.id)!;
    expect(b.rules).toEqual([]);
    expect(b.busy).toEqual([range('2026-12-09T10:00:00.250Z', '2026-12-09T11:00:00Z')]);
    expect(loaded.get(cy!.id)).toMatchObject({ rules: [], available: [], unavailable: [], busy: [] });
  });
});
