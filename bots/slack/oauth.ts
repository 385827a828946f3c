import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IdentityStore, PlatformUser } from '../../core/surface/identity.ts';
import type { InstallationStore } from '../../core/surface/installations.ts';
import type { TenantDirectory } from '../../core/tenancy/tenant.ts';
import { uniqueTenantSlug } from '../../core/tenancy/tenant-slug.ts';
import type { Logger } from '../runtime/logger.ts';
import { BOT_SCOPES } from './manifest.ts';
import { slackProfile } from './slack-profile.ts';
import type { WebClientOptions } from './web-client.ts';

export const DEFAULT_AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';
export const STATE_COOKIE = 'sa_slack_oauth_state';
const LINK_TTL_MS = 10 * 60 * 1000;

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Where Slack sends people back: `${PUBLIC_URL}/slack/oauth_redirect`. */
  redirectUri: string;
  authorizeUrl?: string;
  clientOptions: WebClientOptions;
  logger: Logger;
  installations: InstallationStore;
  tenants: Pick<TenantDirectory, 'findById' | 'create' | 'findBySlug'>;
  identities: IdentityStore;
  nowMs?: () => number;
}

/** An admin's request to connect a workspace to their existing tenant (`/install slack`). */
export interface AttachRequest {
  tenantId: string;
  /** The admin who asked for the link; the installer's Slack identity becomes theirs. */
  userId: string;
}

const sign = (secret: string, purpose: string, payload: string) =>
  createHmac('sha256', secret).update(`slack-${purpose}:${payload}`).digest('base64url');

