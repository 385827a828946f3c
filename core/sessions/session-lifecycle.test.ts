import { describe, expect, it } from 'vitest';
import {
  admin,
  ana,
  ben,
  cleo,
  endsAtMs,
  holdExpiresAtMs,
  makeSession,
  nowMs,
  participant,
  sessionIn,
  startsAtMs,
  system,
} from './session.fixture.ts';
import type { Actor, Session } from './session.types.ts';
import { nextAutomaticEvent, type SessionEvent, transition } from './session-lifecycle.ts';
import { defaultSessionPolicy, hourMs, parseSessionPolicy, type SessionPolicy } from './session-policy.ts';

const fullControl: SessionPolicy = { ...defaultSessionPolicy, isFullControl: true };

function run(
  session: Session,
  event: SessionEvent,
  actor: Actor,
  options: { at?: number; policy?: SessionPolicy } = {},
) {
  return transition(session, event, {
    actor,
    nowMs: options.at ?? nowMs,
    policy: options.policy ?? defaultSessionPolicy,
  });
}
function stateOf(result: ReturnType<typeof run>) {
  return result.ok ? result.session.state : result.error.code;
}

describe('who may do what', () => {
  it('full control: creators cannot propose; staff can', () => {
    const result = run(sessionIn('suggested'), { type: 'propose' }, ana, { policy: fullControl });
    expect(result.ok ? null : result.error.message).toBe(
      'Cannot propose: this publisher runs full control, so only publisher staff propose sessions',
    );
    expect(stateOf(run(sessionIn('suggested'), { type: 'propose' }, { userId: 's', role: 'staff' }))).toBe(
      'proposed',
    );
  });

  it('without full control a creator proposes to others and counts as accepted', () => {
    const result = run(sessionIn('suggested'), { type: 'propose' }, ana);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.session.participants.map((p) => p.state)).toEqual(['accepted', 'invited', 'invited']);
    expect(result.session.proposedByUserId).toBe('ana');
    expect(result.session.holdExpiresAtMs).toBe(nowMs + 48 * hourMs);
    expect(
      stateOf(run(sessionIn('suggested'), { type: 'propose' }, { userId: 'zoe', role: 'creator' })),
    ).toBe('sessions.forbidden');
  });

  it('viewers and strangers are refused', () => {
    const viewer: Actor = { userId: 'ben', role: 'viewer' };
    expect(stateOf(run(sessionIn('proposed'), { type: 'accept', participantUserId: 'ben' }, viewer))).toBe(
      'sessions.forbidden',
    );
    expect(stateOf(run(sessionIn('proposed'), { type: 'accept', participantUserId: 'ben' }, cleo))).toBe(
      'sessions.forbidden',
    );
    expect(stateOf(run(sessionIn('scheduled'), { type: 'cancel' }, { userId: 'zoe', role: 'creator' }))).toBe(
      'sessions.forbidden',
    );
  });

  it('full control: read-only to a creator until they accept', () => {
    const proposed = sessionIn('proposed');
    expect(stateOf(run(proposed, { type: 'cancel' }, ben, { policy: fullControl }))).toBe(
      'sessions.forbidden',
    );
    expect(stateOf(run(proposed, { type: 'cancel' }, ana, { policy: fullControl }))).toBe('cancelled');
    const moved = {
      type: 'reschedule',
      startsAtMs: startsAtMs + hourMs,
      endsAtMs: endsAtMs + hourMs,
    } as const;
    expect(stateOf(run(proposed, moved, ana, { policy: fullControl }))).toBe('sessions.forbidden');
    expect(stateOf(run(proposed, moved, ana))).toBe('proposed');
  });

  it('only staff or the system (when automatic) schedule', () => {
    const accepted = sessionIn('accepted');
    expect(stateOf(run(accepted, { type: 'schedule' }, system))).toBe('scheduled');
    const manual: SessionPolicy = { ...defaultSessionPolicy, scheduleConfirmation: 'publisher' };
    expect(stateOf(run(accepted, { type: 'schedule' }, system, { policy: manual }))).toBe(
      'sessions.forbidden',
    );
    expect(stateOf(run(accepted, { type: 'schedule' }, ana))).toBe('sessions.forbidden');
    expect(stateOf(run(accepted, { type: 'schedule' }, admin, { policy: manual }))).toBe('scheduled');
  });
});

