import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { SLASH_COMMANDS } from '../../bots/slack/slash-commands.ts';
import { buttonsIn } from '../../bots/slack/testing/action-tokens.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../../bots/slack/testing/fake-slack-api.ts';
import { slackHarness } from '../../bots/slack/testing/slack-harness.ts';
import { blockActions, newTriggerId, slashCommand } from '../../bots/slack/testing/slack-requests.ts';
import type { Database } from '../../db/database.ts';
import { users } from '../../db/schema/index.ts';
import { type SessionFixture, sessionFixture } from '../support/session-fixture.ts';
import { openTestPglite } from '../support/test-databases.ts';
import { testRuntimeParts } from '../support/test-runtime.ts';
import { type Person, type SurfaceAnswer, type SurfaceDriver, surfaceConformance } from './conformance.ts';

let database: Database;
let fake: FakeSlackApi;
let harness: ReturnType<typeof slackHarness>;
let driver: SurfaceDriver;

const SLACK_ID: Record<Person, string> = {
  publisher: 'U0PUB',
  a: 'U0ANA',
  b: 'U0BEN',
  stranger: 'U0STRANGER',
};
const SLASH = new Set(SLASH_COMMANDS.map((command) => command.command));

/** Every text of a Slack message (its fallback and its blocks), one per line. */
function textOf(message: { text?: unknown; blocks?: unknown }): string {
  const texts: string[] = [String(message.text ?? '')];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) for (const item of node) visit(item);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else visit(value);
      }
    }
  };
  visit(message.blocks);
  return texts.join('\n');
}

const answerOf = (message: { text?: unknown; blocks?: unknown }): SurfaceAnswer => ({
  text: textOf(message),
  buttons: buttonsIn(message.blocks),
});

let interaction = 0;

beforeAll(async () => {
  database = await openTestPglite();
  const f: SessionFixture = await sessionFixture(database, 'demo');
  fake = await startFakeSlackApi();
  const emailOf = async (userId: string) =>
    (await database.withTenant(f.tenantId, (tx) => tx.select().from(users).where(eq(users.id, userId))))[0]!
      .email!;
  fake.addUser({ id: SLACK_ID.publisher, name: 'pat', realName: 'Pat Publisher', tz: 'Europe/London' });
  fake.addUser({
    id: SLACK_ID.a,
    name: 'ana',
    realName: 'Ana',
    tz: f.ana.timeZone,
    email: await emailOf(f.ana.userId),
  });
  fake.addUser({
    id: SLACK_ID.b,
    name: 'ben',
    realName: 'Ben',
    tz: f.ben.timeZone,
    email: await emailOf(f.ben.userId),
  });
  fake.addUser({ id: SLACK_ID.stranger, name: 'sam', realName: 'Sam Stranger', tz: 'Asia/Tokyo' });
  harness = slackHarness({
    database,
    parts: testRuntimeParts(database, Date.parse('2026-11-23T12:00:00Z')),
    fake,
  });

  const post = async (person: Person, line: string, triggerId = newTriggerId()) => {
    const [name, ...rest] = line.split(' ');
    // `@handle` is typed as a Slack mention of that person's account.
    const text = rest
      .join(' ')
      .replace(/@([a-z0-9._-]+)/g, (whole, handle: string) =>
        handle === f.ana.creatorHandle
          ? `<@${SLACK_ID.a}|ana>`
          : handle === f.ben.creatorHandle
            ? `<@${SLACK_ID.b}|ben>`
            : whole,
      );
    const command = SLASH.has(name!) ? name! : '/align';
    const id = `conformance-${++interaction}`;
    const body = slashCommand({
      command,
      text: command === '/align' ? `${name!.slice(1)} ${text}`.trim() : text,
      userId: SLACK_ID[person],
      responseUrl: fake.responseUrl(id),
      triggerId,
    });
    return { body, id };
  };
  const answer = async (body: string, id: string): Promise<SurfaceAnswer> => {
    const response = await harness.post(body);
    const acked = await response.text();
    await harness.settle();
    if (acked) return answerOf(JSON.parse(acked));
    const later = fake.responses.find((r) => r.path === `/respond/${id}`);
    return later ? answerOf(later.body) : { text: '', buttons: [] };
  };
  const seen: Record<string, number> = {};

  // The publisher has used Slack before and was made staff; a and b have talked to the bot.
  for (const person of ['publisher', 'a', 'b'] as const) {
    const { body, id } = await post(person, '/whoami');
    await answer(body, id);
  }
  await database.withSystem((tx) =>
    tx.update(users).set({ role: 'staff' }).where(eq(users.displayName, 'Pat Publisher')),
  );

  driver = {
    surface: 'slack',
    handles: { a: f.ana.creatorHandle!, b: f.ben.creatorHandle! },
    zones: { publisher: 'Europe/London', a: f.ana.timeZone, b: f.ben.timeZone },
    publisherRole: 'Staff',
    firstContact: 'creates',
    async send(person, line) {
      const { body, id } = await post(person, line);
      return answer(body, id);
    },
    async press(person, value) {
      const id = `press-${++interaction}`;
      await harness.post(
        blockActions({
          userId: SLACK_ID[person],
          value,
          responseUrl: fake.responseUrl(id),
          messageTs: `1700000100.${String(interaction).padStart(6, '0')}`,
        }),
      );
      await harness.settle();
      const response = fake.responses.find((r) => r.path === `/respond/${id}`);
      return response ? answerOf(response.body) : { text: '', buttons: [] };
    },
    async received(person) {
      await harness.settle();
      const channel = SLACK_ID[person];
      const all = fake.callsOf('chat.postMessage').filter((call) => call.params.channel === channel);
      const fresh = all.slice(seen[channel] ?? 0);
      seen[channel] = all.length;
      return fresh.map((call) => answerOf(call.params));
    },
    async replay(person, line) {
      // Slack retries a slash command it thinks we missed with the same trigger id.
      const { body, id } = await post(person, line);
      await answer(body, id);
      await harness.post(body);
      await harness.settle();
    },
  };
}, 60_000);
afterAll(async () => {
  await harness.close();
  await fake.close();
  await database.close();
});

surfaceConformance(() => driver);
