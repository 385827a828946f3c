import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { SessionView } from '../../core/commands/session.services.ts';
import {
  type Actor,
  checkProposedTime,
  conflictError,
  nextAutomaticEvent,
  parseSessionPolicy,
  type Session,
  type SessionEvent,
  type SessionLocation,
  type SessionParticipant,
  type SessionPolicy,
  transition,
} from '../../core/sessions/index.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { Tx } from '../database.ts';
import { creators, sessions, tenants, users } from '../schema/index.ts';
import { loadBusy, staleHoldSessionIds } from './session-bookings.ts';
import { loadSessions, SYSTEM_USER_ID, storeTransition } from './session-store.ts';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

/** Who acts, as core sees them, with the name the audit log shows. */
export interface SessionActor extends Actor {
  label: string;
}

export const systemActor: SessionActor = { userId: SYSTEM_USER_ID, role: 'system', label: 'system' };

export interface TenantSessionSettings {
  name: string;
  policy: SessionPolicy;
}

/** The tenant's name and session policy (PRD 13: full control, holds, cancellation window). */
export async function loadTenantSettings(tx: Tx): Promise<TenantSessionSettings> {
  const [row] = await tx.select({ name: tenants.name, settings: tenants.settings }).from(tenants);
  if (!row) throw new AppError('tenancy.unknown_tenant', 'This workspace no longer exists');
  return { name: row.name, policy: parseSessionPolicy(row.settings) };
}

/**
 * Applies one event: core decides, the database stores the result with its audit event, and when
 * the tenant schedules automatically an accepted session is scheduled in the same transaction.
 * Throws the core refusal (an AppError with a plain reason) when the event is not allowed.
 */
export async function applySessionEvent(
  tx: Tx,
  view: SessionView,
  event: SessionEvent,
  context: { actor: SessionActor; nowMs: number; policy: SessionPolicy },
): Promise<SessionView> {
  const result = transition(view.session, event, context);
  if (!result.ok) throw result.error;
  const roomId = roomIdOf(result.session.location);
  let stored = await storeTransition(tx, view, result, {
    actor: context.actor,
    actorLabel: context.actor.label,
    roomId,
  });
  const automatic = nextAutomaticEvent(stored.session, context.nowMs, context.policy);
  if (automatic?.type === 'schedule') {
    stored = await applySessionEvent(tx, stored, automatic, { ...context, actor: systemActor });
  }
  return { ...stored, roomLabel: view.roomLabel, handles: view.handles };
}

export function roomIdOf(location: SessionLocation): string | null {
  return location.kind === 'studio' ? location.roomId : null;
}

/** Expires held sessions whose hold ran out that still book these people or the room in `window`. */
export async function expireStaleHolds(
  tx: Tx,
  input: { userIds: readonly string[]; roomId: string | null; window: { startMs: number; endMs: number } },
  context: { nowMs: number; policy: SessionPolicy },
): Promise<number> {
  const ids = await staleHoldSessionIds(tx, { ...input, nowMs: context.nowMs });
  if (ids.length === 0) return 0;
  const stale = await loadSessions(tx, inArray(sessions.id, ids), { forUpdate: true });
  let expired = 0;
  for (const view of stale) {
    const event = nextAutomaticEvent(view.session, context.nowMs, context.policy);
    if (event?.type !== 'expire') continue; // Answered or moved meanwhile.
    await applySessionEvent(tx, view, event, { ...context, actor: systemActor });
    expired += 1;
  }
  return expired;
}

