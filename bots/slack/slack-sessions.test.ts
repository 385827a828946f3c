import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { creators, users } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { blockKitProblems } from './limits-check.ts';
import { buttonsIn } from './testing/action-tokens.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackHarness } from './testing/slack-harness.ts';
import { blockActions, slashCommand } from './testing/slack-requests.ts';

let database: Database;
let fake: FakeSlackApi;
let harness: ReturnType<typeof slackHarness>;
const creatorsBySlackId: Record<string, string> = {};
const zoneBySlackId: Record<string, string> = {};

type PostedBlock = { type: string; elements?: { value?: string; text?: { text: string } }[] };

/** The value (an action token) of the button with this label in a posted message. */
const button = (blocks: unknown, label: string) => buttonsIn(blocks).find((b) => b.label === label)?.value;

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
  await harness.settle();
});
afterAll(async () => {
  await harness.close();
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
        text: `propose <@${a![0]}|${a![1]}> <@${b![0]}|${b![1]}> 2026-12-03 17:00 2h title:"Alt-pop write" confirm:availability`,
        userId: 'U0PUB',
        responseUrl: fake.responseUrl('propose'),
      }),
    );
    const answer = (await proposed.json()) as { text: string; blocks: PostedBlock[] };
    expect(answer.text).toBe('Session proposed: Alt-pop write');
    await harness.settle();

    const invitations = fake.callsOf('chat.postMessage').slice(dmsBefore);
    expect(invitations.map((call) => call.params.channel).toSorted()).toEqual([a![0], b![0]].toSorted());
    // Each invitation carries its recipient's own Accept: an opaque token, at most 64 characters.
    const acceptOf = (slackId: string) =>
      button(invitations.find((call) => call.params.channel === slackId)!.params.blocks, 'Accept')!;
    for (const slackId of [a![0], b![0]]) expect(acceptOf(slackId)).toMatch(/^sa1\.[A-Za-z0-9_-]{22}$/);
    expect(acceptOf(a![0])).not.toBe(acceptOf(b![0]));
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

    // Someone else's button does nothing for them.
    await harness.post(
      blockActions({
        userId: b![0],
        value: acceptOf(a![0]),
        responseUrl: fake.responseUrl('not-mine'),
        messageTs: '1700000001.000009',
      }),
    );
    await harness.settle();
    expect(JSON.stringify(fake.responses.find((r) => r.path === '/respond/not-mine')!.body)).toContain(
      'meant for someone else',
    );
    for (const [index, [slackId]] of [a!, b!].entries()) {
      await harness.post(
        blockActions({
          userId: slackId,
          value: acceptOf(slackId),
          responseUrl: fake.responseUrl(`accept-${index}`),
          messageTs: `1700000001.00000${index}`,
        }),
      );
      await harness.settle();
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
        value: acceptOf(b![0]),
        responseUrl: fake.responseUrl('accept-1'),
        messageTs: '1700000001.000001',
      }),
      undefined,
      { 'x-slack-retry-num': '1' },
    );
    await harness.settle();
    expect({ dms: fake.callsOf('chat.postMessage').length, responses: fake.responses.length }).toEqual(
      before,
    );
    // Pressed again from another message, the single-use button says so and changes nothing.
    await harness.post(
      blockActions({
        userId: b![0],
        value: acceptOf(b![0]),
        responseUrl: fake.responseUrl('again'),
        messageTs: '1700000001.000123',
      }),
    );
    await harness.settle();
    expect(JSON.stringify(fake.responses.find((r) => r.path === '/respond/again')!.body)).toContain(
      'already used',
    );
    expect(fake.callsOf('chat.postMessage').length).toBe(before.dms);
  });

  it('/campaign confirm: each participant gets their DM with Accept and the .ics invite in it', async () => {
    const [a, b] = Object.entries(creatorsBySlackId);
    const slash = async (text: string, id: string) => {
      const response = await harness.post(
        slashCommand({ command: '/campaign', text, userId: 'U0PUB', responseUrl: fake.responseUrl(id) }),
      );
      const body = (await response.json()) as { text: string; blocks: PostedBlock[] };
      return { ...body, all: JSON.stringify(body) };
    };
    const started = await slash('new "Winter camp: two writes"', 'campaign-new');
    const campaignId = /\b([0-9a-f]{8})\b/.exec(started.all)?.[1];
    expect(campaignId, started.all).toBeDefined();
    const drafted = await slash(
      `draft ${campaignId} <@${a![0]}|${a![1]}> <@${b![0]}|${b![1]}> 2026-12-09 15:00 2h title:"Camp day one"`,
      'campaign-draft',
    );
    expect(drafted.all).toContain('Camp day one');
    const dmsBefore = fake.callsOf('chat.postMessage').length;
    const uploadsBefore = fake.uploadedFiles().length;
    // The seeded writers' hours do not all cover that time: the publisher confirms past the warning.
    const warned = await slash(`confirm ${campaignId}`, 'campaign-warned');
    expect(warned.text).toContain('Check before confirming');
    expect(fake.callsOf('chat.postMessage').length).toBe(dmsBefore);
    const confirmed = await slash(`confirm ${campaignId} confirm:availability`, 'campaign-confirm');
    expect(confirmed.text).toContain('Campaign confirmed');
    await harness.settle();

    const dms = fake.callsOf('chat.postMessage').slice(dmsBefore);
    expect(dms.map((call) => call.params.channel).toSorted()).toEqual([a![0], b![0]].toSorted());
    for (const dm of dms) {
      expect(JSON.stringify(dm.params.blocks)).toContain('Camp day one');
      expect(button(dm.params.blocks, 'Accept')).toMatch(/^sa1\./);
    }
    // The invite is shared in each participant's DM as a calendar file.
    const invites = fake.uploadedFiles().slice(uploadsBefore);
    expect(invites.map((file) => file.channel).toSorted()).toEqual(
      [a![0], b![0]].map((slackId) => `D${slackId.replace(/^U/, '')}`).toSorted(),
    );
    for (const invite of invites) {
      expect(invite.filename).toMatch(/^session-[0-9a-f]{8}\.ics$/);
      expect(invite.content).toContain('BEGIN:VCALENDAR');
      expect(invite.content).toContain('METHOD:REQUEST');
      expect(invite.content).toContain('SUMMARY:Camp day one');
      expect(invite.content).toContain('DTSTART:20261209T150000Z');
    }

    // Delivered once: a second pass of the outbox sends nothing more.
    await harness.settle();
    expect(fake.callsOf('chat.postMessage').length).toBe(dmsBefore + 2);
    expect(fake.uploadedFiles().length).toBe(uploadsBefore + 2);

    // "Calendar invite" on the card shares the file again, on demand.
    const dmOfA = dms.find((call) => call.params.channel === a![0])!;
    await harness.post(
      blockActions({
        userId: a![0],
        value: button(dmOfA.params.blocks, 'Calendar invite')!,
        responseUrl: fake.responseUrl('invite-again'),
        messageTs: String(dmOfA.params.ts ?? '1700000003.000001'),
      }),
    );
    await harness.settle();
    expect(fake.uploadedFiles().at(-1)).toMatchObject({ channel: `D${a![0].replace(/^U/, '')}` });
    expect(fake.uploadedFiles().length).toBe(uploadsBefore + 3);
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
    expect(button(answer.blocks, 'More like this')).toMatch(/^sa1\./);
    const propose = button(answer.blocks, 'Propose');
    expect(propose).toMatch(/^sa1\./);
    await harness.post(
      blockActions({
        userId: 'U0PUB',
        value: propose!,
        responseUrl: fake.responseUrl('pair-propose'),
        messageTs: '1700000002.000001',
      }),
    );
    await harness.settle();
    const proposed = fake.responses.find((r) => r.path === '/respond/pair-propose')!;
    expect(String(proposed.body.text)).toMatch(/^Session proposed/);
  });
});
