import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { auditEvents, availabilityBlocks, availabilityRules, users } from '../../db/schema/index.ts';
import { type SessionFixture, sessionFixture } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { messageActivity, personalChatOf, type TeamsPerson } from './testing/activities.ts';
import { type FakeConnector, readCard, startFakeConnector } from './testing/fake-connector.ts';
import { teamsHarness } from './testing/teams-harness.ts';

let database: Database;
let fixture: SessionFixture;
let connector: FakeConnector;
let harness: ReturnType<typeof teamsHarness>;
const ana: TeamsPerson = { id: '29:ana', aadObjectId: '00000000-0000-0000-0000-0000000000a1', name: 'Ana' };

beforeAll(async () => {
  database = await openTestPglite();
  fixture = await sessionFixture(database, 'demo');
  connector = await startFakeConnector();
  const [row] = await database.withTenant(fixture.tenantId, (tx) =>
    tx.select({ email: users.email }).from(users).where(eq(users.id, fixture.ana.userId)),
  );
  connector.addMember({ id: ana.id, aadObjectId: ana.aadObjectId, email: row!.email! });
  // Auth off (TEAMS_AUTH=off): the plain-word path is what is tested here. "Now" is Mon 23 Nov 2026.
  harness = teamsHarness({ parts: testRuntimeParts(database, Date.parse('2026-11-23T12:00:00Z')) });
}, 60_000);
afterAll(async () => {
  await harness?.close();
  await connector?.close();
  await database?.close();
});

const last = () => connector.calls.filter((c) => c.conversationId === personalChatOf(ana)).at(-1)!;
const press = async (button: { value: string }, replyToId: string) =>
  harness.post(messageActivity(ana, connector.url, { value: JSON.parse(button.value), replyToId }));

describe('availability in plain words, confirmed before it is saved', () => {
  it('lists what it understood in the creator’s zone with Remove, quotes the rest, and saves only on Confirm', async () => {
    await harness.post(
      messageActivity(ana, connector.url, { text: 'every Tuesday 10-1, not Friday, and purple monkeys' }),
    );
    const card = last();
    const shown = readCard(card.body);
    expect(shown.text).toContain('Is this your availability?');
    expect(shown.text).toContain(`Times in your zone, ${fixture.ana.timeZone}`);
    expect(shown.text).toContain('Available every Tuesday 10:00-13:00');
    expect(shown.text).toContain('Not available Fri 27 Nov all day');
    expect(shown.text).toMatch(/Not understood: “[^”]*purple monkeys”/);
    expect(shown.buttons.map((b) => b.label)).toEqual(['Remove', 'Remove', 'Confirm', 'Edit']);
    const rulesBefore = await database.withTenant(fixture.tenantId, (tx) =>
      tx.select().from(availabilityRules),
    );
    expect(rulesBefore).toEqual([]);

    // Remove the day off: the card comes back with the weekly rule only.
    await press(shown.buttons[1]!, card.id!);
    const trimmed = readCard(last().body);
    expect(trimmed.text).toContain('Available every Tuesday 10:00-13:00');
    expect(trimmed.text).not.toContain('Not available Fri');

    const confirm = trimmed.buttons.find((b) => b.label === 'Confirm')!;
    await press(confirm, last().id!);
    expect(readCard(last().body).text).toContain('Saved:');
    const rules = await database.withTenant(fixture.tenantId, (tx) => tx.select().from(availabilityRules));
    expect(rules).toEqual([
      expect.objectContaining({ rrule: 'FREQ=WEEKLY;BYDAY=TU', startTime: '10:00', endTime: '13:00' }),
    ]);
    const blocks = await database.withTenant(fixture.tenantId, (tx) => tx.select().from(availabilityBlocks));
    expect(blocks).toEqual([]);
    const audited = await database.withTenant(fixture.tenantId, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.action, 'availability.rule_added')),
    );
    expect(audited).toHaveLength(1);

    // Confirm again: the single-use button changes nothing twice.
    await press(confirm, last().id!);
    expect(readCard(last().body).text).toContain('already used');
    expect(
      await database.withTenant(fixture.tenantId, (tx) => tx.select().from(availabilityRules)),
    ).toHaveLength(1);
  });

  it('saves a one-off day off as a block', async () => {
    await harness.post(messageActivity(ana, connector.url, { text: "can't do Dec 3" }));
    const card = last();
    const confirm = readCard(card.body).buttons.find((b) => b.label === 'Confirm')!;
    await press(confirm, card.id!);
    const blocks = await database.withTenant(fixture.tenantId, (tx) => tx.select().from(availabilityBlocks));
    expect(blocks).toEqual([expect.objectContaining({ kind: 'unavailable' })]);
  });

  it('says what it can do when nothing reads as a time', async () => {
    await harness.post(messageActivity(ana, connector.url, { text: 'hello there' }));
    expect(readCard(last().body).text).toContain('I answer commands');
  });
});
