import { eq, sql } from 'drizzle-orm';
import type { PersonAvailability } from '../../core/availability/free-time.ts';
import type { Interval } from '../../core/availability/intervals.ts';
import type { RecurringRule } from '../../core/availability/recurring-rule.ts';
import { isAnyOf } from '../any-of.ts';
import type { Tx } from '../database.ts';
import { parsePgRange } from '../schema/availability.ts';
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
  const booked =
    options.includeSessions === false
      ? sql``
      : sql`union all
        select ${creators.id}, 'busy', ${sessionBookings.during} from ${sessionBookings}
        join ${creators} on ${creators.userId} = ${sessionBookings.userId}
        where ${isAnyOf(creators.id, creatorIds)} and ${overlaps(sessionBookings.during, window)}
          and (${sessionBookings.holdExpiresAt} is null or ${sessionBookings.holdExpiresAt} > ${new Date(nowMs).toISOString()}::timestamptz)`;
  const found = await tx.execute(sql`
    with rule_lists as (
      select ${availabilityRules.creatorId} as creator_id,
        json_agg(json_build_array(${availabilityRules.rrule}, ${availabilityRules.startTime},
          ${availabilityRules.endTime}, ${availabilityRules.fromDate}, ${availabilityRules.untilDate})
          order by ${availabilityRules.createdAt}, ${availabilityRules.id}) as rules
      from ${availabilityRules} where ${isAnyOf(availabilityRules.creatorId, creatorIds)}
      group by 1
    ), span_lists as (
      select creator_id, json_agg(json_build_array(kind, during)) as spans from (
        select ${availabilityBlocks.creatorId} as creator_id, ${availabilityBlocks.kind}::text as kind,
          ${availabilityBlocks.during} as during
        from ${availabilityBlocks}
        where ${isAnyOf(availabilityBlocks.creatorId, creatorIds)} and ${overlaps(availabilityBlocks.during, window)}
        union all
        select ${busyBlocks.creatorId}, 'busy', ${busyBlocks.during} from ${busyBlocks}
        where ${isAnyOf(busyBlocks.creatorId, creatorIds)} and ${overlaps(busyBlocks.during, window)}
        ${booked}
      ) as spans
      group by 1
    )
    select ${creators.id} as id, ${creators.handle} as handle, ${creators.displayName} as display_name,
      ${creators.timeZone} as time_zone, ${creators.isWritingOptIn} as is_writing_opt_in,
      case when ${creators.isLocationOptIn} then ${creators.location}->>'city' end as city,
      rule_lists.rules, span_lists.spans
    from ${creators}
    left join rule_lists on rule_lists.creator_id = ${creators.id}
    left join span_lists on span_lists.creator_id = ${creators.id}
    where ${isAnyOf(creators.id, creatorIds)}
    order by ${creators.id}`);
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
