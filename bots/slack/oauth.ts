import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { webApi } from '@slack/bolt';
import { installationsRepository } from '../../db/repositories/installations.repository.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import type { Logger } from '../runtime/logger.ts';
import { makeAdmin, resolveSlackActor } from './identity.ts';
import { BOT_SCOPES } from './manifest.ts';
import type { SlackTenancyOptions } from './slack-installations.ts';
import { uniqueTenantSlug } from './slack-installations.ts';
import { slackProfile } from './slack-profile.ts';
import type { WebClientOptions } from './web-client.ts';

export const DEFAULT_AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';
export const STATE_COOKIE = 'sa_slack_oauth_state';
const STATE_TTL_MS = 10 * 60 * 1000;

export interface SlackOAuthOptions extends SlackTenancyOptions {
  clientId: string;
  clientSecret: string;
  /** Where Slack sends people back: `${PUBLIC_URL}/slack/oauth_redirect`. */
  redirectUri: string;
  authorizeUrl?: string;
  clientOptions: WebClientOptions;
  logger: Logger;
  nowMs?: () => number;
}

/**
 * The install link: Slack's authorize URL with our scopes and a signed, expiring `state` that is
 * also set as a cookie, so the redirect can only complete the install the same browser started.
 * https://docs.slack.dev/authentication/installing-with-oauth
 */
export function startInstall(options: SlackOAuthOptions): { location: string; state: string } {
  const nowMs = (options.nowMs ?? Date.now)();
  const nonce = randomBytes(16).toString('base64url');
  const payload = `${nonce}.${nowMs + STATE_TTL_MS}`;
  const state = `${payload}.${sign(options.clientSecret, payload)}`;
  const url = new URL(options.authorizeUrl ?? DEFAULT_AUTHORIZE_URL);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('scope', BOT_SCOPES.join(','));
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('state', state);
  return { location: url.toString(), state };
}

export type InstallOutcome =
  | { isInstalled: true; tenantSlug: string; teamName: string; isNewTenant: boolean }
  | { isInstalled: false; status: 400 | 403 | 502; message: string };

/**
 * The redirect back from Slack: checks `state`, exchanges `code` with `oauth.v2.access`, and stores
 * the installation (token sealed). A new workspace or Enterprise Grid org becomes a new tenant whose
 * first admin is the person who installed; a reinstall keeps its tenant and refreshes the token.
 */
export async function completeInstall(
  options: SlackOAuthOptions,
  query: { code?: string; state?: string; error?: string },
  cookieState: string | undefined,
): Promise<InstallOutcome> {
  if (query.error) return { isInstalled: false, status: 400, message: `Slack said: ${query.error}` };
  if (!query.code || !query.state)
    return { isInstalled: false, status: 400, message: 'Missing code or state.' };
  if (!isValidState(options, query.state, cookieState)) {
    return {
      isInstalled: false,
      status: 403,
      message: 'This install link expired or came from another browser.',
    };
  }
  const client = new webApi.WebClient(undefined, options.clientOptions);
  let access: OAuthAccess;
  try {
    access = (await client.oauth.v2.access({
      client_id: options.clientId,
      client_secret: options.clientSecret,
      code: query.code,
      redirect_uri: options.redirectUri,
    })) as OAuthAccess;
  } catch (error) {
    options.logger.warn({ err: error }, 'slack oauth.v2.access failed');
    return {
      isInstalled: false,
      status: 502,
      message: 'Slack did not accept the install. Please try again.',
    };
  }
  const externalId = access.is_enterprise_install ? access.enterprise?.id : access.team?.id;
  const name =
    (access.is_enterprise_install ? access.enterprise?.name : access.team?.name) ?? 'Slack workspace';
  if (!externalId || !access.access_token) {
    return { isInstalled: false, status: 502, message: 'Slack answered without a workspace or token.' };
  }
  const installations = installationsRepository(options.database, options.secrets);
  const directory = databaseTenantDirectory(options.database);
  const existing = await installations.resolve('slack', externalId);
  const tenant = existing
    ? (await directory.list()).find((t) => t.id === existing.tenantId)!
    : await directory.create({ slug: await uniqueTenantSlug(options.database, name, externalId), name });
  await installations.save({
    tenantId: tenant.id,
    platform: 'slack',
    externalId,
    enterpriseId: access.enterprise?.id ?? null,
    botUserId: access.bot_user_id ?? null,
    installedBy: access.authed_user?.id ?? null,
    credentials: { botToken: access.access_token, scope: access.scope ?? '', appId: access.app_id ?? '' },
  });
  if (!existing && access.authed_user?.id) {
    const installer = access.authed_user.id;
    const bot = new webApi.WebClient(access.access_token, options.clientOptions);
    const actor = await resolveSlackActor(options.database, tenant.id, installer, () =>
      slackProfile(bot, installer),
    );
    // The installer is the new tenant's first admin, whatever the default role for newcomers is.
    if (actor.role !== 'tenant_admin')
      await makeAdmin(options.database, tenant.id, actor.userId, 'slack install');
  }
  options.logger.info({ tenantId: tenant.id, externalId, isNewTenant: !existing }, 'slack app installed');
  return { isInstalled: true, tenantSlug: tenant.slug, teamName: name, isNewTenant: !existing };
}

interface OAuthAccess {
  access_token?: string;
  scope?: string;
  bot_user_id?: string;
  app_id?: string;
  team?: { id: string; name?: string } | null;
  enterprise?: { id: string; name?: string } | null;
  authed_user?: { id: string };
  is_enterprise_install?: boolean;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`slack-oauth-state:${payload}`).digest('base64url');
}

function isValidState(options: SlackOAuthOptions, state: string, cookieState: string | undefined): boolean {
  const [nonce, expiresAt, signature] = state.split('.');
  if (!nonce || !expiresAt || !signature || cookieState !== state) return false;
  const expected = Buffer.from(sign(options.clientSecret, `${nonce}.${expiresAt}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  return Number(expiresAt) > (options.nowMs ?? Date.now)();
}
