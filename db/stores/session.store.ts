import { and, eq, gt, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { SessionStore, SessionView } from '../../core/sessions/session.store.ts';
import type { Session } from '../../core/sessions/session.types.ts';
import { SYSTEM_USER_ID } from '../../core/sessions/session-workflow.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { Tx } from '../database.ts';
import {
  isExclusionViolation,
  loadBusy,
  staleHoldSessionIds,
  syncBookings,
} from '../repositories/session-bookings.ts';
import { loadSessions } from '../repositories/session-store.ts';
import { creators, sessionFeedback, sessionParticipants, sessions, users } from '../schema/index.ts';

const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));
const userIdOrNull = (userId: string | null) => (userId === SYSTEM_USER_ID ? null : userId);
const LIVE = ['proposed', 'accepted', 'scheduled'] as const;

/** Writes a session's row and participants, in `tx` (a savepoint of the command's transaction). */
async function writeSession(
  tx: Tx,
  before: SessionView | null,
  next: Session,
  stored: { icsSequence: number; roomId: string | null },
) {
  const columns = {
    title: next.title,
    notes: next.notes,
    state: next.state,
    startsAt: new Date(next.startsAtMs),
    endsAt: new Date(next.endsAtMs),
    location: next.location,
    roomId: stored.roomId,
    proposedByUserId: userIdOrNull(next.proposedByUserId),
    holdExpiresAt: toDate(next.holdExpiresAtMs),
    scheduledAt: toDate(next.scheduledAtMs),
    rescheduleCount: next.rescheduleCount,
    cancelReason: next.cancelReason,
    cancelledByUserId: userIdOrNull(next.cancelledByUserId),
    campaignId: next.campaignId,
    icsSequence: stored.icsSequence,
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
  // Where PostgreSQL's exclusion constraints refuse a double booking (SQLSTATE 23P01).
  await syncBookings(tx, next, stored.roomId);
}

/** Sessions in the command's transaction: rows, participants and bookings kept in step. */
export function sessionStore(tx: Tx): SessionStore {
  const reload = async (id: string) => {
    const [view] = await loadSessions(tx, sql`${sessions.id} = ${id}`);
    if (!view) throw new AppError('sessions.not_found', 'The session disappeared');
    return view;
  };
  return {
    findByPrefix: (prefix, options = {}) =>
      loadSessions(tx, sql`${sessions.id}::text like ${`${prefix.toLowerCase()}%`}`, {
        ...options,
        limit: 2,
      }),
    byIds: (ids, options = {}) =>
      ids.length ? loadSessions(tx, inArray(sessions.id, [...ids]), options) : Promise.resolve([]),
    list(query) {
      const conditions: SQL[] = [
        or(inArray(sessions.state, [...LIVE]), gt(sessions.endsAt, new Date(query.endedAfterMs)))!,
      ];
      if (query.involvingUserId) {
        const userId = query.involvingUserId;
        conditions.push(
          or(
            inArray(
              sessions.id,
              sql`(select ${sessionParticipants.sessionId} from ${sessionParticipants} where ${sessionParticipants.userId} = ${userId})`,
            ),
            eq(sessions.proposedByUserId, userId),
            eq(sessions.createdByUserId, userId),
          )!,
        );
      }
      return loadSessions(tx, and(...conditions), { limit: query.limit });
    },
    dueForSweep(nowMs) {
      const now = new Date(nowMs);
      return loadSessions(
        tx,
        or(
          and(
            inArray(sessions.state, ['proposed', 'accepted']),
            or(lte(sessions.holdExpiresAt, now), lte(sessions.startsAt, now)),
          ),
          eq(sessions.state, 'accepted'),
          and(eq(sessions.state, 'scheduled'), lte(sessions.endsAt, now)),
        ),
        { forUpdate: true },
      );
    },
    async save(before, next, stored) {
      try {
        await tx.transaction((sp) => writeSession(sp as Tx, before, next, stored));
      } catch (error) {
        if (isExclusionViolation(error)) {
          throw new AppError('sessions.time_taken', 'That time was just taken by another booking');
        }
        throw error;
      }
      return reload(next.id);
    },
    busy: (input) => loadBusy(tx, input),
    staleHolds: (input) => staleHoldSessionIds(tx, input),
    async participants(userIds) {
      if (userIds.length === 0) return [];
      const rows = await tx
        .select({
          userId: users.id,
          userName: users.displayName,
          email: users.email,
          creatorName: creators.displayName,
        })
        .from(users)
        .leftJoin(creators, eq(creators.userId, users.id))
        .where(inArray(users.id, [...userIds]));
      return userIds.flatMap((userId) => {
        const row = rows.find((r) => r.userId === userId);
        return row
          ? [
              {
                userId,
                displayName: row.creatorName ?? row.userName,
                email: row.email,
                isRequired: true,
                state: 'invited' as const,
                respondedAtMs: null,
              },
            ]
          : [];
      });
    },
    async hasFeedback(sessionId, fromUserId) {
      const rows = await tx
        .select({ id: sessionFeedback.id })
        .from(sessionFeedback)
        .where(and(eq(sessionFeedback.sessionId, sessionId), eq(sessionFeedback.fromUserId, fromUserId)));
      return rows.length > 0;
    },
    async addFeedback(input) {
      const [row] = await tx
        .select({ tenantId: sessions.tenantId })
        .from(sessions)
        .where(eq(sessions.id, input.sessionId));
      // The unique key settles two feedbacks at once: the second waits for the first, then inserts nothing.
      const inserted = await tx
        .insert(sessionFeedback)
        .values({ tenantId: row!.tenantId, ...input })
        .onConflictDoNothing({
          target: [sessionFeedback.tenantId, sessionFeedback.sessionId, sessionFeedback.fromUserId],
        })
        .returning({ id: sessionFeedback.sessionId });
      return inserted.length > 0;
    },
  };
}