describe('answers', () => {
  it('the last required accept makes it accepted; optional answers do not decide', () => {
    const proposed = sessionIn('proposed');
    expect(stateOf(run(proposed, { type: 'accept', participantUserId: 'cleo' }, cleo))).toBe('proposed');
    expect(stateOf(run(proposed, { type: 'decline', participantUserId: 'cleo' }, cleo))).toBe('proposed');
    const result = run(proposed, { type: 'accept', participantUserId: 'ben' }, ben);
    expect(stateOf(result)).toBe('accepted');
    expect(result.ok && result.auditChanges).toEqual({
      old: { state: 'proposed', 'participants.ben': 'invited' },
      new: { state: 'accepted', 'participants.ben': 'accepted' },
    });
    expect(result.ok && result.action).toBe('participant_accepted');
  });

  it('a required decline declines the session and releases the hold', () => {
    const result = run(sessionIn('accepted'), { type: 'decline', participantUserId: 'ben' }, ben);
    expect(stateOf(result)).toBe('declined');
    expect(result.ok && result.session.holdExpiresAtMs).toBeNull();
  });

  it('once scheduled, a required participant cancels instead; an optional one may still decline', () => {
    const scheduled = sessionIn('scheduled');
    expect(stateOf(run(scheduled, { type: 'decline', participantUserId: 'ben' }, ben))).toBe(
      'sessions.use_cancel',
    );
    expect(stateOf(run(scheduled, { type: 'decline', participantUserId: 'cleo' }, cleo))).toBe('scheduled');
  });

  it('refuses repeats, strangers and late answers', () => {
    const proposed = sessionIn('proposed');
    const repeat = run(proposed, { type: 'accept', participantUserId: 'ana' }, ana);
    expect(repeat.ok ? null : repeat.error.message).toBe('Cannot accept: Ana already accepted');
    expect(stateOf(run(proposed, { type: 'accept', participantUserId: 'zoe' }, admin))).toBe(
      'sessions.not_participant',
    );
    const afterHold = { at: holdExpiresAtMs };
    expect(stateOf(run(proposed, { type: 'accept', participantUserId: 'ben' }, ben, afterHold))).toBe(
      'sessions.hold_expired',
    );
    expect(stateOf(run(sessionIn('accepted'), { type: 'schedule' }, admin, afterHold))).toBe(
      'sessions.hold_expired',
    );
    expect(stateOf(run(proposed, { type: 'decline', participantUserId: 'ben' }, ben, afterHold))).toBe(
      'declined',
    );
  });
});

