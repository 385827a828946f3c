import { AppError } from '../shared/app-error.ts';
import type { ParticipantState, Session, SessionParticipant, SessionState } from './session.types.ts';
import { diffSessions } from './session-audit.ts';
import {
  legalFromStates,
  type SessionAuditAction,
  type SessionEvent,
  type SessionEventType,
  type TransitionContext,
  type TransitionResult,
} from './session-event.types.ts';
import { whyForbidden } from './session-permissions.ts';
import { hourMs, type SessionPolicy } from './session-policy.ts';

export {
  legalFromStates,
  type SessionAuditAction,
  type SessionEvent,
  type SessionEventType,
  sessionEventTypes,
  type TransitionContext,
  type TransitionResult,
} from './session-event.types.ts';

const verbs: Record<SessionEventType, string> = {
  propose: 'propose',
  accept: 'accept',
  decline: 'decline',
  schedule: 'schedule',
  reschedule: 'reschedule',
  cancel: 'cancel',
  expire: 'expire',
  complete: 'mark it done',
};

const stateDescriptions: Record<SessionState, string> = {
  suggested: 'has not been proposed yet',
  proposed: 'is still waiting for answers',
  accepted: 'is still waiting for confirmation',
  scheduled: 'is already scheduled',
  done: 'already took place',
  declined: 'was declined',
  cancelled: 'was cancelled',
  expired: 'expired',
};

function refuse(code: string, event: SessionEvent, reason: string, details: Record<string, unknown> = {}) {
  const message = `Cannot ${verbs[event.type]}: ${reason}`;
  return { ok: false as const, error: new AppError(code, message, { event: event.type, ...details }) };
}

/** A session longer than the tenant's maximum is refused, with the maximum named. */
function lengthRefusal(lengthMs: number, event: SessionEvent, policy: SessionPolicy) {
  if (lengthMs <= policy.maxSessionHours * 3_600_000) return undefined;
  const hours = Math.round((lengthMs / 3_600_000) * 10) / 10;
  return refuse(
    'sessions.too_long',
    event,
    `a session may last at most ${policy.maxSessionHours} h here (this one: ${hours} h); an admin can change it with /session settings max-hours:N`,
  );
}

/**
 * Applies one event to a session, or says in plain words why it can't.
 * Pure: the caller stores the new session and the audit entry in one transaction.
 *
 * @example
 * const result = transition(session, { type: 'accept', participantUserId: 'u2' }, { actor, nowMs, policy });
 * if (!result.ok) return reply(result.error.message); // "Cannot accept: the session was cancelled"
 */
export function transition(
  session: Session,
  event: SessionEvent,
  context: TransitionContext,
): TransitionResult {
  if (!legalFromStates[event.type].has(session.state)) {
    return refuse('sessions.illegal_transition', event, `the session ${stateDescriptions[session.state]}`, {
      state: session.state,
    });
  }
  const forbidden = whyForbidden(session, event, context.actor, context.policy);
  if (forbidden !== null) return refuse('sessions.forbidden', event, forbidden, { role: context.actor.role });
  const next = apply(session, event, context);
  if (!('session' in next)) return next;
  return {
    ok: true,
    session: next.session,
    action: next.action,
    auditChanges: diffSessions(session, next.session),
  };
}

type Applied = { session: Session; action: SessionAuditAction } | { ok: false; error: AppError };

