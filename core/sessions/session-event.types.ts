import type { AppError } from '../shared/app-error.ts';
import type { Actor, Session, SessionState } from './session.types.ts';
import type { AuditChanges } from './session-audit.ts';
import type { SessionPolicy } from './session-policy.ts';

/**
 * What someone (or the sweeper) asks of a session. Who asks and when come from the
 * `TransitionContext`, so `cancel` is "by" `context.actor` and `expire`/`complete` happen at
 * `context.nowMs`.
 */
export type SessionEvent =
  | { type: 'propose' }
  | { type: 'accept'; participantUserId: string }
  | { type: 'decline'; participantUserId: string }
  | { type: 'schedule' }
  | { type: 'reschedule'; startsAtMs: number; endsAtMs: number; reason?: string }
  | { type: 'cancel'; reason?: string }
  | { type: 'expire' }
  | { type: 'complete' };

export type SessionEventType = SessionEvent['type'];
export const sessionEventTypes: readonly SessionEventType[] = [
  'propose',
  'accept',
  'decline',
  'schedule',
  'reschedule',
  'cancel',
  'expire',
  'complete',
];

export interface TransitionContext {
  actor: Actor;
  nowMs: number;
  policy: SessionPolicy;
}

/** The audit action recorded for an applied event (`rescheduled` is an action, not a state). */
export type SessionAuditAction =
  | 'proposed'
  | 'participant_accepted'
  | 'participant_declined'
  | 'scheduled'
  | 'rescheduled'
  | 'cancelled'
  | 'expired'
  | 'completed';

export type TransitionResult =
  | { ok: true; session: Session; action: SessionAuditAction; auditChanges: AuditChanges }
  | { ok: false; error: AppError };

/** The states each event may start from; everything else is `sessions.illegal_transition`. */
export const legalFromStates: Readonly<Record<SessionEventType, ReadonlySet<SessionState>>> = {
  propose: new Set(['suggested']),
  accept: new Set(['proposed', 'accepted', 'scheduled']),
  decline: new Set(['proposed', 'accepted', 'scheduled']),
  schedule: new Set(['accepted']),
  reschedule: new Set(['proposed', 'accepted', 'scheduled']),
  cancel: new Set(['suggested', 'proposed', 'accepted', 'scheduled']),
  expire: new Set(['proposed', 'accepted']),
  complete: new Set(['scheduled']),
};
