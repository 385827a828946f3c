import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatInstant } from '../../core/commands/definitions/session/session-args.ts';
import type { DispatchOutcome } from '../../core/commands/dispatch.ts';
import type { Invocation } from '../../core/commands/reply.ts';
import type { TimedOutcome } from '../../core/sessions/session-booking.ts';
import type { SessionWarning } from '../../core/sessions/session-checks.ts';
import { commandsAs, errorOf, resultOf } from '../../test/support/commands.ts';
import { at, type SessionFixture, sessionFixture, t0 } from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { type TestRuntimeParts, testRuntimeParts } from '../../test/support/test-runtime.ts';
import type { Database } from '../database.ts';
import { auditEvents, sessions } from '../schema/index.ts';

type Commands = Awaited<ReturnType<typeof commandsAs>>;

let database: Database;
let parts: TestRuntimeParts;
let f: SessionFixture;
let admin: Commands;
let staff: Commands;
let ana: Commands;
let ben: Commands;

/** Monday 4 March 2030, 13:00 UTC: 07:00 in Nashville (CST), before the writers' 10:00-17:00. */
const early = Date.parse('2030-03-04T13:00:00Z');
/** The same day 16:00 UTC: 10:00 in Nashville. */
const inHours = Date.parse('2030-03-04T16:00:00Z');

const timed = (outcome: DispatchOutcome) => resultOf<{ outcome: TimedOutcome }>(outcome).outcome;
const warningsOf = (outcome: DispatchOutcome): SessionWarning[] => {
  const result = timed(outcome);
  if (result.kind !== 'needs_confirmation') throw new Error(`expected a warning, got ${result.kind}`);
  return result.warnings;
};
const sessionCount = async () =>
  (await database.withTenant(f.tenantId, (tx) => tx.select().from(sessions))).length;
const auditActions = async (action: string) =>
  database.withTenant(f.tenantId, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, f.tenantId), eq(auditEvents.action, action))),
  );
/** The invocation behind the button with this label in the reply. */
function buttonInvocation(outcome: DispatchOutcome, label: string): Invocation {
  for (const block of outcome.reply.blocks) {
    if (block.kind !== 'actions') continue;
    const found = block.actions.find((action) => action.label === label);
    if (found?.invoke) return found.invoke;
  }
  throw new Error(`no button "${label}"`);
}

beforeAll(async () => {
  database = await openTestPglite();
  f = await sessionFixture(database, 'checks');
  parts = testRuntimeParts(database, t0);
  admin = await commandsAs(parts, f.tenantId, f.admin);
  staff = await commandsAs(parts, f.tenantId, {
    ...f.admin,
    userId: f.dan.userId,
    role: 'staff',
    creatorHandle: undefined as never,
  });
  ana = await commandsAs(parts, f.tenantId, f.ana);
  ben = await commandsAs(parts, f.tenantId, f.ben);
  // Two Nashville writers, free on weekdays 10:00-17:00 their time.
  for (const who of [f.ana, f.ben]) {
    expect(await admin.send(`/profile @${at(who)} set timezone:America/Chicago`)).not.toContain('✗');
  }
  ana = await commandsAs(parts, f.tenantId, { ...f.ana, timeZone: 'America/Chicago' });
  ben = await commandsAs(parts, f.tenantId, { ...f.ben, timeZone: 'America/Chicago' });
  for (const who of [ana, ben])
    expect(await who.send('/avail add mon,tue,wed,thu,fri 10:00-17:00')).toContain('✓');
}, 60_000);
afterAll(() => database.close());
beforeEach(async () => {
  await database.withTenant(f.tenantId, (tx) => tx.delete(sessions));
});

