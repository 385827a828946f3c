import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { dispatch } from '../../core/commands/dispatch.ts';
import type { Database } from '../../db/database.ts';
import { users } from '../../db/schema/index.ts';
import { type SessionFixture, sessionFixture } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { commandContextFor } from '../runtime/command-services.ts';
import {
  BOT,
  installActivity,
  messageActivity,
  personalChatOf,
  type TeamsPerson,
} from './testing/activities.ts';
import { type FakeConnector, readCard, startFakeConnector } from './testing/fake-connector.ts';
import { type LocalIdp, startLocalIdp } from './testing/local-idp.ts';
import { teamsHarness } from './testing/teams-harness.ts';

let database: Database;
let fixture: SessionFixture;
let idp: LocalIdp;
let connector: FakeConnector;
let harness: ReturnType<typeof teamsHarness>;
const waits: number[] = [];
let parts: ReturnType<typeof testRuntimeParts>;

const teamsPerson = (key: string, name: string, timeZone?: string): TeamsPerson => ({
  id: `29:${key}`,
  aadObjectId: `00000000-0000-0000-0000-${key.padStart(12, '0')}`,
  name,
  ...(timeZone ? { timeZone } : {}),
});
const ana = teamsPerson('a1', 'Ana', 'America/Chicago');

beforeAll(async () => {
  database = await openTestPglite();
  fixture = await sessionFixture(database, 'demo');
  idp = await startLocalIdp();
  connector = await startFakeConnector();
  parts = testRuntimeParts(database);
  harness = teamsHarness({
    parts,
    idp,
    sending: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
  });
}, 60_000);
afterAll(async () => {
  await harness?.close();
  await connector?.close();
  await idp?.close();
  await database?.close();
});

const lastIn = (person: TeamsPerson) =>
  connector.calls.filter((c) => c.conversationId === personalChatOf(person)).at(-1);

describe('the Teams surface over HTTP, through the Agents SDK', () => {
  it('answers a command typed without a slash as an Adaptive Card reply to the message', async () => {
    const activity = messageActivity(ana, connector.url, { text: 'help' });
    const response = await harness.post(activity);
    expect(response.status).toBe(200);
    const sent = lastIn(ana);
    expect(sent?.method).toBe('POST');
    expect(sent?.activityId).toBe(activity.id);
    expect(sent?.authorization).toMatch(/^Bearer outgoing-/);
    const attachments = sent!.body.attachments as { contentType: string; content: { version: string } }[];
    expect(attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachments[0]!.content.version).toBe('1.5');
    expect(readCard(sent!.body).text).toContain('/pair');
  });

  it('reads the bot’s @mention, a leading slash or "align" the same way', async () => {
    for (const text of ['<at>Session Align</at> whoami', '/whoami', 'align whoami', 'whoami']) {
      await harness.post(
        messageActivity(ana, connector.url, {
          text,
          entities: [{ type: 'mention', text: '<at>Session Align</at>', mentioned: BOT }],
        }),
      );
      expect(readCard(lastIn(ana)!.body).text, text).toMatch(/Name\nAna\nRole\nCreator/);
    }
  });

  it('creates a first-contact user in the zone Teams reports (clientInfo.timezone)', async () => {
    const kai = teamsPerson('c1', 'Kai', 'Australia/Sydney');
    await harness.post(messageActivity(kai, connector.url, { text: 'whoami' }));
    expect(readCard(lastIn(kai)!.body).text).toContain('Australia/Sydney');
  });

  it('answers a resent activity (same id) once', async () => {
    const activity = messageActivity(ana, connector.url, { text: 'whoami' });
    await harness.post(activity);
    const before = connector.calls.length;
    const again = await harness.post(activity);
    expect(again.status).toBe(200);
    expect(connector.calls.length).toBe(before);
  });

  it('says Session Align is not installed to an organisation without an installation (installed mode)', async () => {
    const strict = teamsHarness({ parts: testRuntimeParts(database), idp, tenancy: { mode: 'installed' } });
    try {
      const outsider = teamsPerson('d1', 'Olu');
      await strict.post(
        messageActivity(outsider, connector.url, {
          text: 'roster',
          tenantId: '99999999-0000-0000-0000-000000000000',
        }),
      );
      expect(readCard(lastIn(outsider)!.body).text).toContain(
        'Session Align is not installed for your organisation',
      );
    } finally {
      await strict.close();
    }
  });

  it('installs the organisation and greets when the bot is added to a personal chat', async () => {
    const newcomer = teamsPerson('e1', 'Noor', 'Europe/Paris');
    const response = await harness.post(installActivity(newcomer, connector.url));
    expect(response.status).toBe(200);
    expect(readCard(lastIn(newcomer)!.body).text).toContain('Session Align is here');
  });

  it('refuses a body over 256 KB before reading it as an activity', async () => {
    const big = messageActivity(ana, connector.url, { text: 'x'.repeat(300 * 1024) });
    expect((await harness.post(big)).status).toBe(413);
  });

  it('updates a proposal card in place when its Accept is pressed, and answers a second press', async () => {
    await harness.settle();
    const creator = teamsPerson('f1', 'Ana Creator');
    const [row] = await database.withTenant(fixture.tenantId, (tx) =>
      tx.select({ email: users.email }).from(users).where(eq(users.id, fixture.ana.userId)),
    );
    connector.addMember({ id: creator.id, aadObjectId: creator.aadObjectId, email: row!.email! });
    await harness.post(messageActivity(creator, connector.url, { text: 'whoami' }));
    const admin = commandContextFor(
      parts,
      { ...fixture, id: fixture.tenantId, slug: 'demo', name: 'Demo', settings: {} },
      fixture.admin,
      createCommandRegistry(),
    );
    const proposed = await dispatch(
      `/session propose @${fixture.ana.creatorHandle} @${fixture.ben.creatorHandle} 2026-12-09 15:00 2h title:"In place"`,
      admin,
    );
    expect(proposed.isError).toBeFalsy();
    await harness.settle();
    const card = lastIn(creator)!;
    expect(card.activityId).toBeUndefined();
    const accept = readCard(card.body).buttons.find((b) => b.label === 'Accept')!;
    expect(JSON.parse(accept.value)).toMatchObject({ inPlace: true });
    await harness.post(
      messageActivity(creator, connector.url, { value: JSON.parse(accept.value), replyToId: card.id! }),
    );
    const updated = lastIn(creator)!;
    expect(updated.method).toBe('PUT');
    expect(updated.activityId).toBe(card.id);
    await harness.post(
      messageActivity(creator, connector.url, { value: JSON.parse(accept.value), replyToId: card.id! }),
    );
    expect(lastIn(creator)!.method).toBe('POST');
    expect(readCard(lastIn(creator)!.body).text).toContain('already used');
  });
});

