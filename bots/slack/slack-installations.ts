import type { AuthorizeResult, AuthorizeSourceData } from '@slack/bolt';
import { eq } from 'drizzle-orm';
import { AppError } from '../../core/shared/app-error.ts';
import type { Database } from '../../db/database.ts';
import {
  type InstallationRecord,
  installationsRepository,
} from '../../db/repositories/installations.repository.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { tenants } from '../../db/schema/index.ts';
import type { SecretBox } from '../../db/secret-box.ts';

/** Marks the installation made from SLACK_BOT_TOKEN, whose token always comes from the environment. */
export const ENV_INSTALLER = 'env:SLACK_BOT_TOKEN';

export interface SlackTenancyOptions {
  database: Database;
  secrets: SecretBox;
  /** Single-workspace mode: the bot token and the slug of the tenant it serves. */
  singleWorkspace?: { botToken: string; tenantSlug: string };
}

/** What Bolt's `authorize` returns, plus the tenant a request belongs to. */
export type SlackAuthorization = AuthorizeResult & { tenantId: string; botToken: string };

/**
 * Bolt's `authorize`: the installation for the request's workspace (or Enterprise Grid org) ->
 * bot token and tenant. In single-workspace mode the first request from a workspace binds it to the
 * configured tenant, so `SLACK_BOT_TOKEN` alone is enough to start.
 */
export function slackAuthorizer(options: SlackTenancyOptions) {
  const installations = installationsRepository(options.database, options.secrets);
  return async (source: AuthorizeSourceData<boolean>): Promise<SlackAuthorization> => {
    const keys = [
      source.isEnterpriseInstall ? source.enterpriseId : source.teamId,
      source.enterpriseId,
    ].filter((key): key is string => Boolean(key));
    let installation: InstallationRecord | undefined;
    for (const key of keys) {
      installation ??= await installations.resolve('slack', key);
    }
    if (!installation && options.singleWorkspace && keys[0]) {
      installation = await bindSingleWorkspace(options, keys[0], source.enterpriseId);
    }
    if (!installation) {
      throw new AppError(
        'slack.not_installed',
        `Slack workspace ${keys[0] ?? '?'} has not installed Session Align`,
      );
    }
    const botToken =
      installation.installedBy === ENV_INSTALLER && options.singleWorkspace
        ? options.singleWorkspace.botToken
        : installation.credentials.botToken;
    if (!botToken)
      throw new AppError('slack.no_token', 'The Slack installation has no bot token; reinstall the app');
    return {
      botToken,
      ...(installation.botUserId ? { botUserId: installation.botUserId } : {}),
      ...(source.teamId ? { teamId: source.teamId } : {}),
      ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}),
      tenantId: installation.tenantId,
    };
  };
}

async function bindSingleWorkspace(
  options: SlackTenancyOptions,
  externalId: string,
  enterpriseId: string | undefined,
): Promise<InstallationRecord> {
  const { tenantSlug, botToken } = options.singleWorkspace!;
  const tenant = await databaseTenantDirectory(options.database).findBySlug(tenantSlug);
  if (!tenant) {
    throw new AppError('slack.unknown_tenant', `SLACK_TENANT names "${tenantSlug}", which is not a tenant`);
  }
  const record: InstallationRecord = {
    tenantId: tenant.id,
    platform: 'slack',
    externalId,
    enterpriseId: enterpriseId ?? null,
    installedBy: ENV_INSTALLER,
    // Stored sealed like any other, so switching to OAuth later keeps working.
    credentials: { botToken },
  };
  await installationsRepository(options.database, options.secrets).save(record);
  return record;
}

/** A tenant slug from a workspace name, unique among tenants: "Acme Music!" -> `acme-music`, then `acme-music-2`. */
export async function uniqueTenantSlug(database: Database, name: string, fallback: string): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 34)
      .replace(/-+$/, '') ||
    fallback
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 34);
  for (let n = 1; n < 1000; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await database.withSystem((tx) =>
      tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)),
    );
    if (taken.length === 0) return slug;
  }
  throw new AppError('tenancy.slug_taken', `No free tenant slug for "${name}"`);
}
