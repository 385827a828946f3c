import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { databaseTenantDirectory } from '../repositories/tenant-directory.ts';
import { installations } from '../schema/index.ts';
import { secretBox } from '../secret-box.ts';
import { databaseInstallationStore } from './installation.store.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestPglite();
});
afterAll(() => database.close());

describe('installations', () => {
  it('maps a workspace to its tenant, with credentials sealed at rest', async () => {
    const repository = databaseInstallationStore(database, secretBox(randomBytes(32)));
    const acme = await databaseTenantDirectory(database).create({ slug: 'acme-inst', name: 'Acme' });
    await repository.save({
      tenantId: acme.id,
      platform: 'slack',
      externalId: 'T0001',
      enterpriseId: null,
      botUserId: 'U0BOT',
      installedBy: 'U0ADMIN',
      credentials: { botToken: 'xoxb-very-secret' },
    });
    const resolved = await repository.find('slack', 'T0001');
    expect(resolved).toMatchObject({
      tenantId: acme.id,
      botUserId: 'U0BOT',
      credentials: { botToken: 'xoxb-very-secret' },
    });
    expect(await repository.find('slack', 'T9999')).toBeUndefined();
    expect(await repository.find('discord', 'T0001')).toBeUndefined();

    const stored = await database.withTenant(acme.id, (tx) => tx.select().from(installations));
    expect(JSON.stringify(stored)).not.toContain('xoxb-very-secret');
  });

  it('re-installing the same workspace updates it rather than adding a second', async () => {
    const repository = databaseInstallationStore(database, secretBox(randomBytes(32)));
    const tenant = await databaseTenantDirectory(database).create({ slug: 'reinstall', name: 'Re' });
    const base = {
      tenantId: tenant.id,
      platform: 'teams' as const,
      externalId: 'aad-tenant-1',
      enterpriseId: null,
      botUserId: null,
      installedBy: null,
    };
    await repository.save({ ...base, credentials: { appPassword: 'one' } });
    await repository.save({ ...base, credentials: { appPassword: 'two' } });
    expect((await repository.find('teams', 'aad-tenant-1'))?.credentials).toEqual({ appPassword: 'two' });
    expect(await database.withTenant(tenant.id, (tx) => tx.select().from(installations))).toHaveLength(1);
    expect((await repository.listForTenant(tenant.id, 'teams')).map((i) => i.externalId)).toEqual([
      'aad-tenant-1',
    ]);
    expect(await repository.listForTenant(tenant.id, 'slack')).toEqual([]);
  });
});