/** Creators by handle, as session participants (a creator needs a user account to be invited). */
export async function resolveParticipants(
  tx: Tx,
  handles: readonly string[],
): Promise<(SessionParticipant & { handle: string })[]> {
  const wanted = [...new Set(handles.map((h) => h.replace(/^@/, '').toLowerCase()))];
  if (wanted.length === 0) return [];
  const rows = await tx
    .select({
      handle: creators.handle,
      userId: creators.userId,
      displayName: creators.displayName,
      email: users.email,
    })
    .from(creators)
    .leftJoin(users, eq(users.id, creators.userId))
    .where(inArray(creators.handle, wanted));
  const missing = wanted.filter((handle) => !rows.some((row) => row.handle === handle));
  if (missing.length > 0) {
    throw new AppError('sessions.unknown_creator', `No creator ${missing.map((h) => `@${h}`).join(', ')}`);
  }
  const unreachable = rows.filter((row) => row.userId === null).map((row) => `@${row.handle}`);
  if (unreachable.length > 0) {
    throw new AppError('sessions.no_account', `${unreachable.join(', ')} cannot be invited yet (no account)`);
  }
  return rows.map((row) => ({
    userId: row.userId!,
    handle: row.handle,
    displayName: row.displayName,
    email: row.email,
    isRequired: true,
    state: 'invited',
    respondedAtMs: null,
  }));
}

/** The session before anyone was asked: what `propose` starts from. Never stored in this state. */
export function suggestedSession(input: {
  tenantId: string;
  title: string;
  notes?: string;
  startsAtMs: number;
  endsAtMs: number;
  location: SessionLocation;
  participants: readonly SessionParticipant[];
  createdByUserId: string;
  campaignId?: string | null;
}): Session {
  return {
    id: randomUUID(),
    tenantId: input.tenantId,
    title: input.title,
    notes: input.notes ?? '',
    state: 'suggested',
    startsAtMs: input.startsAtMs,
    endsAtMs: input.endsAtMs,
    location: input.location,
    participants: input.participants,
    createdByUserId: input.createdByUserId,
    proposedByUserId: null,
    holdExpiresAtMs: null,
    scheduledAtMs: null,
    rescheduleCount: 0,
    cancelReason: null,
    cancelledByUserId: null,
    campaignId: input.campaignId ?? null,
  };
}

/**
 * What clashes with `session`'s time and the nearest free alternatives, as `sessions.conflict`
 * with names for every id in it; null when the time is free (stale holds do not count).
 */
export async function findTimeConflict(
  tx: Tx,
  session: Session,
  nowMs: number,
  labels: Readonly<Record<string, string>>,
): Promise<AppError | null> {
  const userIds = session.participants.filter((p) => p.state !== 'declined').map((p) => p.userId);
  const roomId = roomIdOf(session.location);
  const durationMinutes = Math.round((session.endsAtMs - session.startsAtMs) / minuteMs);
  const horizonHours = 72;
  const busy = await loadBusy(tx, {
    userIds,
    roomId,
    nowMs,
    excludeSessionId: session.id,
    window: {
      startMs: session.startsAtMs - horizonHours * hourMs,
      endMs: session.endsAtMs + horizonHours * hourMs,
    },
  });
  const check = checkProposedTime({
    startMs: session.startsAtMs,
    durationMinutes,
    busy,
    notBeforeMs: nowMs,
    searchHorizonHours: horizonHours,
  });
  if (check.conflicts.length === 0) return null;
  const plain = conflictError(check.conflicts, check.alternatives);
  return new AppError(plain.code, plain.message, { ...plain.details, labels });
}

/** Names for the ids a conflict answer mentions: participants and the room. */
export function labelsFor(session: Session, roomLabel: string | null): Record<string, string> {
  const labels: Record<string, string> = Object.fromEntries(
    session.participants.map((p) => [p.userId, p.displayName]),
  );
  const roomId = roomIdOf(session.location);
  if (roomId !== null) labels[roomId] = roomLabel ?? 'the room';
  return labels;
}

/** Reloads one session with its names (after an insert the caller has no room label or handles yet). */
export async function reloadSession(tx: Tx, id: string): Promise<SessionView> {
  const [view] = await loadSessions(tx, sql`${sessions.id} = ${id}`);
  if (!view) throw new AppError('sessions.not_found', 'The session disappeared');
  return view;
}
