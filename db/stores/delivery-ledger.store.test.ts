import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOnce } from '../../core/surface/delivery-ledger.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { databaseDeliveryLedger, storedKeyOf } from './delivery-ledger.store.ts';

describe('the delivery ledger', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestPglite();
  }, 60_000);
  afterAll(() => database.close());

  it('claims a key once across ledgers (processes), per channel', async () => {
    const first = databaseDeliveryLedger(database);
    const second = databaseDeliveryLedger(database);
    expect(await first.claim('slack', 'event:Ev1', 60_000)).toBe(true);
    expect(await first.claim('slack', 'event:Ev1', 60_000)).toBe(false);
    expect(await second.claim('slack', 'event:Ev1', 60_000)).toBe(false);
    expect(await second.claim('teams', 'event:Ev1', 60_000)).toBe(true);
  });

  it('takes over a claim whose time has passed', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const ledger = databaseDeliveryLedger(database, { nowMs: () => now });
    expect(await ledger.claim('slack', 'trigger:1', 1000)).toBe(true);
    now += 1001;
    expect(
      await databaseDeliveryLedger(database, { nowMs: () => now }).claim('slack', 'trigger:1', 1000),
    ).toBe(true);
  });

  it('keeps long keys apart: stored by their hash, never cut to a common prefix', async () => {
    const prefix = 'x'.repeat(500);
    expect(storedKeyOf(`${prefix}a`)).not.toBe(storedKeyOf(`${prefix}b`));
    expect(storedKeyOf(`${prefix}a`)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(storedKeyOf('short')).toBe('short');
    const ledger = databaseDeliveryLedger(database);
    expect(await ledger.claim('notify', `${prefix}a`, 60_000)).toBe(true);
    expect(await ledger.claim('notify', `${prefix}b`, 60_000)).toBe(true);
    expect(await databaseDeliveryLedger(database).claim('notify', `${prefix}a`, 60_000)).toBe(false);
  });

  it('sends once per key, and gives the key back when the send fails so the retry sends', async () => {
    const ledger = databaseDeliveryLedger(database);
    const sent: string[] = [];
    await expect(
      sendOnce(ledger, 'notify', 'event:9:u1', async () => {
        throw new Error('Slack said 500');
      }),
    ).rejects.toThrow('Slack said 500');
    const restarted = databaseDeliveryLedger(database);
    expect(await sendOnce(restarted, 'notify', 'event:9:u1', async () => void sent.push('u1'))).toBe(true);
    expect(await sendOnce(restarted, 'notify', 'event:9:u1', async () => void sent.push('u1'))).toBe(false);
    expect(sent).toEqual(['u1']);
  });
});
