import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { type SessionFixture, sessionFixture } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { messageActivity, personalChatOf, type TeamsPerson } from './testing/activities.ts';
import { type FakeConnector, readCard, startFakeConnector } from './testing/fake-connector.ts';
import { type LocalIdp, startLocalIdp } from './testing/local-idp.ts';
import { teamsHarness } from './testing/teams-harness.ts';

let database: Database;
let fixture: SessionFixture;
let idp: LocalIdp;
let connector: FakeConnector;
let harness: ReturnType<typeof teamsHarness>;

const ana: TeamsPerson = {
  id: '29:ana',
  aadObjectId: '00000000-0000-0000-0000-0000000000a1',
  name: 'Ana',
  timeZone: 'America/Chicago',
};

beforeAll(async () => {
  database = await openTestPglite();
  fixture = await sessionFixture(database, 'demo');
  idp = await startLocalIdp();
  connector = await startFakeConnector();
  harness = teamsHarness({ parts: testRuntimeParts(database), idp });
}, 60_000);
afterAll(async () => {
  await harness?.close();
  await connector?.close();
  await idp?.close();
  await database?.close();
});

describe('the Teams surface over HTTP, through the Agents SDK', () => {
  it('answers a command typed without a slash as an Adaptive Card reply to the message', async () => {
    const activity = messageActivity(ana, connector.url, { text: 'help' });
    const response = await harness.post(activity);
    expect(response.status).toBe(200);
    const [sent] = connector.sentTo(personalChatOf(ana));
    expect(sent?.activityId).toBe(activity.id);
    expect(sent?.authorization).toMatch(/^Bearer outgoing-1-/);
    const attachments = sent!.body.attachments as { contentType: string; content: { version: string } }[];
    expect(attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachments[0]!.content.version).toBe('1.5');
    expect(readCard(sent!.body).text).toContain('/pair');
  });
});
