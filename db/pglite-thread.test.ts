import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../test/support/test-databases.ts';
import { APP_ROLE, type Database, SYSTEM_ROLE } from './database.ts';
import { openDatabase } from './open-database.ts';
import { openPgliteThread, sessionSettingsSql } from './pglite-thread.ts';
import { tenants } from './schema/index.ts';
import { seedTenant } from './seed.ts';

let database: Database;
let ids: { a: string; b: string };

beforeAll(async () => {
  database = await openTestPglite({ thread: 'worker' });
  const a = await seedTenant(database, { slug: 'thread-a', creatorCount: 5, seed: 1 });
  const b = await seedTenant(database, { slug: 'thread-b', creatorCount: 3, seed: 2 });
  ids = { a: a.tenant.id, b: b.tenant.id };
});
afterAll(() => database?.close());

const rowsOf = <T>(result: unknown) => ((result as { rows?: T[] }).rows ?? result) as T[];

describe('PGlite on its own thread', () => {
  it('runs each tenant transaction as the application role with its tenant, and RLS keeps tenants apart', async () => {
    const seen = async (tenantId: string) =>
      rowsOf<{ role: string; tenant: string; creators: number }>(
        await database.withTenant(tenantId, (tx) =>
          tx.execute(sql`select current_user as role, current_setting('app.tenant_id') as tenant,
            (select count(*)::int from creators) as creators`),
        ),
      )[0];
    expect(await seen(ids.a)).toEqual({ role: APP_ROLE, tenant: ids.a, creators: 5 });
    expect(await seen(ids.b)).toEqual({ role: APP_ROLE, tenant: ids.b, creators: 3 });
    const system = rowsOf<{ role: string }>(
      await database.withSystem((tx) => tx.execute(sql`select current_user as role`)),
    )[0];
    expect(system).toEqual({ role: SYSTEM_ROLE });
    // Statements that each stand alone take the role one by one.
    const alone = await database.withSystemStatements(async (tx) => [
      rowsOf<{ role: string }>(await tx.execute(sql`select current_user as role`))[0],
      rowsOf<{ role: string }>(await tx.execute(sql`select current_user as role`))[0],
    ]);
    expect(alone).toEqual([{ role: SYSTEM_ROLE }, { role: SYSTEM_ROLE }]);
    // The owner's transactions carry no tenant prelude.
    expect(await database.withOwner((q) => q.query<{ role: string }>('select current_user as role'))).toEqual(
      [{ role: 'postgres' }],
    );
  });

  it("rolls a failed transaction back and keeps PostgreSQL's error fields; the database goes on", async () => {
    const failed = await database
      .withSystem(async (tx) => {
        await tx.update(tenants).set({ name: 'Renamed' }).where(sql`${tenants.id} = ${ids.a}`);
        await tx.insert(tenants).values({ id: ids.b, slug: 'thread-b', name: 'Again' });
      })
      .catch((error: unknown) => error as { cause?: { code?: string; constraint?: string } });
    expect(failed).toMatchObject({ cause: { code: '23505' } });
    const [tenant] = await database.withSystem((tx) =>
      tx.select({ name: tenants.name }).from(tenants).where(sql`${tenants.id} = ${ids.a}`),
    );
    expect(tenant?.name).not.toBe('Renamed');
  });

  it('gives each transaction the session alone, however many run at once', async () => {
    const counts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        database.withTenant(i % 2 ? ids.a : ids.b, async (tx) => {
          const before = rowsOf<{ n: number }>(
            await tx.execute(sql`select count(*)::int as n from creators`),
          );
          await tx.execute(sql`select pg_sleep(0.005)`);
          const after = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from creators`));
          return [
            before[0]!.n,
            after[0]!.n,
            rowsOf<{ t: string }>(await tx.execute(sql`select current_setting('app.tenant_id') as t`))[0]!.t,
          ];
        }),
      ),
    );
    counts.forEach(([before, after, tenant], i) => {
      expect(tenant).toBe(i % 2 ? ids.a : ids.b);
      expect(before).toBe(after);
    });
  });

  it('keeps statements sent meanwhile out of an open transaction, in the order they were sent', async () => {
    const client = await openPgliteThread({});
    try {
      await client.exec('create table log (n int primary key)');
      const seen: string[] = [];
      // The transaction's own work runs while others' statements are already sent.
      const inTransaction = client.transaction(async (tx) => {
        await tx.query('insert into log values (1)');
        await new Promise((resolve) => setTimeout(resolve, 30));
        await tx.query('insert into log values (2)');
        seen.push('tx');
      });
      const counted = client.query<{ n: number }>('select count(*)::int as n from log').then((r) => {
        seen.push('read');
        return r.rows[0]!.n;
      });
      const failed = client
        .transaction(async (tx) => {
          await tx.query('insert into log values (3)');
          await tx.query('insert into log values (2)'); // already there: the whole transaction goes
        })
        .catch((error: { code?: string }) => error.code);
      const nothing = client.transaction(async () => 'no statement');
      await inTransaction;
      expect(await counted).toBe(2); // after the commit: never the one row in between
      expect(await failed).toBe('23505');
      expect(await nothing).toBe('no statement');
      expect(seen).toEqual(['tx', 'read']);
      const rows = await client.query<{ n: number }>('select n from log order by n');
      expect(rows.rows.map((r) => r.n)).toEqual([1, 2]);
      // The session is not left inside a transaction by any of them.
      await expect(client.exec('savepoint probe')).rejects.toThrow(/transaction blocks/);
    } finally {
      await client.close();
    }
  });

  it('gives each statement standing alone its own role and tenant, and gives everything else none', async () => {
    const who = sql`select current_user as role, coalesce(current_setting('app.tenant_id', true), '') as tenant,
      current_setting('transaction_read_only') as ro, (select count(*)::int from creators) as creators`;
    const first = <T>(result: unknown) => rowsOf<T>(result)[0]!;
    type Who = { role: string; tenant: string; ro: string; creators: number };
    // Interleaved on purpose: each call must find the session as it needs it, whatever ran before.
    const seen = await Promise.all([
      database.withTenantReads(ids.a, async (tx) => first<Who>(await tx.execute(who))),
      database.withOwner(
        async (q) =>
          (
            await q.query<{ role: string; ro: string }>(
              "select current_user as role, current_setting('transaction_read_only') as ro",
            )
          )[0],
      ),
      database.withTenantReads(ids.b, async (tx) => first<Who>(await tx.execute(who))),
      database.withSystemStatements(async (tx) =>
        first<{ role: string; ro: string }>(
          await tx.execute(sql`select current_user as role, current_setting('transaction_read_only') as ro`),
        ),
      ),
      database.withTenant(ids.a, async (tx) => first<Who>(await tx.execute(who))),
      database.withTenantStatements(ids.b, async (tx) => first<Who>(await tx.execute(who))),
      database.withTenantReads(ids.a, async (tx) => first<Who>(await tx.execute(who))),
    ]);
    expect(seen).toEqual([
      { role: APP_ROLE, tenant: ids.a, ro: 'on', creators: 5 },
      { role: 'postgres', ro: 'off' },
      { role: APP_ROLE, tenant: ids.b, ro: 'on', creators: 3 },
      { role: SYSTEM_ROLE, ro: 'off' },
      { role: APP_ROLE, tenant: ids.a, ro: 'off', creators: 5 },
      { role: APP_ROLE, tenant: ids.b, ro: 'off', creators: 3 },
      { role: APP_ROLE, tenant: ids.a, ro: 'on', creators: 5 },
    ]);
    // After them the owner's session is the owner's again, with no tenant.
    const after = await database.withOwner((q) =>
      q.query<{ role: string; tenant: string | null }>(
        "select current_user as role, nullif(current_setting('app.tenant_id', true), '') as tenant",
      ),
    );
    expect(after).toEqual([{ role: 'postgres', tenant: null }]);
    expect(() => sessionSettingsSql({ role: 'postgres' as never, readOnly: true })).toThrow(/unknown role/);
    expect(() => sessionSettingsSql({ role: APP_ROLE, tenantId: "x' or 1=1 --", readOnly: true })).toThrow(
      /UUID/,
    );
  });

  it('leaves the event loop free while a statement runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 10);
    await database.withSystem((tx) => tx.execute(sql`select pg_sleep(0.3)`));
    clearInterval(timer);
    // On this thread a 300 ms statement would hold every timer until it finished.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('snapshots its data directory, and a database opened from the snapshot has the same rows', async () => {
    const copy = await openDatabase({
      kind: 'pglite',
      dataDir: undefined,
      loadDataDir: await database.snapshot!(),
      thread: 'worker',
    });
    try {
      const slugs = await copy.withSystem((tx) => tx.select({ slug: tenants.slug }).from(tenants));
      expect(slugs.map((row) => row.slug).toSorted()).toEqual(['thread-a', 'thread-b']);
    } finally {
      await copy.close();
    }
  });

  it('refuses a type parser it cannot carry across, and answers plainly once closed', async () => {
    const client = await openPgliteThread({});
    await expect(
      client.query('select 1 as one', [], { parsers: { 23: (v: string) => Number(v) * 2 } }),
    ).rejects.toThrow('only parsers that keep the text');
    expect((await client.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await client.close();
    await expect(client.query('select 1')).rejects.toThrow('the embedded database thread stopped');
  });
});
