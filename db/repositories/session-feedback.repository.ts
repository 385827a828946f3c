import { and, eq } from 'drizzle-orm';
import { type AttendedSession, type PairHistory, summarizePairHistory } from '../../core/sessions/index.ts';
import { isAnyOf } from '../any-of.ts';
import type { Tx } from '../database.ts';
import { creators, sessionFeedback, sessionParticipants, sessions } from '../schema/index.ts';

/** A pair's history in creator ids, for matching's history bonus. */
export type CreatorPairHistory = Omit<PairHistory, 'userIds'> & { creatorIds: readonly [string, string] };

/**
 * Per pair among `creatorIds` (the whole roster when the match data loads: one array parameter
 * each, however many) who wrote together (a done session both accepted): how often, their
 * mean rating of those sessions, and how often they would write together again.
 *
 * @example
 * const history = await database.withTenant(tenantId, (tx) => pairHistory(tx, [anaId, benId, cleoId]));
 */
export async function pairHistory(tx: Tx, creatorIds: readonly string[]): Promise<CreatorPairHistory[]> {
  if (creatorIds.length < 2) return [];
  const people = await tx
    .select({ creatorId: creators.id, userId: creators.userId })
    .from(creators)
    .where(isAnyOf(creators.id, creatorIds));
  const creatorByUser = new Map(people.flatMap((p) => (p.userId ? [[p.userId, p.creatorId] as const] : [])));
  const userIds = [...creatorByUser.keys()];
  if (userIds.length < 2) return [];
  const attendance = await tx
    .select({ sessionId: sessionParticipants.sessionId, userId: sessionParticipants.userId })
    .from(sessionParticipants)
    .innerJoin(sessions, eq(sessions.id, sessionParticipants.sessionId))
    .where(
      and(
        eq(sessions.state, 'done'),
        eq(sessionParticipants.state, 'accepted'),
        isAnyOf(sessionParticipants.userId, userIds),
      ),
    );
  const bySession = new Map<string, string[]>();
  for (const row of attendance)
    bySession.set(row.sessionId, [...(bySession.get(row.sessionId) ?? []), row.userId]);
  const attended: AttendedSession[] = [...bySession]
    .filter(([, users]) => users.length >= 2)
    .map(([sessionId, participantUserIds]) => ({ sessionId, participantUserIds }));
  if (attended.length === 0) return [];
  const feedback = await tx
    .select({
      sessionId: sessionFeedback.sessionId,
      fromUserId: sessionFeedback.fromUserId,
      rating: sessionFeedback.rating,
      wouldWriteAgain: sessionFeedback.wouldWriteAgain,
    })
    .from(sessionFeedback)
    .where(
      and(
        isAnyOf(
          sessionFeedback.sessionId,
          attended.map((s) => s.sessionId),
        ),
        isAnyOf(sessionFeedback.fromUserId, userIds),
      ),
    );
  return summarizePairHistory(attended, feedback).map(({ userIds: [a, b], ...rest }) => {
    const pair = [creatorByUser.get(a)!, creatorByUser.get(b)!].toSorted() as [string, string];
    return { creatorIds: pair, ...rest };
  });
}
