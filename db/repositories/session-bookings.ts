import { and, eq, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { BusyInput, Interval, Session } from '../../core/sessions/index.ts';
import type { Tx } from '../database.ts';
import { busyBlocks, creators, sessionBookings } from '../schema/index.ts';

/** Sessions in these states occupy time; the others have no bookings. */
const liveStates: ReadonlySet<Session['state']> = new Set(['proposed', 'accepted', 'scheduled']);

/**
 * Rewrites what a session occupies: one booking per participant who has not declined, and the room.
 * The insert is where PostgreSQL's exclusion constraints refuse a double booking (SQLSTATE 23P01).
 */
export async function syncBookings(tx: Tx, session: Session, roomId: string | null): Promise<void> {
  await tx.delete(sessionBookings).where(eq(sessionBookings.sessionId, session.id));
  if (!liveStates.has(session.state)) return;
  const during = { startMs: session.startsAtMs, endMs: session.endsAtMs };
  const holdExpiresAt = session.holdExpiresAtMs === null ? null : new Date(session.holdExpiresAtMs);
  const base = { tenantId: session.tenantId, sessionId: session.id, during, holdExpiresAt };
  const rows = [
    ...session.participants
      .filter((p) => p.state !== 'declined')
      .map((p) => ({ ...base, userId: p.userId, roomId: null })),
    ...(roomId === null ? [] : [{ ...base, userId: null, roomId }]),
  ];
  if (rows.length > 0) await tx.insert(sessionBookings).values(rows);
}

/** Whether an error (or its cause, as drizzle wraps driver errors) is an exclusion-constraint violation. */
export function isExclusionViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current === 'object' && (current as { code?: unknown }).code === '23P01') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const rangeLiteral = (interval: Interval) =>
  `[${new Date(interval.startMs).toISOString()},${new Date(interval.endMs).toISOString()})`;

function resourceFilter(userIds: readonly string[], roomId: string | null): SQL | undefined {
  const people = userIds.length > 0 ? inArray(sessionBookings.userId, [...userIds]) : undefined;
  const room = roomId === null ? undefined : eq(sessionBookings.roomId, roomId);
  return or(people, room);
}

/**
 * Held sessions whose hold is over (expired, or the start passed) that still book any of these
 * people or the room during `window`. Their time is free in spirit; the caller expires them before
 * booking so the constraints agree.
 */
export async function staleHoldSessionIds(
  tx: Tx,
  input: { userIds: readonly string[]; roomId: string | null; window: Interval; nowMs: number },
): Promise<string[]> {
  const now = new Date(input.nowMs).toISOString();
  const rows = await tx
    .selectDistinct({ sessionId: sessionBookings.sessionId })
    .from(sessionBookings)
    .where(
      and(
        resourceFilter(input.userIds, input.roomId),
        sql`${sessionBookings.during} && ${rangeLiteral(input.window)}::tstzrange`,
        isNotNull(sessionBookings.holdExpiresAt),
        or(
          sql`${sessionBookings.holdExpiresAt} <= ${now}::timestamptz`,
          sql`lower(${sessionBookings.during}) <= ${now}::timestamptz`,
        ),
      ),
    );
  return rows.map((row) => row.sessionId);
}

/**
 * Busy time for the conflict answer: live bookings (stale holds left out) and imported calendar
 * busy blocks of the people, and the room's bookings, within `window`.
 */
export async function loadBusy(
  tx: Tx,
  input: {
    userIds: readonly string[];
    roomId: string | null;
    window: Interval;
    nowMs: number;
    excludeSessionId?: string;
  },
): Promise<BusyInput> {
  const now = new Date(input.nowMs).toISOString();
  const bookings = await tx
    .select({
      userId: sessionBookings.userId,
      roomId: sessionBookings.roomId,
      during: sessionBookings.during,
    })
    .from(sessionBookings)
    .where(
      and(
        resourceFilter(input.userIds, input.roomId),
        sql`${sessionBookings.during} && ${rangeLiteral(input.window)}::tstzrange`,
        sql`(${sessionBookings.holdExpiresAt} is null or (${sessionBookings.holdExpiresAt} > ${now}::timestamptz and lower(${sessionBookings.during}) > ${now}::timestamptz))`,
        input.excludeSessionId ? sql`${sessionBookings.sessionId} <> ${input.excludeSessionId}` : undefined,
      ),
    );
  const calendar =
    input.userIds.length === 0
      ? []
      : await tx
          .select({ userId: creators.userId, during: busyBlocks.during })
          .from(busyBlocks)
          .innerJoin(creators, eq(creators.id, busyBlocks.creatorId))
          .where(
            and(
              inArray(creators.userId, [...input.userIds]),
              sql`${busyBlocks.during} && ${rangeLiteral(input.window)}::tstzrange`,
            ),
          );
  return {
    participants: input.userIds.map((userId) => ({
      userId,
      busy: [...bookings, ...calendar].filter((b) => b.userId === userId).map((b) => b.during),
    })),
    room:
      input.roomId === null
        ? null
        : {
            roomId: input.roomId,
            busy: bookings.filter((b) => b.roomId === input.roomId).map((b) => b.during),
          },
  };
}
