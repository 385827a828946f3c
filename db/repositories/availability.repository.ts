import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { PersonAvailability } from '../../core/availability/free-time.ts';
import type { Interval } from '../../core/availability/intervals.ts';
import type { RecurringRule } from '../../core/availability/recurring-rule.ts';
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
 * Everything the overlap engine needs about these creators inside `window`, in five queries
 * whatever the number of creators: profile zone, rules, one-off blocks and busy time.
 */
export async function loadAvailability(
  tx: Tx,
  creatorIds: readonly string[],
  window: Interval,
  nowMs = Date.now(),
): Promise<Map<string, CreatorAvailability>> {
  const result = new Map<string, CreatorAvailability>();
  if (creatorIds.length === 0) return result;
  const ids = [...creatorIds];
  const people = await tx.select().from(creators).where(inArray(creators.id, ids));
  for (const person of people) {
    const city =
      person.isLocationOptIn && typeof person.location?.city === 'string' ? person.location.city : undefined;
    result.set(person.id, {
      creatorId: person.id,
      handle: person.handle,
      displayName: person.displayName,
      timeZone: person.timeZone,
      isWritingOptIn: person.isWritingOptIn,
      ...(city ? { city } : {}),
      rules: [],
      available: [],
      unavailable: [],
      busy: [],
    });
  }
  const creatorByUser = new Map(people.filter((p) => p.userId).map((p) => [p.userId!, p.id]));
  // One connection, one query at a time: a transaction cannot run statements in parallel.
  const rules = await tx.select().from(availabilityRules).where(inArray(availabilityRules.creatorId, ids));
  const blocks = await tx
    .select()
    .from(availabilityBlocks)
    .where(and(inArray(availabilityBlocks.creatorId, ids), overlaps(availabilityBlocks.during, window)));
  const busy = await tx
    .select({ creatorId: busyBlocks.creatorId, during: busyBlocks.during })
    .from(busyBlocks)
    .where(and(inArray(busyBlocks.creatorId, ids), overlaps(busyBlocks.during, window)));
  // Sessions (scheduled, or held and not yet expired) take the participants' time too.
  const booked =
    creatorByUser.size === 0
      ? []
      : await tx
          .select({ userId: sessionBookings.userId, during: sessionBookings.during })
          .from(sessionBookings)
          .where(
            and(
              inArray(sessionBookings.userId, [...creatorByUser.keys()]),
              overlaps(sessionBookings.during, window),
              or(isNull(sessionBookings.holdExpiresAt), gt(sessionBookings.holdExpiresAt, new Date(nowMs))),
            ),
          );
  for (const rule of rules) {
    result.get(rule.creatorId)?.rules.push({
      rrule: rule.rrule,
      startTime: rule.startTime,
      endTime: rule.endTime,
      ...(rule.fromDate ? { fromDate: rule.fromDate } : {}),
      ...(rule.untilDate ? { untilDate: rule.untilDate } : {}),
    });
  }
  for (const block of blocks) {
    const person = result.get(block.creatorId);
    (block.kind === 'available' ? person?.available : person?.unavailable)?.push(block.during);
  }
  for (const taken of busy) result.get(taken.creatorId)?.busy.push(taken.during);
  for (const booking of booked) {
    const creatorId = booking.userId ? creatorByUser.get(booking.userId) : undefined;
    if (creatorId) result.get(creatorId)?.busy.push(booking.during);
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
