import { and, eq, sql } from 'drizzle-orm';
import ical from 'node-ical';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionService } from '../../core/commands/session.services.ts';
import { AppError } from '../../core/shared/app-error.ts';
import {
  at,
  hourMs,
  type SessionFixture,
  sessionFixture,
  start,
  t0,
} from '../../test/support/session-fixture.ts';
import { openTestPglite } from '../../test/support/test-databases.ts';
import type { Database } from '../database.ts';
import { auditEvents, creators, sessionBookings, sessions, tenants } from '../schema/index.ts';
import { pairHistory } from './session-feedback.repository.ts';
import { sessionService } from './session-service.ts';

let database: Database;
let f: SessionFixture;
let service: SessionService;

beforeAll(async () => {
  database = await openTestPglite();
  f = await sessionFixture(database);
  service = sessionService(database, f.tenantId, { clock: f.clock });
});
afterAll(() => database.close());

beforeEach(async () => {
  f.clock.set(t0);
  // Each test starts with no sessions (audit events stay: they are append-only).
  await database.withTenant(f.tenantId, (tx) => tx.delete(sessions));
});

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const twoHours = (startsAtMs: number) => ({ startsAtMs, endsAtMs: startsAtMs + 2 * hourMs });

describe('sessionService', () => {
  it('proposes with a hold, and schedules once everyone accepted, auditing each step', async () => {
    const proposed = await service.propose(f.admin, {
      handles: [at(f.ana), at(f.ben)],
      ...twoHours(start),
      room: 'Studio A',
    });
    expect(proposed.session.state).toBe('proposed');
    expect(proposed.session.holdExpiresAtMs).toBe(t0 + 48 * hourMs);
    expect(proposed.roomLabel).toBe('Blackbird / Studio A');
    const bookings = await database.withTenant(f.tenantId, (tx) =>
      tx.select().from(sessionBookings).where(eq(sessionBookings.sessionId, proposed.session.id)),
    );
    expect(bookings).toHaveLength(3);

    await service.answer(f.ana, proposed.shortId, 'accept');
    const done = await service.answer(f.ben, proposed.shortId, 'accept');
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
  });

  it('answers a clash for a creator with the conflict and the nearest free alternatives', async () => {
    await service.propose(f.admin, { handles: [at(f.ana), at(f.ben)], ...twoHours(start) });
    const error = await caught(
      service.propose(f.admin, { handles: [at(f.ana), at(f.cleo)], ...twoHours(start + hourMs) }),
    );
    expect(error.code).toBe('sessions.conflict');
    const details = error.details as {
      conflicts: { resource: { userId: string } }[];
      alternatives: { startMs: number }[];
      labels: Record<string, string>;
    };
    expect(details.conflicts.map((c) => details.labels[c.resource.userId])).toEqual([f.ana.displayName]);
    expect(details.alternatives[0]).toMatchObject({ startMs: start + 2 * hourMs });
  });

  it('refuses a room booked at the same time', async () => {
    await service.propose(f.admin, { handles: [at(f.ana), at(f.ben)], ...twoHours(start), room: 'Studio B' });
    const error = await caught(
      service.propose(f.admin, {
        handles: [at(f.cleo), at(f.dan)],
        ...twoHours(start),
        room: 'Blackbird/Studio B',
      }),
    );
    expect(error.code).toBe('sessions.conflict');
    const details = error.details as { conflicts: { resource: { kind: string } }[] };
    expect(details.conflicts.map((c) => c.resource.kind)).toEqual(['room']);
  });

  it('lets an expired hold free the time, and expires the old session in the same transaction', async () => {
    const first = await service.propose(f.admin, {
      handles: [at(f.ana), at(f.ben)],
      ...twoHours(start + 72 * hourMs),
    });
    f.clock.advance(49 * hourMs);
    const second = await service.propose(f.admin, {
      handles: [at(f.ana), at(f.cleo)],
      ...twoHours(start + 72 * hourMs),
    });
    expect(second.session.state).toBe('proposed');
    expect((await service.show(f.admin, first.shortId)).session.state).toBe('expired');
  });

  it('makes double booking impossible in the database itself', async () => {
    const first = await service.propose(f.admin, { handles: [at(f.ana), at(f.ben)], ...twoHours(start) });
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
    await service.updatePolicy(f.admin, { isFullControl: true, lateChangeWindowHours: 72 });
    try {
      const refused = await caught(service.propose(f.ana, { handles: [at(f.ben)], ...twoHours(start) }));
      expect(refused.code).toBe('sessions.forbidden');
      const view = await service.propose(f.admin, { handles: [at(f.ana), at(f.ben)], ...twoHours(start) });
      await service.answer(f.admin, view.shortId, 'accept', at(f.ana));
      await service.answer(f.admin, view.shortId, 'accept', at(f.ben));
      expect((await caught(service.cancel(f.ana, view.shortId))).code).toBe('sessions.reason_required');
      const cancelled = await service.cancel(f.ana, view.shortId, 'studio flooded');
      expect(cancelled.session).toMatchObject({ state: 'cancelled', cancelReason: 'studio flooded' });
    } finally {
      await database.withTenant(f.tenantId, (tx) => tx.update(tenants).set({ settings: {} }));
    }
  });

  it('reschedules to a free time and refuses a busy one', async () => {
    const a = await service.propose(f.admin, { handles: [at(f.ana), at(f.ben)], ...twoHours(start) });
    await service.propose(f.admin, { handles: [at(f.ana), at(f.cleo)], ...twoHours(start + 4 * hourMs) });
    expect((await caught(service.reschedule(f.admin, a.shortId, twoHours(start + 5 * hourMs)))).code).toBe(
      'sessions.conflict',
    );
    const moved = await service.reschedule(f.admin, a.shortId, twoHours(start + 1 * hourMs));
    expect(moved.session).toMatchObject({
      state: 'proposed',
      startsAtMs: start + hourMs,
      rescheduleCount: 1,
    });
  });

  it('delivers an invite that an independent parser reads: UID, SEQUENCE, METHOD', async () => {
    const view = await service.propose(f.admin, {
      handles: [at(f.ana), at(f.ben)],
      ...twoHours(start),
      room: 'Studio A',
    });
    const file = await service.invite(f.ana, view.shortId);
    const parsed = Object.values(ical.sync.parseICS(file.content)).find((c) => c?.type === 'VEVENT');
    expect(parsed).toMatchObject({
      uid: `session-${view.session.id}@session-align.local`,
      method: 'REQUEST',
    });
    expect(String((parsed as { location?: string }).location)).toContain('Nashville (address shared');
    await service.cancel(f.admin, view.shortId);
    const cancelled = Object.values(
      ical.sync.parseICS((await service.invite(f.ana, view.shortId)).content),
    ).find((c) => c?.type === 'VEVENT');
    expect(cancelled).toMatchObject({ method: 'CANCEL', status: 'CANCELLED' });
    expect(Number((cancelled as { sequence?: string }).sequence)).toBeGreaterThan(0);
  });

  it('keeps feedback once per person and feeds the pair history', async () => {
    const view = await service.propose(f.admin, { handles: [at(f.ana), at(f.ben)], ...twoHours(start) });
    await service.answer(f.ana, view.shortId, 'accept');
    await service.answer(f.ben, view.shortId, 'accept');
    await database.withTenant(f.tenantId, (tx) =>
      tx.update(sessions).set({ state: 'done' }).where(eq(sessions.id, view.session.id)),
    );
    f.clock.set(start + 3 * hourMs);
    await service.feedback(f.ana, view.shortId, { rating: 5, wouldWriteAgain: true, note: 'great hook' });
    await service.feedback(f.ben, view.shortId, { rating: 3, wouldWriteAgain: false });
    expect(
      (await caught(service.feedback(f.ben, view.shortId, { rating: 4, wouldWriteAgain: true }))).code,
    ).toBe('sessions.feedback_not_allowed');
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
