import { eq, type SQL, sql } from 'drizzle-orm';
import type { Session } from '../../core/sessions/index.ts';
import type { SessionView } from '../../core/sessions/session.store.ts';
import { isAnyOf } from '../any-of.ts';
import type { Tx } from '../database.ts';
import { creators, sessionParticipants, sessions, users } from '../schema/index.ts';
import { roomLabels } from './rooms.repository.ts';

type SessionRow = typeof sessions.$inferSelect;

const toMs = (date: Date | null) => (date === null ? null : date.getTime());

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
    .where(isAnyOf(sessionParticipants.sessionId, ids));
  const roomIds = [...new Set(rows.flatMap((row) => (row.roomId ? [row.roomId] : [])))];
  const peopleOf = new Map<string, typeof people>();
  for (const person of people) {
    const list = peopleOf.get(person.sessionId);
    if (list) list.push(person);
    else peopleOf.set(person.sessionId, [person]);
  }
  const rooms = await roomLabels(tx, roomIds);
  return rows.map((row) => {
    const mine = (peopleOf.get(row.id) ?? []).toSorted(
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
