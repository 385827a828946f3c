import { z } from 'zod';
import { newTenantSchema, type Tenant } from '../../core/tenancy/tenant.ts';
import type { Database } from '../database.ts';
import { CONSOLE_ADMIN_IDENTITY } from '../seed.ts';
import { recordAudit } from './audit.repository.ts';
import { insertUser } from './people.repository.ts';
import { insertTenant, parseNewTenant } from './tenant-directory.ts';

const newTenantWithAdminSchema = newTenantSchema.extend({
  adminEmail: z
    .email({ error: 'an e-mail address such as ops@acme.example' })
    .max(254, 'an e-mail address of at most 254 characters')
    .optional(),
});
export type NewTenantWithAdmin = z.input<typeof newTenantWithAdminSchema>;

export interface ProvisionedTenant {
  tenant: Tenant;
  admin: { userId: string; displayName: string; email?: string; consoleIdentity: string };
}

/**
 * A new tenant and its first admin (role tenant_admin, console identity `admin`, the e-mail when
 * given, so a Slack user with that verified address links to them), in one transaction: a bad field
 * or a taken slug writes nothing.
 *
 * @example
 * const { admin } = await createTenantWithAdmin(database, { slug: 'acme', name: 'Acme Music' });
 * // session-align chat --tenant acme --as admin
 */
export async function createTenantWithAdmin(
  database: Database,
  input: NewTenantWithAdmin,
): Promise<ProvisionedTenant> {
  const { adminEmail, ...fields } = parseNewTenant(newTenantWithAdminSchema, input);
  return database.withSystem(async (tx) => {
    const tenant = await insertTenant(tx, fields);
    const displayName = `${tenant.name} Admin`;
    const userId = await insertUser(tx, {
      tenantId: tenant.id,
      displayName,
      role: 'tenant_admin',
      timeZone: 'UTC',
      ...(adminEmail ? { email: adminEmail } : {}),
      identity: { platform: 'console', externalUserId: CONSOLE_ADMIN_IDENTITY },
    });
    // The address stays out of the audit trail: it is personal data, and the user row holds it.
    await recordAudit(tx, {
      tenantId: tenant.id,
      actorLabel: 'operator',
      action: 'user.created',
      entity: 'user',
      entityId: userId,
      newValues: { role: 'tenant_admin', displayName, hasEmail: Boolean(adminEmail) },
    });
    return {
      tenant,
      admin: {
        userId,
        displayName,
        ...(adminEmail ? { email: adminEmail } : {}),
        consoleIdentity: CONSOLE_ADMIN_IDENTITY,
      },
    };
  });
}
