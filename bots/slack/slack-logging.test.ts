import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackHarness } from './testing/slack-harness.ts';
import { slashCommand, TEST_SIGNING_SECRET } from './testing/slack-requests.ts';

/** Everything that must never reach a log line, at any level. */
const SECRETS = {
  clientSecret: 'client-secret-5f1e9a',
  oauthCode: 'oauth-code-31415926',
  botToken: 'xoxb-acme-7777-secret-token',
  refreshToken: 'xoxe-1-refresh-secret-42',
  installerEmail: 'ida.installer@example.com',
  memberEmail: 'nu.comer@example.com',
  calendarPath: 'private-0f9e8d7c6b5a4321',
  commandText: 'my-unreleased-album-title',
};

let database: Database;
let fake: FakeSlackApi;
let harness: ReturnType<typeof slackHarness>;

beforeAll(async () => {
  database = await openTestPglite();
  await seedTenant(database, { slug: 'demo', creatorCount: 2, seed: 4 });
  fake = await startFakeSlackApi();
  harness = slackHarness({
    database,
    parts: testRuntimeParts(database),
    fake,
    logLevel: 'debug',
    singleWorkspace: { botToken: 'xoxb-single-workspace-secret', tenantSlug: 'demo' },
    oauth: {
      clientId: '123.456',
      clientSecret: SECRETS.clientSecret,
      redirectUri: 'https://align.example.com/slack/oauth_redirect',
    },
  });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

describe('Slack at LOG_LEVEL=debug', () => {
  it('logs what Bolt and the Web API do, and none of the secrets or personal data they handle', {
    timeout: 60_000,
  }, async () => {
    fake.addUser({ id: 'U0IDA', name: 'ida', realName: 'Ida Installer', email: SECRETS.installerEmail });
    fake.setOAuthAccess({
      ok: true,
      access_token: SECRETS.botToken,
      refresh_token: SECRETS.refreshToken,
      token_type: 'bot',
      scope: 'commands,chat:write,users:read,users:read.email',
      bot_user_id: 'U0BOT',
      app_id: 'A0APP',
      team: { id: 'T0ACME', name: 'Acme Music' },
      authed_user: { id: 'U0IDA' },
      is_enterprise_install: false,
    });
    const start = await harness.http.request('/slack/install');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    const installed = await harness.http.request(
      `/slack/oauth_redirect?code=${SECRETS.oauthCode}&state=${encodeURIComponent(state)}`,
      { headers: { cookie } },
    );
    expect(installed.status).toBe(200);

    fake.addUser({ id: 'U0NU', name: 'nu', realName: 'Nu Comer', email: SECRETS.memberEmail });
    const calendarUrl = `https://calendar.google.com/calendar/ical/nu%40example.com/${SECRETS.calendarPath}/basic.ics`;
    for (const text of [
      `avail calendar ${calendarUrl}`,
      `session propose @nobody 2030-12-03 17:00 title:"${SECRETS.commandText}"`,
    ]) {
      const response = await harness.post(
        slashCommand({
          command: '/align',
          text,
          userId: 'U0NU',
          teamId: 'T0ACME',
          responseUrl: fake.responseUrl('r1'),
        }),
      );
      expect(response.status).toBe(200);
    }
    await harness.slack.stop();

    const lines = harness.logLines.map((line) => JSON.parse(line) as { level: number; msg: string });
    // The SDKs did log at debug: the exchange and the API calls are there, by method name.
    expect(lines.filter((line) => line.level === 20).length).toBeGreaterThan(5);
    const log = harness.logLines.join('');
    expect(log).toContain('oauth.v2.access');
    expect(log).toContain('users.info');
    for (const [name, secret] of Object.entries({
      ...SECRETS,
      state,
      signingSecret: TEST_SIGNING_SECRET,
      singleWorkspaceToken: 'xoxb-single-workspace-secret',
      responseUrl: '/respond/r1',
    })) {
      expect(log.includes(secret), `${name} reached the log`).toBe(false);
    }
    expect(Math.max(...harness.logLines.map((line) => line.length))).toBeLessThan(8 * 1024);
  });
});
