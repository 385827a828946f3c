import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { DeliveryLedger } from '../../core/surface/delivery-ledger.ts';
import type { Database } from '../database.ts';
import { surfaceDeliveries } from '../schema/index.ts';

/** Keys are stored whole up to this length; a longer one by its SHA-256 (never cut: two keys must not collide). */
const MAX_STORED_KEY = 200;
export const storedKeyOf = (key: string): string =>
  key.length <= MAX_STORED_KEY ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;

/**
 * The delivery ledger on the database (`surface_deliveries`, a system table: keys come from
 * envelopes before the tenant is known). A small in-memory map answers the common repeat without a
 * query; the primary key settles it across processes and restarts.
 */
export function databaseDeliveryLedger(
  database: Database,
  options: { nowMs?: () => number; lruSize?: number } = {},
): DeliveryLedger {
  const nowMs = options.nowMs ?? Date.now;
  const lruSize = options.lruSize ?? 5000;
  const recent = new Map<string, number>();
  let claimsSincePrune = 0;

  return {
    async claim(channel, key, ttlMs) {
      const now = nowMs();
      const id = `${channel}\u0000${key}`;
      const seenUntil = recent.get(id);
      if (seenUntil !== undefined && seenUntil > now) return false;
      const expiresAt = new Date(now + ttlMs);
      // Each statement stands alone (the insert decides), so no transaction: one round trip on the server.
      const claimed = await database.withSystemStatements(async (tx) => {
        if (++claimsSincePrune >= 500) {
          claimsSincePrune = 0;
          await tx.delete(surfaceDeliveries).where(lt(surfaceDeliveries.expiresAt, new Date(now)));
        }
        // Insert, or take over a row whose time has passed; a live row means "already handled".
        const rows = await tx
          .insert(surfaceDeliveries)
          .values({ platform: channel, deliveryKey: storedKeyOf(key), expiresAt })
          .onConflictDoUpdate({
            target: [surfaceDeliveries.platform, surfaceDeliveries.deliveryKey],
            set: { expiresAt, createdAt: new Date(now) },
            setWhere: sql`${surfaceDeliveries.expiresAt} <= ${new Date(now)}`,
          })
          .returning({ key: surfaceDeliveries.deliveryKey });
        return rows.length > 0;
      });
      recent.delete(id);
      recent.set(id, now + ttlMs);
      if (recent.size > lruSize) recent.delete(recent.keys().next().value!);
      return claimed;
    },
    async release(channel, key) {
      recent.delete(`${channel}\u0000${key}`);
      await database.withSystemStatements((tx) =>
        tx
          .delete(surfaceDeliveries)
          .where(
            and(eq(surfaceDeliveries.platform, channel), eq(surfaceDeliveries.deliveryKey, storedKeyOf(key))),
          ),
      );
    },
  };
}
