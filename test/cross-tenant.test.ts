/**
 * The cross-tenant suite: every command, and the stores and repositories behind them, run as the
 * wrong tenant and as a Slack workspace that never installed. Each must see 0 of the victim's rows
 * and cause 0 effects: the victim's data is byte-for-byte what it was, and no answer carries the
 * victim's data beyond what the attacker typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleSession } from '../bots/console/console-session.ts';
import { createLogger } from '../bots/runtime/logger.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../bots/slack/testing/fake-slack-api.ts';
import { slackHarness } from '../bots/slack/testing/slack-harness.ts';
import { slashCommand } from '../bots/slack/testing/slack-requests.ts';
import { createCommandRegistry } from '../core/commands/definitions/index.ts';
import { localHashedEmbedder } from '../core/matching/index.ts';
import type { Database } from '../db/database.ts';
import { availabilityDesk } from '../db/repositories/availability-desk.ts';
import { importCalendarFile, syncCalendar } from '../db/repositories/calendars.repository.ts';
import { campaignService } from '../db/repositories/campaigns.repository.ts';
import { rosterReader } from '../db/repositories/creators.repository.ts';
import { listDoNotPair, removeDoNotPair } from '../db/repositories/do-not-pair.repository.ts';
import { pairingDesk } from '../db/repositories/pairing-desk.ts';
import { profileDesk } from '../db/repositories/profile-desk.ts';
import { roomService } from '../db/repositories/rooms.repository.ts';
import { sessionService } from '../db/repositories/session-service.ts';
import { seedTenant } from '../db/seed.ts';
import { databaseIdentityStore } from '../db/stores/identity.store.ts';
import { databaseInstallationStore } from '../db/stores/installation.store.ts';
import { at, hourMs, type SessionFixture, sessionFixture, start, t0 } from './support/session-fixture.ts';
import { openTestPglite } from './support/test-databases.ts';
import { type TestRuntimeParts, testRuntimeParts } from './support/test-runtime.ts';

let database: Database;
let parts: TestRuntimeParts;
let victim: SessionFixture;
let attackerId: string;
let refs: { sessionId: string; shortId: string; campaignId: string; calendarId: string; handles: string[] };
const logger = createLogger('silent');

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VEVENT',
  'UID:busy-1',
  'DTSTART:20300302T100000Z',
  'DTEND:20300302T120000Z',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

/** Every table with a tenant_id: row count and a digest of the victim's rows, straight from the catalog. */
async function fingerprint(tenantId?: string): Promise<Record<string, string>> {
  return database.withOwner(async (q) => {
    const tables = await q.query<{ name: string }>(`
      select c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind = 'r' and exists (
        select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by 1`);
    const out: Record<string, string> = {};
    for (const { name } of [...tables, { name: 'tenants' }]) {
      const column = name === 'tenants' ? 'id' : 'tenant_id';
      const where = tenantId ? `where ${column} = $1` : '';
      const [row] = await q.query<{ digest: string }>(
        `select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest
         from ${name} t ${where}`,
        tenantId ? [tenantId] : [],
      );
      out[name] = row!.digest;
    }
    return out;
  });
}

beforeAll(async () => {
  database = await openTestPglite();
  victim = await sessionFixture(database, 'victim');
  parts = testRuntimeParts(database, t0);
  attackerId = (await seedTenant(database, { slug: 'attacker', creatorCount: 4, seed: 11 })).tenant.id;
  const sessions = sessionService(database, victim.tenantId, { clock: victim.clock });
  const proposed = await sessions.propose(victim.admin, {
    handles: [at(victim.ana), at(victim.ben)],
    startsAtMs: start,
    endsAtMs: start + 2 * hourMs,
    room: 'Studio A',
    title: 'Victim secret write',
  });
  const campaigns = campaignService(database, victim.tenantId, victim.clock);
  const campaign = await campaigns.create(victim.admin, 'Victim brief');
  await campaigns.addDraft(victim.admin, campaign.shortId, {
    handles: [at(victim.cleo), at(victim.dan)],
    startsAtMs: start + 24 * hourMs,
    endsAtMs: start + 26 * hourMs,
  });
  const { calendarId } = await importCalendarFile(parts, {
    tenantId: victim.tenantId,
    handle: at(victim.ana),
    label: 'Tour',
    icsText: ICS,
    nowMs: t0,
  });
  await availabilityDesk(parts, victim.tenantId).addRule(
    at(victim.ana),
    { rrule: 'FREQ=WEEKLY;BYDAY=MO', startTime: '10:00', endTime: '12:00' },
    'test',
  );
  refs = {
    sessionId: proposed.session.id,
    shortId: proposed.shortId,
    campaignId: campaign.shortId,
    calendarId,
    handles: [victim.ana, victim.ben, victim.cleo, victim.dan].map(at),
  };
});
afterAll(() => database.close());

