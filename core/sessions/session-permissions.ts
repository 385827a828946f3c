import type { Actor, Session } from './session.types.ts';
import type { SessionEvent } from './session-event.types.ts';
import type { SessionPolicy } from './session-policy.ts';

const publisherRoles: ReadonlySet<Actor['role']> = new Set(['tenant_admin', 'staff']);

export function isPublisher(actor: Actor): boolean {
  return publisherRoles.has(actor.role);
}

/**
 * Why `actor` may not apply `event` under `policy`, or null when they may. State is checked
 * elsewhere; this is only about who is asking.
 *
 * Creators act only on sessions they take part in. Under full control they may never propose or
 * reschedule, and may cancel only once they accepted (the session is read-only to them until then).
 */
export function whyForbidden(session: Session, event: SessionEvent, actor: Actor, policy: SessionPolicy) {
  if (actor.role === 'viewer') return 'viewers can only look at sessions';
  const self = session.participants.find((participant) => participant.userId === actor.userId);
  const isCreatorInSession = actor.role === 'creator' && self !== undefined;
  switch (event.type) {
    case 'propose':
      if (isPublisher(actor)) return null;
      if (actor.role !== 'creator') return 'only people can propose sessions';
      if (policy.isFullControl)
        return 'this publisher runs full control, so only publisher staff propose sessions';
      return isCreatorInSession ? null : 'creators can only propose sessions they take part in';
    case 'accept':
    case 'decline':
      if (isPublisher(actor) || actor.userId === event.participantUserId) return null;
      return 'only the invited person or publisher staff can answer for them';
    case 'schedule':
      if (isPublisher(actor)) return null;
      if (actor.role === 'system' && policy.scheduleConfirmation === 'automatic') return null;
      return 'only publisher staff confirm sessions';
    case 'reschedule':
      if (isPublisher(actor)) return null;
      if (actor.role !== 'creator') return 'only people can move sessions';
      if (policy.isFullControl)
        return 'this publisher runs full control, so only publisher staff move sessions';
      return isCreatorInSession ? null : 'creators can only move sessions they take part in';
    case 'cancel':
      if (isPublisher(actor)) return null;
      if (!isCreatorInSession) return 'only publisher staff or people taking part can cancel';
      if (policy.isFullControl && self?.state !== 'accepted') {
        return 'under full control the session is read-only until you accept; decline it instead';
      }
      return null;
    case 'expire':
      return isPublisher(actor) || actor.role === 'system'
        ? null
        : 'only the system or publisher staff expire holds';
    case 'complete':
      if (isPublisher(actor) || actor.role === 'system' || isCreatorInSession) return null;
      return 'only publisher staff or people taking part can mark it done';
  }
}
