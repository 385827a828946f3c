import { type DomainEvent, type SessionChange, sessionChanged } from '../events/domain-event.ts';
import type { TenantStores } from '../ports/tenant-stores.ts';
import { AppError } from '../shared/app-error.ts';
import { randomUUID } from '../shared/ids.ts';
import { requiresSequenceBump } from './ics-invite.ts';
import type { SessionView } from './session.store.ts';
import type { Actor, Session, SessionLocation, SessionParticipant } from './session.types.ts';
import {
  nextAutomaticEvent,
  type SessionEvent,
  type TransitionResult,
  transition,
} from './session-lifecycle.ts';
import { parseSessionPolicy, type SessionPolicy } from './session-policy.ts';

/** The sweeps and automatic scheduling act as `system`; the audit trail stores no user for it. */
export const SYSTEM_USER_ID = 'system';

/** Who acts, as the lifecycle sees them, with the name the audit trail shows. */
export interface SessionActor extends Actor {
  label: string;
}

export const systemActor: SessionActor = { userId: SYSTEM_USER_ID, role: 'system', label: 'system' };

/** One command's session work: its stores, who acts, when, under which policy. */
export interface SessionWork {
  stores: Pick<TenantStores, 'sessions' | 'audit' | 'savepoint' | 'availability'>;
  actor: SessionActor;
  nowMs: number;
  policy: SessionPolicy;
}

/** The tenant's session policy (PRD 13: full control, holds, late changes, confirmation). */
export async function sessionPolicyOf(stores: Pick<TenantStores, 'tenant'>): Promise<SessionPolicy> {
  return parseSessionPolicy((await stores.tenant.read()).settings);
}

export const roomIdOf = (location: SessionLocation): string | null =>
  location.kind === 'studio' ? location.roomId : null;

export const userIdOrNull = (userId: string | null) => (userId === SYSTEM_USER_ID ? null : userId);

const CHANGE_OF: Partial<Record<string, SessionChange>> = {
  proposed: 'proposed',
  participant_accepted: 'accepted',
  participant_declined: 'declined',
  scheduled: 'scheduled',
  rescheduled: 'rescheduled',
  cancelled: 'cancelled',
};

/**
 * Stores one applied transition: the row, participants and bookings (the exclusion constraints
 * check them), a bumped ICS SEQUENCE when what the invite says changed, and the audit event.
 */
async function store(
  work: SessionWork,
  before: SessionView | null,
  applied: Extract<TransitionResult, { ok: true }>,
  actor: SessionActor,
): Promise<SessionView> {
  const next = applied.session;
  const icsSequence =
    before === null ? 0 : before.icsSequence + (requiresSequenceBump(before.session, next) ? 1 : 0);
  const view = await work.stores.sessions.save(before, next, {
    icsSequence,
    roomId: roomIdOf(next.location),
  });
  await work.stores.audit.record({
    actorUserId: userIdOrNull(actor.userId),
    actorLabel: actor.label,
    action: `session.${applied.action}`,
    entity: 'session',
    entityId: next.id,
    oldValues: applied.auditChanges.old,
    newValues: applied.auditChanges.new,
  });
  return view;
}

/** The outcome of changing one session: the new view and the change people hear about. */
export interface SessionOutcome {
  view: SessionView;
  events: DomainEvent[];
}

/**
 * Applies one event: core decides, the store keeps it with its audit event, and when the tenant
 * schedules automatically an accepted session is scheduled in the same transaction. Throws the
 * lifecycle's refusal (an AppError with a plain reason) when the event is not allowed.
 */
export async function applySessionEvent(
  work: SessionWork,
  view: SessionView,
  event: SessionEvent,
  actor: SessionActor = work.actor,
): Promise<SessionOutcome> {
  const result = transition(view.session, event, { actor, nowMs: work.nowMs, policy: work.policy });
  if (!result.ok) throw result.error;
  let stored = await store(work, view, result, actor);
  let action = result.action;
  const automatic = nextAutomaticEvent(stored.session, work.nowMs, work.policy);
  if (automatic?.type === 'schedule') {
    const scheduled = transition(stored.session, automatic, {
      actor: systemActor,
      nowMs: work.nowMs,
      policy: work.policy,
    });
    if (!scheduled.ok) throw scheduled.error;
    stored = await store(work, stored, scheduled, systemActor);
    action = scheduled.action;
  }
  return { view: stored, events: changeEvents(view, stored, action, actor) };
}

