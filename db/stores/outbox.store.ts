import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Outbox, OutboxQueue } from '../../core/events/outbox.ts';
import type { Database, Tx } from '../database.ts';
import { outboxEvents } from '../schema/index.ts';

/** Appends to the outbox in the command's transaction; `onAppend` learns that something waits. */
export function outboxStore(tx: Tx, tenantId: string, onAppend: () => void): Outbox {
  return {
    async append(events) {
      if (events.length === 0) return;
      await tx.insert(outboxEvents).values(events.map((event) => ({ tenantId, event })));
      onAppend();
    },
  };
}

/**
 * One undelivered event by id. The primary key is (tenant_id, id) and this runs across tenants, so
 * it is found through the pending-events index on (id) where delivered_at is null; an event already
 * delivered is left as it is.
 */
const pendingEvent = (id: string) => and(eq(outboxEvents.id, Number(id)), isNull(outboxEvents.deliveredAt));

/**
 * The outbox across tenants, for the sweeper (system role). A claim holds an event until
 * `claimTimeoutMs` has passed; `for update skip locked` keeps two sweepers off the same rows.
 */
export function databaseOutboxQueue(database: Database): OutboxQueue {
  return {
    async claim({ limit, nowMs, claimTimeoutMs, maxAttempts }) {
      return database.withSystem(async (tx) => {
        const now = new Date(nowMs);
        const due = await tx
          .select({ id: outboxEvents.id })
          .from(outboxEvents)
          .where(
            and(
              isNull(outboxEvents.deliveredAt),
              lt(outboxEvents.attempts, maxAttempts),
              or(isNull(outboxEvents.claimedUntil), lt(outboxEvents.claimedUntil, now)),
            ),
          )
          .orderBy(asc(outboxEvents.id))
          .limit(limit)
          .for('update', { skipLocked: true });
        if (due.length === 0) return [];
        const rows = await tx
          .update(outboxEvents)
          .set({
            claimedUntil: new Date(nowMs + claimTimeoutMs),
            attempts: sql`${outboxEvents.attempts} + 1`,
          })
          .where(
            inArray(
              outboxEvents.id,
              due.map((row) => row.id),
            ),
          )
          .returning();
        return rows
          .toSorted((a, b) => a.id - b.id)
          .map((row) => ({
            id: String(row.id),
            tenantId: row.tenantId,
            event: row.event,
            attempts: row.attempts,
          }));
      });
    },
    async delivered(id, nowMs) {
      await database.withSystem((tx) =>
        tx
          .update(outboxEvents)
          .set({ deliveredAt: new Date(nowMs), claimedUntil: null, lastError: null })
          .where(pendingEvent(id)),
      );
    },
    async failed(id, error) {
      await database.withSystem((tx) =>
        tx
          .update(outboxEvents)
          .set({ lastError: error.slice(0, 500), claimedUntil: null })
          .where(pendingEvent(id)),
      );
    },
  };
}
