import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { SessionView } from '../../core/commands/session.services.ts';
import {
  type Actor,
  type AuditChanges,
  requiresSequenceBump,
  type Session,
  type SessionAuditAction,
} from '../../core/sessions/index.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { Tx } from '../database.ts';
import { creators, sessionParticipants, sessions, users } from '../schema/index.ts';
import { recordAudit } from './audit.repository.ts';
import { roomLabels } from './rooms.repository.ts';
import { syncBookings } from './session-bookings.ts';

type SessionRow = typeof sessions.$inferSelect;

const toMs = (date: Date | null) => (date === null ? null : date.getTime());
const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The users of the `system` actor (sweeps, automatic scheduling) have no row: audit stores null. */
export const SYSTEM_USER_ID = 'system';
const userIdOrNull = (userId: string | null) => (userId === SYSTEM_USER_ID ? null : userId);

/**
 * Sessions with participants, room label and handles, as core and the commands see them.
 * `forUpdate` locks the session rows, so a transition reads the state it will overwrite.
 */
export async function loadSessions(
  tx: Tx,
  where: SQL | undefined,
  options: { forUpdate?: boolean; limit?: number; orderBy?: SQL } = {},
): Promise<SessionView[]> {
  let query = tx
    .select()
    .from(sessions)
    .where(where)
    .orderBy(options.orderBy ?? sql`${sessions.startsAt}`)
    .$dynamic();
  if (options.limit !== undefined) query = query.limit(options.limit);
  if (options.forUpdate) query = query.for('update');
  const rows = await query;
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const people = await tx
    .select({
      sessionId: sessionParticipants.sessionId,
      userId: sessionParticipants.userId,
      isRequired: sessionParticipants.isRequired,
      state: sessionParticipants.state,
      respondedAt: sessionParticipants.respondedAt,
      userName: users.displayName,
      email: users.email,
      creatorName: creators.displayName,
      handle: creators.handle,
    })
    .from(sessionParticipants)
    .innerJoin(users, eq(users.id, sessionParticipants.userId))
    .leftJoin(creators, eq(creators.userId, users.id))
    .where(inArray(sessionParticipants.sessionId, ids));
  const roomIds = rows.flatMap((row) => (row.roomId ? [row.roomId] : []));
  const rooms = await roomLabels(tx, roomIds);
  return rows.map((row) => {
    const mine = people
      .filter((p) => p.sessionId === row.id)
      .toSorted(
        (a, b) =>
          Number(b.isRequired) - Number(a.isRequired) ||
          (a.creatorName ?? a.userName).localeCompare(b.creatorName ?? b.userName) ||
          a.userId.localeCompare(b.userId),
      );
    const roomLabel = row.roomId ? (rooms.get(row.roomId) ?? null) : null;
    return {
      session: toSession(row, mine),
      shortId: row.id.slice(0, 8),
      roomLabel,
      handles: Object.fromEntries(mine.flatMap((p) => (p.handle ? [[p.userId, p.handle]] : []))),
      icsSequence: row.icsSequence,
    };
  });
}

function toSession(
  row: SessionRow,
  people: {
    userId: string;
    isRequired: boolean;
    state: 'invited' | 'accepted' | 'declined';
    respondedAt: Date | null;
    userName: string;
    email: string | null;
    creatorName: string | null;
  }[],
): Session {
  return {
    id: row.id,
    tenantId: row.tenantId,
    title: row.title,
    notes: row.notes,
    state: row.state,
    startsAtMs: row.startsAt.getTime(),
    endsAtMs: row.endsAt.getTime(),
    location: row.location,
    participants: people.map((p) => ({
      userId: p.userId,
      displayName: p.creatorName ?? p.userName,
      email: p.email,
      isRequired: p.isRequired,
      state: p.state,
      respondedAtMs: toMs(p.respondedAt),
    })),
    createdByUserId: row.createdByUserId ?? '',
    proposedByUserId: row.proposedByUserId,
    holdExpiresAtMs: toMs(row.holdExpiresAt),
    scheduledAtMs: toMs(row.scheduledAt),
    rescheduleCount: row.rescheduleCount,
    cancelReason: row.cancelReason,
    cancelledByUserId: row.cancelledByUserId,
    campaignId: row.campaignId,
  };
}

