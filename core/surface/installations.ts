/** The chat platforms a tenant installs Session Align into. */
export const SURFACE_PLATFORMS = ['slack', 'teams', 'discord'] as const;
export type SurfacePlatform = (typeof SURFACE_PLATFORMS)[number];

/**
 * One installation: a Slack workspace (or Enterprise Grid org), a Teams (Entra) tenant or a
 * Discord guild, and the Session Align tenant it belongs to. An organisation that has not installed
 * has no row and gets no tenant: nothing is ever attached to a tenant by default.
 */
export interface Installation {
  platform: SurfacePlatform;
  /** Slack team id (or Enterprise org id for an org-wide install), Teams tenant id, Discord guild id. */
  externalId: string;
  enterpriseId: string | null;
  tenantId: string;
  botUserId: string | null;
  /** Who installed: a platform user id, or a marker such as `env:SLACK_BOT_TOKEN`. */
  installedBy: string | null;
  /** Bot tokens and the like; sealed at rest by the store, never logged. */
  credentials: Readonly<Record<string, string>>;
}

/**
 * Installations by platform and external id. Looked up before a tenant is known, so stores run it
 * across tenants (the system role); it returns at most the one row the id names.
 *
 * @example
 * const installation = await installations.find('slack', 'T0ACME');
 * if (!installation) return notInstalled(); // never a default tenant
 */
export interface InstallationStore {
  find(platform: SurfacePlatform, externalId: string): Promise<Installation | undefined>;
  /** Inserts, or updates the row for (platform, externalId). */
  save(installation: Installation): Promise<void>;
  /** Every installation of one tenant on one platform (to reach its people). */
  listForTenant(tenantId: string, platform: SurfacePlatform): Promise<Installation[]>;
}
