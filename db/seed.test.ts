import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../test/support/test-databases.ts';
import type { Database } from './database.ts';
import { databaseTenantDirectory } from './repositories/tenant-directory.ts';
import { creators, identities, users } from './schema/index.ts';
import { CONSOLE_ADMIN_IDENTITY, DEMO_TENANT, seedDemoOnFirstRun } from './seed.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestPglite();
});
afterAll(async () => {
  await database.close();
});

/** A real failure inside the roster transaction, after the tenant row has committed. */
const failRosterInserts = (isOn: boolean) =>
  database.withOwner((sql) =>
    sql.exec(
      isOn
        ? `create function fail_roster_insert() returns trigger language plpgsql as $$
             begin raise exception 'injected: the process died while seeding'; end $$;
           create trigger fail_roster_insert before insert on creators
             for each statement execute function fail_roster_insert();`
        : 'drop trigger fail_roster_insert on creators; drop function fail_roster_insert();',
    ),
  );

async function demoContents() {
  const tenant = await databaseTenantDirectory(database).findBySlug(DEMO_TENANT.slug);
  if (!tenant) return undefined;
  return database.withTenant(tenant.id, async (tx) => {
    const [admins] = await tx
      .select({ n: count() })
      .from(identities)
      .innerJoin(users, eq(users.id, identities.userId))
      .where(eq(identities.externalUserId, CONSOLE_ADMIN_IDENTITY));
    const [roster] = await tx.select({ n: count() }).from(creators);
    return { admins: admins!.n, creators: roster!.n };
  });
}

describe('first-run seeding of the demo tenant', () => {
  it('completes a demo tenant whose first seeding died after the tenant row existed', async () => {
    await failRosterInserts(true);
    await expect(seedDemoOnFirstRun(database)).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringContaining('injected') }),
    });
    await failRosterInserts(false);
    expect(await demoContents()).toEqual({ admins: 0, creators: 0 });

    const logged: string[] = [];
    await seedDemoOnFirstRun(database, { info: (_fields, message) => logged.push(message) });
    expect(await demoContents()).toEqual({ admins: 1, creators: DEMO_TENANT.creatorCount });
    expect(logged).toEqual(['completed the half-seeded demo tenant']);

    // A complete demo tenant is left alone.
    await seedDemoOnFirstRun(database, { info: (_fields, message) => logged.push(message) });
    expect(await demoContents()).toEqual({ admins: 1, creators: DEMO_TENANT.creatorCount });
    expect(logged).toHaveLength(1);
  });
});
