import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heading, reply } from '../../core/commands/reply.ts';
import type { Database } from '../../db/database.ts';
import { databaseTenantDirectory } from '../../db/repositories/tenant-directory.ts';
import { auditEvents, identities, installations, tenants, users } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { openConsoleSession } from '../console/console-session.ts';
import { loadConfig } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { attachLink, STATE_COOKIE } from './oauth.ts';
import { ENV_INSTALLER } from './slack-installations.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackHarness } from './testing/slack-harness.ts';
import {
  appHomeOpened,
  blockActions,
  FORM,
  form,
  signedInit,
  slashCommand,
} from './testing/slack-requests.ts';

const CLIENT_SECRET = 'client-secret-for-tenancy';
const PUBLIC_URL = 'https://align.example.com';

let database: Database;
let fake: FakeSlackApi;
let harness: ReturnType<typeof slackHarness>;
let demoId: string;
let demoAdminId: string;

const access = (teamId: string, name: string, token: string, installer: string) => ({
  ok: true,
  access_token: token,
  token_type: 'bot',
  scope: 'commands,chat:write',
  bot_user_id: 'U0BOT',
  app_id: 'A0APP',
  team: { id: teamId, name },
  enterprise: null,
  authed_user: { id: installer },
  is_enterprise_install: false,
});