describe('time rules', () => {
  it('expires only once the hold lapsed or the start passed', () => {
    expect(stateOf(run(sessionIn('proposed'), { type: 'expire' }, system))).toBe('sessions.hold_active');
    expect(stateOf(run(sessionIn('proposed'), { type: 'expire' }, system, { at: holdExpiresAtMs }))).toBe(
      'expired',
    );
    const longHold = makeSession({ holdExpiresAtMs: endsAtMs + 99 * hourMs });
    expect(stateOf(run(longHold, { type: 'expire' }, system, { at: startsAtMs }))).toBe('expired');
  });

  it('late cancellation needs a reason; a finished session is completed, not cancelled', () => {
    const scheduled = sessionIn('scheduled');
    const late = { at: startsAtMs - 2 * hourMs };
    const refused = run(scheduled, { type: 'cancel' }, admin, late);
    expect(refused.ok ? null : refused.error.message).toBe(
      'Cannot cancel: it starts within 24 hours, so please give a reason',
    );
    expect(stateOf(run(scheduled, { type: 'cancel', reason: '   ' }, admin, late))).toBe(
      'sessions.reason_required',
    );
    const ok = run(scheduled, { type: 'cancel', reason: ' sick ' }, ben, late);
    expect(ok.ok && [ok.session.state, ok.session.cancelReason, ok.session.cancelledByUserId]).toEqual([
      'cancelled',
      'sick',
      'ben',
    ]);
    expect(stateOf(run(scheduled, { type: 'cancel' }, admin))).toBe('cancelled');
    expect(stateOf(run(scheduled, { type: 'cancel', reason: 'x' }, admin, { at: endsAtMs }))).toBe(
      'sessions.invalid_time',
    );
    const strict: SessionPolicy = { ...defaultSessionPolicy, lateChangeWindowHours: 96 };
    expect(stateOf(run(scheduled, { type: 'cancel' }, admin, { policy: strict }))).toBe(
      'sessions.reason_required',
    );
  });

  it('reschedule moves the time, asks everyone again and renews the hold', () => {
    const event = {
      type: 'reschedule',
      startsAtMs: startsAtMs + 24 * hourMs,
      endsAtMs: endsAtMs + 24 * hourMs,
    } as const;
    const result = run(sessionIn('scheduled'), event, ben);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.action).toBe('rescheduled');
    expect(result.session).toMatchObject({
      state: 'proposed',
      startsAtMs: event.startsAtMs,
      holdExpiresAtMs: nowMs + 48 * hourMs,
      scheduledAtMs: null,
      rescheduleCount: 1,
    });
    expect(result.session.participants.map((p) => [p.userId, p.state])).toEqual([
      ['ana', 'invited'],
      ['ben', 'accepted'],
      ['cleo', 'invited'],
    ]);
    expect(result.auditChanges.new).toMatchObject({
      startsAtMs: event.startsAtMs,
      'participants.ana': 'invited',
    });
  });

  it('refuses a bad, past, unchanged or unexplained late new time', () => {
    const scheduled = sessionIn('scheduled');
    const at = (start: number, end: number, reason?: string) =>
      stateOf(run(scheduled, { type: 'reschedule', startsAtMs: start, endsAtMs: end, reason }, admin));
    expect(at(startsAtMs + hourMs, startsAtMs + hourMs)).toBe('sessions.invalid_time');
    expect(at(nowMs - hourMs, nowMs)).toBe('sessions.invalid_time');
    expect(at(startsAtMs, endsAtMs)).toBe('sessions.no_change');
    const late = { at: startsAtMs - hourMs };
    const move = {
      type: 'reschedule',
      startsAtMs: startsAtMs + hourMs,
      endsAtMs: endsAtMs + hourMs,
    } as const;
    expect(stateOf(run(scheduled, move, admin, late))).toBe('sessions.reason_required');
    expect(stateOf(run(scheduled, { ...move, reason: 'room flooded' }, admin, late))).toBe('proposed');
  });

  it('completes only after the end; proposing needs a future start and two people', () => {
    expect(stateOf(run(sessionIn('scheduled'), { type: 'complete' }, ana))).toBe('sessions.not_ended');
    expect(stateOf(run(sessionIn('suggested'), { type: 'propose' }, admin, { at: startsAtMs }))).toBe(
      'sessions.invalid_time',
    );
    const solo = makeSession({ state: 'suggested', participants: [participant('ana', 'invited')] });
    expect(stateOf(run(solo, { type: 'propose' }, admin))).toBe('sessions.invalid_participants');
  });
});

describe('nextAutomaticEvent', () => {
  it('expires lapsed holds, schedules when automatic, completes ended sessions', () => {
    const policy = defaultSessionPolicy;
    expect(nextAutomaticEvent(sessionIn('proposed'), nowMs, policy)).toBeNull();
    expect(nextAutomaticEvent(sessionIn('proposed'), holdExpiresAtMs, policy)).toEqual({ type: 'expire' });
    expect(nextAutomaticEvent(sessionIn('accepted'), nowMs, policy)).toEqual({ type: 'schedule' });
    expect(
      nextAutomaticEvent(sessionIn('accepted'), nowMs, { ...policy, scheduleConfirmation: 'publisher' }),
    ).toBeNull();
    expect(nextAutomaticEvent(sessionIn('scheduled'), endsAtMs, policy)).toEqual({ type: 'complete' });
    expect(nextAutomaticEvent(sessionIn('done'), endsAtMs, policy)).toBeNull();
  });
});

describe('parseSessionPolicy', () => {
  it('fills defaults and names bad keys', () => {
    expect(parseSessionPolicy(undefined)).toEqual(defaultSessionPolicy);
    expect(parseSessionPolicy({ isFullControl: true }).isFullControl).toBe(true);
    expect(() => parseSessionPolicy({ holdHours: -1 })).toThrow(/holdHours/);
  });
});
