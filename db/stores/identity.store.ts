import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { IdentityStore, IdentityTx } from '../../core/surface/identity.ts';
import type { Database, Tx } from '../database.ts';
import { findActorByIdentity, insertUser } from '../repositories/people.repository.ts';
import { creators, identities, tenants, users } from '../schema/index.ts';

function identityTx(tx: Tx, tenantId: string): IdentityTx {
  return {
    findActor: (user) => findActorByIdentity(tx, user.platform, user.externalUserId),
    async hasIdentity(user) {
      const [row] = await tx
        .select({ userId: identities.userId })
        .from(identities)
        .where(
          and(eq(identities.platform, user.platform), eq(identities.externalUserId, user.externalUserId)),
        )
        .limit(1);
      return row !== undefined;
    },
    async userIdByEmail(email) {
      const [row] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(sql`lower(${users.email}) = lower(${email})`, eq(users.status, 'active')))
        .limit(1);
      return row?.id;
    },
    async link(user, userId) {
      await tx
        .insert(identities)
        .values({
          tenantId,
          userId,
          platform: user.platform,
          externalUserId: user.externalUserId,
          workspaceId: user.workspaceId ?? null,
        })
        .onConflictDoNothing();
    },
    async roleOf(userId) {
      const [row] = await tx
        .select({ role: users.role })
        .from(users)
        .where(and(eq(users.id, userId), eq(users.status, 'active')));
      return row?.role;
    },
    async createUser(profile, user) {
      await insertUser(tx, {
        tenantId,
        displayName: profile.displayName,
        role: profile.role,
        ...(profile.email ? { email: profile.email } : {}),
        ...(profile.timeZone ? { timeZone: profile.timeZone } : {}),
        identity: {
          platform: user.platform,
          externalUserId: user.externalUserId,
          ...(user.workspaceId ? { workspaceId: user.workspaceId } : {}),
        },
      });
    },
    async handlesFor(platform, externalUserIds) {
      if (externalUserIds.length === 0) return new Map();
      const rows = await tx
        .select({ externalUserId: identities.externalUserId, handle: creators.handle })
        .from(identities)
        .innerJoin(creators, eq(creators.userId, identities.userId))
        .where(
          and(eq(identities.platform, platform), inArray(identities.externalUserId, [...externalUserIds])),
        );
      return new Map(rows.map((row) => [row.externalUserId, row.handle]));
    },
    async configuredDefaultRole(platform) {
      const [tenant] = await tx.select({ settings: tenants.settings }).from(tenants).limit(1);
      return (tenant?.settings[platform] as { defaultRole?: unknown } | undefined)?.defaultRole;
    },
  };
}

/** Identities on the database: every call runs in one tenant transaction, under forced RLS. */
export function databaseIdentityStore(database: Database): IdentityStore {
  return {
    inTenant: (tenantId, fn) => database.withTenant(tenantId, (tx) => fn(identityTx(tx, tenantId))),
    // Runs for deliveries that name only a user (the session sweep), before a tenant is chosen.
    reach: (userId, platform) =>
      database.withSystem((tx) =>
        tx
          .select({
            tenantId: identities.tenantId,
            workspaceId: identities.workspaceId,
            externalUserId: identities.externalUserId,
          })
          .from(identities)
          .where(and(eq(identities.userId, userId), eq(identities.platform, platform)))
          .orderBy(desc(identities.createdAt)),
      ),
  };
}