/** One session by full id or unique id prefix, visible to the actor (creators see only their own). */
export async function findSession(
  tx: Tx,
  ref: string,
  actor: Pick<Actor, 'userId' | 'role'>,
  options: { forUpdate?: boolean } = {},
): Promise<SessionView> {
  const prefix = ref.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(prefix)) {
    throw new AppError('sessions.bad_ref', `"${ref}" is not a session id (like 1a2b3c4d)`, { ref });
  }
  const found = await loadSessions(tx, sql`${sessions.id}::text like ${`${prefix}%`}`, {
    ...options,
    limit: 2,
  });
  const visible = found.filter(
    (view) => actor.role !== 'creator' || view.session.participants.some((p) => p.userId === actor.userId),
  );
  if (visible.length === 0) throw new AppError('sessions.not_found', `No session ${ref}`, { ref });
  if (visible.length > 1) {
    throw new AppError('sessions.ambiguous_ref', `More than one session starts with ${ref}; type more of it`);
  }
  return visible[0]!;
}

export interface AppliedTransition {
  session: Session;
  action: SessionAuditAction;
  auditChanges: AuditChanges;
}

/**
 * Stores a transition's outcome: the session row (inserted when `before` is null), participant
 * answers, the bookings the exclusion constraints check, a bumped ICS SEQUENCE when the invite
 * changed, and one audit event with the old and new values. All in the caller's transaction.
 */
export async function storeTransition(
  tx: Tx,
  before: SessionView | null,
  applied: AppliedTransition,
  context: { actor: Pick<Actor, 'userId'>; actorLabel: string; roomId: string | null },
): Promise<SessionView> {
  const next = applied.session;
  const icsSequence =
    before === null ? 0 : before.icsSequence + (requiresSequenceBump(before.session, next) ? 1 : 0);
  const columns = {
    title: next.title,
    notes: next.notes,
    state: next.state,
    startsAt: new Date(next.startsAtMs),
    endsAt: new Date(next.endsAtMs),
    location: next.location,
    roomId: context.roomId,
    proposedByUserId: userIdOrNull(next.proposedByUserId),
    holdExpiresAt: toDate(next.holdExpiresAtMs),
    scheduledAt: toDate(next.scheduledAtMs),
    rescheduleCount: next.rescheduleCount,
    cancelReason: next.cancelReason,
    cancelledByUserId: userIdOrNull(next.cancelledByUserId),
    campaignId: next.campaignId,
    icsSequence,
    updatedAt: new Date(),
  };
  if (before === null) {
    await tx.insert(sessions).values({
      id: next.id,
      tenantId: next.tenantId,
      createdByUserId: userIdOrNull(next.createdByUserId),
      ...columns,
    });
    await tx.insert(sessionParticipants).values(
      next.participants.map((p) => ({
        tenantId: next.tenantId,
        sessionId: next.id,
        userId: p.userId,
        isRequired: p.isRequired,
        state: p.state,
        respondedAt: toDate(p.respondedAtMs),
      })),
    );
  } else {
    await tx.update(sessions).set(columns).where(eq(sessions.id, next.id));
    for (const p of next.participants) {
      const old = before.session.participants.find((q) => q.userId === p.userId);
      if (old?.state === p.state && old.respondedAtMs === p.respondedAtMs) continue;
      await tx
        .update(sessionParticipants)
        .set({ state: p.state, respondedAt: toDate(p.respondedAtMs) })
        .where(and(eq(sessionParticipants.sessionId, next.id), eq(sessionParticipants.userId, p.userId)));
    }
  }
  await syncBookings(tx, next, context.roomId);
  await recordAudit(tx, {
    tenantId: next.tenantId,
    actorUserId: userIdOrNull(context.actor.userId),
    actorLabel: context.actorLabel,
    action: `session.${applied.action}`,
    entity: 'session',
    entityId: next.id,
    oldValues: applied.auditChanges.old,
    newValues: applied.auditChanges.new,
  });
  return {
    session: next,
    shortId: next.id.slice(0, 8),
    roomLabel: before?.roomLabel ?? null,
    handles: before?.handles ?? {},
    icsSequence,
  };
}
