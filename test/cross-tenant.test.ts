/**
 * The cross-tenant suite: every command, and the stores and repositories behind them, run as the
 * wrong tenant and as a Slack workspace that never installed. Each must see 0 of the victim's rows
 * and cause 0 effects: the victim's data is byte-for-byte what it was, and no answer carries the
 * victim's data beyond what the attacker typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleSession } from '../bots/console/console-session.ts';
import { renderText } from '../bots/console/render-text.ts';
import { createLogger } from '../bots/runtime/logger.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../bots/slack/testing/fake-slack-api.ts';
import { slackHarness } from '../bots/slack/testing/slack-harness.ts';
import { slashCommand } from '../bots/slack/testing/slack-requests.ts';
import { createCommandRegistry } from '../core/commands/definitions/index.ts';
import { formatInstant } from '../core/commands/definitions/session/session-args.ts';
import { invoke, press } from '../core/commands/dispatch.ts';
import type { Invocation } from '../core/commands/reply.ts';
import { localHashedEmbedder } from '../core/matching/index.ts';
import type { TenantStores } from '../core/ports/tenant-stores.ts';
import type { CampaignReview } from '../core/sessions/campaign-workflow.ts';
import type { SessionView } from '../core/sessions/session.store.ts';
import type { TimedOutcome } from '../core/sessions/session-booking.ts';
import { suggestedSession } from '../core/sessions/session-workflow.ts';
import type { Database } from '../db/database.ts';
import { importCalendarFile, syncCalendar } from '../db/repositories/calendars.repository.ts';
import { pairingDesk } from '../db/repositories/pairing-desk.ts';
import { seedTenant } from '../db/seed.ts';
import { databaseIdentityStore } from '../db/stores/identity.store.ts';
import { databaseInstallationStore } from '../db/stores/installation.store.ts';
import { databaseUnitOfWork } from '../db/stores/unit-of-work.ts';
import { commandsAs, resultOf } from './support/commands.ts';
import { at, hourMs, type SessionFixture, sessionFixture, start, t0 } from './support/session-fixture.ts';
import { openTestPglite } from './support/test-databases.ts';
import { deliverOutbox, type TestRuntimeParts, testRuntimeParts } from './support/test-runtime.ts';

let database: Database;
let parts: TestRuntimeParts;
let victim: SessionFixture;
let attackerId: string;
let refs: {
  sessionId: string;
  shortId: string;
  campaignId: string;
  draftId: string;
  calendarId: string;
  handles: string[];
  /** Ana's single-use Accept button on the victim's session. */
  token: string;
  /** The victim's creators by id: Ana, and the pair Ana and Ben (lower id first, as rules keep it). */
  anaCreatorId: string;
  creatorIds: [string, string];
  roomId: string;
};
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
  const admin = await commandsAs(parts, victim.tenantId, victim.admin);
  const proposed = resultOf<{ outcome: TimedOutcome }>(
    await admin.run('session.propose', {
      creators: [at(victim.ana), at(victim.ben)],
      startsAt: formatInstant(start),
      durationMinutes: 120,
      room: 'Studio A',
      title: 'Victim secret write',
    }),
  ).outcome;
  if (proposed.kind !== 'done') throw new Error(`not booked: ${JSON.stringify(proposed)}`);
  const campaign = resultOf<CampaignReview>(await admin.run('campaign.new', { brief: 'Victim brief' }));
  const drafted = resultOf<CampaignReview>(
    await admin.run('campaign.draft', {
      campaign: campaign.shortId,
      creators: [at(victim.cleo), at(victim.dan)],
      startsAt: formatInstant(start + 24 * hourMs),
    }),
  );
  const { calendarId } = await importCalendarFile(parts, {
    tenantId: victim.tenantId,
    handle: at(victim.ana),
    label: 'Tour',
    icsText: ICS,
    nowMs: t0,
  });
  resultOf(
    await admin.run('avail.add', { creator: at(victim.ana), days: ['MO'], start: '10:00', end: '12:00' }),
  );
  const anaView = await (await commandsAs(parts, victim.tenantId, victim.ana)).run('session.show', {
    session: proposed.view.shortId,
  });
  const accept = anaView.reply.blocks
    .flatMap((block) => (block.kind === 'actions' ? block.actions : []))
    .find((action) => action.invoke?.command === 'session.accept');
  const known = await parts.work.inTenant(victim.tenantId, async (stores) => ({
    creators: await stores.roster.findMany([at(victim.ana), at(victim.ben)]),
    rooms: (await stores.rooms.list()).rooms,
  }));
  refs = {
    sessionId: proposed.view.session.id,
    shortId: proposed.view.shortId,
    campaignId: campaign.shortId,
    draftId: drafted.drafts[0]!.shortId,
    calendarId,
    handles: [victim.ana, victim.ben, victim.cleo, victim.dan].map(at),
    token: accept!.token!,
    anaCreatorId: known.creators.find((c) => c.handle === at(victim.ana))!.creatorId,
    creatorIds: known.creators.map((c) => c.creatorId).toSorted() as [string, string],
    roomId: known.rooms.find((room) => room.name === 'Studio A')!.id,
  };
  // What the setup caused is delivered (DMs, their buttons) before any attack is measured.
  await deliverOutbox(parts);
});
afterAll(() => database.close());

