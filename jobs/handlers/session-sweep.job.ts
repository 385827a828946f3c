import { eq } from 'drizzle-orm';
import type { CommandCatalog } from '../../core/commands/command.ts';
import { notificationMessage } from '../../core/commands/definitions/session/session.view.ts';
import { finishReply } from '../../core/commands/dispatch.ts';
import type { JobHandler } from '../../core/ports/job-queue.ts';
import type { Notifier } from '../../core/ports/notifier.ts';
import type { UnitOfWork } from '../../core/ports/unit-of-work.ts';
import { nextAutomaticEvent } from '../../core/sessions/index.ts';
import { applySessionEvent, sessionPolicyOf, systemActor } from '../../core/sessions/session-workflow.ts';
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
import { tenants } from '../../db/schema/index.ts';

export const SESSION_SWEEP_JOB = 'sessions.sweep';

export interface SessionSweepOptions {
  notifier: Notifier;
  /** Where automatic transitions run: one tenant transaction each, their events to the outbox. */
  work: UnitOfWork;
  /** Buttons on reminders and feedback requests become tokens for their recipient, with chat lines. */
  registry: CommandCatalog;
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
      report.transitions += await advanceSessions(options.work, tenantId, clock.nowMs());
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

async function advanceSessions(work: UnitOfWork, tenantId: string, nowMs: number): Promise<number> {
  return work.inTenant(tenantId, async (stores) => {
    const policy = await sessionPolicyOf(stores);
    const session = { stores, actor: systemActor, nowMs, policy };
    let applied = 0;
    for (const view of await stores.sessions.dueForSweep(nowMs)) {
      const event = nextAutomaticEvent(view.session, nowMs, policy);
      if (event === null) continue;
      const outcome = await applySessionEvent(session, view, event);
      await stores.outbox.append(outcome.events);
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
      const message = await options.work.inTenant(tenantId, async (stores) => {
        const viewer = await stores.people.actorOf(item.userId);
        const raw = notificationMessage(item.kind, item.view, viewer?.timeZone ?? item.timeZone);
        return viewer ? finishReply(raw, { registry: options.registry, actor: viewer }, stores, nowMs) : raw;
      });
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
