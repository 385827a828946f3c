import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { creators, users } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { blockKitProblems } from './limits-check.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackHarness } from './testing/slack-harness.ts';
import { blockActions, slashCommand } from './testing/slack-requests.ts';

let database: Database;
let fake: FakeSlackApi;
let harness: ReturnType<typeof slackHarness>;
const creatorsBySlackId: Record<string, string> = {};
const zoneBySlackId: Record<string, string> = {};

type PostedBlock = { type: string; elements?: { value?: string; text?: { text: string } }[] };

/** The button values (command lines) of a posted message. */
const buttons = (blocks: PostedBlock[]) =>
  blocks.flatMap((block) =>
    block.type === 'actions' ? (block.elements ?? []).map((e) => e.value ?? '') : [],
  );

beforeAll(async () => {
  database = await openTestPglite();
  const { tenant } = await seedTenant(database, { slug: 'demo', creatorCount: 30, seed: 5 });
  fake = await startFakeSlackApi();
  fake.addUser({ id: 'U0PUB', name: 'pat', realName: 'Pat Publisher', tz: 'Europe/London' });
  // Two roster creators get e-mails; their Slack accounts link to them on first contact.
  const roster = await database.withTenant(tenant.id, (tx) =>
    tx
      .select({ handle: creators.handle, userId: creators.userId, timeZone: creators.timeZone })
      .from(creators)
      .limit(2),
  );
  for (const [index, creator] of roster.entries()) {
    const slackId = `U0CREATOR${index}`;
    const email = `creator${index}@demo.test`;
    await database.withTenant(tenant.id, (tx) =>
      tx.update(users).set({ email }).where(eq(users.id, creator.userId!)),
    );
    fake.addUser({
      id: slackId,
      name: creator.handle,
      realName: creator.handle,
      tz: 'America/New_York',
      email,
    });
    creatorsBySlackId[slackId] = creator.handle;
    zoneBySlackId[slackId] = creator.timeZone;
  }
  harness = slackHarness({ database, parts: testRuntimeParts(database), fake });
  // The publisher becomes staff (first contact gives the default role, creator).
  await harness.post(
    slashCommand({ command: '/align', text: 'whoami', userId: 'U0PUB', responseUrl: fake.responseUrl('w') }),
  );
  await database.withSystem((tx) =>
    tx.update(users).set({ role: 'staff' }).where(eq(users.displayName, 'Pat Publisher')),
  );
  // The creators have talked to the bot before, so they have Slack identities to DM.
  for (const slackId of Object.keys(creatorsBySlackId)) {
    await harness.post(
      slashCommand({
        command: '/align',
        text: 'whoami',
        userId: slackId,
        responseUrl: fake.responseUrl('w'),
      }),
    );
  }
  await harness.slack.stop();
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

describe('Propose -> DMs to participants -> Accept by both -> scheduled', () => {
  it('runs the whole session workflow from Slack', async () => {
    const [a, b] = Object.entries(creatorsBySlackId);
    const dmsBefore = fake.callsOf('chat.postMessage').length;
    const proposed = await harness.post(
      slashCommand({
        command: '/session',
        text: `propose <@${a![0]}|${a![1]}> <@${b![0]}|${b![1]}> 2026-12-03 17:00 2h title:"Alt-pop write"`,
        userId: 'U0PUB',
        responseUrl: fake.responseUrl('propose'),
      }),
    );
    const answer = (await proposed.json()) as { text: string; blocks: PostedBlock[] };
    expect(answer.text).toBe('Session proposed: Alt-pop write');
    await harness.slack.stop();

    const invitations = fake.callsOf('chat.postMessage').slice(dmsBefore);
    expect(invitations.map((call) => call.params.channel).toSorted()).toEqual([a![0], b![0]].toSorted());
    const accept = buttons(invitations[0]!.params.blocks as PostedBlock[]).find((v) =>
      v.startsWith('/session accept'),
    );
    expect(accept).toMatch(/^\/session accept [0-9a-f]{8}$/);
    // The publisher typed 17:00 in London; each DM shows that moment in the recipient's own zone.
    expect(JSON.stringify(answer.blocks)).toContain('17:00');
    for (const invitation of invitations) {
      const zone = zoneBySlackId[String(invitation.params.channel)]!;
      const local = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
      }).format(Date.parse('2026-12-03T17:00:00Z'));
      expect(JSON.stringify(invitation.params.blocks)).toContain(`${local}–`);
    }

    for (const [index, [slackId]] of [a!, b!].entries()) {
      await harness.post(
        blockActions({
          userId: slackId,
          value: accept!,
          responseUrl: fake.responseUrl(`accept-${index}`),
          messageTs: `1700000001.00000${index}`,
        }),
      );
      await harness.slack.stop();
    }
    const second = fake.responses.find((r) => r.path === '/respond/accept-1')!;
    expect(second.body.text).toBe('Scheduled: everyone is in');
    const publisherNews = fake.callsOf('chat.postMessage').filter((call) => call.params.channel === 'U0PUB');
    expect(publisherNews.at(-1)!.params.text).toBe('Scheduled: everyone is in.');

    // Everything posted along the way is valid Block Kit.
    for (const call of fake.callsOf('chat.postMessage')) {
      expect(blockKitProblems(call.params.blocks as unknown[], 'message')).toEqual([]);
    }
    for (const response of fake.responses) {
      expect(blockKitProblems((response.body.blocks as unknown[]) ?? [], 'message')).toEqual([]);
    }

    // A retried accept (same button, same message) creates nothing new.
    const before = { dms: fake.callsOf('chat.postMessage').length, responses: fake.responses.length };
    await harness.post(
      blockActions({
        userId: b![0],
        value: accept!,
        responseUrl: fake.responseUrl('accept-1'),
        messageTs: '1700000001.000001',
      }),
      undefined,
      { 'x-slack-retry-num': '1' },
    );
    await harness.slack.stop();
    expect({ dms: fake.callsOf('chat.postMessage').length, responses: fake.responses.length }).toEqual(
      before,
    );
  });

  it('/pair end to end: ranked suggestions as Block Kit, and Propose from a suggestion', async () => {
    const [[slackId, handle]] = Object.entries(creatorsBySlackId) as [[string, string]];
    const response = await harness.post(
      slashCommand({
        command: '/pair',
        text: `<@${slackId}|${handle}> next week 2h`,
        userId: 'U0PUB',
        responseUrl: fake.responseUrl('pair'),
      }),
    );
    const answer = (await response.json()) as { blocks: PostedBlock[]; text: string };
    expect(blockKitProblems(answer.blocks, 'message')).toEqual([]);
    expect(answer.blocks[0]).toMatchObject({ type: 'header' });
    const values = answer.blocks.flatMap((block) => {
      const withAccessory = block as PostedBlock & { accessory?: { value?: string } };
      return [
        ...buttons([block]),
        ...(withAccessory.accessory?.value ? [withAccessory.accessory.value] : []),
      ];
    });
    expect(values.some((value) => value.startsWith('/pair @'))).toBe(true);
    const propose = values.find((value) => value.startsWith('/session propose'));
    expect(propose).toBeDefined();
    await harness.post(
      blockActions({
        userId: 'U0PUB',
        value: propose!,
        responseUrl: fake.responseUrl('pair-propose'),
        messageTs: '1700000002.000001',
      }),
    );
    await harness.slack.stop();
    const proposed = fake.responses.find((r) => r.path === '/respond/pair-propose')!;
    expect(String(proposed.body.text)).toMatch(/^Session proposed/);
  });
});
