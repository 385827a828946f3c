import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { auditEvents, users } from '../schema/index.ts';
import { seedTenant } from '../seed.ts';
import { findActorByIdentity } from './people.repository.ts';
import { databaseTenantDirectory } from './tenant-directory.ts';
import { createTenantWithAdmin } from './tenant-provisioning.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestPglite();
});
afterAll(() => database.close());

const slugs = async () => (await databaseTenantDirectory(database).list()).map((tenant) => tenant.slug);

describe('createTenantWithAdmin', () => {
  it('creates the tenant and its admin, reachable as the console identity "admin"', async () => {
    const { tenant, admin } = await createTenantWithAdmin(database, {
      slug: 'acme-music',
      name: 'Acme Music',
      adminEmail: 'ops@acme.example',
    });
    expect(tenant).toMatchObject({ slug: 'acme-music', name: 'Acme Music', plan: 'free', status: 'active' });
    expect(admin).toMatchObject({
      displayName: 'Acme Music Admin',
      email: 'ops@acme.example',
      consoleIdentity: 'admin',
    });
    const actor = await database.withTenant(tenant.id, (tx) => findActorByIdentity(tx, 'console', 'admin'));
    expect(actor).toEqual({
      userId: admin.userId,
      displayName: 'Acme Music Admin',
      role: 'tenant_admin',
      timeZone: 'UTC',
    });
    const rows = await database.withTenant(tenant.id, (tx) =>
      tx.select({ email: users.email, role: users.role }).from(users),
    );
    expect(rows).toEqual([{ email: 'ops@acme.example', role: 'tenant_admin' }]);
    const audit = await database.withTenant(tenant.id, (tx) =>
      tx.select({ action: auditEvents.action, newValues: auditEvents.newValues }).from(auditEvents),
    );
    expect(audit.map((row) => row.action).sort()).toEqual(['tenant.created', 'user.created']);
    expect(JSON.stringify(audit)).not.toContain('ops@acme.example');
  });

  it('leaves a seeded roster its one admin: seeding the new tenant adds no second one', async () => {
    const { tenant } = await createTenantWithAdmin(database, { slug: 'seeded-later', name: 'Seeded' });
    await seedTenant(database, { slug: 'seeded-later', creatorCount: 2, seed: 3 });
    const admins = await database.withTenant(tenant.id, (tx) => tx.select({ role: users.role }).from(users));
    expect(admins.filter((row) => row.role === 'tenant_admin')).toHaveLength(1);
  });

  it('writes nothing for a bad field, naming it with what was expected', async () => {
    const before = await slugs();
    await expect(
      createTenantWithAdmin(database, { slug: 'bad-mail', name: 'Bad', adminEmail: 'not-an-address' }),
    ).rejects.toMatchObject({
      code: 'tenancy.bad_tenant',
      message: 'adminEmail: expected an e-mail address such as ops@acme.example',
      details: { field: 'adminEmail', expected: 'an e-mail address such as ops@acme.example' },
    });
    await expect(createTenantWithAdmin(database, { slug: 'Bad Slug', name: 'x' })).rejects.toMatchObject({
      details: { field: 'slug' },
    });
    expect(await slugs()).toEqual(before);
  });

  it('refuses a slug that exists, changing nothing', async () => {
    const taken = await createTenantWithAdmin(database, { slug: 'taken', name: 'First' });
    await expect(createTenantWithAdmin(database, { slug: 'taken', name: 'Second' })).rejects.toMatchObject({
      code: 'tenancy.slug_taken',
      message: 'A tenant with slug "taken" already exists',
    });
    const rows = await database.withTenant(taken.tenant.id, (tx) => tx.select().from(users));
    expect(rows).toHaveLength(1);
    expect((await databaseTenantDirectory(database).findBySlug('taken'))?.name).toBe('First');
  });
});
