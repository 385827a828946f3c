import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { identities, installations, users } from '../../db/schema/index.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { STATE_COOKIE } from './oauth.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackHarness } from './testing/slack-harness.ts';
import { slashCommand } from './testing/slack-requests.ts';

let database: Database;
let fake: FakeSlackApi;
let harness: ReturnType<typeof slackHarness>;

const access = (teamId: string, token: string, installer: string) => ({
  ok: true,
  access_token: token,
  token_type: 'bot',
  scope: 'commands,chat:write,im:write,users:read,users:read.email',
  bot_user_id: 'U0BOT',
  app_id: 'A0APP',
  team: { id: teamId, name: 'Acme Music!' },
  enterprise: null,
  authed_user: { id: installer },
  is_enterprise_install: false,
});

/** GET /slack/install, then the browser comes back from Slack with the code, state and cookie. */
async function install(code: string) {
  const start = await harness.http.request('/slack/install');
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location')!);
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const state = location.searchParams.get('state')!;
  return harness.http.request(`/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
  });
}

beforeAll(async () => {
  database = await openTestPglite();
  fake = await startFakeSlackApi();
  harness = slackHarness({
    database,
    parts: testRuntimeParts(database),
    fake,
    singleWorkspace: null,
    oauth: {
      clientId: '123.456',
      clientSecret: 'client-secret',
      redirectUri: 'https://align.example.com/slack/oauth_redirect',
    },
  });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

describe('OAuth v2 install', () => {
  it('redirects to Slack with our client id, scopes, redirect URI and a state bound to a cookie', async () => {
    const start = await harness.http.request('/slack/install');
    const location = new URL(start.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe('123.456');
    expect(location.searchParams.get('scope')).toBe(
      'commands,chat:write,im:write,files:write,users:read,users:read.email,im:history,app_mentions:read',
    );
    expect(location.searchParams.get('redirect_uri')).toBe('https://align.example.com/slack/oauth_redirect');
    expect(start.headers.get('set-cookie')).toContain(
      `${STATE_COOKIE}=${location.searchParams.get('state')}`,
    );
    expect(start.headers.get('set-cookie')).toContain('HttpOnly');
  });

  it('round trip: a new workspace becomes a tenant with a sealed installation and its installer as admin', async () => {
    fake.addUser({ id: 'U0INSTALLER', name: 'ida', realName: 'Ida Installer', tz: 'Europe/Berlin' });
    fake.setOAuthAccess(access('T0ACME', 'xoxb-acme-secret-token', 'U0INSTALLER'));
    const done = await install('code-1');
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('as the new workspace “acme-music”');

    const exchange = fake.callsOf('oauth.v2.access').at(-1)!;
    expect(exchange.params).toMatchObject({
      client_id: '123.456',
      client_secret: 'client-secret',
      code: 'code-1',
    });
    const tenant = await databaseTenantDirectory(database).findBySlug('acme-music');
    expect(tenant?.name).toBe('Acme Music!');
    const [row] = await database.withSystem((tx) =>
      tx.select().from(installations).where(eq(installations.externalId, 'T0ACME')),
    );
    expect(row).toMatchObject({
      tenantId: tenant!.id,
      platform: 'slack',
      botUserId: 'U0BOT',
      installedBy: 'U0INSTALLER',
    });
    expect(row!.credentialsSealed).toMatch(/^v1\./);
    expect(row!.credentialsSealed).not.toContain('xoxb-acme-secret-token');
    const [installer] = await database.withSystem((tx) =>
      tx
        .select({ role: users.role, name: users.displayName, tenantId: users.tenantId })
        .from(identities)
        .innerJoin(users, eq(users.id, identities.userId))
        .where(eq(identities.externalUserId, 'U0INSTALLER')),
    );
    expect(installer).toEqual({ role: 'tenant_admin', name: 'Ida Installer', tenantId: tenant!.id });

    // Requests from that workspace now use its own token, and land in its tenant.
    fake.addUser({ id: 'U0NEWCOMER', name: 'nu', realName: 'Nu Comer' });
    const whoami = await harness.post(
      slashCommand({
        command: '/align',
        text: 'whoami',
        userId: 'U0NEWCOMER',
        teamId: 'T0ACME',
        responseUrl: fake.responseUrl('w'),
      }),
    );
    expect(JSON.stringify(await whoami.json())).toContain('Acme Music! (acme-music)');
    expect(fake.callsOf('users.info').at(-1)!.token).toBe('xoxb-acme-secret-token');
  });

  it('a second workspace with the same name gets its own tenant; a reinstall keeps its tenant', async () => {
    fake.setOAuthAccess(access('T0ACME2', 'xoxb-other', 'U0OTHER'));
    fake.addUser({ id: 'U0OTHER', name: 'o', realName: 'Other Admin' });
    expect(await (await install('code-2')).text()).toContain('“acme-music-2”');
    fake.setOAuthAccess(access('T0ACME', 'xoxb-acme-rotated', 'U0INSTALLER'));
    const again = await install('code-3');
    expect(await again.text()).not.toContain('new workspace');
    const slugs = (await databaseTenantDirectory(database).list()).map((t) => t.slug);
    expect(slugs.filter((slug) => slug.startsWith('acme-music'))).toEqual(['acme-music', 'acme-music-2']);
  });

  it('refuses a forged or cookie-less state, and reports a cancelled install', async () => {
    const start = await harness.http.request('/slack/install');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const noCookie = await harness.http.request(
      `/slack/oauth_redirect?code=x&state=${encodeURIComponent(state)}`,
    );
    expect(noCookie.status).toBe(403);
    const forged = `${state.slice(0, -4)}AAAA`;
    const bad = await harness.http.request(
      `/slack/oauth_redirect?code=x&state=${encodeURIComponent(forged)}`,
      {
        headers: { cookie: `${STATE_COOKIE}=${forged}` },
      },
    );
    expect(bad.status).toBe(403);
    const cancelled = await harness.http.request('/slack/oauth_redirect?error=access_denied');
    expect(cancelled.status).toBe(400);
    expect(await cancelled.text()).toContain('access_denied');
  });

  it('tells a workspace that never installed so, with the install link (no single-workspace token)', async () => {
    const response = await harness.post(
      slashCommand({
        command: '/align',
        text: 'help',
        userId: 'U0STRANGER',
        teamId: 'T0UNKNOWN',
        responseUrl: fake.responseUrl('u'),
      }),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('Session Align is not installed in this workspace.');
    expect(text).toContain('https://align.example.com/slack/install');
  });
});
