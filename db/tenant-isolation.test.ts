import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../test/support/services.ts';
import { openTestPglite, openTestPostgres } from '../test/support/test-databases.ts';
import type { Database } from './database.ts';
import { databaseTenantDirectory } from './repositories/tenant-directory.ts';
import { auditEvents, creators, tenants, users } from './schema/index.ts';

function isolationSuite(open: () => Promise<{ database: Database; close(): Promise<void> }>) {
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

  it('cannot read other tenants’ audit events, nor rewrite its own', async () => {
    const acmeAudit = await database.withTenant(acme, (tx) => tx.select().from(auditEvents));
    expect(acmeAudit.length).toBeGreaterThan(0);
    expect(new Set(acmeAudit.map((event) => event.tenantId))).toEqual(new Set([acme]));
    await expect(
      database.withTenant(acme, (tx) => tx.update(auditEvents).set({ action: 'rewritten' })),
    ).rejects.toThrow();
  });
}

describe('tenant isolation on PGlite', () => {
  isolationSuite(async () => {
    const database = await openTestPglite();
    return { database, close: () => database.close() };
  });
});

const isPostgresUp = await serviceAvailable('postgres');
describe.skipIf(!isPostgresUp)('tenant isolation on the PostgreSQL server', () => {
  isolationSuite(async () => {
    const server = await openTestPostgres();
    return { database: server.database, close: server.drop };
  });
});
