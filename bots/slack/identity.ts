import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/commands/command.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../core/tenancy/roles.ts';
import type { Database, Tx } from '../../db/database.ts';
import { recordAudit } from '../../db/repositories/audit.repository.ts';
import { findActorByIdentity, insertUser } from '../../db/repositories/people.repository.ts';
import { creators, identities, tenants, users } from '../../db/schema/index.ts';

/** What Slack tells us about a person (`users.info`), reduced to what we keep. */
export interface SlackProfile {
  displayName: string;
  timeZone?: string;
  email?: string;
}

/** The role a Slack user gets on first contact, unless the tenant's settings say otherwise. */
export const DEFAULT_SLACK_ROLE: Role = 'creator';

/**
 * The user behind a Slack user id in this tenant, created on first contact: linked to an existing
 * user with the same e-mail when there is one (a creator imported from the roster), otherwise a new
 * user whose role comes from the tenant's policy (`settings.slack.defaultRole`, else `creator`).
 * `lookup` is only called for someone we have not seen, so Slack is asked once per person.
 *
 * @example
 * const actor = await resolveSlackActor(database, tenantId, 'U0123', () => slackProfile(client, 'U0123'));
 */
export async function resolveSlackActor(
  database: Database,
  tenantId: string,
  slackUserId: string,
  lookup: () => Promise<SlackProfile>,
): Promise<Actor> {
  const known = await database.withTenant(tenantId, (tx) => findActorByIdentity(tx, 'slack', slackUserId));
  if (known) return known;
  const profile = await lookup();
  return database.withTenant(tenantId, async (tx) => {
    // Two first requests from one person can race: the unique identity key decides, both see one user.
    const again = await findActorByIdentity(tx, 'slack', slackUserId);
    if (again) return again;
    const linked = profile.email ? await userByEmail(tx, profile.email) : undefined;
    if (linked) {
      await tx
        .insert(identities)
        .values({ tenantId, userId: linked, platform: 'slack', externalUserId: slackUserId })
        .onConflictDoNothing();
    } else {
      const role = await defaultRole(tx);
      await insertUser(tx, {
        tenantId,
        displayName: profile.displayName,
        role,
        ...(profile.email ? { email: profile.email } : {}),
        ...(profile.timeZone ? { timeZone: profile.timeZone } : {}),
        identity: { platform: 'slack', externalUserId: slackUserId },
      });
    }
    const actor = await findActorByIdentity(tx, 'slack', slackUserId);
    if (!actor) throw new AppError('tenancy.unknown_user', 'Your account here is disabled. Ask an admin.');
    return actor;
  });
}

async function userByEmail(tx: Tx, email: string): Promise<string | undefined> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return rows[0]?.id;
}

async function defaultRole(tx: Tx): Promise<Role> {
  const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).limit(1);
  const configured = (tenant?.settings.slack as { defaultRole?: unknown } | undefined)?.defaultRole;
  return ROLES.includes(configured as Role) ? (configured as Role) : DEFAULT_SLACK_ROLE;
}

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

/** Makes a user tenant admin without an acting admin: the person who installed the app. */
export async function makeAdmin(database: Database, tenantId: string, userId: string, actorLabel: string) {
  await database.withTenant(tenantId, async (tx) => {
    await tx.update(users).set({ role: 'tenant_admin', updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(tx, {
      tenantId,
      actorLabel,
      action: 'user.role_changed',
      entity: 'user',
      entityId: userId,
      newValues: { role: 'tenant_admin' },
    });
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
