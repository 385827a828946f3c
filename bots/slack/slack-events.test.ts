import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../core/commands/command.ts';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { reply, text } from '../../core/commands/reply.ts';
import type { Database } from '../../db/database.ts';
import { identities, surfaceDeliveries, users } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import type { createHttpApp } from '../runtime/http-app.ts';
import type { SlackSurface } from './slack-routes.ts';
import { mintToken } from './testing/action-tokens.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackHarness } from './testing/slack-harness.ts';
import {
  appHomeOpened,
  blockActions,
  FORM,
  newTriggerId,
  signedInit,
  slashCommand,
} from './testing/slack-requests.ts';

let database: Database;
let parts: ReturnType<typeof testRuntimeParts>;
let fake: FakeSlackApi;
let logLines: string[];
let slack: SlackSurface;
let http: ReturnType<typeof createHttpApp>;

const ADMIN = 'U_ADMIN';
let demoId: string;

/** The real commands plus one that takes longer than a test's ack budget. */
function registryWithSlowCommand() {
  const slow = defineCommand({
    name: 'slow.wait',
    summary: 'Takes its time',
    examples: ['/slow'],
    effect: 'read',
    input: z.object({}),
    chat: { command: 'slow', usage: '/slow', parse: () => ({}) },
    handle: async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return { result: 'slowly' };
    },
    present: (how) => reply(text(`Done, ${how}.`)),
  });
  return createCommandRegistry().add({ name: 'slow', summary: 'Takes its time', commands: [slow] });
}

function surface(ackBudgetMs = 2000) {
  const harness = slackHarness({ database, parts, fake, ackBudgetMs, registry: registryWithSlowCommand() });
  logLines = harness.logLines;
  return harness;
}

interface AckBody {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string } }[];
}
const ackBody = async (response: Response) => (await response.json()) as AckBody;

const post = (body: string, contentType = FORM, headers: Record<string, string> = {}) =>
  http.request('/slack/events', signedInit(body, contentType, { headers }));

beforeAll(async () => {
  database = await openTestPglite();
  demoId = (await seedTenant(database, { slug: 'demo', creatorCount: 12, seed: 3 })).tenant.id;
  parts = testRuntimeParts(database);
  fake = await startFakeSlackApi();
  fake.addUser({
    id: ADMIN,
    name: 'pat',
    realName: 'Pat Publisher',
    tz: 'America/New_York',
    email: 'pat@demo.test',
  });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});
beforeEach(() => {
  ({ slack, http } = surface());
});

describe('POST /slack/events: slash commands through the real Bolt stack', () => {
  it('answers /align roster in the ack with Block Kit, mapping the Slack user on first contact', async () => {
    const response = await post(
      slashCommand({
        command: '/align',
        text: 'roster limit:3',
        userId: ADMIN,
        responseUrl: fake.responseUrl('r1'),
      }),
    );
    expect(response.status).toBe(200);
    const body = await ackBody(response);
    expect(body.response_type).toBe('in_channel');
    expect(body.text).toBe('Roster: 12 creators');
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Roster: 12 creators', emoji: true },
    });
    expect(body.blocks).toHaveLength(5);
    expect(body.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '… and 9 more' }],
    });

    const [user] = await database.withSystem((tx) =>
      tx
        .select({ displayName: users.displayName, role: users.role, timeZone: users.timeZone })
        .from(identities)
        .innerJoin(users, eq(users.id, identities.userId))
        .where(eq(identities.externalUserId, ADMIN)),
    );
    expect(user).toEqual({ displayName: 'Pat Publisher', role: 'creator', timeZone: 'America/New_York' });
    expect(fake.callsOf('users.info')).toHaveLength(1);
    expect(fake.callsOf('users.info')[0]!.token).toBe('xoxb-single-workspace');

    // Second contact: known user, Slack is not asked again.
    await post(
      slashCommand({ command: '/align', text: 'whoami', userId: ADMIN, responseUrl: fake.responseUrl('r2') }),
    );
    expect(fake.callsOf('users.info')).toHaveLength(1);
  });

  it('answers /align help (and bare /align) privately with the command list', async () => {
    for (const text of ['help', '']) {
      const raw = await (
        await post(
          slashCommand({ command: '/align', text, userId: ADMIN, responseUrl: fake.responseUrl('h') }),
        )
      ).text();
      const body = JSON.parse(raw) as AckBody;
      expect(body.response_type).toBe('ephemeral');
      expect(body.blocks[0]!.text!.text).toBe('Session Align commands');
      expect(JSON.stringify(body.blocks)).toContain('/roster [genre:GENRE] [role:ROLE] [limit:N]');
    }
  });

  it('acks "Working on it…" and answers through response_url when the command is slower than the budget', async () => {
    ({ slack, http } = surface(20));
    const response = await post(
      slashCommand({ command: '/align', text: 'slow', userId: ADMIN, responseUrl: fake.responseUrl('slow') }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ response_type: 'ephemeral', text: 'Working on it…' });
    await slack.stop();
    const answer = fake.responses.filter((r) => r.path === '/respond/slow');
    expect(answer).toHaveLength(1);
    expect(answer[0]!.body).toMatchObject({ response_type: 'in_channel', text: 'Done, slowly.' });
  });

  it('answers bad arguments with the message and usage, never a stack trace', async () => {
    const body = await ackBody(
      await post(
        slashCommand({
          command: '/align',
          text: 'roster limit:0',
          userId: ADMIN,
          responseUrl: fake.responseUrl('bad'),
        }),
      ),
    );
    expect(body.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':x: limit: expected a whole number from 1 to 50\nUsage: /roster [genre:GENRE] [role:ROLE] [limit:N]',
        },
      },
    ]);
  });
});