/** One understood item of a plain-word reply, as the confirmation card carries it. */
const PLAIN_ITEM = {
  kind: 'available',
  start: '2030-03-05T18:00:00+00:00',
  end: '2030-03-05T21:00:00+00:00',
  source: 'Tue after 6',
};

/** A chat line, or a typed invocation (forms, `--json`, tools) for commands with no chat syntax. */
type Attack = string | Invocation;

/** Attacks that name the victim's creators, sessions, campaign, rooms: one or more per command. */
function attacks(): Record<string, Attack[]> {
  const [a, b, c] = refs.handles;
  const id = refs.shortId;
  const campaign = refs.campaignId;
  return {
    'avail.show': [`/avail @${a}`],
    'avail.add': [`/avail @${a} add mon 10:00-12:00`],
    'avail.remove': [`/avail @${a} remove 1`, `/avail @${a} remove oneoff 1`],
    'avail.one-off': [`/avail @${a} off 2030-03-05`, `/avail @${a} extra 2030-03-06 10:00-12:00`],
    'avail.calendars': [`/avail @${a} calendar`],
    'avail.calendar-add': [`/avail @${a} calendar https://calendar.example.com/x.ics`],
    'avail.calendar-remove': [`/avail @${a} calendar remove 1`],
    'avail.writing': [`/avail @${a} optout`],
    'avail.week': [{ command: 'avail.week', input: { creator: a, days: { mon: '10:00-12:00' } } }],
    'pair.suggest': [`/pair @${a}`, `/pair @${a} @${b}`, `/pair @${a} next week 2h`],
    'pair.windows': [`/pair windows @${a} @${b}`],
    'profile.show': [`/profile @${a}`],
    'profile.set': [`/profile @${a} set bio:"pwned"`],
    'roster.list': ['/roster', '/roster genre:pop'],
    'session.list': ['/session', '/session all'],
    'session.show': [`/session show ${id}`, `/session show ${refs.sessionId}`],
    'session.propose': [
      `/session propose @${a} @${b} 2030-03-03 15:00 2h`,
      `/session propose @${c} 2030-03-03 15:00 2h room:"Studio A"`,
    ],
    'session.accept': [`/session accept ${id}`, `/session accept ${id} @${a}`],
    'session.decline': [`/session decline ${id}`, `/session decline ${id} @${a}`],
    'session.confirm': [`/session confirm ${id}`],
    'session.reschedule': [`/session reschedule ${id} 2030-03-04 10:00`],
    'session.cancel': [`/session cancel ${id} because`],
    'session.feedback': [`/session feedback ${id} 1 no "bad"`],
    'session.invite': [`/session invite ${id}`],
    'session.settings': ['/session settings'],
    'session.configure': ['/session settings late-change-hours:48'],
    'rooms.list': ['/rooms'],
    'rooms.add-studio': ['/rooms add-studio "Annex Studio" city:Nashville address:"1 Main St"'],
    'rooms.add': ['/rooms add "Annex" studio:Blackbird'],
    'campaign.list': ['/campaign'],
    'campaign.new': ['/campaign new "Attacker brief"'],
    'campaign.draft': [`/campaign draft ${campaign} @${a} @${b} 2030-03-10 10:00`],
    'campaign.edit': [`/campaign edit ${campaign} ${refs.draftId} 2030-03-11 10:00`],
    'campaign.remove': [`/campaign remove ${campaign} ${refs.draftId}`],
    'campaign.review': [`/campaign review ${campaign}`],
    'campaign.confirm': [`/campaign confirm ${campaign}`],
    'donotpair.list': ['/donotpair'],
    'donotpair.add': [`/donotpair @${a} @${b}`],
    'donotpair.remove': [`/donotpair remove @${a} @${b}`],
    'whoami.show': ['/whoami'],
    // Only ever the actor's own user: nothing of the victim's to reach.
    'whoami.timezone': ['/whoami timezone:Europe/Paris'],
    'people.promote': [`/promote @${a} admin`],
    'install.link': ['/install slack', '/install teams'],
    'stats.matching': ['/stats matching'],
    // Plain-word availability and the Teams DM settings act on the actor's own profile and tenant only.
    'avail.read': [{ command: 'avail.read', input: { text: 'Tue after 6, not Friday' } }],
    'avail.review': [{ command: 'avail.review', input: { items: [PLAIN_ITEM] } }],
    'avail.confirm': [{ command: 'avail.confirm', input: { items: [PLAIN_ITEM] } }],
    'teamsDm.show': ['/teams-dm'],
    'teamsDm.set': ['/teams-dm on day:thu hour:10 zone:Europe/London', '/teams-dm off'],
    'help.show': ['/help', '/help session'],
  };
}

