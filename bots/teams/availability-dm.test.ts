import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../core/commands/definitions/index.ts';
import { dispatch } from '../../core/commands/dispatch.ts';
import { dueWeek } from '../../core/surface/availability-dm.ts';
import type { Database } from '../../db/database.ts';
import { users } from '../../db/schema/index.ts';
import { type SessionFixture, sessionFixture } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { testRuntimeParts } from '../../test/support/test-runtime.ts';
import { runAvailabilityDmSweep } from '../runtime/availability-dm-sweeper.ts';
import { commandContextFor } from '../runtime/command-services.ts';
import { createLogger } from '../runtime/logger.ts';
import { messageActivity, personalChatOf, type TeamsPerson } from './testing/activities.ts';
import { type FakeConnector, readCard, startFakeConnector } from './testing/fake-connector.ts';
import { teamsHarness } from './testing/teams-harness.ts';

let database: Database;
let fixture: SessionFixture;
let connector: FakeConnector;
let parts: ReturnType<typeof testRuntimeParts>;
let harness: ReturnType<typeof teamsHarness>;
const ana: TeamsPerson = { id: '29:ana', aadObjectId: '00000000-0000-0000-0000-0000000000a1', name: 'Ana' };
// Monday 23 November 2026, 12:00 UTC.
const MONDAY_NOON = Date.parse('2026-11-23T12:00:00Z');

beforeAll(async () => {
  database = await openTestPglite();
  fixture = await sessionFixture(database, 'demo');
  connector = await startFakeConnector();
  const [row] = await database.withTenant(fixture.tenantId, (tx) =>
    tx.select({ email: users.email }).from(users).where(eq(users.id, fixture.ana.userId)),
  );
  connector.addMember({ id: ana.id, aadObjectId: ana.aadObjectId, email: row!.email! });
  parts = testRuntimeParts(database, MONDAY_NOON);
  harness = teamsHarness({ parts });
  await harness.post(messageActivity(ana, connector.url, { text: 'whoami' }));
}, 60_000);
afterAll(async () => {
  await harness?.close();
  await connector?.close();
  await database?.close();
});

const admin = () =>
  commandContextFor(
    parts,
    { id: fixture.tenantId, slug: 'demo', name: 'Demo', settings: {} },
    fixture.admin,
    createCommandRegistry(),
  );
const sweep = () =>
  runAvailabilityDmSweep({
    tenants: harness.kit.tenants,
    refs: harness.kit.conversationRefs,
    work: parts.work,
    sender: harness.teams.sender,
    deliveries: harness.kit.deliveries,
    clock: parts.clock,
    logger: createLogger('silent'),
  });
const dms = () => connector.sentTo(personalChatOf(ana)).filter((call) => !call.activityId);

describe('the weekly availability DM', () => {
  it('is due from its day and hour on the tenant clock, all that week', () => {
    const dm = { isOn: true, day: 'mon' as const, hour: 13, timeZone: 'Europe/Paris' };
    // 13:00 in Paris is 12:00 UTC in November.
    expect(dueWeek(MONDAY_NOON, dm)).toBe('2026-W48');
    expect(dueWeek(MONDAY_NOON - 1, dm)).toBeUndefined();
    expect(dueWeek(MONDAY_NOON + 5 * 86_400_000, dm)).toBe('2026-W48');
    expect(dueWeek(MONDAY_NOON, { ...dm, isOn: false })).toBeUndefined();
  });

  it('is off until an admin turns it on (and only an admin may)', async () => {
    expect((await sweep()).sent).toBe(0);
    const shown = await dispatch('/teams-dm', admin());
    expect(JSON.stringify(shown.reply)).toContain('"value":"off"');
    const creator = commandContextFor(
      parts,
      { id: fixture.tenantId, slug: 'demo', name: 'Demo', settings: {} },
      fixture.ana,
      createCommandRegistry(),
    );
    expect(JSON.stringify((await dispatch('/teams-dm on day:mon hour:9', creator)).reply)).toContain(
      'is for: Admin',
    );
    const bad = await dispatch('/teams-dm on day:someday', admin());
    expect(JSON.stringify(bad.reply)).toContain('expected mon, tue, wed, thu, fri, sat or sun');
  });

  it('asks each opted-in creator reachable on Teams once a week, from their stored conversation', async () => {
    const set = await dispatch('/teams-dm on day:mon hour:9 zone:UTC', admin());
    expect(set.isError).toBeFalsy();
    expect(await sweep()).toMatchObject({ sent: 1 });
    const [dm] = dms();
    expect(readCard(dm!.body).text).toContain('When are you free next week?');
    expect(readCard(dm!.body).buttons.map((b) => b.label)).toEqual(['Use the form instead']);
    // A second pass that week (or a second server) sends nothing more.
    expect(await sweep()).toMatchObject({ sent: 0 });
    expect(dms()).toHaveLength(1);
    // The answer in plain words comes back as the confirmation card.
    await harness.post(
      messageActivity(ana, connector.url, { text: 'Tue after 6, not Friday', replyToId: dm!.id! }),
    );
    const answer = connector.sentTo(personalChatOf(ana)).at(-1)!;
    expect(readCard(answer.body).text).toContain('Is this your availability?');
  });

  it('leaves out creators who are not open to writing', async () => {
    parts.clock.advance(7 * 86_400_000);
    const optOut = await dispatch(
      '/avail optout',
      commandContextFor(
        parts,
        { id: fixture.tenantId, slug: 'demo', name: 'Demo', settings: {} },
        fixture.ana,
        createCommandRegistry(),
      ),
    );
    expect(optOut.isError).toBeFalsy();
    expect(await sweep()).toMatchObject({ sent: 0 });
  });
});
