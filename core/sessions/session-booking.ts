/**
 * Changes that book time (proposing, rescheduling): everyone's stated availability and other bookings
 * are checked first, and a time that is taken comes back as an answer with the nearest free times.
 */
import type { Interval } from '../availability/intervals.ts';
import { isAppError } from '../shared/app-error.ts';
import {
  type Alternative,
  type Conflict,
  checkProposedTime,
  conflictError,
  findAlternatives,
} from './conflicts.ts';
import type { SessionView } from './session.store.ts';
import type { Session } from './session.types.ts';
import { type Confirmation, checkAvailability, type SessionWarning } from './session-checks.ts';
import { type SessionEvent, transition } from './session-lifecycle.ts';
import {
  applySessionEvent,
  expireStaleHolds,
  type NewSession,
  proposalOf,
  proposeNow,
  roomIdOf,
  type SessionOutcome,
  type SessionWork,
  userIdOrNull,
} from './session-workflow.ts';

/** What a clash answer says: who or what is busy, the nearest free times, and names for every id. */
export interface ConflictAnswer {
  message: string;
  conflicts: Conflict[];
  alternatives: Alternative[];
  labels: Record<string, string>;
}

/** Names for the ids a clash answer mentions: participants and the room. */
function labelsFor(session: Session, roomLabel: string | null): Record<string, string> {
  const labels: Record<string, string> = Object.fromEntries(
    session.participants.map((p) => [p.userId, p.displayName]),
  );
  const roomId = roomIdOf(session.location);
  if (roomId !== null) labels[roomId] = roomLabel ?? 'the room';
  return labels;
}

const SEARCH_HORIZON_HOURS = 72;

/** The session's time and length, searched from now within the horizon (clash check and alternatives). */
const searchAround = (work: SessionWork, session: Session) => ({
  startMs: session.startsAtMs,
  durationMinutes: Math.round((session.endsAtMs - session.startsAtMs) / 60_000),
  notBeforeMs: work.nowMs,
  searchHorizonHours: SEARCH_HORIZON_HOURS,
});

/**
 * What clashes with `session`'s time, with the nearest free alternatives; null when the time is
 * free (stale holds do not count: they are expired first).
 */
async function findTimeConflict(
  work: SessionWork,
  session: Session,
  roomLabel: string | null,
  allowedWindows?: readonly Interval[],
): Promise<ConflictAnswer | null> {
  return conflictAmong(await bookedAround(work, session), work, session, roomLabel, allowedWindows);
}

/** `findTimeConflict` against bookings already read (`bookedAround`). */
function conflictAmong(
  busy: Awaited<ReturnType<typeof bookedAround>>,
  work: SessionWork,
  session: Session,
  roomLabel: string | null,
  allowedWindows?: readonly Interval[],
): ConflictAnswer | null {
  const check = checkProposedTime({
    ...searchAround(work, session),
    busy,
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
  // Read once: the alternatives below are found among the same bookings.
  const busy = await bookedAround(work, next);
  const conflict = conflictAmong(busy, work, next, roomLabel, availability.commonFree);
  if (conflict) return { kind: 'conflict', conflict };
  const warnings = [...(options.warnings ?? [])];
  if (availability.notFree.length > 0 && !confirmed.includes('outside_availability')) {
    const alternatives = findAlternatives({
      ...searchAround(work, next),
      busy,
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