function changeEvents(before: SessionView | null, after: SessionView, action: string, actor: SessionActor) {
  const change = CHANGE_OF[action];
  if (!change) return [];
  return [
    sessionChanged({
      change,
      sessionId: after.session.id,
      actorUserId: actor.userId,
      actorName: actor.label,
      icsSequence: after.icsSequence,
      isInviteChanged: before === null || before.icsSequence !== after.icsSequence,
    }),
  ];
}

/** Expires held sessions whose hold ran out that still book these people or the room in `window`. */
export async function expireStaleHolds(
  work: SessionWork,
  input: { userIds: readonly string[]; roomId: string | null; window: { startMs: number; endMs: number } },
): Promise<number> {
  const ids = await work.stores.sessions.staleHolds({ ...input, nowMs: work.nowMs });
  if (ids.length === 0) return 0;
  let expired = 0;
  for (const stale of await work.stores.sessions.byIds(ids, { forUpdate: true })) {
    if (nextAutomaticEvent(stale.session, work.nowMs, work.policy)?.type !== 'expire') continue;
    await applySessionEvent(work, stale, { type: 'expire' }, systemActor);
    expired += 1;
  }
  return expired;
}

export interface NewSession {
  title: string;
  notes?: string;
  startsAtMs: number;
  endsAtMs: number;
  location: SessionLocation;
  roomLabel: string | null;
  participants: readonly SessionParticipant[];
  campaignId?: string | null;
}

/** The session before anyone was asked: what `propose` starts from. Never stored in this state. */
export function suggestedSession(tenantId: string, createdByUserId: string, input: NewSession): Session {
  return {
    id: randomUUID(),
    tenantId,
    title: input.title,
    notes: input.notes ?? '',
    state: 'suggested',
    startsAtMs: input.startsAtMs,
    endsAtMs: input.endsAtMs,
    location: input.location,
    participants: input.participants,
    createdByUserId,
    proposedByUserId: null,
    holdExpiresAtMs: null,
    scheduledAtMs: null,
    rescheduleCount: 0,
    cancelReason: null,
    cancelledByUserId: null,
    campaignId: input.campaignId ?? null,
  };
}

/** `Co-write: Ana & Ben`: the default title, from the participants' first names. */
export function defaultSessionTitle(participants: readonly { displayName: string }[]): string {
  return `Co-write: ${participants.map((p) => p.displayName.split(' ')[0]).join(' & ')}`.slice(0, 200);
}

/** The new session as the lifecycle proposes it; the policy's refusal (lead time, length) throws. */
export function proposalOf(work: SessionWork, tenantId: string, input: NewSession) {
  const proposed = transition(
    suggestedSession(tenantId, work.actor.userId, input),
    { type: 'propose' },
    { actor: work.actor, nowMs: work.nowMs, policy: work.policy },
  );
  if (!proposed.ok) throw proposed.error;
  return proposed;
}

/**
 * Proposes a new session without the clash check (the caller checked, as a campaign's plan does):
 * held, and scheduled at once when nothing is left to answer. A booking lost to a concurrent one
 * throws `sessions.time_taken`.
 */
export async function proposeNow(
  work: SessionWork,
  tenantId: string,
  input: NewSession,
): Promise<SessionOutcome> {
  const proposed = proposalOf(work, tenantId, input);
  const stored = await store(work, null, proposed, work.actor);
  const automatic = nextAutomaticEvent(stored.session, work.nowMs, work.policy);
  if (automatic?.type !== 'schedule')
    return { view: stored, events: changeEvents(null, stored, 'proposed', work.actor) };
  const { view } = await applySessionEvent(work, stored, automatic, systemActor);
  return { view, events: changeEvents(null, view, 'scheduled', work.actor) };
}

/**
 * One session by id or unique id prefix, as this actor may see it: creators only their own (taking
 * part, or proposed by them), publisher staff every session of the tenant.
 */
export async function findSession(
  stores: Pick<TenantStores, 'sessions'>,
  ref: string,
  actor: Pick<Actor, 'userId' | 'role'>,
  options: { forUpdate?: boolean } = {},
): Promise<SessionView> {
  const found = await stores.sessions.findByPrefix(ref, options);
  const visible = found.filter((view) => canSee(actor, view.session));
  if (visible.length === 0) throw new AppError('sessions.not_found', `No session ${ref}`, { ref });
  if (visible.length > 1) {
    throw new AppError('sessions.ambiguous_ref', `More than one session starts with ${ref}; type more of it`);
  }
  return visible[0]!;
}

export function canSee(actor: Pick<Actor, 'userId' | 'role'>, session: Session): boolean {
  if (actor.role === 'tenant_admin' || actor.role === 'staff') return true;
  return (
    session.participants.some((p) => p.userId === actor.userId) || session.proposedByUserId === actor.userId
  );
}
