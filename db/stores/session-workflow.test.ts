import { and, asc, eq, sql } from 'drizzle-orm';
import ical from 'node-ical';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatInstant } from '../../core/commands/definitions/session/session-args.ts';
import type { DispatchOutcome } from '../../core/commands/dispatch.ts';
import type { Action } from '../../core/commands/reply.ts';
import type { SessionFile } from '../../core/sessions/invite-file.ts';
import type { SessionView } from '../../core/sessions/session.store.ts';
import type { ConflictAnswer, TimedOutcome } from '../../core/sessions/session-booking.ts';
import { commandsAs, errorOf, resultOf } from '../../test/support/commands.ts';
import {
  at,
  hourMs,
  type SessionFixture,
  sessionFixture,
  start,
  t0,
} from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import { type TestRuntimeParts, testRuntimeParts } from '../../test/support/test-runtime.ts';
import type { Database } from '../database.ts';
import { pairHistory } from '../repositories/session-feedback.repository.ts';
import { auditEvents, creators, outboxEvents, sessionBookings, sessions, tenants } from '../schema/index.ts';

type Commands = Awaited<ReturnType<typeof commandsAs>>;

let database: Database;
let parts: TestRuntimeParts;
let f: SessionFixture;
let admin: Commands;
let ana: Commands;
let ben: Commands;

beforeAll(async () => {
  database = await openTestPglite();
  f = await sessionFixture(database);
  parts = testRuntimeParts(database, t0);
  admin = await commandsAs(parts, f.tenantId, f.admin);
  ana = await commandsAs(parts, f.tenantId, f.ana);
  ben = await commandsAs(parts, f.tenantId, f.ben);
});
afterAll(() => database.close());

beforeEach(async () => {
  parts.clock.set(t0);
  // Each test starts with no sessions (audit and outbox events stay: they are append-only).
  await database.withTenant(f.tenantId, (tx) => tx.delete(sessions));
});

/** `session.propose` for these creators, two hours from `startsAtMs` (the default length). */
const propose = (as: Commands, who: string[], startsAtMs: number, extra: Record<string, unknown> = {}) =>
  as.run('session.propose', { creators: who, startsAt: formatInstant(startsAtMs), ...extra });

function timed(outcome: DispatchOutcome): TimedOutcome {
  return resultOf<{ outcome: TimedOutcome }>(outcome).outcome;
}

/** The session a change booked; fails the test when the time was taken instead. */
function booked(outcome: DispatchOutcome): SessionView {
  const result = timed(outcome);
  if (result.kind !== 'done') throw new Error(`expected a booking, got: ${JSON.stringify(result)}`);
  return result.view;
}

/** The clash answer of a change; fails the test when it was booked. */
function clash(outcome: DispatchOutcome): ConflictAnswer {
  const result = timed(outcome);
  if (result.kind !== 'conflict') throw new Error(`expected a clash, got: ${result.kind}`);
  return result.conflict;
}

const outboxChanges = (sessionId: string) =>
  database.withTenant(f.tenantId, async (tx) =>
    (
      await tx
        .select({ event: outboxEvents.event })
        .from(outboxEvents)
        .where(sql`${outboxEvents.event}->>'sessionId' = ${sessionId}`)
        .orderBy(asc(outboxEvents.id))
    ).map((row) => (row.event.type === 'session.changed' ? row.event.change : row.event.type)),
  );

