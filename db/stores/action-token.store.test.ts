import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isActionToken } from '../../core/surface/action-tokens.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { users } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { actionTokenStore } from './action-token.store.ts';

let database: Database;
let tenantId: string;
let otherTenantId: string;
let userId: string;
let someoneElse: string;
const nowMs = Date.parse('2026-12-01T12:00:00Z');

beforeAll(async () => {
  database = await openTestPglite();
  tenantId = (await seedTenant(database, { slug: 'tokens', creatorCount: 2, seed: 1 })).tenant.id;
  otherTenantId = (await seedTenant(database, { slug: 'elsewhere', creatorCount: 2, seed: 2 })).tenant.id;
  const ids = await database.withTenant(tenantId, (tx) => tx.select({ id: users.id }).from(users).limit(2));
  [userId, someoneElse] = ids.map((row) => row.id) as [string, string];
});
afterAll(() => database.close());

const tokens = <T>(id: string, fn: (store: ReturnType<typeof actionTokenStore>) => Promise<T>) =>
  database.withTenant(id, (tx) => fn(actionTokenStore(tx, id)));

describe('action tokens', () => {
  it('mints many buttons in one go and gives back exactly what each holds', async () => {
    const inputs = Array.from({ length: 60 }, (_, i) => ({
      creators: [`ana-${i}`, 'ben'],
      note: `quote " backslash \\ comma , brace } é ✓ ${'x'.repeat(i)}`,
      nested: { n: i, list: [null, true, 1.5], empty: {} },
    }));
    const minted = await tokens(tenantId, (store) =>
      store.mint(
        inputs.map((input, i) => ({
          invoke: { command: i % 2 ? 'session.propose' : 'pair.suggest', input },
          ...(i % 3 === 0 ? { forUserId: userId } : {}),
          isSingleUse: i % 2 === 1,
          expiresAtMs: nowMs + 60_000 + i,
        })),
      ),
    );
    expect(minted).toHaveLength(60);
    expect(new Set(minted).size).toBe(60);
    expect(minted.every(isActionToken)).toBe(true);
    const uses = await tokens(tenantId, (store) =>
      Promise.all(minted.map((token) => store.peek(token, userId, nowMs))),
    );
    expect(uses).toEqual(
      inputs.map((input, i) => ({
        ok: true,
        invoke: { command: i % 2 ? 'session.propose' : 'pair.suggest', input },
        isSingleUse: i % 2 === 1,
      })),
    );
  });

  it('keeps who may press it, when it expires and whether it was used', async () => {
    const [mine, anyone] = await tokens(tenantId, (store) =>
      store.mint([
        {
          invoke: { command: 'session.accept', input: {} },
          forUserId: userId,
          isSingleUse: true,
          expiresAtMs: nowMs + 1_000,
        },
        { invoke: { command: 'pair.suggest', input: {} }, isSingleUse: false, expiresAtMs: nowMs + 1_000 },
      ]),
    );
    await tokens(tenantId, async (store) => {
      expect(await store.peek(mine!, someoneElse, nowMs)).toEqual({ ok: false, reason: 'not_for_you' });
      expect(await store.peek(anyone!, someoneElse, nowMs)).toMatchObject({ ok: true });
      expect(await store.peek(anyone!, userId, nowMs + 1_000)).toEqual({ ok: false, reason: 'expired' });
      expect(await store.consume(mine!, nowMs)).toBe(true);
      expect(await store.consume(mine!, nowMs)).toBe(false);
      expect(await store.peek(mine!, userId, nowMs)).toEqual({ ok: false, reason: 'used' });
    });
    expect(await tokens(otherTenantId, (store) => store.peek(anyone!, userId, nowMs))).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });

  it('mints nothing for no buttons', async () => {
    expect(await tokens(tenantId, (store) => store.mint([]))).toEqual([]);
  });
});