/** Lines that name the victim's creators, sessions, campaign, rooms: one or more per command. */
function attackLines(): Record<string, string[]> {
  const [a, b, c] = refs.handles;
  const id = refs.shortId;
  return {
    avail: [
      `/avail @${a}`,
      `/avail @${a} add mon 10:00-12:00`,
      `/avail @${a} remove 1`,
      `/avail @${a} off 2030-03-05`,
      `/avail @${a} optout`,
      `/avail @${a} calendar https://calendar.example.com/x.ics`,
    ],
    pair: [`/pair @${a}`, `/pair @${a} @${b}`, `/pair @${a} next week 2h`],
    profile: [`/profile @${a}`, `/profile @${a} set bio:"pwned"`],
    roster: ['/roster', `/roster genre:pop`],
    session: [
      '/session',
      '/session all',
      `/session show ${id}`,
      `/session show ${refs.sessionId}`,
      `/session accept ${id}`,
      `/session decline ${id}`,
      `/session accept ${id} for:@${a}`,
      `/session confirm ${id}`,
      `/session reschedule ${id} 2030-03-04 10:00`,
      `/session cancel ${id} because`,
      `/session feedback ${id} 1 no "bad"`,
      `/session invite ${id}`,
      `/session propose @${a} @${b} 2030-03-03 15:00 2h`,
      `/session propose @${c} 2030-03-03 15:00 2h room:"Studio A"`,
    ],
    rooms: ['/rooms', '/rooms add "Annex" studio:Blackbird'],
    campaign: [
      `/campaign review ${refs.campaignId}`,
      `/campaign draft ${refs.campaignId} @${a} 2030-03-10 10:00`,
      `/campaign confirm ${refs.campaignId}`,
    ],
    donotpair: ['/donotpair', `/donotpair @${a} @${b}`, `/donotpair remove @${a} @${b}`],
    whoami: ['/whoami'],
    install: ['/install slack'],
    help: ['/help', '/help session'],
  };
}

/** What the victim has that an answer must never show: names, titles, the brief, full ids. */
function victimSecrets(): string[] {
  return [
    victim.ana.displayName,
    victim.ben.displayName,
    victim.cleo.displayName,
    victim.dan.displayName,
    'Victim secret write',
    'Victim brief',
    refs.sessionId,
    '2806 Azalea Pl',
  ];
}

describe('cross-tenant: every command as another tenant', () => {
  it('has attack lines for every registered command', () => {
    const names = createCommandRegistry()
      .list()
      .map((spec) => spec.name);
    expect(Object.keys(attackLines()).toSorted()).toEqual(names.toSorted());
  });

  it.each([['admin'], ['creator']])('as the other tenant’s %s: 0 rows seen, 0 effects', async (who) => {
    const as =
      who === 'admin'
        ? 'admin'
        : (await rosterReader(database, attackerId).list({ limit: 1 })).creators[0]!.handle;
    const attacker = await openConsoleSession({ ...parts, logger }, { tenantSlug: 'attacker', as });
    const before = await fingerprint(victim.tenantId);
    for (const line of Object.values(attackLines()).flat()) {
      const answer = await attacker.send(line);
      for (const secret of victimSecrets().filter((typed) => !line.includes(typed))) {
        expect({ line, leaked: answer.includes(secret) }).toEqual({ line, leaked: false });
      }
    }
    expect(await fingerprint(victim.tenantId)).toEqual(before);
    expect(parts.fetcher.feeds).toEqual({});
  });
});

