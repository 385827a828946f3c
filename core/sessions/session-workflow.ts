import type { Interval } from '../availability/intervals.ts';
import { type DomainEvent, type SessionChange, sessionChanged } from '../events/domain-event.ts';
import type { TenantStores } from '../ports/tenant-stores.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import { randomUUID } from '../shared/ids.ts';
import {
  type Alternative,
  type Conflict,
  checkProposedTime,
  conflictError,
  findAlternatives,
} from './conflicts.ts';
import { requiresSequenceBump } from './ics-invite.ts';
import type { SessionView } from './session.store.ts';
import type { Actor, Session, SessionLocation, SessionParticipant } from './session.types.ts';
import { type Confirmation, checkAvailability, type SessionWarning } from './session-checks.ts';
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

/** What a clash answer says: who or what is busy, the nearest free times, and names for every id. */
export interface ConflictAnswer {
  message: string;
  conflicts: Conflict[];
  alternatives: Alternative[];
  labels: Record<string, string>;
}

export const roomIdOf = (location: SessionLocation): string | null =>
  location.kind === 'studio' ? location.roomId : null;

const userIdOrNull = (userId: string | null) => (userId === SYSTEM_USER_ID ? null : userId);

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

/** Names for the ids a clash answer mentions: participants and the room. */
export function labelsFor(session: Session, roomLabel: string | null): Record<string, string> {
  const labels: Record<string, string> = Object.fromEntries(
    session.participants.map((p) => [p.userId, p.displayName]),
  );
  const roomId = roomIdOf(session.location);
  if (roomId !== null) labels[roomId] = roomLabel ?? 'the room';
  return labels;
}

const SEARCH_HORIZON_HOURS = 72;

/**
 * What clashes with `session`'s time, with the nearest free alternatives; null when the time is
 * free (stale holds do not count: they are expired first).
 */
export async function findTimeConflict(
  work: SessionWork,
  session: Session,
  roomLabel: string | null,
  allowedWindows?: readonly Interval[],
): Promise<ConflictAnswer | null> {
  const busy = await bookedAround(work, session);
  const check = checkProposedTime({
    startMs: session.startsAtMs,
    durationMinutes: Math.round((session.endsAtMs - session.startsAtMs) / 60_000),
    busy,
    notBeforeMs: work.nowMs,
    searchHorizonHours: SEARCH_HORIZON_HOURS,
    ...(allowedWindows ? { allowedWindows } : {}),
  });
  if (check.conflicts.length === 0) return null;
  return {
    message: conflictError(check.conflicts, check.alternatives).message,
    conflicts: check.conflicts,
    alternatives: check.alternatives,
    labels: labelsFor(session, roomLabel),
  };
}

const liveParticipants = (session: Session) => session.participants.filter((p) => p.state !== 'declined');

/** Other bookings of the session's people and room around it (stale holds expired first). */
async function bookedAround(work: SessionWork, session: Session) {
  const userIds = liveParticipants(session).map((p) => p.userId);
  const roomId = roomIdOf(session.location);
  const window = { startMs: session.startsAtMs, endMs: session.endsAtMs };
  await expireStaleHolds(work, { userIds, roomId, window });
  const horizonMs = SEARCH_HORIZON_HOURS * 3_600_000;
  return work.stores.sessions.busy({
    userIds,
    roomId,
    nowMs: work.nowMs,
    excludeSessionId: session.id,
    window: { startMs: session.startsAtMs - horizonMs, endMs: session.endsAtMs + horizonMs },
  });
}

/**
 * The change went through; or the time is taken (an expected outcome, with alternatives); or it
 * needs the proposer's confirmation first (someone is not free then by what they stated, or a
 * do-not-pair pair), with the nearest times that suit everyone.
 */
export type TimedOutcome =
  | ({ kind: 'done' } & SessionOutcome)
  | { kind: 'conflict'; conflict: ConflictAnswer }
  | { kind: 'needs_confirmation'; warnings: SessionWarning[]; labels: Record<string, string> };

