import { eq, sql } from 'drizzle-orm';
import type { PersonAvailability } from '../../core/availability/free-time.ts';
import type { Interval } from '../../core/availability/intervals.ts';
import type { RecurringRule } from '../../core/availability/recurring-rule.ts';
import { uuidArray } from '../any-of.ts';
import type { Tx } from '../database.ts';
import { parsePgRange } from '../schema/availability.ts';
import { creators } from '../schema/index.ts';

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

/**
 * Everything the overlap engine needs about these creators inside `window`, in one statement whatever
 * the number of creators (each id list is one array parameter, so any number fits): each creator with
 * their weekly rules (in the order they were added) and every interval (one-off blocks, calendar busy
 * time, session bookings that are scheduled or still held), the lists aggregated per creator as JSON.
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
  // One PL/pgSQL function (migration 0012): its plan is made once per session, not on every call.
  const found = await tx.execute(sql`
    select * from creator_availability(${uuidArray(creatorIds)},
      ${new Date(window.startMs).toISOString()}::timestamptz, ${new Date(window.endMs).toISOString()}::timestamptz,
      ${new Date(nowMs).toISOString()}::timestamptz, ${options.includeSessions !== false})`);
  for (const row of (found as unknown as { rows: AvailabilityRow[] }).rows) {
    const person: CreatorAvailability = {
      creatorId: row.id,
      handle: row.handle,
      displayName: row.display_name,
      timeZone: row.time_zone,
      isWritingOptIn: row.is_writing_opt_in,
      ...(row.city ? { city: row.city } : {}),
      rules: (row.rules ?? []).map(([rrule, startTime, endTime, fromDate, untilDate]) => ({
        rrule,
        startTime,
        endTime,
        ...(fromDate ? { fromDate } : {}),
        ...(untilDate ? { untilDate } : {}),
      })),
      available: [],
      unavailable: [],
      busy: [],
    };
    for (const [kind, during] of row.spans ?? []) {
      const list =
        kind === 'available' ? person.available : kind === 'unavailable' ? person.unavailable : person.busy;
      list.push(parsePgRange(during));
    }
    result.set(row.id, person);
  }
  return result;
}

/** One creator as `loadAvailability`'s statement returns them (json columns arrive parsed). */
interface AvailabilityRow {
  id: string;
  handle: string;
  display_name: string;
  time_zone: string;
  is_writing_opt_in: boolean;
  city: string | null;
  /** [rrule, start time, end time, from date, until date], in the order the rules were added. */
  rules: [string, string, string, string | null, string | null][] | null;
  /** [kind, tstzrange text]. */
  spans: [string, string][] | null;
}

export async function creatorIdByHandle(tx: Tx, handle: string): Promise<string | undefined> {
  const rows = await tx
    .select({ id: creators.id })
    .from(creators)
    .where(eq(creators.handle, handle.replace(/^@/, '').toLowerCase()));
  return rows[0]?.id;
}
