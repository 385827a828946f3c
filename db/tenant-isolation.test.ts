import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../test/support/services.ts';
import { openTestPglite, openTestPostgres } from '../test/support/test-databases.ts';
import type { Database } from './database.ts';
import { databaseTenantDirectory } from './repositories/tenant-directory.ts';
import { auditEvents, availabilityRules, creators, identities, tenants, users } from './schema/index.ts';

/** The driver error under drizzle's wrapper: SQLSTATE and message. */
function pgError(error: unknown): { code?: string; message: string } {
  let current = error as { code?: string; message: string; cause?: unknown };
  while (current.cause && !current.code) current = current.cause as typeof current;
  return { code: current.code, message: current.message };
}

/** Rows of `tx.execute`, whichever driver returned them. */
const rowsOf = (result: unknown) => ((result as { rows?: unknown[] }).rows ?? result) as unknown[];

async function failure(run: Promise<unknown>) {
  try {
    await run;
  } catch (error) {
    return pgError(error);
  }
  throw new Error('expected the statement to fail');
}

function isolationSuite(
  open: () => Promise<{ database: Database; close(): Promise<void> }>,
  options: { hasLoginRoles: boolean },
) {
  let database: Database;
  let close: () => Promise<void>;
  let acme: string;
  let blue: string;

  beforeAll(async () => {
    ({ database, close } = await open());
    const directory = databaseTenantDirectory(database);
    acme = (await directory.create({ slug: 'acme', name: 'Acme Music' })).id;
    blue = (await directory.create({ slug: 'blue', name: 'Blue Note Publishing' })).id;
    await database.withTenant(acme, (tx) =>
      tx.insert(creators).values({ tenantId: acme, handle: 'ana', displayName: 'Ana', genres: ['pop'] }),
    );
    await database.withTenant(blue, (tx) =>
      tx.insert(creators).values({ tenantId: blue, handle: 'ben', displayName: 'Ben', genres: ['rock'] }),
    );
  });
  afterAll(() => close());

  it('reads only its own rows', async () => {
    const seenByAcme = await database.withTenant(acme, (tx) =>
      tx.select({ handle: creators.handle }).from(creators),
    );
    const seenByBlue = await database.withTenant(blue, (tx) =>
      tx.select({ handle: creators.handle }).from(creators),
    );
    expect(seenByAcme).toEqual([{ handle: 'ana' }]);
    expect(seenByBlue).toEqual([{ handle: 'ben' }]);
  });

  it('runs tenant transactions as the application role, with the tenant set before the first statement', async () => {
    const [row] = await database.withTenant(acme, async (tx) => {
      const result = await tx.execute(
        sql`select current_user as "user", current_setting('app.tenant_id', true) as "tenant"`,
      );
      return (result as unknown as { rows: { user: string; tenant: string }[] }).rows;
    });
    expect(row).toEqual({ user: 'session_align_app', tenant: acme });
  });

  it('keeps each of many concurrent transactions on its own tenant, savepoints included', async () => {
    // On the server the tenant travels with each transaction's `begin` (one async context each).
    const seen = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const tenantId = i % 2 === 0 ? acme : blue;
        return database.withTenant(tenantId, async (tx) => {
          const [row] = await tx.select({ handle: creators.handle }).from(creators);
          const inner = await tx.transaction(async (sp) =>
            sp.select({ handle: creators.handle }).from(creators),
          );
          const [again] = await tx.select({ handle: creators.handle }).from(creators);
          return [row?.handle, inner[0]?.handle, again?.handle];
        });
      }),
    );
    for (const [i, handles] of seen.entries()) {
      const own = i % 2 === 0 ? 'ana' : 'ben';
      expect(handles).toEqual([own, own, own]);
    }
  });

  it('keeps read-only work on its tenant and role, groups SET LOCAL with tx.transaction, and refuses writes', async () => {
    // On PGlite on its thread each statement of read-only work is a transaction of its own.
    const seen = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const tenantId = i % 2 === 0 ? acme : blue;
        return database.withTenantReads(tenantId, async (tx) => {
          const [row] = await tx.select({ handle: creators.handle }).from(creators);
          const [who] = rowsOf(
            await tx.execute(
              sql`select current_user as "user", current_setting('app.tenant_id', true) as tenant`,
            ),
          );
          const [grouped] = await tx.transaction(async (inner) => {
            await inner.execute(sql`select set_config('work_mem', ${`${2001 + i}kB`}, true)`);
            return rowsOf(
              await inner.execute(
                sql`select current_setting('work_mem') as mem, count(*)::int as n from creators`,
              ),
            );
          });
          return { handle: row?.handle, ...(who as object), ...(grouped as object) };
        });
      }),
    );
    for (const [i, row] of seen.entries()) {
      expect(row).toEqual({
        handle: i % 2 === 0 ? 'ana' : 'ben',
        user: 'session_align_app',
        tenant: i % 2 === 0 ? acme : blue,
        mem: `${2001 + i}kB`,
        n: 1,
      });
    }
    // A query builder returned unawaited still runs in the call's tenant.
    const returned = await database.withTenantReads(blue, (tx) =>
      tx.select({ handle: creators.handle }).from(creators),
    );
    expect(returned).toEqual([{ handle: 'ben' }]);
    const refused = await failure(
      database.withTenantReads(acme, (tx) =>
        tx.insert(creators).values({ tenantId: acme, handle: 'cara', displayName: 'Cara', genres: [] }),
      ),
    );
    expect(refused.code).toBe('25006'); // read_only_sql_transaction
    const handles = await database.withTenant(acme, (tx) =>
      tx.select({ handle: creators.handle }).from(creators),
    );
    expect(handles).toEqual([{ handle: 'ana' }]);
  });

  it('runs statements that stand alone in their tenant, as the application role, and no further', async () => {
    const [row] = await database.withTenantStatements(acme, async (tx) => {
      await tx.insert(creators).values({ tenantId: acme, handle: 'dee', displayName: 'Dee', genres: [] });
      return rowsOf(await tx.execute(sql`select current_user as "user", count(*)::int as n from creators`));
    });
    expect(row).toEqual({ user: 'session_align_app', n: 2 });
    const refused = await failure(
      database.withTenantStatements(acme, (tx) =>
        tx.insert(creators).values({ tenantId: blue, handle: 'eve', displayName: 'Eve', genres: [] }),
      ),
    );
    expect(refused.code).toBe('42501');
    expect(
      await database.withTenant(blue, (tx) => tx.select({ handle: creators.handle }).from(creators)),
    ).toEqual([{ handle: 'ben' }]);
    await database.withTenant(acme, (tx) => tx.delete(creators).where(eq(creators.handle, 'dee')));
  });

  it('keeps the plan-cached functions (actor, availability) to the calling tenant, plan reuse included', async () => {
    const identity = async (tenantId: string, handle: string) =>
      database.withTenant(tenantId, async (tx) => {
        const [user] = await tx
          .insert(users)
          .values({ tenantId, displayName: handle, role: 'staff' })
          .returning({ id: users.id });
        await tx.insert(identities).values({
          tenantId,
          userId: user!.id,
          platform: 'slack',
          externalUserId: `U-${handle}`,
        });
        const [creator] = await tx
          .select({ id: creators.id })
          .from(creators)
          .where(eq(creators.handle, handle));
        await tx.update(creators).set({ userId: user!.id }).where(eq(creators.id, creator!.id));
        await tx.insert(availabilityRules).values({
          tenantId,
          creatorId: creator!.id,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          startTime: '10:00',
          endTime: '12:00',
        });
        return creator!.id;
      });
    const ana = await identity(acme, 'ana');
    const ben = await identity(blue, 'ben');
    const look = (tenantId: string) =>
      database.withTenant(tenantId, async (tx) => {
        const actors = await tx.execute(
          sql`select creator_handle from actor_by_identity('slack', 'U-ana') union all
            select creator_handle from actor_by_identity('slack', 'U-ben')`,
        );
        const free = await tx.execute(
          sql`select handle, json_array_length(rules) as rules from creator_availability(
            ${`{${ana},${ben}}`}::uuid[], now(), now() + interval '7 days', now(), true)`,
        );
        return [rowsOf(actors), rowsOf(free)];
      });
    // Each tenant several times in turn: a plan cached in one tenant's call must not carry its rows over.
    for (let round = 0; round < 7; round += 1) {
      expect(await look(acme)).toEqual([[{ creator_handle: 'ana' }], [{ handle: 'ana', rules: 1 }]]);
      expect(await look(blue)).toEqual([[{ creator_handle: 'ben' }], [{ handle: 'ben', rules: 1 }]]);
    }
  });

  it('sees only its own tenant row', async () => {
    const seen = await database.withTenant(acme, (tx) => tx.select({ slug: tenants.slug }).from(tenants));
    expect(seen).toEqual([{ slug: 'acme' }]);
  });

  it('cannot update or delete another tenant’s rows (they are invisible)', async () => {
    const updated = await database.withTenant(acme, (tx) =>
      tx.update(creators).set({ displayName: 'Hacked' }).where(eq(creators.handle, 'ben')).returning(),
    );
    const deleted = await database.withTenant(acme, (tx) =>
      tx.delete(creators).where(eq(creators.handle, 'ben')).returning(),
    );
    expect(updated).toEqual([]);
    expect(deleted).toEqual([]);
    const ben = await database.withTenant(blue, (tx) =>
      tx.select().from(creators).where(eq(creators.handle, 'ben')),
    );
    expect(ben[0]?.displayName).toBe('Ben');
  });

  it('cannot write a row into another tenant', async () => {
    await expect(
      database.withTenant(acme, (tx) =>
        tx.insert(creators).values({ tenantId: blue, handle: 'mole', displayName: 'Mole' }),
      ),
    ).rejects.toThrow();
    await expect(
      database.withTenant(acme, (tx) =>
        tx.insert(users).values({ tenantId: blue, displayName: 'Mole', role: 'tenant_admin' }),
      ),
    ).rejects.toThrow();
  });

  it('cannot move its own row into another tenant', async () => {
    await expect(
      database.withTenant(acme, (tx) =>
        tx.update(creators).set({ tenantId: blue }).where(eq(creators.handle, 'ana')),
      ),
    ).rejects.toThrow();
  });

  it('sees nothing at all outside a tenant transaction context', async () => {
    const rows = await database.withTenant(acme, async (tx) => {
      // Clearing the setting mid-transaction must not widen access: null matches no row.
      await tx.execute("select set_config('app.tenant_id', '', true)");
      return tx.select().from(creators);
    });
    expect(rows).toEqual([]);
  });

  it('does not let the tenant context outlive its transaction', async () => {
    await database.withTenant(acme, (tx) => tx.select().from(creators));
    const leftover = await database.withOwner((q) =>
      q.query<{ value: string | null }>("select current_setting('app.tenant_id', true) as value"),
    );
    expect(leftover[0]?.value ?? '').toBe('');
  });

  it('refuses a tenant id that is not a UUID before touching the database', async () => {
    await expect(database.withTenant("x' or 1=1 --", async () => 1)).rejects.toThrow(/must be a UUID/);
  });

  it('cannot point a row at another tenant’s row, and the error is the one a missing id gets', async () => {
    const [ben] = await database.withTenant(blue, (tx) =>
      tx.select({ id: creators.id }).from(creators).where(eq(creators.handle, 'ben')),
    );
    const rule = (creatorId: string) =>
      database.withTenant(acme, (tx) =>
        tx.insert(availabilityRules).values({
          tenantId: acme,
          creatorId,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          startTime: '10:00',
          endTime: '12:00',
        }),
      );
    const crossTenant = await failure(rule(ben!.id));
    const missing = await failure(rule('00000000-0000-4000-8000-000000000000'));
    expect(crossTenant.code).toBe('23503');
    expect(missing.code).toBe('23503');
    expect(crossTenant.message.replace(ben!.id, 'ID')).toBe(
      missing.message.replace('00000000-0000-4000-8000-000000000000', 'ID'),
    );
  });

  it('may rename its tenant but not change its plan or status', async () => {
    await database.withTenant(acme, (tx) => tx.update(tenants).set({ name: 'Acme Music Group' }));
    expect(
      (await failure(database.withTenant(acme, (tx) => tx.update(tenants).set({ plan: 'enterprise' })))).code,
    ).toBe('42501');
    expect(
      (await failure(database.withTenant(acme, (tx) => tx.update(tenants).set({ status: 'active' })))).code,
    ).toBe('42501');
    const [row] = await database.withSystem((tx) => tx.select().from(tenants).where(eq(tenants.id, acme)));
    expect(row).toMatchObject({ name: 'Acme Music Group', plan: 'free', status: 'active' });
  });

  it.runIf(options.hasLoginRoles)(
    'connects as the application role itself: RESET ROLE changes nothing',
    async () => {
      const after = await database.withTenant(acme, async (tx) => {
        await tx.execute('reset role');
        const result = (await tx.execute('select current_user as name')) as unknown as {
          rows: { name: string }[];
        };
        return {
          who: result.rows[0]!.name,
          creators: await tx.select({ handle: creators.handle }).from(creators),
        };
      });
      expect(after).toEqual({ who: 'session_align_app', creators: [{ handle: 'ana' }] });
      expect((await failure(database.withTenant(acme, (tx) => tx.execute('set role postgres')))).code).toBe(
        '42501',
      );
      expect(
        (await failure(database.withTenant(acme, (tx) => tx.execute('set role session_align_system')))).code,
      ).toBe('42501');
    },
  );

  it('cannot read other tenants’ audit events, nor rewrite its own', async () => {
    const acmeAudit = await database.withTenant(acme, (tx) => tx.select().from(auditEvents));
    expect(acmeAudit.length).toBeGreaterThan(0);
    expect(new Set(acmeAudit.map((event) => event.tenantId))).toEqual(new Set([acme]));
    await expect(
      database.withTenant(acme, (tx) => tx.update(auditEvents).set({ action: 'rewritten' })),
    ).rejects.toThrow();
  });
}

// PGlite has one in-process client (no log-in): it keeps SET LOCAL ROLE, and no SQL text from a user
// ever reaches it as a statement, so there is nobody to send RESET ROLE.
describe('tenant isolation on PGlite', () => {
  isolationSuite(
    async () => {
      const database = await openTestPglite();
      return { database, close: () => database.close() };
    },
    { hasLoginRoles: false },
  );
});

// The server's PGlite: on a thread of its own, statements pipelined, read-only work one statement at a time.
describe('tenant isolation on PGlite on its own thread', () => {
  isolationSuite(
    async () => {
      const database = await openTestPglite({ thread: 'worker' });
      return { database, close: () => database.close() };
    },
    { hasLoginRoles: false },
  );
});

const isPostgresUp = await serviceAvailable('postgres');
describe.skipIf(!isPostgresUp)('tenant isolation on the PostgreSQL server', () => {
  isolationSuite(
    async () => {
      const server = await openTestPostgres();
      return { database: server.database, close: server.drop };
    },
    { hasLoginRoles: true },
  );
});
