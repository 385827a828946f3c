import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { installations } from '../schema/index.ts';
import { secretBox } from '../secret-box.ts';
import { installationsRepository } from './installations.repository.ts';
import { databaseTenantDirectory } from './tenant-directory.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestPglite();
});
afterAll(() => database.close());

describe('installations', () => {
  it('maps a workspace to its tenant, with credentials sealed at rest', async () => {
    const repository = installationsRepository(database, secretBox(randomBytes(32)));
    const acme = await databaseTenantDirectory(database).create({ slug: 'acme-inst', name: 'Acme' });
    await repository.save({
      tenantId: acme.id,
      platform: 'slack',
      externalId: 'T0001',
      botUserId: 'U0BOT',
      credentials: { botToken: 'xoxb-very-secret' },
    });
    const resolved = await repository.resolve('slack', 'T0001');
    expect(resolved).toMatchObject({
      tenantId: acme.id,
      botUserId: 'U0BOT',
      credentials: { botToken: 'xoxb-very-secret' },
    });
    expect(await repository.resolve('slack', 'T9999')).toBeUndefined();
    expect(await repository.resolve('discord', 'T0001')).toBeUndefined();

    const stored = await database.withTenant(acme.id, (tx) => tx.select().from(installations));
    expect(JSON.stringify(stored)).not.toContain('xoxb-very-secret');
  });

  it('re-installing the same workspace updates it rather than adding a second', async () => {
    const repository = installationsRepository(database, secretBox(randomBytes(32)));
    const tenant = await databaseTenantDirectory(database).create({ slug: 'reinstall', name: 'Re' });
    const base = { tenantId: tenant.id, platform: 'teams' as const, externalId: 'aad-tenant-1' };
    await repository.save({ ...base, credentials: { appPassword: 'one' } });
    await repository.save({ ...base, credentials: { appPassword: 'two' } });
    expect((await repository.resolve('teams', 'aad-tenant-1'))?.credentials).toEqual({ appPassword: 'two' });
    expect(await database.withTenant(tenant.id, (tx) => tx.select().from(installations))).toHaveLength(1);
  });
});