/** GET /slack/install (optionally with an attach token), then Slack's redirect back with code, state and cookie. */
async function install(code: string, query = '') {
  const start = await harness.http.request(`/slack/install${query}`);
  if (start.status !== 302) return start;
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  return harness.http.request(`/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, {
    headers: { cookie },
  });
}

async function ask(teamId: string, userId: string, text: string) {
  const response = await harness.post(
    slashCommand({
      command: '/align',
      text,
      userId,
      teamId,
      responseUrl: fake.responseUrl(`${teamId}-${userId}`),
    }),
  );
  return JSON.stringify(await response.json());
}

/** Row counts of the tables a first contact or an install would write. */
const counts = () =>
  database.withSystem(async (tx) => ({
    tenants: (await tx.select().from(tenants)).length,
    users: (await tx.select().from(users)).length,
    identities: (await tx.select().from(identities)).length,
    installations: (await tx.select().from(installations)).length,
    audit: (await tx.select().from(auditEvents)).length,
  }));

beforeAll(async () => {
  database = await openTestPglite();
  const demo = await seedTenant(database, { slug: 'demo', creatorCount: 4, seed: 5 });
  demoId = demo.tenant.id;
  const [admin] = await database.withTenant(demoId, (tx) =>
    tx.select({ id: users.id }).from(users).where(eq(users.role, 'tenant_admin')),
  );
  demoAdminId = admin!.id;
  // A creator of demo whose address a stranger in another workspace also has.
  await database.withTenant(demoId, async (tx) => {
    const [creator] = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'creator')).limit(1);
    await tx.update(users).set({ email: 'shared@example.com' }).where(eq(users.id, creator!.id));
  });
  fake = await startFakeSlackApi();
  harness = slackHarness({
    database,
    parts: testRuntimeParts(database),
    fake,
    oauth: {
      clientId: '1.2',
      clientSecret: CLIENT_SECRET,
      redirectUri: `${PUBLIC_URL}/slack/oauth_redirect`,
    },
  });
});
afterAll(async () => {
  await harness.slack.stop();
  await fake.close();
  await database.close();
});

describe('Slack tenancy: a workspace is served only where it installed', () => {
  it('binds SLACK_BOT_TOKEN to the workspace auth.test names, at start', async () => {
    await harness.slack.start();
    expect(fake.callsOf('auth.test').at(-1)?.token).toBe('xoxb-single-workspace');
    const [row] = await database.withSystem((tx) =>
      tx.select().from(installations).where(eq(installations.externalId, 'T_DEMO')),
    );
    expect(row).toMatchObject({ tenantId: demoId, installedBy: ENV_INSTALLER, credentialsSealed: null });
  });

  it('answers a workspace that never installed "not installed" with the install link, and writes nothing', async () => {
    fake.addUser({ id: 'U0STRANGER', name: 'st', realName: 'Stranger', email: 'owner@stranger.example' });
    const before = await counts();
    const answer = await ask('T0STRANGER', 'U0STRANGER', 'roster');
    expect(answer).toContain('Session Align is not installed in this workspace.');
    expect(answer).toContain(`${PUBLIC_URL}/slack/install`);
    expect(answer).not.toMatch(/Demo|creator/i);

    // A button from there is answered through its response_url; an event gets no Home tab.
    await harness.post(
      blockActions({
        userId: 'U0STRANGER',
        teamId: 'T0STRANGER',
        value: '/roster',
        responseUrl: fake.responseUrl('stranger-button'),
      }),
    );
    const event = await harness.post(
      appHomeOpened({ userId: 'U0STRANGER', eventId: 'Ev_STRANGER', teamId: 'T0STRANGER' }),
      'application/json',
    );
    expect(event.status).toBe(200);
    await harness.slack.stop(); // the button's answer goes out after its ack
    const pressed = fake.responses.find((r) => r.path.endsWith('/stranger-button'));
    expect(JSON.stringify(pressed?.body)).toContain('not installed in this workspace');

    expect(await counts()).toEqual(before);
    expect(fake.callsOf('users.info').filter((c) => c.params.user === 'U0STRANGER')).toEqual([]);
    expect(fake.callsOf('views.publish')).toEqual([]);
  });

  it('a later OAuth install of that workspace makes it a tenant of its own, never the env tenant', async () => {
    fake.setOAuthAccess(access('T0STRANGER', 'Stranger Songs', 'xoxb-stranger', 'U0STRANGER'));
    const done = await install('code-stranger');
    expect(await done.text()).toContain('as the new workspace “stranger-songs”');
    const stranger = await databaseTenantDirectory(database).findBySlug('stranger-songs');
    const [row] = await database.withSystem((tx) =>
      tx.select().from(installations).where(eq(installations.externalId, 'T0STRANGER')),
    );
    expect(row?.tenantId).toBe(stranger!.id);
    expect(await ask('T0STRANGER', 'U0STRANGER', 'whoami')).toContain('Stranger Songs (stranger-songs)');
  });

  it('links e-mail addresses only within the workspace’s own tenant', async () => {
    fake.addUser({ id: 'U0SHARED', name: 'sh', realName: 'Shared Address', email: 'shared@example.com' });
    const demoUsers = (await counts()).users;
    const whoami = await ask('T0STRANGER', 'U0SHARED', 'whoami');
    expect(whoami).toContain('Stranger Songs');
    expect(whoami).toContain('Creator');
    const linked = await database.withSystem((tx) =>
      tx
        .select({ tenantId: identities.tenantId, workspaceId: identities.workspaceId })
        .from(identities)
        .where(eq(identities.externalUserId, 'U0SHARED')),
    );
    const stranger = await databaseTenantDirectory(database).findBySlug('stranger-songs');
    expect(linked).toEqual([{ tenantId: stranger!.id, workspaceId: 'T0STRANGER' }]);
    expect((await counts()).users).toBe(demoUsers + 1);
  });
});

describe('Slack tenancy: an admin attaches another workspace to their tenant', () => {
  it('/install slack gives an admin the attach link; others may not ask', async () => {
    const config = loadConfig({
      SLACK_CLIENT_ID: '1.2',
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      PUBLIC_URL,
    });
    const runtime = { ...testRuntimeParts(database), logger: createLogger('silent'), config };
    const admin = await openConsoleSession(runtime, { tenantSlug: 'demo', as: 'admin' });
    expect(await admin.send('/install slack')).toContain(`${PUBLIC_URL}/slack/install?attach=`);
    const [creator] = await database.withTenant(demoId, (tx) =>
      tx
        .select({ handle: identities.externalUserId })
        .from(identities)
        .where(eq(identities.platform, 'console')),
    );
    const someone = await openConsoleSession(runtime, {
      tenantSlug: 'demo',
      as: creator!.handle === 'admin' ? 'admin' : creator!.handle,
    });
    if (creator!.handle !== 'admin')
      expect(await someone.send('/install slack')).toContain('/install is for: Admin');
  });

  it('the attach link installs a second workspace into the admin’s tenant, as that admin', async () => {
    const link = attachLink({ clientSecret: CLIENT_SECRET }, PUBLIC_URL, {
      tenantId: demoId,
      userId: demoAdminId,
    });
    fake.addUser({ id: 'U0SECOND', name: 'se', realName: 'Second Admin' });
    fake.setOAuthAccess(access('T0SECOND', 'Demo Nashville', 'xoxb-second', 'U0SECOND'));
    const done = await install('code-second', new URL(link).search);
    expect(done.status).toBe(200);
    expect(await done.text()).not.toContain('new workspace');
    const [row] = await database.withSystem((tx) =>
      tx.select().from(installations).where(eq(installations.externalId, 'T0SECOND')),
    );
    expect(row?.tenantId).toBe(demoId);
    const whoami = await ask('T0SECOND', 'U0SECOND', 'whoami');
    expect(whoami).toContain('(demo)');
    expect(whoami).toContain('Admin');
  });

  it('refuses an attach link that expired, was forged, or names a workspace of another tenant', async () => {
    const expired = attachLink(
      { clientSecret: CLIENT_SECRET, nowMs: () => Date.now() - 11 * 60_000 },
      PUBLIC_URL,
      {
        tenantId: demoId,
        userId: demoAdminId,
      },
    );
    expect((await harness.http.request(`/slack/install${new URL(expired).search}`)).status).toBe(403);
    const forged = attachLink({ clientSecret: 'not-the-secret' }, PUBLIC_URL, {
      tenantId: demoId,
      userId: demoAdminId,
    });
    expect((await harness.http.request(`/slack/install${new URL(forged).search}`)).status).toBe(403);

    const before = await counts();
    const link = attachLink({ clientSecret: CLIENT_SECRET }, PUBLIC_URL, {
      tenantId: demoId,
      userId: demoAdminId,
    });
    fake.setOAuthAccess(access('T0STRANGER', 'Stranger Songs', 'xoxb-stranger-2', 'U0STRANGER'));
    const taken = await install('code-steal', new URL(link).search);
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('already connected to another Session Align workspace');
    expect(await counts()).toEqual(before);
  });

  it('refuses a state cookie that does not match, so a link cannot be completed in another browser', async () => {
    const start = await harness.http.request('/slack/install');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const other = await harness.http.request(
      `/slack/oauth_redirect?code=x&state=${encodeURIComponent(state)}`,
      { headers: { cookie: `${STATE_COOKIE}=someone-elses` } },
    );
    expect(other.status).toBe(403);
  });
});

describe('Slack tenancy: messages go through the identity’s own workspace', () => {
  it('a reminder to someone from the second workspace uses that workspace’s token', async () => {
    fake.addUser({ id: 'U0NASH', name: 'na', realName: 'Nash Writer' });
    await ask('T0SECOND', 'U0NASH', 'whoami');
    const [nash] = await database.withSystem((tx) =>
      tx
        .select({ userId: identities.userId })
        .from(identities)
        .where(eq(identities.externalUserId, 'U0NASH')),
    );
    await harness.notifier.notify(nash!.userId, reply(heading('Reminder: write in an hour')), {
      dedupeKey: 'reminder_1h:test:nash',
    });
    const sent = fake.callsOf('chat.postMessage').at(-1);
    expect(sent).toMatchObject({ token: 'xoxb-second', params: { channel: 'U0NASH' } });
  });
});

describe('Slack tenancy: malformed signed payloads', () => {
  it('a signed block_actions payload without a user is refused plainly, not a 500', async () => {
    const payload = JSON.parse(
      new URLSearchParams(blockActions({ userId: 'U0X', value: '/help', teamId: 'T_DEMO' })).get('payload')!,
    );
    delete payload.user;
    const response = await harness.http.request(
      '/slack/events',
      signedInit(form({ payload: JSON.stringify(payload) }), FORM),
    );
    expect(response.status).toBe(400);
  });
});
