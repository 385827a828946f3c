import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../test/support/test-databases.ts';
import type { Database } from './database.ts';
import { tenants } from './schema/index.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestPglite();
});
afterAll(() => database?.close());

describe('embedded PGlite and the event loop', () => {
  it('lets the loop turn between transactions, so a server can read requests and ack while work runs', async () => {
    // PGlite answers on this thread in microtasks: without a turn of the loop per transaction, a
    // chain of them would hold off every timer and socket until the last one finished.
    let transactionsBeforeTimer: number | undefined;
    let done = 0;
    setImmediate(() => {
      transactionsBeforeTimer = done;
    });
    for (let i = 0; i < 20; i += 1) {
      await database.withSystem((tx) => tx.select({ id: tenants.id }).from(tenants).limit(1));
      done += 1;
    }
    expect(transactionsBeforeTimer).toBeDefined();
    expect(transactionsBeforeTimer!).toBeLessThan(20);
  });
});