describe('proposing outside what people said', () => {
  it('says who is not free then and why, offers times that suit everyone, and books nothing', async () => {
    const outcome = await admin.run('session.propose', {
      creators: [at(f.ana), at(f.ben)],
      startsAt: formatInstant(early),
    });
    const [warning] = warningsOf(outcome);
    expect(warning).toMatchObject({ kind: 'outside_availability' });
    if (warning?.kind !== 'outside_availability') throw new Error('unreachable');
    expect(warning.notFree.map((p) => [p.userId, p.why])).toEqual([
      [f.ana.userId, 'outside their hours'],
      [f.ben.userId, 'outside their hours'],
    ]);
    expect(warning.alternatives.length).toBeGreaterThan(0);
    expect(warning.alternatives[0]!.startMs).toBe(inHours);
    for (const alternative of warning.alternatives) {
      const local = new Date(alternative.startMs - 6 * 3_600_000);
      expect(local.getUTCHours()).toBeGreaterThanOrEqual(10);
      expect(
        alternative.endMs -
          6 * 3_600_000 -
          Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()),
      ).toBeLessThanOrEqual(17 * 3_600_000);
    }
    expect(await sessionCount()).toBe(0);
    const text = await admin.send(`/session propose @${at(f.ana)} @${at(f.ben)} 2030-03-04 13:00`);
    expect(text).toContain('Check before booking');
    expect(text).toContain('outside their hours (Mon 4 Mar 2030 07:00–09:00 CST their time)');
    expect(text).toContain('Propose anyway');
  });

  it('books when the proposer presses "Propose anyway", and audits who was not free', async () => {
    const warned = await admin.run('session.propose', {
      creators: [at(f.ana), at(f.ben)],
      startsAt: formatInstant(early),
    });
    const anyway = buttonInvocation(warned, 'Propose anyway');
    expect(anyway.input).toMatchObject({ confirm: ['outside_availability'] });
    const done = timed(await admin.run(anyway.command, anyway.input as Record<string, unknown>));
    expect(done.kind).toBe('done');
    const [audited] = await auditActions('session.booked_outside_availability');
    expect(audited?.newValues).toMatchObject({
      notFree: [{ why: 'outside their hours' }, { why: 'outside their hours' }],
    });
  });

  it('books at once inside everyone’s hours, and names a day off as such', async () => {
    expect(
      timed(
        await admin.run('session.propose', {
          creators: [at(f.ana), at(f.ben)],
          startsAt: formatInstant(inHours),
        }),
      ).kind,
    ).toBe('done');
    await database.withTenant(f.tenantId, (tx) => tx.delete(sessions));
    expect(await ben.send('/avail off 2030-03-05')).toContain('✓');
    const [warning] = warningsOf(
      await admin.run('session.propose', {
        creators: [at(f.ana), at(f.ben)],
        startsAt: formatInstant(inHours + 24 * 3_600_000),
      }),
    );
    expect(warning).toMatchObject({
      kind: 'outside_availability',
      notFree: [{ userId: f.ben.userId, why: 'day off' }],
    });
  });

  it('offers only times inside everyone’s hours after a clash', async () => {
    expect(
      timed(
        await admin.run('session.propose', {
          creators: [at(f.ana), at(f.cleo)],
          startsAt: formatInstant(inHours),
        }),
      ).kind,
    ).toBe('done');
    const clash = timed(
      await admin.run('session.propose', {
        creators: [at(f.ana), at(f.ben)],
        startsAt: formatInstant(inHours),
      }),
    );
    if (clash.kind !== 'conflict') throw new Error(`expected a clash, got ${clash.kind}`);
    expect(clash.conflict.alternatives.length).toBeGreaterThan(0);
    for (const alternative of clash.conflict.alternatives) {
      const localHour = new Date(alternative.startMs - 6 * 3_600_000).getUTCHours();
      expect(localHour, formatInstant(alternative.startMs)).toBeGreaterThanOrEqual(10);
      expect(localHour + 2, formatInstant(alternative.startMs)).toBeLessThanOrEqual(17);
    }
  });

  it('warns before moving a session outside someone’s hours', async () => {
    const done = timed(
      await admin.run('session.propose', {
        creators: [at(f.ana), at(f.ben)],
        startsAt: formatInstant(inHours),
      }),
    );
    if (done.kind !== 'done') throw new Error(done.kind);
    const moved = await admin.run('session.reschedule', {
      session: done.view.shortId,
      startsAt: formatInstant(early),
    });
    expect(warningsOf(moved)[0]).toMatchObject({ kind: 'outside_availability' });
    expect(buttonInvocation(moved, 'Move anyway').input).toMatchObject({ confirm: ['outside_availability'] });
  });

  it('refuses a session longer than the tenant’s maximum, and an admin can change it', async () => {
    const long = {
      creators: [at(f.ana), at(f.ben)],
      startsAt: formatInstant(inHours),
      durationMinutes: 13 * 60,
    };
    expect(errorOf(await admin.run('session.propose', long))).toContain('at most 12 h here (this one: 13 h)');
    expect(await admin.send('/session settings max-hours:14')).toContain('Longest session: 14 h');
    expect(
      timed(await admin.run('session.propose', { ...long, confirm: ['outside_availability'] })).kind,
    ).toBe('done');
    await admin.send('/session settings max-hours:12');
  });

  it('reads day words like /pair: tomorrow 11:00 in the proposer’s zone', async () => {
    // t0 is Friday 1 March 2030 06:00 in Nashville: tomorrow is Saturday, outside the writers' hours.
    const text = await ana.send(`/session propose @${at(f.ben)} tomorrow 11:00 1h`);
    expect(text).toContain('Sat 2 Mar 2030 11:00–12:00 CST their time');
  });

  it('lists the sessions a publisher proposed in their /session', async () => {
    expect(
      timed(
        await admin.run('session.propose', {
          creators: [at(f.ana), at(f.ben)],
          startsAt: formatInstant(inHours),
          title: 'Publisher pick',
        }),
      ).kind,
    ).toBe('done');
    expect(await admin.send('/session')).toContain('Publisher pick');
  });
});