function apply(session: Session, event: SessionEvent, { actor, nowMs, policy }: TransitionContext): Applied {
  const isHoldActive = session.holdExpiresAtMs !== null && nowMs < session.holdExpiresAtMs;
  const hasStarted = nowMs >= session.startsAtMs;
  const isLateChange =
    session.state === 'scheduled' && nowMs >= session.startsAtMs - policy.lateChangeWindowHours * hourMs;
  switch (event.type) {
    case 'propose': {
      if (hasStarted) return refuse('sessions.invalid_time', event, 'the start time has passed');
      const tooLong = lengthRefusal(session.endsAtMs - session.startsAtMs, event, policy);
      if (tooLong) return tooLong;
      if (session.participants.length < 2) {
        return refuse('sessions.invalid_participants', event, 'a session needs at least two participants');
      }
      if (!session.participants.some((p) => p.isRequired)) {
        return refuse('sessions.invalid_participants', event, 'at least one participant must be required');
      }
      const participants = resetAnswers(session.participants, actor.userId, nowMs);
      const proposed = { ...session, participants, proposedByUserId: actor.userId, rescheduleCount: 0 };
      return { session: withHold(settle(proposed), nowMs, policy), action: 'proposed' };
    }
    case 'accept':
    case 'decline': {
      const target: ParticipantState = event.type === 'accept' ? 'accepted' : 'declined';
      const participant = session.participants.find((p) => p.userId === event.participantUserId);
      if (participant === undefined) {
        return refuse('sessions.not_participant', event, 'that person is not invited to this session');
      }
      if (participant.state === target) {
        return refuse('sessions.no_change', event, `${participant.displayName} already ${target}`);
      }
      if (hasStarted) return refuse('sessions.invalid_time', event, 'the session has already started');
      if (event.type === 'accept' && session.state !== 'scheduled' && !isHoldActive) {
        return refuse('sessions.hold_expired', event, 'the hold on this time has expired; propose it again');
      }
      if (event.type === 'decline' && session.state === 'scheduled' && participant.isRequired) {
        return refuse('sessions.use_cancel', event, 'the session is already scheduled; cancel it instead');
      }
      const participants = session.participants.map((p) =>
        p.userId === participant.userId ? { ...p, state: target, respondedAtMs: nowMs } : p,
      );
      const action = event.type === 'accept' ? 'participant_accepted' : 'participant_declined';
      return { session: settle({ ...session, participants }), action };
    }
    case 'schedule':
      if (hasStarted) return refuse('sessions.invalid_time', event, 'the start time has passed');
      if (!isHoldActive) {
        return refuse('sessions.hold_expired', event, 'the hold on this time has expired; propose it again');
      }
      return {
        session: { ...session, state: 'scheduled', holdExpiresAtMs: null, scheduledAtMs: nowMs },
        action: 'scheduled',
      };
    case 'reschedule': {
      if (!Number.isFinite(event.startsAtMs) || !(event.endsAtMs > event.startsAtMs)) {
        return refuse('sessions.invalid_time', event, 'the new end must be after the new start');
      }
      if (event.startsAtMs <= nowMs)
        return refuse('sessions.invalid_time', event, 'the new start is in the past');
      const tooLong = lengthRefusal(event.endsAtMs - event.startsAtMs, event, policy);
      if (tooLong) return tooLong;
      if (event.startsAtMs === session.startsAtMs && event.endsAtMs === session.endsAtMs) {
        return refuse('sessions.no_change', event, 'that is the time it already has');
      }
      if (isLateChange && !hasText(event.reason)) {
        return refuse('sessions.reason_required', event, lateChangeReason(policy), {
          windowHours: policy.lateChangeWindowHours,
        });
      }
      const moved: Session = {
        ...session,
        state: 'proposed',
        startsAtMs: event.startsAtMs,
        endsAtMs: event.endsAtMs,
        participants: resetAnswers(session.participants, actor.userId, nowMs),
        scheduledAtMs: null,
        rescheduleCount: session.rescheduleCount + 1,
      };
      return { session: withHold(settle(moved), nowMs, policy), action: 'rescheduled' };
    }
    case 'cancel':
      if (session.state === 'scheduled' && nowMs >= session.endsAtMs) {
        return refuse('sessions.invalid_time', event, 'the session has already ended; mark it done instead');
      }
      if (isLateChange && !hasText(event.reason)) {
        return refuse('sessions.reason_required', event, lateChangeReason(policy), {
          windowHours: policy.lateChangeWindowHours,
        });
      }
      return {
        session: {
          ...session,
          state: 'cancelled',
          holdExpiresAtMs: null,
          cancelReason: hasText(event.reason) ? event.reason.trim() : null,
          cancelledByUserId: actor.userId,
        },
        action: 'cancelled',
      };
    case 'expire':
      if (isHoldActive && !hasStarted) {
        return refuse('sessions.hold_active', event, 'the hold is still active', {
          holdExpiresAtMs: session.holdExpiresAtMs,
        });
      }
      return { session: { ...session, state: 'expired', holdExpiresAtMs: null }, action: 'expired' };
    case 'complete':
      if (nowMs < session.endsAtMs)
        return refuse('sessions.not_ended', event, 'the session has not ended yet');
      return { session: { ...session, state: 'done' }, action: 'completed' };
  }
}

/** The event the sweeper should apply now without anyone asking, if any. */
export function nextAutomaticEvent(
  session: Session,
  nowMs: number,
  policy: SessionPolicy,
): SessionEvent | null {
  const isHeld = session.state === 'proposed' || session.state === 'accepted';
  if (isHeld && (nowMs >= (session.holdExpiresAtMs ?? 0) || nowMs >= session.startsAtMs))
    return { type: 'expire' };
  if (session.state === 'accepted' && policy.scheduleConfirmation === 'automatic')
    return { type: 'schedule' };
  if (session.state === 'scheduled' && nowMs >= session.endsAtMs) return { type: 'complete' };
  return null;
}

/** proposed <-> accepted follow the required answers; a required decline declines the session. */
function settle(session: Session): Session {
  if (session.state !== 'proposed' && session.state !== 'accepted' && session.state !== 'suggested')
    return session;
  const required = session.participants.filter((p) => p.isRequired);
  if (required.some((p) => p.state === 'declined'))
    return { ...session, state: 'declined', holdExpiresAtMs: null };
  return { ...session, state: required.every((p) => p.state === 'accepted') ? 'accepted' : 'proposed' };
}

function withHold(session: Session, nowMs: number, policy: SessionPolicy): Session {
  return { ...session, holdExpiresAtMs: nowMs + policy.holdHours * hourMs };
}

/** A new time or a new proposal asks everyone again, except whoever asked (they said yes by asking). */
function resetAnswers(participants: readonly SessionParticipant[], actorUserId: string, nowMs: number) {
  return participants.map((p) =>
    p.userId === actorUserId
      ? { ...p, state: 'accepted' as const, respondedAtMs: nowMs }
      : { ...p, state: 'invited' as const, respondedAtMs: null },
  );
}

function hasText(value: string | undefined): value is string {
  return value !== undefined && value.trim().length > 0;
}

function lateChangeReason(policy: SessionPolicy): string {
  return `it starts within ${policy.lateChangeWindowHours} hours, so please give a reason`;
}
