import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { PersonAvailability } from '../../core/availability/free-time.ts';
import type { Interval } from '../../core/availability/intervals.ts';
import type { RecurringRule } from '../../core/availability/recurring-rule.ts';
import { isAnyOf } from '../any-of.ts';
import type { Tx } from '../database.ts';
import {
  availabilityBlocks,
  availabilityRules,
  busyBlocks,
  creators,
  sessionBookings,
} from '../schema/index.ts';

export interface CreatorAvailability extends PersonAvailability {
  rules: RecurringRule[];
  available: Interval[];
  unavailable: Interval[];
  busy: Interval[];
  creatorId: string;
  handle: string;
  displayName: string;
  city?: string;
  isWritingOptIn: boolean;
}

const overlaps = (
  column: typeof availabilityBlocks.during | typeof busyBlocks.during | typeof sessionBookings.during,
  window: Interval,
) =>
  sql`${column} && tstzrange(${new Date(window.startMs).toISOString()}::timestamptz, ${new Date(window.endMs).toISOString()}::timestamptz, '[)')`;

/**
 * Everything the overlap engine needs about these creators inside `window`, in two queries
 * whatever the number of creators (each id list is one array parameter, so any number fits): profiles with their weekly rules, then every interval (one-off
 * blocks, calendar busy time, session bookings that are scheduled or still held) in one union.
 */
export async function loadAvailability(
  tx: Tx,
  creatorIds: readonly string[],
  window: Interval,
  nowMs = Date.now(),
  options: { includeSessions?: boolean } = {},
): Promise<Map<string, CreatorAvailability>> {
  const result = new Map<string, CreatorAvailability>();
  if (creatorIds.length === 0) return result;
  const ids = [...creatorIds];
  const rows = await tx
    .select({
      id: creators.id,
      handle: creators.handle,
      displayName: creators.displayName,
      timeZone: creators.timeZone,
      isWritingOptIn: creators.isWritingOptIn,
      city: sql<string | null>`case when ${creators.isLocationOptIn} then ${creators.location}->>'city' end`,
      rrule: availabilityRules.rrule,
      startTime: availabilityRules.startTime,
      endTime: availabilityRules.endTime,
      fromDate: availabilityRules.fromDate,
      untilDate: availabilityRules.untilDate,
    })
    .from(creators)
    .leftJoin(availabilityRules, eq(availabilityRules.creatorId, creators.id))
    .where(isAnyOf(creators.id, ids))
    .orderBy(creators.id, availabilityRules.createdAt, availabilityRules.id);
  for (const row of rows) {
    let person = result.get(row.id);
    if (!person) {
      person = {
        creatorId: row.id,
        handle: row.handle,
        displayName: row.displayName,
        timeZone: row.timeZone,
        isWritingOptIn: row.isWritingOptIn,
        ...(row.city ? { city: row.city } : {}),
        rules: [],
        available: [],
        unavailable: [],
        busy: [],
      };
      result.set(row.id, person);
    }
    if (row.rrule && row.startTime && row.endTime) {
      person.rules.push({
        rrule: row.rrule,
        startTime: row.startTime,
        endTime: row.endTime,
        ...(row.fromDate ? { fromDate: row.fromDate } : {}),
        ...(row.untilDate ? { untilDate: row.untilDate } : {}),
      });
    }
  }
  const blocks = tx
    .select({
      creatorId: availabilityBlocks.creatorId,
      kind: sql<string>`${availabilityBlocks.kind}`,
      during: availabilityBlocks.during,
    })
    .from(availabilityBlocks)
    .where(and(isAnyOf(availabilityBlocks.creatorId, ids), overlaps(availabilityBlocks.during, window)));
  const busy = tx
    .select({ creatorId: busyBlocks.creatorId, kind: sql<string>`'busy'`, during: busyBlocks.during })
    .from(busyBlocks)
    .where(and(isAnyOf(busyBlocks.creatorId, ids), overlaps(busyBlocks.during, window)));
  // Sessions (scheduled, or held and not yet expired) take the participants' time too.
  const booked = tx
    .select({ creatorId: creators.id, kind: sql<string>`'busy'`, during: sessionBookings.during })
    .from(sessionBookings)
    .innerJoin(creators, eq(creators.userId, sessionBookings.userId))
    .where(
      and(
        isAnyOf(creators.id, ids),
        overlaps(sessionBookings.during, window),
        or(isNull(sessionBookings.holdExpiresAt), gt(sessionBookings.holdExpiresAt, new Date(nowMs))),
      ),
    );
  const intervals =
    options.includeSessions === false ? blocks.unionAll(busy) : blocks.unionAll(busy).unionAll(booked);
  for (const interval of await intervals) {
    const person = result.get(interval.creatorId);
    if (!person) continue;
    const list =
      interval.kind === 'available'
        ? person.available
        : interval.kind === 'unavailable'
          ? person.unavailable
          : person.busy;
    list.push(interval.during);
  }
  return result;
}

export async function creatorIdByHandle(tx: Tx, handle: string): Promise<string | undefined> {
  const rows = await tx
    .select({ id: creators.id })
    .from(creators)
    .where(eq(creators.handle, handle.replace(/^@/, '').toLowerCase()));
  return rows[0]?.id;
}