describe('do-not-pair pairs', () => {
  beforeAll(async () => {
    expect(
      await admin.send(`/donotpair add @${at(f.ana)} @${at(f.ben)} reason:"label conflict"`),
    ).not.toContain('✗');
  });
  afterAll(async () => {
    await admin.send(`/donotpair remove @${at(f.ana)} @${at(f.ben)}`);
  });
  const pair = () => ({ creators: [at(f.ana), at(f.ben)], startsAt: formatInstant(inHours) });

  it('cannot be proposed by anyone but an admin', async () => {
    expect(errorOf(await ana.run('session.propose', { ...pair(), creators: [at(f.ben)] }))).toContain(
      'only an admin can propose them together',
    );
    expect(errorOf(await staff.run('session.propose', pair()))).toContain('only an admin');
    expect(await sessionCount()).toBe(0);
  });

  it('warns an admin first, and books with the admin’s confirmation, audited', async () => {
    const warned = await admin.run('session.propose', pair());
    expect(warningsOf(warned)).toEqual([
      { kind: 'do_not_pair', pairs: [expect.arrayContaining([at(f.ana), at(f.ben)])] },
    ]);
    expect(await sessionCount()).toBe(0);
    const anyway = buttonInvocation(warned, 'Propose anyway');
    expect(timed(await admin.run(anyway.command, anyway.input as Record<string, unknown>)).kind).toBe('done');
    expect(await auditActions('session.do_not_pair_overridden')).toHaveLength(1);
  });
});

describe('campaign drafts', () => {
  it('carry the same warnings, and confirm books only past a "Confirm all anyway"', async () => {
    const started = resultOf<{ shortId: string }>(await admin.run('campaign.new', { brief: 'Spring camp' }));
    await admin.run('campaign.draft', {
      campaign: started.shortId,
      creators: [at(f.ana), at(f.ben)],
      startsAt: formatInstant(early),
    });
    const review = await admin.send(`/campaign review ${started.shortId}`);
    expect(review).toContain('ready, with warnings');
    expect(review).toContain('! ');
    expect(review).toContain('outside their hours');
    expect(review).toContain('Confirm all anyway');
    const warned = await admin.run('campaign.confirm', { campaign: started.shortId });
    expect(resultOf<{ needs: string[] }>(warned).needs).toEqual(['outside_availability']);
    expect(await sessionCount()).toBe(0);
    const confirmed = resultOf<{ sessions: unknown[] }>(
      await admin.run('campaign.confirm', { campaign: started.shortId, confirm: ['outside_availability'] }),
    );
    expect(confirmed.sessions).toHaveLength(1);
    expect(await auditActions('campaign.confirmed_despite_warnings')).toHaveLength(1);
  });
});
