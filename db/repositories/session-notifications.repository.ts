import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { type DueNotification, dueNotifications } from '../../core/sessions/index.ts';
import type { SessionView } from '../../core/sessions/session.store.ts';
import type { Tx } from '../database.ts';
import { creators, sessionNotifications, sessions, users } from '../schema/index.ts';
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
  const views = await loadSessions(
    tx,
    and(
      inArray(sessions.state, ['scheduled', 'done']),
      lte(sessions.startsAt, new Date(nowMs + 24 * hourMs)),
      gte(sessions.endsAt, new Date(nowMs - 8 * 24 * hourMs)),
    ),
  );
  if (views.length === 0) return [];
  const cutoff = new Date(nowMs - policy.claimTimeoutMs);
  const rows = await tx
    .select({
      dedupeKey: sessionNotifications.dedupeKey,
      claimedAt: sessionNotifications.claimedAt,
      sentAt: sessionNotifications.sentAt,
      attempts: sessionNotifications.attempts,
    })
    .from(sessionNotifications)
    .where(
      inArray(
        sessionNotifications.sessionId,
        views.map((v) => v.session.id),
      ),
    );
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
  return due.map((d) => {
    const zone = zones.find((z) => z.userId === d.userId);
    return {
      ...d,
      view: views.find((v) => v.session.id === d.sessionId)!,
      timeZone: zone?.creatorZone ?? zone?.userZone ?? 'UTC',
    };
  });
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
