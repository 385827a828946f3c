import { lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { slackDeliveries } from '../../db/schema/index.ts';

/**
 * "Have we handled this Slack delivery already?" Slack retries an event it thinks we missed
 * (`X-Slack-Retry-Num`), people double-click buttons, and proxies replay requests; each should do
 * its work once. A small in-memory LRU answers the common case without a query; the primary key
 * of `slack_deliveries` settles it across processes and restarts.
 *
 * @example
 * if (!(await deliveries.claim(`event:${body.event_id}`, DAY_MS))) return; // already handled
 */
export interface DeliveryLedger {
  /** True the first time `key` is claimed within `ttlMs`; false for every repeat. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export const DELIVERY_TTL_MS = {
  /** Slack retries events for up to about an hour; keep a day. */
  event: 24 * 60 * 60 * 1000,
  /** Slash commands and modal submissions: a replay of the same trigger. */
  trigger: 60 * 60 * 1000,
  /** Button presses: a double-click, not "press it again tomorrow". */
  action: 10 * 60 * 1000,
} as const;

export function databaseDeliveryLedger(
  database: Database,
  options: { nowMs?: () => number; lruSize?: number } = {},
): DeliveryLedger {
  const nowMs = options.nowMs ?? Date.now;
  const lruSize = options.lruSize ?? 5000;
  const recent = new Map<string, number>();
  let claimsSincePrune = 0;

  return {
    async claim(key, ttlMs) {
      const now = nowMs();
      const seenUntil = recent.get(key);
      if (seenUntil !== undefined && seenUntil > now) return false;
      const expiresAt = new Date(now + ttlMs);
      const claimed = await database.withSystem(async (tx) => {
        if (++claimsSincePrune >= 500) {
          claimsSincePrune = 0;
          await tx.delete(slackDeliveries).where(lt(slackDeliveries.expiresAt, new Date(now)));
        }
        // Insert, or take over a row whose time has passed; a live row means "already handled".
        const rows = await tx
          .insert(slackDeliveries)
          .values({ key, expiresAt })
          .onConflictDoUpdate({
            target: slackDeliveries.key,
            set: { expiresAt, createdAt: new Date(now) },
            setWhere: sql`${slackDeliveries.expiresAt} <= ${new Date(now)}`,
          })
          .returning({ key: slackDeliveries.key });
        return rows.length > 0;
      });
      recent.delete(key);
      recent.set(key, now + ttlMs);
      if (recent.size > lruSize) recent.delete(recent.keys().next().value!);
      return claimed;
    },
  };
}