/** What the proposer already confirmed, and warnings found before the time was looked at. */
export interface TimedOptions {
  confirmed?: readonly Confirmation[];
  warnings?: readonly SessionWarning[];
}

/**
 * Runs a change that books time: everyone's stated availability and other bookings first, then the
 * change in a savepoint, so a booking lost to a concurrent one at commit (the exclusion constraint)
 * still gets the clash answer. Alternatives always suit everyone's stated availability.
 */
async function whenFree(
  work: SessionWork,
  next: Session,
  roomLabel: string | null,
  change: () => Promise<SessionOutcome>,
  options: TimedOptions = {},
): Promise<TimedOutcome> {
  const confirmed = options.confirmed ?? [];
  const proposed = { startMs: next.startsAtMs, endMs: next.endsAtMs };
  const horizonMs = SEARCH_HORIZON_HOURS * 3_600_000;
  const availability = await checkAvailability(
    work.stores,
    liveParticipants(next),
    proposed,
    horizonMs,
    work.nowMs,
  );
  const conflict = await findTimeConflict(work, next, roomLabel, availability.commonFree);
  if (conflict) return { kind: 'conflict', conflict };
  const warnings = [...(options.warnings ?? [])];
  if (availability.notFree.length > 0 && !confirmed.includes('outside_availability')) {
    const alternatives = findAlternatives({
      startMs: next.startsAtMs,
      durationMinutes: Math.round((next.endsAtMs - next.startsAtMs) / 60_000),
      busy: await bookedAround(work, next),
      notBeforeMs: work.nowMs,
      searchHorizonHours: SEARCH_HORIZON_HOURS,
      allowedWindows: availability.commonFree,
    });
    warnings.push({ kind: 'outside_availability', notFree: availability.notFree, alternatives });
  }
  if (warnings.length > 0)
    return { kind: 'needs_confirmation', warnings, labels: labelsFor(next, roomLabel) };
  try {
    const outcome = await work.stores.savepoint(change);
    if (availability.notFree.length > 0) {
      await work.stores.audit.record({
        actorUserId: userIdOrNull(work.actor.userId),
        actorLabel: work.actor.label,
        action: 'session.booked_outside_availability',
        entity: 'session',
        entityId: outcome.view.session.id,
        newValues: { notFree: availability.notFree.map((p) => ({ name: p.displayName, why: p.why })) },
      });
    }
    return { kind: 'done', ...outcome };
  } catch (error) {
    if (!isAppError(error) || error.code !== 'sessions.time_taken') throw error;
    const late = await findTimeConflict(work, next, roomLabel, availability.commonFree);
    return {
      kind: 'conflict',
      conflict: late ?? {
        message: 'That time was just taken; please try again',
        conflicts: [],
        alternatives: [],
        labels: labelsFor(next, roomLabel),
      },
    };
  }
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
function proposalOf(work: SessionWork, tenantId: string, input: NewSession) {
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

/** Proposes a new session: checked against everyone's bookings first, with alternatives when taken. */
export async function proposeSession(
  work: SessionWork,
  tenantId: string,
  input: NewSession,
  options: TimedOptions = {},
): Promise<TimedOutcome> {
  const check = proposalOf(work, tenantId, input);
  return whenFree(work, check.session, input.roomLabel, () => proposeNow(work, tenantId, input), options);
}

/** Moves a session to a new time: checked like a proposal; answers reset, a new hold. */
export async function rescheduleSession(
  work: SessionWork,
  view: SessionView,
  input: { startsAtMs: number; endsAtMs: number; reason?: string },
  options: TimedOptions = {},
): Promise<TimedOutcome> {
  const event: SessionEvent = { type: 'reschedule', ...input };
  const preview = transition(view.session, event, {
    actor: work.actor,
    nowMs: work.nowMs,
    policy: work.policy,
  });
  if (!preview.ok) throw preview.error;
  return whenFree(work, preview.session, view.roomLabel, () => applySessionEvent(work, view, event), options);
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