/** The chat lines among the attacks (what a Slack slash command can carry). */
const attackLines = () =>
  Object.values(attacks())
    .flat()
    .filter((attack): attack is string => typeof attack === 'string');

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
  it('has attacks for every registered command', () => {
    const names = createCommandRegistry()
      .list()
      .map((spec) => spec.name);
    expect(Object.keys(attacks()).toSorted()).toEqual(names.toSorted());
  });

  it.each([['admin'], ['creator']])('as the other tenant’s %s: 0 rows seen, 0 effects', async (who) => {
    const as =
      who === 'admin'
        ? 'admin'
        : (await parts.work.inTenant(attackerId, (stores) => stores.roster.list({ limit: 1 }))).creators[0]!
            .handle;
    const attacker = await openConsoleSession({ ...parts, logger }, { tenantSlug: 'attacker', as });
    const before = await fingerprint(victim.tenantId);
    for (const attack of Object.values(attacks()).flat()) {
      const answer =
        typeof attack === 'string'
          ? await attacker.send(attack)
          : renderText((await invoke(attacker.context, attack)).reply);
      const typed = typeof attack === 'string' ? attack : JSON.stringify(attack);
      for (const secret of victimSecrets().filter((secret) => !typed.includes(secret))) {
        expect({ attack: typed, leaked: answer.includes(secret) }).toEqual({ attack: typed, leaked: false });
      }
    }
    // The victim's button, pressed from the other tenant, is not a button there.
    const pressed = await press(attacker.context, refs.token);
    expect(renderText(pressed.reply)).toBe(
      '✗ This button is no longer valid. Run the command again for a fresh one.\n',
    );
    expect(await fingerprint(victim.tenantId)).toEqual(before);
    expect(parts.fetcher.feeds).toEqual({});
  });
});

