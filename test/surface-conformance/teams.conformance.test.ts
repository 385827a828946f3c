import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { messageActivity, personalChatOf, type TeamsPerson } from '../../bots/teams/testing/activities.ts';
import { type FakeConnector, readCard, startFakeConnector } from '../../bots/teams/testing/fake-connector.ts';
import { type LocalIdp, startLocalIdp } from '../../bots/teams/testing/local-idp.ts';
import { teamsHarness } from '../../bots/teams/testing/teams-harness.ts';
import type { Database } from '../../db/database.ts';
import { users } from '../../db/schema/index.ts';
import { type SessionFixture, sessionFixture } from '../support/session-fixture.ts';
import { openTestPglite } from '../support/test-databases.ts';
import { testRuntimeParts } from '../support/test-runtime.ts';
import { type Person, type SurfaceAnswer, type SurfaceDriver, surfaceConformance } from './conformance.ts';

let database: Database;
let idp: LocalIdp;
let connector: FakeConnector;
let harness: ReturnType<typeof teamsHarness>;
let driver: SurfaceDriver;

const person = (key: string, name: string, timeZone: string): TeamsPerson => ({
  id: `29:${key}`,
  aadObjectId: `00000000-0000-0000-0000-${key.padStart(12, '0')}`,
  name,
  timeZone,
});

const answerOf = (body: Record<string, unknown>): SurfaceAnswer => {
  const { text, buttons } = readCard(body);
  return { text, buttons };
};

beforeAll(async () => {
  database = await openTestPglite();
  const f: SessionFixture = await sessionFixture(database, 'demo');
  idp = await startLocalIdp();
  connector = await startFakeConnector();
  const emailOf = async (userId: string) =>
    (await database.withTenant(f.tenantId, (tx) => tx.select().from(users).where(eq(users.id, userId))))[0]!
      .email!;
  const people: Record<Person, TeamsPerson> = {
    publisher: person('1', 'Pat Publisher', 'Europe/London'),
    a: person('a', 'Ana', f.ana.timeZone),
    b: person('b', 'Ben', f.ben.timeZone),
    stranger: person('5', 'Sam Stranger', 'Asia/Tokyo'),
  };
  // Teams fills a member's e-mail from Entra: a and b link to their existing users by it.
  connector.addMember({
    id: people.a.id,
    aadObjectId: people.a.aadObjectId,
    email: await emailOf(f.ana.userId),
  });
  connector.addMember({
    id: people.b.id,
    aadObjectId: people.b.aadObjectId,
    email: await emailOf(f.ben.userId),
  });
  harness = teamsHarness({ parts: testRuntimeParts(database, Date.parse('2026-11-23T12:00:00Z')), idp });

  /** Where each button came from: a press replies to that message. */
  const messageOfButton = new Map<string, string>();
  const remember = (calls: typeof connector.calls) => {
    for (const call of calls)
      for (const button of readCard(call.body).buttons)
        if (call.id) messageOfButton.set(button.value, call.id);
  };
  /** What the bot posted or updated in this person's chat after `since` calls. */
  const answerSince = (who: Person, since: number): SurfaceAnswer => {
    const fresh = connector.calls
      .slice(since)
      .filter((c) => c.conversationId === personalChatOf(people[who]));
    remember(fresh);
    const last = fresh.at(-1);
    return last ? answerOf(last.body) : { text: '', buttons: [] };
  };
  const send = async (who: Person, line: string) => {
    const since = connector.calls.length;
    const response = await harness.post(messageActivity(people[who], connector.url, { text: line }));
    if (response.status !== 200) throw new Error(`POST /api/messages answered ${response.status}`);
    return answerSince(who, since);
  };
  const seen: Record<string, number> = {};

  for (const who of ['publisher', 'a', 'b'] as const) await send(who, '/whoami');
  await database.withSystem((tx) =>
    tx.update(users).set({ role: 'staff' }).where(eq(users.displayName, 'Pat Publisher')),
  );

  driver = {
    surface: 'teams',
    handles: { a: f.ana.creatorHandle!, b: f.ben.creatorHandle! },
    zones: { publisher: 'Europe/London', a: f.ana.timeZone, b: f.ben.timeZone },
    publisherRole: 'Staff',
    firstContact: 'creates',
    send,
    async press(who, value) {
      const since = connector.calls.length;
      const replyToId = messageOfButton.get(value);
      await harness.post(
        messageActivity(people[who], connector.url, {
          value: JSON.parse(value) as Record<string, unknown>,
          ...(replyToId ? { replyToId } : {}),
        }),
      );
      await harness.settle();
      return answerSince(who, since);
    },
    async received(who) {
      await harness.settle();
      const chat = personalChatOf(people[who]);
      // Proactive messages are new messages (not replies to the person's own).
      const all = connector.calls.filter(
        (c) => c.method === 'POST' && c.conversationId === chat && !c.activityId,
      );
      const fresh = all.slice(seen[chat] ?? 0);
      seen[chat] = all.length;
      remember(fresh);
      return fresh.map((call) => answerOf(call.body));
    },
    async replay(who, line) {
      // The Bot Connector service resends an activity it thinks we missed with the same id.
      const activity = messageActivity(people[who], connector.url, { text: line });
      await harness.post(activity);
      await harness.post(activity);
      await harness.settle();
    },
  };
}, 60_000);
afterAll(async () => {
  await harness?.close();
  await connector?.close();
  await idp?.close();
  await database?.close();
});

surfaceConformance(() => driver);
