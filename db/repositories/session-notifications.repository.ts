import { eq, sql } from 'drizzle-orm';
import { type DueNotification, dueNotifications } from '../../core/sessions/index.ts';
import { FEEDBACK_DELAY_MS, FEEDBACK_WINDOW_MS } from '../../core/sessions/reminders.ts';
import type { SessionView } from '../../core/sessions/session.store.ts';
import { isAnyOf } from '../any-of.ts';
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
  const ids = await openSessionIds(tx, nowMs, cutoff, policy);
  if (ids.length === 0) return [];
  const views = await loadSessions(tx, isAnyOf(sessions.id, ids));
  if (views.length === 0) return [];
  const rows = await tx
    .select({
      dedupeKey: sessionNotifications.dedupeKey,
      claimedAt: sessionNotifications.claimedAt,
      sentAt: sessionNotifications.sentAt,
      attempts: sessionNotifications.attempts,
    })
    .from(sessionNotifications)
    .where(isAnyOf(sessionNotifications.sessionId, ids));
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
    .where(isAnyOf(users.id, [...new Set(due.map((d) => d.userId))]));
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
 * Sessions with a notification open now for an accepted participant who has not had it (sent, claimed
 * recently, or given up): the rule of `dueNotifications`, as one set-based anti-join (never a subplan per
 * session), so a day of 100,000 sessions whose reminders went out yields the few newly due, not 100,000.
 */
async function openSessionIds(tx: Tx, nowMs: number, cutoff: Date, policy: ClaimPolicy): Promise<string[]> {
  const now = new Date(nowMs).toISOString();
  const rows = await tx.execute<{ id: string }>(sql`
    with open_now as (
      select s.id, p.user_id, w.kind
      from ${sessions} s
      join ${sessionParticipants} p on p.session_id = s.id and p.state = 'accepted'
      cross join lateral (values
        ('reminder_24h', s.state = 'scheduled'
          and ${now}::timestamptz >= s.starts_at - interval '24 hours'
          and ${now}::timestamptz < s.starts_at - interval '1 hour'),
        ('reminder_1h', s.state = 'scheduled'
          and ${now}::timestamptz >= s.starts_at - interval '1 hour'
          and ${now}::timestamptz < s.starts_at),
        ('feedback_request',
          ${now}::timestamptz >= s.ends_at + ${FEEDBACK_DELAY_MS} * interval '1 millisecond'
          and ${now}::timestamptz < s.ends_at + ${FEEDBACK_DELAY_MS + FEEDBACK_WINDOW_MS} * interval '1 millisecond')
      ) w(kind, is_open)
      where w.is_open
        and s.state in ('scheduled', 'done')
        and s.starts_at <= ${new Date(nowMs + 24 * hourMs).toISOString()}::timestamptz
        and s.ends_at >= ${new Date(nowMs - 8 * 24 * hourMs).toISOString()}::timestamptz
    ),
    had as (
      select n.session_id, n.user_id, n.kind
      from ${sessionNotifications} n
      join open_now o on o.id = n.session_id and o.user_id = n.user_id and o.kind = n.kind
      where n.sent_at is not null or n.claimed_at > ${cutoff.toISOString()}::timestamptz
        or n.attempts >= ${policy.maxAttempts}
    )
    select distinct o.id
    from open_now o
    left join had h on h.session_id = o.id and h.user_id = o.user_id and h.kind = o.kind
    where h.session_id is null`);
  return (rows as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
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
      target: [sessionNotifications.tenantId, sessionNotifications.dedupeKey],
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
