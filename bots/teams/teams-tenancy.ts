import type { InstallationStore } from '../../core/surface/installations.ts';
import type { TenantDirectory } from '../../core/tenancy/tenant.ts';
import type { Logger } from '../runtime/logger.ts';

/** Marks the installations made in single-tenant mode: TEAMS_TENANT decides their tenant. */
export const ENV_INSTALLER = 'env:TEAMS_TENANT';

export const NOT_INSTALLED_TEAMS =
  'Session Align is not installed for your organisation. Ask an admin of your company’s Session Align workspace for a connect code (they type /install teams) and send it here: connect SA1-…';

/**
 * `single`: every Entra tenant that reaches this bot is served by one Session Align tenant
 * (TEAMS_TENANT, like SLACK_TENANT), its installation row made on install or first contact.
 * `installed`: only Entra tenants that already have an installation row are served; an organisation
 * gains one when someone in it sends the bot a connect code from `/install teams`.
 */
export type TeamsTenancyMode = { mode: 'single'; tenantSlug: string } | { mode: 'installed' };

/**
 * The Session Align tenant of an Entra tenant (`conversation.tenantId`), through the installation
 * row for platform `teams`. No row (and not single-tenant mode): no tenant, never a default one.
 */
export function teamsTenancy(options: {
  installations: InstallationStore;
  tenants: Pick<TenantDirectory, 'findBySlug'>;
  mode: TeamsTenancyMode;
  logger: Logger;
}) {
  return {
    async tenantFor(entraTenantId: string, botId?: string): Promise<string | undefined> {
      const found = await options.installations.find('teams', entraTenantId);
      if (found) return found.tenantId;
      if (options.mode.mode !== 'single') return undefined;
      const tenant = await options.tenants.findBySlug(options.mode.tenantSlug);
      if (!tenant) {
        options.logger.error({ slug: options.mode.tenantSlug }, 'TEAMS_TENANT names no tenant');
        return undefined;
      }
      await options.installations.save({
        platform: 'teams',
        externalId: entraTenantId,
        enterpriseId: null,
        tenantId: tenant.id,
        botUserId: botId ?? null,
        installedBy: ENV_INSTALLER,
        credentials: {},
      });
      options.logger.info({ entraTenantId, tenant: tenant.slug }, 'teams organisation installed');
      return tenant.id;
    },
  };
}

export type TeamsTenancy = ReturnType<typeof teamsTenancy>;
