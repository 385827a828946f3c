import { and, eq, inArray, lte, or } from 'drizzle-orm';
import { notificationMessage } from '../../core/commands/definitions/session.view.ts';
import type { JobHandler } from '../../core/ports/job-queue.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import { nextAutomaticEvent } from '../../core/sessions/index.ts';
import { type Clock, systemClock } from '../../core/shared/clock.ts';
import type { Database } from '../../db/database.ts';
import {
  type ClaimPolicy,
  claimNotification,
  defaultClaimPolicy,
  findDueNotifications,
  markNotificationFailed,
  markNotificationSent,
} from '../../db/repositories/session-notifications.repository.ts';
import { loadSessions } from '../../db/repositories/session-store.ts';
import {
  applySessionEvent,
  loadTenantSettings,
  systemActor,
} from '../../db/repositories/sessions.repository.ts';
import { sessions, tenants } from '../../db/schema/index.ts';

export const SESSION_SWEEP_JOB = 'sessions.sweep';

export interface SessionSweepOptions {
  notifier: Notifier;
  clock?: Clock;
  claims?: ClaimPolicy;
  onError?: (error: unknown, context: { tenantId: string; dedupeKey?: string }) => void;
}

export interface SweepReport {
  tenants: number;
  transitions: number;
  sent: number;
  failed: number;
}

/**
 * The one periodic pass over the database (queues carry no truth): expire lapsed holds, schedule
 * accepted sessions where the tenant confirms automatically, mark ended sessions done, then send
 * due reminders and feedback requests.
 *
 * Sending is claim-then-send: a notification's row (unique dedupe key) is claimed in its own
 * transaction before the Notifier is called and marked sent after. Two sweepers never both send;
 * a sweep that dies between claim and send leaves an unsent claim that the next sweep retries once
 * it is `claimTimeoutMs` old, passing the same dedupe key so the Notifier can drop a duplicate.
 * Delivery is therefore at-least-once to the Notifier and exactly-once where it honours the key.
 */
export async function runSessionSweep(
  database: Database,
  options: SessionSweepOptions,
): Promise<SweepReport> {
  const clock = options.clock ?? systemClock;
  const claims = options.claims ?? defaultClaimPolicy;
  const active = await database.withSystem((tx) =>
    tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.status, 'active')),
  );
  const report: SweepReport = { tenants: active.length, transitions: 0, sent: 0, failed: 0 };
  for (const { id: tenantId } of active) {
    try {
      report.transitions += await advanceSessions(database, tenantId, clock.nowMs());
      const outcome = await sendDue(database, tenantId, clock.nowMs(), claims, options);
      report.sent += outcome.sent;
      report.failed += outcome.failed;
    } catch (error) {
      // One tenant's trouble must not stop the others' reminders.
      options.onError?.(error, { tenantId });
    }
  }
  return report;
}

async function advanceSessions(database: Database, tenantId: string, nowMs: number): Promise<number> {
  return database.withTenant(tenantId, async (tx) => {
    const { policy } = await loadTenantSettings(tx);
    const now = new Date(nowMs);
    const candidates = await loadSessions(
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
    let applied = 0;
    for (const view of candidates) {
      const event = nextAutomaticEvent(view.session, nowMs, policy);
      if (event === null) continue;
      await applySessionEvent(tx, view, event, { actor: systemActor, nowMs, policy });
      applied += 1;
    }
    return applied;
  });
}

async function sendDue(
  database: Database,
  tenantId: string,
  nowMs: number,
  claims: ClaimPolicy,
  options: SessionSweepOptions,
): Promise<{ sent: number; failed: number }> {
  const due = await database.withTenant(tenantId, (tx) => findDueNotifications(tx, nowMs, claims));
  let sent = 0;
  let failed = 0;
  for (const item of due) {
    const isMine = await database.withTenant(tenantId, (tx) =>
      claimNotification(tx, tenantId, item, nowMs, claims),
    );
    if (!isMine) continue; // Another sweeper has it.
    try {
      const message = notificationMessage(item.kind, item.view, item.timeZone);
      await options.notifier.notify(item.userId, message, { dedupeKey: item.dedupeKey });
    } catch (error) {
      failed += 1;
      options.onError?.(error, { tenantId, dedupeKey: item.dedupeKey });
      const why = error instanceof Error ? error.message : String(error);
      await database.withTenant(tenantId, (tx) => markNotificationFailed(tx, item.dedupeKey, why));
      continue;
    }
    await database.withTenant(tenantId, (tx) => markNotificationSent(tx, item.dedupeKey, nowMs));
    sent += 1;
  }
  return { sent, failed };
}

/** The job form, so a queue (BullMQ's worker, or the in-process runner) can run the sweep. */
export function sessionSweepJob(database: Database, options: SessionSweepOptions): JobHandler {
  return async () => {
    await runSessionSweep(database, options);
  };
}
