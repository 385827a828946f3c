import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { type DueNotification, dueNotifications } from '../../core/sessions/index.ts';
import { FEEDBACK_DELAY_MS, FEEDBACK_WINDOW_MS } from '../../core/sessions/reminders.ts';
import type { SessionView } from '../../core/sessions/session.store.ts';
import type { Tx } from '../database.ts';
import { creators, sessionNotifications, sessionParticipants, sessions, users } from '../schema/index.ts';
import { loadSessions } from './session-store.ts';

const hourMs = 3_600_000;

export interface ClaimPolicy {
  /** A claim older than this whose send never finished is taken over by the next sweep. */
  claimTimeoutMs: number;
  /** After this many claims a notification is given up (kept, with its last error). */
  maxAttempts: number;
}

export const defaultClaimPolicy: ClaimPolicy = { claimTimeoutMs: 5 * 60_000, maxAttempts: 5 };

export interface DueWithSession extends DueNotification {
  view: SessionView;
  timeZone: string;
}

/**
 * What is due now in this tenant: reminders for scheduled sessions starting within a day and feedback
 * requests after the end. Keys already sent, claimed recently, or given up count as done; a stale
 * unsent claim is due again.
 */
export async function findDueNotifications(
  tx: Tx,
  nowMs: number,
  policy: ClaimPolicy,
): Promise<DueWithSession[]> {
  const cutoff = new Date(nowMs - policy.claimTimeoutMs);
  const now = new Date(nowMs).toISOString();
  // Only sessions with a notification open now for an accepted participant who has not had it (sent,
  // claimed recently, or given up): the same rule as dueNotifications, checked by the index on the
  // dedupe key, so a day of 100,000 sessions whose reminders went out costs one query, not 100,000 views.
  const window = and(
    inArray(sessions.state, ['scheduled', 'done']),
    lte(sessions.startsAt, new Date(nowMs + 24 * hourMs)),
    gte(sessions.endsAt, new Date(nowMs - 8 * 24 * hourMs)),
    sql`exists (
      select 1
      from ${sessionParticipants} p
      join lateral (values
        ('reminder_24h', ${sessions.state} = 'scheduled'
          and ${now}::timestamptz >= ${sessions.startsAt} - interval '24 hours'
          and ${now}::timestamptz < ${sessions.startsAt} - interval '1 hour'),
        ('reminder_1h', ${sessions.state} = 'scheduled'
          and ${now}::timestamptz >= ${sessions.startsAt} - interval '1 hour'
          and ${now}::timestamptz < ${sessions.startsAt}),
        ('feedback_request',
          ${now}::timestamptz >= ${sessions.endsAt} + ${FEEDBACK_DELAY_MS} * interval '1 millisecond'
          and ${now}::timestamptz < ${sessions.endsAt} + ${FEEDBACK_DELAY_MS + FEEDBACK_WINDOW_MS} * interval '1 millisecond')
      ) w(kind, is_open) on w.is_open
      where p.session_id = ${sessions.id} and p.state = 'accepted'
        and not exists (
          select 1 from ${sessionNotifications} n
          where n.dedupe_key = w.kind || ':' || ${sessions.id} || ':' || p.user_id
            and (n.sent_at is not null or n.claimed_at > ${cutoff.toISOString()}::timestamptz
                 or n.attempts >= ${policy.maxAttempts})
        )
    )`,
  );
  const views = await loadSessions(tx, window);
  if (views.length === 0) return [];
  // Joined, not `in (ids…)`: a busy day has more sessions than a statement has parameters (65,535).
  const rows = await tx
    .select({
      dedupeKey: sessionNotifications.dedupeKey,
      claimedAt: sessionNotifications.claimedAt,
      sentAt: sessionNotifications.sentAt,
      attempts: sessionNotifications.attempts,
    })
    .from(sessionNotifications)
    .innerJoin(sessions, eq(sessions.id, sessionNotifications.sessionId))
    .where(window);
  const done = rows.filter(
    (r) => r.sentAt !== null || r.claimedAt > cutoff || r.attempts >= policy.maxAttempts,
  );
  const due = dueNotifications({
    sessions: views.map((v) => v.session),
    nowMs,
    sentKeys: new Set(done.map((r) => r.dedupeKey)),
  });
  if (due.length === 0) return [];
  const zones = await tx
    .select({ userId: users.id, userZone: users.timeZone, creatorZone: creators.timeZone })
    .from(users)
    .leftJoin(creators, eq(creators.userId, users.id))
    .where(inArray(users.id, [...new Set(due.map((d) => d.userId))]));
  // Maps, not find(): a day of sessions at a large publisher is 100,000 views.
  const zoneOf = new Map(zones.map((z) => [z.userId, z.creatorZone ?? z.userZone]));
  const viewOf = new Map(views.map((v) => [v.session.id, v]));
  return due.map((d) => ({
    ...d,
    view: viewOf.get(d.sessionId)!,
    timeZone: zoneOf.get(d.userId) ?? 'UTC',
  }));
}

/**
 * Takes the right to send one notification: inserts its row, or takes over a stale unsent claim.
 * Atomic on the unique dedupe key, so of two sweepers only one gets `true`.
 */
export async function claimNotification(
  tx: Tx,
  tenantId: string,
  due: DueNotification,
  nowMs: number,
  policy: ClaimPolicy,
): Promise<boolean> {
  const cutoff = new Date(nowMs - policy.claimTimeoutMs).toISOString();
  const claimed = await tx
    .insert(sessionNotifications)
    .values({
      tenantId,
      sessionId: due.sessionId,
      userId: due.userId,
      kind: due.kind,
      dedupeKey: due.dedupeKey,
      claimedAt: new Date(nowMs),
    })
    .onConflictDoUpdate({
      target: sessionNotifications.dedupeKey,
      set: { claimedAt: new Date(nowMs), attempts: sql`${sessionNotifications.attempts} + 1` },
      setWhere: sql`${sessionNotifications.sentAt} is null
        and ${sessionNotifications.claimedAt} < ${cutoff}::timestamptz
        and ${sessionNotifications.attempts} < ${policy.maxAttempts}`,
    })
    .returning({ id: sessionNotifications.id });
  return claimed.length > 0;
}

export async function markNotificationSent(tx: Tx, dedupeKey: string, nowMs: number): Promise<void> {
  await tx
    .update(sessionNotifications)
    .set({ sentAt: new Date(nowMs), lastError: null })
    .where(eq(sessionNotifications.dedupeKey, dedupeKey));
}

export async function markNotificationFailed(tx: Tx, dedupeKey: string, error: string): Promise<void> {
  await tx
    .update(sessionNotifications)
    .set({ lastError: error.slice(0, 1000) })
    .where(eq(sessionNotifications.dedupeKey, dedupeKey));
}