describe('cross-tenant: stores and repositories called with the wrong tenant', () => {
  /** One attacker transaction per probe: a refused write must not hide what the next one does. */
  const work = () =>
    databaseUnitOfWork({ database, secrets: parts.secrets, embedder: localHashedEmbedder() });
  const probe = <T>(fn: (stores: TenantStores) => Promise<T>): Promise<T | 'refused'> =>
    work()
      .inTenant(attackerId, fn)
      .catch(() => 'refused' as const);

  it('find nothing of the victim’s and change nothing', async () => {
    const before = await fingerprint(victim.tenantId);
    const [a, b] = refs.handles as [string, string];
    const { anaCreatorId } = refs;
    const victimUserIds = [victim.ana.userId, victim.ben.userId];
    const window = { startMs: t0, endMs: t0 + 7 * 24 * hourMs };
    // The worst case: the attacker holds the victim's session exactly as the victim's stores load it.
    const [stolen] = await work().inTenant(victim.tenantId, (stores) =>
      stores.sessions.byIds([refs.sessionId]),
    );
    const stolenView = stolen as SessionView;
    const attackerTenant = await work().inTenant(attackerId, (stores) => stores.tenant.read());
    const victimTenant = await work().inTenant(victim.tenantId, (stores) => stores.tenant.read());
    expect(attackerTenant.name).not.toBe(victimTenant.name);
    const [draft] = await work().inTenant(victim.tenantId, async (own) => {
      const [record] = await own.campaigns.findByPrefix(refs.campaignId);
      return own.campaigns.drafts(record!.id);
    });
    const reads = {
      roster: await probe((s) => s.roster.find(a)),
      rosterMany: await probe((s) => s.roster.findMany([a, b])),
      profile: await probe((s) => s.profiles.get(a)),
      rules: await probe((s) => s.availability.rules(anaCreatorId)),
      blocks: await probe((s) => s.availability.blocks(anaCreatorId, 0)),
      calendars: await probe((s) => s.availability.calendars(anaCreatorId)),
      time: await probe(async (s) => [...(await s.availability.time([anaCreatorId], window, t0)).keys()]),
      doNotPair: await probe((s) => s.doNotPair.list()),
      doNotPairBetween: await probe((s) => s.doNotPair.anyBetween(refs.creatorIds)),
      rooms: await probe(async (s) => (await s.rooms.list()).rooms.length),
      roomLabels: await probe(async (s) => [...(await s.rooms.labels([refs.roomId])).keys()]),
      studio: await probe((s) => s.rooms.findStudio('Blackbird')),
      sessionByPrefix: await probe((s) => s.sessions.findByPrefix(refs.shortId)),
      sessionById: await probe((s) => s.sessions.byIds([refs.sessionId])),
      sessionList: await probe((s) => s.sessions.list({ endedAfterMs: 0, limit: 50 })),
      busy: await probe((s) =>
        s.sessions.busy({ userIds: victimUserIds, roomId: refs.roomId, window, nowMs: t0 }),
      ),
      staleHolds: await probe((s) =>
        s.sessions.staleHolds({ userIds: victimUserIds, roomId: refs.roomId, window, nowMs: t0 + 1e12 }),
      ),
      participants: await probe((s) => s.sessions.participants(victimUserIds)),
      hasFeedback: await probe((s) => s.sessions.hasFeedback(refs.sessionId, victim.ana.userId)),
      campaign: await probe((s) => s.campaigns.findByPrefix(refs.campaignId)),
      person: await probe((s) => s.people.get(victim.admin.userId)),
      actor: await probe((s) => s.people.actorOf(victim.ana.userId)),
      actorByIdentity: await probe((s) =>
        s.people.actorByIdentity({ platform: 'console', externalUserId: at(victim.ana) }),
      ),
      personByHandle: await probe((s) => s.people.findByReference(a)),
      tenantSettings: await probe((s) => s.tenant.read()),
      peekToken: await probe((s) => s.actionTokens.peek(refs.token, victim.ana.userId, t0)),
    };
    expect(reads).toEqual({
      roster: undefined,
      rosterMany: [],
      profile: undefined,
      rules: [],
      blocks: [],
      calendars: [],
      time: [],
      doNotPair: [],
      doNotPairBetween: [],
      rooms: 0,
      roomLabels: [],
      studio: undefined,
      sessionByPrefix: [],
      sessionById: [],
      sessionList: [],
      busy: {
        participants: victimUserIds.map((userId) => ({ userId, busy: [] })),
        room: { roomId: refs.roomId, busy: [] },
      },
      staleHolds: [],
      participants: [],
      hasFeedback: false,
      campaign: [],
      person: undefined,
      actor: undefined,
      actorByIdentity: undefined,
      personByHandle: undefined,
      tenantSettings: attackerTenant,
      peekToken: { ok: false, reason: 'unknown' },
    });

    const later = new Date(start + 48 * hourMs);
    const writes = {
      consumeToken: await probe((s) => s.actionTokens.consume(refs.token, t0)),
      addRule: await probe((s) =>
        s.availability.addRule(anaCreatorId, {
          rrule: 'FREQ=WEEKLY;BYDAY=TU',
          startTime: '09:00',
          endTime: '10:00',
        }),
      ),
      removeCalendar: await probe((s) => s.availability.removeCalendar(anaCreatorId, refs.calendarId)),
      optOut: await probe((s) => s.availability.setWritingOptIn(anaCreatorId, false)),
      profileUpdate: await probe((s) => s.profiles.update(anaCreatorId, { bio: 'pwned' })),
      addDoNotPair: await probe((s) =>
        s.doNotPair.add(refs.creatorIds, { reason: 'x', byUserId: victim.admin.userId }),
      ),
      removeDoNotPair: await probe((s) => s.doNotPair.remove(refs.creatorIds)),
      saveStolen: await probe((s) =>
        s.sessions.save(
          stolenView,
          { ...stolenView.session, state: 'cancelled', cancelReason: 'x' },
          { icsSequence: 9, roomId: refs.roomId },
        ),
      ),
      saveIntoAttacker: await probe((s) =>
        s.sessions.save(
          null,
          {
            ...suggestedSession(attackerId, victim.admin.userId, {
              title: 'x',
              startsAtMs: later.getTime(),
              endsAtMs: later.getTime() + hourMs,
              location: { kind: 'tbd' },
              roomLabel: null,
              participants: stolenView.session.participants,
            }),
            state: 'proposed',
          },
          { icsSequence: 0, roomId: refs.roomId },
        ),
      ),
      feedback: await probe((s) =>
        s.sessions.addFeedback({
          sessionId: refs.sessionId,
          fromUserId: victim.ana.userId,
          rating: 1,
          wouldWriteAgain: false,
          note: null,
        }),
      ),
      promote: await probe((s) => s.people.setRole(victim.ana.userId, 'tenant_admin')),
      drafts: await probe(async (s) => {
        await s.campaigns.updateDraft(draft!.id, { title: 'pwned' });
        await s.campaigns.removeDraft(draft!.id);
        await s.campaigns.setState(draft!.campaignId, 'discarded', t0);
        return s.campaigns.drafts(draft!.campaignId);
      }),
    };
    // Each write either touches 0 rows or is refused by row-level security and the tenant-scoped keys.
    expect(writes).toEqual({
      consumeToken: false,
      addRule: 'refused',
      removeCalendar: undefined,
      optOut: undefined,
      profileUpdate: 'refused',
      addDoNotPair: 'refused',
      removeDoNotPair: undefined,
      saveStolen: 'refused',
      saveIntoAttacker: 'refused',
      feedback: 'refused',
      promote: undefined,
      drafts: [],
    });
    const legacy = {
      pair: await pairingDesk(database, attackerId, { embedder: localHashedEmbedder() })
        .pair({ creators: [a], genres: [], roles: [], k: 5, viewerTimeZone: 'UTC' })
        .then(
          () => 'answered',
          (e: Error) => e.message,
        ),
      sync: await syncCalendar(parts, { tenantId: attackerId, calendarId: refs.calendarId, nowMs: t0 }),
      importFile: await importCalendarFile(parts, {
        tenantId: attackerId,
        handle: a,
        label: 'Tour',
        icsText: ICS,
        nowMs: t0,
      }).then(
        () => 'imported',
        (e: Error) => e.message,
      ),
      identity: await databaseIdentityStore(database).inTenant(attackerId, (tx) =>
        tx.roleOf(victim.admin.userId),
      ),
      installations: await databaseInstallationStore(database, parts.secrets).listForTenant(
        victim.tenantId,
        'slack',
      ),
    };
    expect(legacy).toEqual({
      pair: expect.stringContaining(a),
      sync: { skipped: 'not_a_url_calendar' },
      importFile: `No creator @${a}`,
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
    // What earlier attacks put in their own tenant's outbox goes out first: the harness delivers it.
    await harness.settle();
    const before = await fingerprint();
    for (const line of attackLines()) {
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
    // The store probes, in the victim's own tenant, do find the victim's rows and button.
    const own = await parts.work.inTenant(victim.tenantId, async (s) => ({
      rules: (await s.availability.rules(refs.anaCreatorId)).length > 0,
      calendars: (await s.availability.calendars(refs.anaCreatorId)).length,
      session: (await s.sessions.byIds([refs.sessionId])).length,
      roomBusy: (
        await s.sessions.busy({
          userIds: [victim.ana.userId],
          roomId: refs.roomId,
          window: { startMs: t0, endMs: t0 + 7 * 24 * hourMs },
          nowMs: t0,
        })
      ).room?.busy.length,
      token: (await s.actionTokens.peek(refs.token, victim.ana.userId, t0)).ok,
    }));
    expect(own).toEqual({ rules: true, calendars: 1, session: 1, roomBusy: 1, token: true });
  });
});