function isSigned(secret: string, purpose: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, purpose, payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The link an admin of an existing tenant opens to install the app into a Slack workspace and attach
 * that workspace to their tenant. Signed with the client secret, valid ten minutes.
 *
 * @example
 * attachLink(options, 'https://align.example.com', { tenantId, userId }) // https://…/slack/install?attach=…
 */
export function attachLink(
  options: Pick<SlackOAuthOptions, 'clientSecret' | 'nowMs'>,
  publicUrl: string,
  request: AttachRequest,
): string {
  const payload = `${request.tenantId}.${request.userId}.${(options.nowMs ?? Date.now)() + LINK_TTL_MS}`;
  const token = `${payload}.${sign(options.clientSecret, 'attach', payload)}`;
  return `${publicUrl}/slack/install?attach=${encodeURIComponent(token)}`;
}

/** The attach request inside a valid, unexpired token; undefined for anything else. */
export function readAttachToken(
  options: Pick<SlackOAuthOptions, 'clientSecret' | 'nowMs'>,
  token: string | undefined,
): AttachRequest | undefined {
  const [tenantId, userId, expiresAt, signature, ...rest] = (token ?? '').split('.');
  if (!tenantId || !userId || !expiresAt || !signature || rest.length > 0) return undefined;
  if (!isSigned(options.clientSecret, 'attach', `${tenantId}.${userId}.${expiresAt}`, signature))
    return undefined;
  return Number(expiresAt) > (options.nowMs ?? Date.now)() ? { tenantId, userId } : undefined;
}

/**
 * The install link: Slack's authorize URL with our scopes and a signed, expiring `state` that is
 * also set as a cookie, so the redirect can only complete the install the same browser started.
 * An attach request travels inside the signed state.
 * https://docs.slack.dev/authentication/installing-with-oauth
 */
export function startInstall(
  options: SlackOAuthOptions,
  attach?: AttachRequest,
): { location: string; state: string } {
  const nowMs = (options.nowMs ?? Date.now)();
  const nonce = randomBytes(16).toString('base64url');
  const target = attach ? `${attach.tenantId}_${attach.userId}` : '-';
  const payload = `${nonce}.${nowMs + LINK_TTL_MS}.${target}`;
  const state = `${payload}.${sign(options.clientSecret, 'oauth-state', payload)}`;
  const url = new URL(options.authorizeUrl ?? DEFAULT_AUTHORIZE_URL);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('scope', BOT_SCOPES.join(','));
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('state', state);
  return { location: url.toString(), state };
}

function readState(
  options: SlackOAuthOptions,
  state: string,
  cookieState: string | undefined,
): { attach?: AttachRequest } | undefined {
  const [nonce, expiresAt, target, signature, ...rest] = state.split('.');
  if (!nonce || !expiresAt || !target || !signature || rest.length > 0 || cookieState !== state)
    return undefined;
  if (!isSigned(options.clientSecret, 'oauth-state', `${nonce}.${expiresAt}.${target}`, signature))
    return undefined;
  if (!(Number(expiresAt) > (options.nowMs ?? Date.now)())) return undefined;
  if (target === '-') return {};
  const [tenantId, userId] = target.split('_');
  return tenantId && userId ? { attach: { tenantId, userId } } : undefined;
}

export type InstallOutcome =
  | { isInstalled: true; tenantSlug: string; teamName: string; isNewTenant: boolean }
  | { isInstalled: false; status: 400 | 403 | 409 | 502; message: string };

const refused = (status: 400 | 403 | 409 | 502, message: string): InstallOutcome => ({
  isInstalled: false,
  status,
  message,
});

/**
 * The redirect back from Slack: checks `state`, exchanges `code` with `oauth.v2.access`, and stores
 * the installation (token sealed). A workspace installed before keeps its tenant (a reinstall
 * refreshes the token). A new one becomes a new tenant whose first admin is the installer, or, when
 * an admin of an existing tenant started the install with their attach link, joins that tenant with
 * the installer's Slack identity linked to that admin. A workspace is never attached to a tenant
 * any other way.
 */
export async function completeInstall(
  options: SlackOAuthOptions,
  query: { code?: string; state?: string; error?: string },
  cookieState: string | undefined,
): Promise<InstallOutcome> {
  if (query.error) return refused(400, `Slack said: ${query.error}`);
  if (!query.code || !query.state) return refused(400, 'Missing code or state.');
  const state = readState(options, query.state, cookieState);
  if (!state) return refused(403, 'This install link expired or came from another browser.');
  // Bolt loads on an install only: every command context reaches attachLink through this module.
  const { webApi: slackWebApi } = await import('@slack/bolt');
  let access: OAuthAccess;
  try {
    access = (await new slackWebApi.WebClient(undefined, options.clientOptions).oauth.v2.access({
      client_id: options.clientId,
      client_secret: options.clientSecret,
      code: query.code,
      redirect_uri: options.redirectUri,
    })) as OAuthAccess;
  } catch (error) {
    options.logger.warn({ err: error }, 'slack oauth.v2.access failed');
    return refused(502, 'Slack did not accept the install. Please try again.');
  }
  const externalId = access.is_enterprise_install ? access.enterprise?.id : access.team?.id;
  const name =
    (access.is_enterprise_install ? access.enterprise?.name : access.team?.name) ?? 'Slack workspace';
  const installer = access.authed_user?.id;
  if (!externalId || !access.access_token || !installer) {
    return refused(502, 'Slack answered without a workspace, a token or the person installing.');
  }
  const existing = await options.installations.find('slack', externalId);
  const attach = state.attach;
  if (existing && attach && existing.tenantId !== attach.tenantId) {
    return refused(409, `${name} is already connected to another Session Align workspace.`);
  }
  const user: PlatformUser = { platform: 'slack', workspaceId: externalId, externalUserId: installer };
  let tenant = existing ? await options.tenants.findById(existing.tenantId) : undefined;
  if (!tenant && attach) {
    tenant = await options.tenants.findById(attach.tenantId);
    const role = tenant && (await options.identities.inTenant(tenant.id, (tx) => tx.roleOf(attach.userId)));
    if (!tenant || role !== 'tenant_admin') {
      return refused(
        403,
        'This install link is no longer valid: ask an admin of the workspace for a new one.',
      );
    }
    await options.identities.inTenant(tenant.id, (tx) => tx.link(user, attach.userId));
  }
  const isNewTenant = !tenant;
  tenant ??= await options.tenants.create({
    slug: await uniqueTenantSlug(options.tenants, name, externalId),
    name,
  });
  await options.installations.save({
    tenantId: tenant.id,
    platform: 'slack',
    externalId,
    enterpriseId: access.enterprise?.id ?? null,
    botUserId: access.bot_user_id ?? null,
    installedBy: installer,
    credentials: { botToken: access.access_token, scope: access.scope ?? '', appId: access.app_id ?? '' },
  });
  if (isNewTenant) {
    // The installer is the new tenant's first admin, whatever the default role for newcomers is.
    const profile = await slackProfile(
      new slackWebApi.WebClient(access.access_token, options.clientOptions),
      installer,
    );
    await options.identities.inTenant(tenant.id, async (tx) => {
      if (!(await tx.findActor(user))) await tx.createUser({ ...profile, role: 'tenant_admin' }, user);
    });
  }
  options.logger.info({ tenantId: tenant.id, workspaceId: externalId, isNewTenant }, 'slack app installed');
  return { isInstalled: true, tenantSlug: tenant.slug, teamName: name, isNewTenant };
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
