import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/commands/command.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { PlatformProfile } from '../../core/surface/identity.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../core/tenancy/roles.ts';
import type { Database, Tx } from '../../db/database.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { creators, identities, users } from '../../db/schema/index.ts';

/** What Slack tells us about a person (`users.info`), reduced to what we keep. */
export type SlackProfile = PlatformProfile;

/**
 * Changes someone's role. Only a tenant admin may, and the last admin cannot demote themselves.
 * `target` is a creator handle or `slack:<Slack user id>`.
 */
export async function setUserRole(
  database: Database,
  tenantId: string,
  input: { by: Actor; target: string; role: Role },
): Promise<{ displayName: string; previous: Role }> {
  if (input.by.role !== 'tenant_admin') {
    throw new AppError('tenancy.forbidden', 'Only an admin can change roles.');
  }
  return database.withTenant(tenantId, async (tx) => {
    const userId = await findUserId(tx, input.target);
    if (!userId) throw new AppError('tenancy.unknown_user', `No one called @${input.target} here.`);
    const [before] = await tx
      .select({ role: users.role, displayName: users.displayName })
      .from(users)
      .where(eq(users.id, userId));
    if (userId === input.by.userId && input.role !== 'tenant_admin') {
      const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'tenant_admin'));
      if (admins.length <= 1) {
        throw new AppError('tenancy.last_admin', 'You are the only admin: promote someone else first.');
      }
    }
    await tx.update(users).set({ role: input.role, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(tx, {
      tenantId,
      actorUserId: input.by.userId,
      actorLabel: input.by.displayName,
      action: 'user.role_changed',
      entity: 'user',
      entityId: userId,
      oldValues: { role: before!.role },
      newValues: { role: input.role },
    });
    return { displayName: before!.displayName, previous: before!.role };
  });
}

async function findUserId(tx: Tx, target: string): Promise<string | undefined> {
  if (target.startsWith('slack:')) {
    const rows = await tx
      .select({ userId: identities.userId })
      .from(identities)
      .where(
        and(
          eq(identities.platform, 'slack'),
          eq(sql`upper(${identities.externalUserId})`, target.slice('slack:'.length).toUpperCase()),
        ),
      );
    return rows[0]?.userId;
  }
  const rows = await tx
    .select({ userId: creators.userId })
    .from(creators)
    .where(eq(creators.handle, target.toLowerCase()));
  return rows[0]?.userId ?? undefined;
}

export const roleNames = (): string =>
  ROLES.map((role) => `${role.replace('tenant_', '')} (${ROLE_LABELS[role]})`).join(', ');

/** `admin` or `tenant_admin`, `staff`, … to a Role. */
export function parseRole(word: string | undefined): Role | undefined {
  const normal = word?.toLowerCase().replace(/^admin$/, 'tenant_admin');
  return ROLES.find((role) => role === normal);
}