describe('proactive messages to stored conversations', () => {
  const reachable = async (person: TeamsPerson) => {
    await harness.post(messageActivity(person, connector.url, { text: 'whoami' }));
    const actor = await harness.kit.identities.inTenant(fixture.tenantId, (tx) =>
      tx.findActor({ platform: 'teams', externalUserId: person.aadObjectId }),
    );
    return actor!.userId;
  };
  const message = { blocks: [{ kind: 'text' as const, text: 'Your week: tell me when you are free' }] };

  it('reaches a stored personal chat, backs off on 429 (Retry-After) and sends once', async () => {
    const lee = teamsPerson('g1', 'Lee');
    const userId = await reachable(lee);
    connector.failures.push({ status: 429, retryAfterS: 2 });
    waits.length = 0;
    await harness.teams.deliverer.notify(userId, message, { dedupeKey: 'dm-429' });
    const sent = connector.sentTo(personalChatOf(lee)).filter((c) => !c.activityId);
    expect(sent).toHaveLength(1);
    expect(readCard(sent[0]!.body).text).toContain('tell me when you are free');
    expect(waits).toContain(2125);
    // The same dedupe key again: nothing more is sent.
    await harness.teams.deliverer.notify(userId, message, { dedupeKey: 'dm-429' });
    expect(connector.sentTo(personalChatOf(lee)).filter((c) => !c.activityId)).toHaveLength(1);
  });

  it.each([
    [403, 'ConversationBlockedByUser'],
    [404, 'ConversationNotFound'],
  ])('marks someone unreachable on %i %s and stops trying them', async (status, code) => {
    const gone = teamsPerson(`h${status}`, 'Gone');
    const userId = await reachable(gone);
    expect(await harness.teams.deliverer.reaches(userId)).toBe(true);
    connector.failures.push({ status, code });
    await harness.teams.deliverer.notify(userId, message, { dedupeKey: `dm-${status}` });
    expect(await harness.teams.deliverer.reaches(userId)).toBe(false);
    const ref = await harness.kit.conversationRefs.find(fixture.tenantId, userId, 'teams');
    expect(ref).toMatchObject({ isReachable: false, unreachableReason: code });
    // Writing to the bot again makes them reachable.
    await harness.post(messageActivity(gone, connector.url, { text: 'whoami' }));
    expect(await harness.teams.deliverer.reaches(userId)).toBe(true);
  });
});