describe('the session workflow through the commands', () => {
  it('proposes with a hold, and schedules once everyone accepted, auditing each step', async () => {
    const proposed = booked(await propose(admin, [at(f.ana), at(f.ben)], start, { room: 'Studio A' }));
    expect(proposed.session.state).toBe('proposed');
    expect(proposed.session.holdExpiresAtMs).toBe(t0 + 48 * hourMs);
    expect(proposed.roomLabel).toBe('Blackbird / Studio A');
    const bookings = await database.withTenant(f.tenantId, (tx) =>
      tx.select().from(sessionBookings).where(eq(sessionBookings.sessionId, proposed.session.id)),
    );
    expect(bookings).toHaveLength(3);

    resultOf(await ana.run('session.accept', { session: proposed.shortId }));
    const done = resultOf<SessionView>(await ben.run('session.accept', { session: proposed.shortId }));
    expect(done.session.state).toBe('scheduled');
    expect(done.icsSequence).toBeGreaterThan(proposed.icsSequence);

    const actions = await database.withTenant(f.tenantId, (tx) =>
      tx
        .select({ action: auditEvents.action, old: auditEvents.oldValues, new: auditEvents.newValues })
        .from(auditEvents)
        .where(and(eq(auditEvents.entity, 'session'), eq(auditEvents.entityId, proposed.session.id)))
        .orderBy(auditEvents.id),
    );
    expect(actions.map((a) => a.action)).toEqual([
      'session.proposed',
      'session.participant_accepted',
      'session.participant_accepted',
      'session.scheduled',
    ]);
    expect(actions[3]).toMatchObject({ old: { state: 'accepted' }, new: { state: 'scheduled' } });
    // What the others hear about went to the outbox in the same transactions.
    expect(await outboxChanges(proposed.session.id)).toEqual(['proposed', 'accepted', 'scheduled']);
  });

  it('answers a clash for a creator with the conflict and the nearest free alternatives', async () => {
    const first = booked(await propose(admin, [at(f.ana), at(f.ben)], start));
    const outcome = await propose(admin, [at(f.ana), at(f.cleo)], start + hourMs);
    const conflict = clash(outcome);
    const busyUserIds = conflict.conflicts.map((c) =>
      c.resource.kind === 'participant' ? c.resource.userId : c.resource.roomId,
    );
    expect(busyUserIds.map((id) => conflict.labels[id])).toEqual([f.ana.displayName]);
    expect(conflict.alternatives[0]).toMatchObject({ startMs: start + 2 * hourMs });
    // Each alternative is a button that proposes the same session at that time.
    const buttons = outcome.reply.blocks.flatMap((block) => (block.kind === 'actions' ? block.actions : []));
    expect(buttons[0]).toMatchObject<Partial<Action>>({
      invoke: {
        command: 'session.propose',
        input: expect.objectContaining({ startsAt: formatInstant(start + 2 * hourMs) }),
      },
    });
    // Nothing was booked for the refused one.
    const booking = await database.withTenant(f.tenantId, (tx) =>
      tx.select({ sessionId: sessionBookings.sessionId }).from(sessionBookings),
    );
    expect(new Set(booking.map((b) => b.sessionId))).toEqual(new Set([first.session.id]));
  });

  it('refuses a room booked at the same time', async () => {
    booked(await propose(admin, [at(f.ana), at(f.ben)], start, { room: 'Studio B' }));
    const conflict = clash(
      await propose(admin, [at(f.cleo), at(f.dan)], start, { room: 'Blackbird/Studio B' }),
    );
    expect(conflict.conflicts.map((c) => c.resource.kind)).toEqual(['room']);
  });

  it('lets an expired hold free the time, and expires the old session in the same transaction', async () => {
    const first = booked(await propose(admin, [at(f.ana), at(f.ben)], start + 72 * hourMs));
    parts.clock.advance(49 * hourMs);
    const second = booked(await propose(admin, [at(f.ana), at(f.cleo)], start + 72 * hourMs));
    expect(second.session.state).toBe('proposed');
    const old = resultOf<SessionView>(await admin.run('session.show', { session: first.shortId }));
    expect(old.session.state).toBe('expired');
  });

  it('makes double booking impossible in the database itself', async () => {
    const first = booked(await propose(admin, [at(f.ana), at(f.ben)], start));
    const insertOverlap = database.withTenant(f.tenantId, (tx) =>
      tx.insert(sessionBookings).values({
        tenantId: f.tenantId,
        sessionId: first.session.id,
        userId: f.ana.userId,
        during: { startMs: start + hourMs, endMs: start + 3 * hourMs },
      }),
    );
    await expect(insertOverlap).rejects.toMatchObject({ cause: { code: '23P01' } });
  });

  it('enforces full control and the late-change window from tenant settings', async () => {
    resultOf(await admin.run('session.configure', { fullControl: 'on', lateChangeHours: 72 }));
    try {
      const refused = await propose(ana, [at(f.ben)], start);
      expect(errorOf(refused)).toBe(
        'Cannot propose: this publisher runs full control, so only publisher staff propose sessions',
      );
      const view = booked(await propose(admin, [at(f.ana), at(f.ben)], start));
      resultOf(await admin.run('session.accept', { session: view.shortId, for: at(f.ana) }));
      resultOf(await admin.run('session.accept', { session: view.shortId, for: at(f.ben) }));
      expect(errorOf(await ana.run('session.cancel', { session: view.shortId }))).toBe(
        'Cannot cancel: it starts within 72 hours, so please give a reason',
      );
      const cancelled = resultOf<SessionView>(
        await ana.run('session.cancel', { session: view.shortId, reason: 'studio flooded' }),
      );
      expect(cancelled.session).toMatchObject({ state: 'cancelled', cancelReason: 'studio flooded' });
    } finally {
      await database.withTenant(f.tenantId, (tx) => tx.update(tenants).set({ settings: {} }));
    }
  });

  it('reschedules to a free time and refuses a busy one', async () => {
    const a = booked(await propose(admin, [at(f.ana), at(f.ben)], start));
    booked(await propose(admin, [at(f.ana), at(f.cleo)], start + 4 * hourMs));
    const reschedule = (startsAtMs: number) =>
      admin.run('session.reschedule', { session: a.shortId, startsAt: formatInstant(startsAtMs) });
    expect(clash(await reschedule(start + 5 * hourMs)).conflicts).not.toEqual([]);
    const moved = booked(await reschedule(start + hourMs));
    expect(moved.session).toMatchObject({
      state: 'proposed',
      startsAtMs: start + hourMs,
      endsAtMs: start + 3 * hourMs,
      rescheduleCount: 1,
    });
  });

  it('delivers an invite that an independent parser reads: UID, SEQUENCE, METHOD', async () => {
    const view = booked(await propose(admin, [at(f.ana), at(f.ben)], start, { room: 'Studio A' }));
    const invite = async () =>
      resultOf<SessionFile>(await ana.run('session.invite', { session: view.shortId }));
    const parsed = Object.values(ical.sync.parseICS((await invite()).content)).find(
      (c) => c?.type === 'VEVENT',
    );
    expect(parsed).toMatchObject({
      uid: `session-${view.session.id}@session-align.local`,
      method: 'REQUEST',
    });
    expect(String((parsed as { location?: string }).location)).toContain('Nashville (address shared');
    resultOf(await admin.run('session.cancel', { session: view.shortId }));
    const cancelled = Object.values(ical.sync.parseICS((await invite()).content)).find(
      (c) => c?.type === 'VEVENT',
    );
    expect(cancelled).toMatchObject({ method: 'CANCEL', status: 'CANCELLED' });
    expect(Number((cancelled as { sequence?: string }).sequence)).toBeGreaterThan(0);
  });

  it('keeps feedback once per person and feeds the pair history', async () => {
    const view = booked(await propose(admin, [at(f.ana), at(f.ben)], start));
    resultOf(await ana.run('session.accept', { session: view.shortId }));
    resultOf(await ben.run('session.accept', { session: view.shortId }));
    await database.withTenant(f.tenantId, (tx) =>
      tx.update(sessions).set({ state: 'done' }).where(eq(sessions.id, view.session.id)),
    );
    parts.clock.set(start + 3 * hourMs);
    const rate = (as: Commands, input: Record<string, unknown>) =>
      as.run('session.feedback', { session: view.shortId, ...input });
    resultOf(await rate(ana, { rating: 5, wouldWriteAgain: true, note: 'great hook' }));
    resultOf(await rate(ben, { rating: 3, wouldWriteAgain: false }));
    expect(errorOf(await rate(ben, { rating: 4, wouldWriteAgain: true }))).toBe(
      'Cannot give feedback: you already gave feedback for this session',
    );
    const history = await database.withTenant(f.tenantId, async (tx) => {
      const ids = await tx
        .select({ id: creators.id })
        .from(creators)
        .where(sql`${creators.userId} in (${f.ana.userId}, ${f.ben.userId})`);
      return pairHistory(
        tx,
        ids.map((row) => row.id),
      );
    });
    expect(history).toEqual([
      expect.objectContaining({ sessionCount: 1, ratingCount: 2, meanRating: 4, wouldWriteAgainRatio: 0.5 }),
    ]);
  });
});
