import type { Actor } from '../commands/command.ts';
import { ROLES, type Role } from '../tenancy/roles.ts';

export type IdentityPlatform = 'slack' | 'teams' | 'discord' | 'console';

/** A person as a platform knows them: which platform, which workspace there, which user id. */
export interface PlatformUser {
  platform: IdentityPlatform;
  /** The installation's external id (Slack team or Enterprise org, Teams tenant, Discord guild). */
  workspaceId?: string;
  externalUserId: string;
}

/** What a platform tells us about a person on first contact. */
export interface PlatformProfile {
  displayName: string;
  timeZone?: string;
  /** Only an address the platform has verified may link to an existing user. */
  email?: string;
}

/** Identity reads and writes inside one tenant transaction (forced RLS: one tenant's rows only). */
export interface IdentityTx {
  /** The active user behind this identity; undefined for someone unknown or disabled. */
  findActor(user: PlatformUser): Promise<Actor | undefined>;
  /** Whether this platform user has an identity in this tenant (a disabled user still has one). */
  hasIdentity(user: PlatformUser): Promise<boolean>;
  /** An active user of this tenant with this address (case-insensitive). */
  userIdByEmail(email: string): Promise<string | undefined>;
  link(user: PlatformUser, userId: string): Promise<void>;
  /** The role of an active user of this tenant; undefined for someone unknown or disabled. */
  roleOf(userId: string): Promise<Role | undefined>;
  createUser(profile: PlatformProfile & { role: Role }, user: PlatformUser): Promise<void>;
  /** `settings.<platform>.defaultRole` of the tenant, as stored. */
  configuredDefaultRole(platform: IdentityPlatform): Promise<unknown>;
  /** Creator handles of these platform users, where they have one (mentions become `@handle`). */
  handlesFor(platform: IdentityPlatform, externalUserIds: readonly string[]): Promise<Map<string, string>>;
}

/** Where one user can be reached on a platform: the identity and the workspace it came from. */
export interface PlatformReach {
  tenantId: string;
  /** Null for identities recorded before workspaces were (then the tenant's only installation). */
  workspaceId: string | null;
  externalUserId: string;
}

export interface IdentityStore {
  inTenant<T>(tenantId: string, fn: (tx: IdentityTx) => Promise<T>): Promise<T>;
  /** The user's identities on `platform` (user ids are unique across tenants), most recent first. */
  reach(userId: string, platform: IdentityPlatform): Promise<PlatformReach[]>;
}

/** The role someone reached through a platform gets on first contact, unless the tenant says otherwise. */
export const DEFAULT_PLATFORM_ROLE: Role = 'creator';

/**
 * The tenant user behind a platform user, created on first contact. Created users get the tenant's
 * default role for that platform. E-mail linking only ever links within the one tenant the request
 * belongs to (the store's transaction sees no other tenant's users). `lookup` is asked only for
 * someone not seen before.
 *
 * @example
 * const actor = await resolveActor(identities, tenantId, { platform: 'slack', workspaceId: 'T0ACME', externalUserId: 'U01' }, () => profileOf('U01'));
 */
export async function resolveActor(
  store: IdentityStore,
  tenantId: string,
  user: PlatformUser,
  lookup: () => Promise<PlatformProfile>,
): Promise<Actor | undefined> {
  const known = await store.inTenant(
    tenantId,
    async (tx) => (await tx.findActor(user)) ?? ((await tx.hasIdentity(user)) ? 'disabled' : undefined),
  );
  // A disabled user keeps their identity: not asked about, not created again.
  if (known === 'disabled') return undefined;
  if (known) return known;
  const profile = await lookup();
  return store.inTenant(tenantId, async (tx) => {
    // Two first requests from one person can race: the unique identity key decides, both see one user.
    const again = await tx.findActor(user);
    if (again) return again;
    const linked = profile.email ? await tx.userIdByEmail(profile.email) : undefined;
    if (linked) await tx.link(user, linked);
    else {
      const configured = await tx.configuredDefaultRole(user.platform);
      const role = ROLES.includes(configured as Role) ? (configured as Role) : DEFAULT_PLATFORM_ROLE;
      await tx.createUser({ ...profile, role }, user);
    }
    // Undefined when the user it linked to is disabled.
    return tx.findActor(user);
  });
}