describe('reliability', () => {
  it('a replayed slash command (same trigger id, X-Slack-Retry-Num) does nothing the second time', async () => {
    ({ slack, http } = surface(20));
    const body = slashCommand({
      command: '/align',
      text: 'slow',
      userId: ADMIN,
      responseUrl: fake.responseUrl('replay'),
      triggerId: newTriggerId(),
    });
    await post(body);
    const retried = await post(body, FORM, {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(retried.status).toBe(200);
    await slack.stop();
    expect(fake.responses.filter((r) => r.path === '/respond/replay')).toHaveLength(1);
  });

  it('a retried event is handled once, even by a fresh process (the database remembers)', async () => {
    const event = appHomeOpened({ userId: ADMIN, eventId: 'Ev_HOME_1' });
    await post(event, 'application/json');
    await slack.stop();
    ({ slack, http } = surface());
    await post(event, 'application/json', {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    await slack.stop();
    expect(fake.callsOf('views.publish').filter((c) => c.params.user_id === ADMIN)).toHaveLength(1);
    const rows = await database.withSystem((tx) =>
      tx.select().from(surfaceDeliveries).where(eq(surfaceDeliveries.deliveryKey, 'event:Ev_HOME_1')),
    );
    expect(rows).toHaveLength(1);
  });

  it('a double-clicked button runs its command once', async () => {
    const press = blockActions({
      userId: ADMIN,
      value: await mintToken(parts, demoId, { command: 'whoami.show', input: {} }),
      responseUrl: fake.responseUrl('click'),
      messageTs: '1700000000.000777',
    });
    await post(press);
    await post(press);
    await slack.stop();
    const answers = fake.responses.filter((r) => r.path === '/respond/click');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(answers[0]!.body.blocks)).toContain('Pat Publisher');
  });

  it('refuses a bad signature and a stale timestamp with 401, logging no body', async () => {
    const body = slashCommand({
      command: '/align',
      text: 'secret-text-42',
      userId: ADMIN,
      responseUrl: fake.responseUrl('x'),
    });
    const forged = await http.request('/slack/events', signedInit(body, FORM, { secret: 'not-the-secret' }));
    expect(forged.status).toBe(401);
    const stale = await http.request(
      '/slack/events',
      signedInit(body, FORM, { timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 }),
    );
    expect(stale.status).toBe(401);
    const unsigned = await http.request('/slack/events', {
      method: 'POST',
      body,
      headers: { 'content-type': FORM },
    });
    expect(unsigned.status).toBe(401);
    const log = logLines.join('');
    expect(log).toContain('signature mismatch');
    expect(log).toContain('stale timestamp');
    expect(log).not.toContain('secret-text-42');
  });

  it('answers the Events API url_verification challenge', async () => {
    const response = await post(
      JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' }),
      'application/json',
    );
    expect(await response.json()).toEqual({ challenge: 'c-123' });
  });
});

describe('App Home', () => {
  it('publishes shortcuts, sessions and suggestions, degrading where a command is not there yet', async () => {
    await post(appHomeOpened({ userId: ADMIN, eventId: 'Ev_HOME_2' }), 'application/json');
    await slack.stop();
    const published = fake.callsOf('views.publish').at(-1)!;
    const view = published.params.view as {
      type: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(view.type).toBe('home');
    expect(view.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Session Align · Demo Music Publishing', emoji: true },
    });
    const headers = view.blocks.filter((b) => b.type === 'header').map((b) => b.text!.text);
    expect(headers).toEqual([
      'Session Align · Demo Music Publishing',
      'Upcoming sessions and proposals',
      'Suggested for you',
    ]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('a button on App Home answers by DM (there is no response_url) and refreshes the tab', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    const value = await mintToken(parts, demoId, { command: 'whoami.show', input: {} });
    await post(blockActions({ userId: ADMIN, value, fromHome: true }));
    await slack.stop();
    const dms = fake.callsOf('chat.postMessage').slice(before);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.params.channel).toBe(ADMIN);
    expect(fake.callsOf('views.publish').at(-1)!.params.user_id).toBe(ADMIN);
  });
});