describe('cross-tenant: repositories and stores called with the wrong tenant', () => {
  it('find nothing of the victim’s and change nothing', async () => {
    const before = await fingerprint(victim.tenantId);
    const [a, b] = refs.handles as [string, string];
    const attackerAdmin = { ...victim.admin, userId: victim.admin.userId };
    const outcomes = {
      roster: await rosterReader(database, attackerId).find(a),
      profile: await profileDesk(parts, attackerId).get(a),
      availability: await availabilityDesk(parts, attackerId)
        .record(a, { startMs: t0, endMs: t0 + 7 * 24 * hourMs })
        .catch((e: Error) => e.message),
      show: await sessionService(database, attackerId, { clock: victim.clock })
        .show(attackerAdmin, refs.sessionId)
        .catch((e: Error) => e.message),
      cancel: await sessionService(database, attackerId, { clock: victim.clock })
        .cancel(attackerAdmin, refs.sessionId, 'x')
        .catch((e: Error) => e.message),
      campaign: await campaignService(database, attackerId, victim.clock)
        .confirm(attackerAdmin, refs.campaignId)
        .catch((e: Error) => e.message),
      rooms: (await roomService(database, attackerId).list()).rooms.length,
      doNotPair: await listDoNotPair(database, attackerId),
      removeDoNotPair: await removeDoNotPair(database, attackerId, {
        handles: [a, b],
        actorLabel: 'x',
      }).catch((e: Error) => e.message),
      pair: await pairingDesk(database, attackerId, { embedder: localHashedEmbedder() })
        .pair({ creators: [a], genres: [], roles: [], k: 5, viewerTimeZone: 'UTC' })
        .then(
          () => 'answered',
          (e: Error) => e.message,
        ),
      sync: await syncCalendar(parts, { tenantId: attackerId, calendarId: refs.calendarId, nowMs: t0 }),
      identity: await databaseIdentityStore(database).inTenant(attackerId, (tx) =>
        tx.roleOf(victim.admin.userId),
      ),
      installations: await databaseInstallationStore(database, parts.secrets).listForTenant(
        victim.tenantId,
        'slack',
      ),
    };
    expect(outcomes).toEqual({
      roster: undefined,
      profile: undefined,
      availability: `No creator @${a}`,
      show: `No session ${refs.sessionId}`,
      cancel: `No session ${refs.sessionId}`,
      campaign: `No campaign ${refs.campaignId}`,
      rooms: 0,
      doNotPair: [],
      removeDoNotPair: false,
      pair: expect.stringContaining(a),
      sync: { skipped: 'not_a_url_calendar' },
      identity: undefined,
      installations: [],
    });
    expect(await fingerprint(victim.tenantId)).toEqual(before);
  });
});

describe('cross-tenant: a Slack workspace that never installed', () => {
  let fake: FakeSlackApi;
  beforeAll(async () => {
    fake = await startFakeSlackApi();
  });
  afterAll(() => fake.close());

  it('every command is answered "not installed", and nothing anywhere changes', async () => {
    const harness = slackHarness({
      database,
      parts,
      fake,
      singleWorkspace: { botToken: 'xoxb-victim', tenantSlug: 'victim' },
    });
    fake.addUser({ id: 'U0OUTSIDER', name: 'out', realName: 'Outsider', email: 'creator0@victim.example' });
    const before = await fingerprint();
    for (const line of Object.values(attackLines()).flat()) {
      const response = await harness.post(
        slashCommand({
          command: '/align',
          text: line.slice(1),
          userId: 'U0OUTSIDER',
          teamId: 'T0NEVER',
          responseUrl: fake.responseUrl('outsider'),
        }),
      );
      const answer = await response.text();
      expect({ line, answer: answer.includes('not installed in this workspace') }).toEqual({
        line,
        answer: true,
      });
      for (const secret of victimSecrets()) expect(answer).not.toContain(secret);
    }
    await harness.slack.stop();
    const after = await fingerprint();
    // The env token's own workspace may be bound (an installations row for T_DEMO): nothing else moves.
    expect({ ...after, installations: '' }).toEqual({ ...before, installations: '' });
    const bound = await databaseInstallationStore(database, parts.secrets).find('slack', 'T0NEVER');
    expect(bound).toBeUndefined();
    expect(fake.callsOf('users.info')).toEqual([]);
    expect(fake.callsOf('chat.postMessage')).toEqual([]);
  });
});

describe('cross-tenant: the suite can fail', () => {
  it('sees the effect when the same lines run in the victim’s own tenant', async () => {
    const owner = await openConsoleSession({ ...parts, logger }, { tenantSlug: 'victim', as: 'admin' });
    const before = await fingerprint(victim.tenantId);
    const [a] = refs.handles;
    expect(await owner.send(`/avail @${a} add mon 10:00-12:00`)).not.toContain('No creator');
    expect(await owner.send(`/session show ${refs.shortId}`)).toContain('Victim secret write');
    expect(await fingerprint(victim.tenantId)).not.toEqual(before);
  });
});
