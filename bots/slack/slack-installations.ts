import { type AuthorizeResult, type AuthorizeSourceData, webApi } from '@slack/bolt';
import type { Installation, InstallationStore } from '../../core/surface/installations.ts';
import type { TenantDirectory } from '../../core/tenancy/tenant.ts';
import type { Logger } from '../runtime/logger.ts';
import { ttlCache } from '../runtime/ttl-cache.ts';
import type { WebClientOptions } from './web-client.ts';

/** Marks the installation made from SLACK_BOT_TOKEN, whose token always comes from the environment. */
export const ENV_INSTALLER = 'env:SLACK_BOT_TOKEN';

export interface SlackTenancyOptions {
  installations: InstallationStore;
  tenants: Pick<TenantDirectory, 'findBySlug'>;
  clientOptions: WebClientOptions;
  logger: Logger;
  /** Single-workspace mode: the bot token and the slug of the tenant it serves. */
  singleWorkspace?: { botToken: string; tenantSlug: string };
  /**
   * How long a found installation is remembered (default 30 s): every request is authorized before
   * its ack, and this keeps the database out of that path. After it the installation is re-read in
   * the background while requests go on with the one remembered (a refresh waiting behind a busy
   * PGlite session held every ack in the meantime; same-run A/Bs under 100 concurrent /pair: ack
   * p99 609 -> 419 and 478 -> 438 ms). A re-install with a new token is seen within this time and
   * one re-read; a new install at once (misses are not remembered).
   */
  cacheMs?: number;
}

/** What Bolt's `authorize` returns: a workspace's token and tenant, or the mark of one that never installed. */
export type SlackAuthorization = AuthorizeResult &
  ({ tenantId: string; botToken: string; workspaceId: string } | { isNotInstalled: true });

/** The installation's key for a request: the Enterprise org for org-wide installs, else the team. */
function workspaceKeys(source: AuthorizeSourceData<boolean>): string[] {
  const keys = [source.isEnterpriseInstall ? source.enterpriseId : source.teamId, source.enterpriseId];
  return [...new Set(keys.filter((key): key is string => Boolean(key)))];
}

/**
 * The workspaces Session Align serves, and Bolt's `authorize` over them. A workspace is served only
 * when it has an installation: one made by the OAuth install, or the one workspace SLACK_BOT_TOKEN
 * belongs to (`auth.test` says which, asked once at start and again after a failure). Every other
 * workspace gets no tenant and no token: its requests are answered "not installed".
 * https://docs.slack.dev/authentication/installing-with-oauth
 */
export function slackTenancy(options: SlackTenancyOptions) {
  let envBinding: Promise<string | undefined> | undefined;
  const found = ttlCache<Installation>({ ttlMs: options.cacheMs ?? 30_000, maxEntries: 10_000 });

  /** Records the env token's own workspace as an installation of SLACK_TENANT; its external id. */
  async function bindEnvWorkspace(): Promise<string | undefined> {
    const single = options.singleWorkspace;
    if (!single) return undefined;
    const auth = (await new webApi.WebClient(single.botToken, options.clientOptions).auth.test()) as {
      team_id?: string;
      enterprise_id?: string;
      is_enterprise_install?: boolean;
      user_id?: string;
    };
    const externalId = auth.is_enterprise_install ? auth.enterprise_id : auth.team_id;
    if (!externalId) throw new Error('auth.test named no workspace for SLACK_BOT_TOKEN');
    const tenant = await options.tenants.findBySlug(single.tenantSlug);
    if (!tenant) throw new Error(`SLACK_TENANT names "${single.tenantSlug}", which is not a tenant`);
    const existing = await options.installations.find('slack', externalId);
    if (existing && existing.installedBy !== ENV_INSTALLER && existing.tenantId !== tenant.id) {
      options.logger.warn(
        { workspaceId: externalId },
        'SLACK_BOT_TOKEN belongs to a workspace installed into another tenant by OAuth: that install wins',
      );
      return externalId;
    }
    found.delete(externalId);
    if (!existing || existing.installedBy === ENV_INSTALLER) {
      await options.installations.save({
        platform: 'slack',
        externalId,
        enterpriseId: auth.enterprise_id ?? null,
        tenantId: tenant.id,
        botUserId: auth.user_id ?? existing?.botUserId ?? null,
        installedBy: ENV_INSTALLER,
        // The token stays in the environment; nothing to seal.
        credentials: {},
      });
    }
    options.logger.info({ workspaceId: externalId, tenant: single.tenantSlug }, 'slack bot token bound');
    return externalId;
  }

  /** The env workspace's id; a failed attempt (Slack unreachable at start) is retried on the next call. */
  function envWorkspace(): Promise<string | undefined> {
    envBinding ??= bindEnvWorkspace().catch((error: unknown) => {
      envBinding = undefined;
      options.logger.warn({ err: error }, 'could not bind SLACK_BOT_TOKEN to its workspace (auth.test)');
      return undefined;
    });
    return envBinding;
  }

  const tokenOf = (installation: Installation) =>
    installation.installedBy === ENV_INSTALLER
      ? options.singleWorkspace?.botToken
      : installation.credentials.botToken;

  async function findInstallation(keys: readonly string[]): Promise<Installation | undefined> {
    for (const key of keys) {
      const installation = await found.get(key, () => options.installations.find('slack', key));
      if (installation) return installation;
    }
    return undefined;
  }

  return {
    /** Binds SLACK_BOT_TOKEN's workspace now (server start); failures are logged and retried later. */
    start: () => envWorkspace(),

    /** Bolt's `authorize`. Never throws for an unknown workspace: that request is answered, not dropped. */
    async authorize(source: AuthorizeSourceData<boolean>): Promise<SlackAuthorization> {
      const keys = workspaceKeys(source);
      let installation = await findInstallation(keys);
      if (!installation && options.singleWorkspace) {
        const bound = await envWorkspace();
        if (bound && keys.includes(bound)) installation = await findInstallation([bound]);
      }
      const botToken = installation ? tokenOf(installation) : undefined;
      if (!installation || !botToken) return { isNotInstalled: true };
      return {
        botToken,
        ...(installation.botUserId ? { botUserId: installation.botUserId } : {}),
        ...(source.teamId ? { teamId: source.teamId } : {}),
        ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}),
        tenantId: installation.tenantId,
        workspaceId: installation.externalId,
      };
    },

    /** The bot token that reaches people of this installation (the env token for its own workspace). */
    tokenOf,
  };
}

export type SlackTenancy = ReturnType<typeof slackTenancy>;
