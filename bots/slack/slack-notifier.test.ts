import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heading, image, reply } from '../../core/commands/reply.ts';
import { recordingNotifier } from '../../core/ports/notifier.ts';
import type { Database } from '../../db/database.ts';
import { identities, users } from '../../db/schema/index.ts';
import { seedTenant } from '../../db/seed.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { type FakeSlackApi, startFakeSlackApi } from './testing/fake-slack-api.ts';
import { slackHarness } from './testing/slack-harness.ts';
import { slashCommand } from './testing/slack-requests.ts';

let database: Database;
let fake: FakeSlackApi;
let parts: ReturnType<typeof testRuntimeParts>;
let harness: ReturnType<typeof slackHarness>;
const fallback = recordingNotifier();

beforeAll(async () => {
  database = await openTestPglite();
  await seedTenant(database, { slug: 'demo', creatorCount: 2, seed: 2 });
  parts = testRuntimeParts(database);
  fake = await startFakeSlackApi();
  fake.addUser({ id: 'U0ANA', name: 'ana', realName: 'Ana' });
  harness = slackHarness({ database, parts, fake, fallbackNotifier: fallback });
  await harness.post(
    slashCommand({ command: '/align', text: 'whoami', userId: 'U0ANA', responseUrl: fake.responseUrl('w') }),
  );
  await harness.slack.stop();
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

describe('slackNotifier', () => {
  it('DMs a person with a Slack identity once per dedupe key, and hands others to the fallback', async () => {
    const { notifier } = harness;
    const [ana] = await database.withSystem((tx) =>
      tx.select({ userId: identities.userId }).from(identities).where(eq(identities.externalUserId, 'U0ANA')),
    );
    const message = reply(heading('Reminder: Alt-pop write starts in an hour'));
    await notifier.notify(ana!.userId, message, { dedupeKey: 'reminder_1h:s1:ana' });
    await notifier.notify(ana!.userId, message, { dedupeKey: 'reminder_1h:s1:ana' });
    const sent = fake.callsOf('chat.postMessage');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      token: 'xoxb-single-workspace',
      params: { channel: 'U0ANA', text: 'Reminder: Alt-pop write starts in an hour' },
    });

    const [someone] = await database.withSystem((tx) =>
      tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'creator'), ne(users.id, ana!.userId)))
        .limit(1),
    );
    await notifier.notify(someone!.id, message, { dedupeKey: 'reminder_1h:s1:other' });
    expect(fallback.sent.map((n) => n.dedupeKey)).toEqual(['reminder_1h:s1:other']);
  });

  it('sends a message whose picture Slack cannot fetch again with the picture as its description', async () => {
    const [ana] = await database.withSystem((tx) =>
      tx.select({ userId: identities.userId }).from(identities).where(eq(identities.externalUserId, 'U0ANA')),
    );
    fake.failImageDownloads();
    const before = fake.callsOf('chat.postMessage').length;
    await harness.notifier.notify(
      ana!.userId,
      reply(
        heading('Your week'),
        image('https://align.example.com/img/timeline/x.png', 'Week of free time: AS'),
      ),
      { dedupeKey: 'picture:1' },
    );
    fake.failImageDownloads(false);
    const calls = fake.callsOf('chat.postMessage').slice(before);
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(calls[0]!.params.blocks)).toContain('"type":"image"');
    expect(JSON.stringify(calls[1]!.params.blocks)).not.toContain('"type":"image"');
    expect(JSON.stringify(calls[1]!.params.blocks)).toContain('Week of free time: AS');
  });
});
