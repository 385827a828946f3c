import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { CALENDAR_BOUNDS, calendarSyncWindow } from '../../core/availability/calendar-bounds.ts';
import {
  type CalendarFailureReason,
  calendarBoundError,
  calendarFailureReason,
  calendarUnreachable,
} from '../../core/availability/calendar-failures.ts';
import type { Interval } from '../../core/availability/intervals.ts';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import type { CalendarParser } from '../../core/ports/calendar-parser.ts';
import { AppError, isAppError } from '../../core/shared/app-error.ts';
import type { Database, Tx } from '../database.ts';
import { busyBlocks, calendars, creators } from '../schema/index.ts';
import type { SecretBox } from '../secret-box.ts';

/** How long a sync holds its calendar: the fetch deadline, a wait for a parser and the parse, with room. */
export const SYNC_LEASE_MS = 5 * 60_000;

/**
 * Fetches a calendar address and reads its busy time off the event loop. Any failure is the address
 * error (one sentence, plus the bound when the feed was read but is past one), so nothing the server
 * sent reaches the person or the database.
 */
export async function readUrlCalendar(
  deps: { fetcher: CalendarFetcher; calendarParser: CalendarParser },
  url: string,
  owner: { timeZone: string; nowMs: number },
): Promise<Interval[]> {
  try {
    const icsText = await deps.fetcher.fetchIcs(url);
    return await deps.calendarParser.busyIntervals(icsText, {
      window: calendarSyncWindow(owner.nowMs),
      fallbackTimeZone: owner.timeZone,
    });
  } catch (error) {
    if (!isAppError(error) || error.code === 'availability.calendar_readers_busy') throw error;
    throw calendarUnreachable(calendarFailureReason(error));
  }
}

/**
 * Locks the creator's row (so two adds cannot both take the last place) and refuses a calendar past
 * `calendarsPerCreator`.
 */
export async function claimCalendarPlace(tx: Tx, creatorId: string): Promise<void> {
  await tx.select({ id: creators.id }).from(creators).where(eq(creators.id, creatorId)).for('update');
  const [row] = await tx
    .select({ total: sql<number>`count(*)::int` })
    .from(calendars)
    .where(eq(calendars.creatorId, creatorId));
  if ((row?.total ?? 0) >= CALENDAR_BOUNDS.calendarsPerCreator) {
    throw new AppError(
      'availability.too_many_calendars',
      `calendar: at most ${CALENDAR_BOUNDS.calendarsPerCreator} calendars per person; remove one first (/avail calendar remove N)`,
      { limit: CALENDAR_BOUNDS.calendarsPerCreator },
    );
  }
}

/**
 * Replaces a calendar's busy set (free/busy only) in the caller's transaction and marks it synced.
 * Refused when the creator's calendars together would pass `busyPerCreator`.
 */
export async function writeCalendarBusy(
  tx: Tx,
  input: { tenantId: string; calendar: { id: string; creatorId: string }; busy: Interval[]; nowMs: number },
): Promise<{ busyCount: number }> {
  const { calendar, busy } = input;
  const [others] = await tx
    .select({ total: sql<number>`coalesce(sum(${calendars.busyCount}), 0)::int` })
    .from(calendars)
    .where(and(eq(calendars.creatorId, calendar.creatorId), ne(calendars.id, calendar.id)));
  if ((others?.total ?? 0) + busy.length > CALENDAR_BOUNDS.busyPerCreator) {
    throw calendarBoundError('creator_busy_limit');
  }
  await tx.delete(busyBlocks).where(eq(busyBlocks.calendarId, calendar.id));
  for (let offset = 0; offset < busy.length; offset += 1_000) {
    await tx.insert(busyBlocks).values(
      busy.slice(offset, offset + 1_000).map((interval) => ({
        tenantId: input.tenantId,
        creatorId: calendar.creatorId,
        source: 'calendar' as const,
        calendarId: calendar.id,
        during: { startMs: interval.startMs, endMs: interval.endMs },
      })),
    );
  }
  await tx
    .update(calendars)
    .set({
      lastSyncedAt: new Date(input.nowMs),
      lastError: null,
      busyCount: busy.length,
      syncClaimedUntil: null,
    })
    .where(eq(calendars.id, calendar.id));
  return { busyCount: busy.length };
}

/**
 * An uploaded ICS file becomes (or refreshes) the creator's file calendar with that label. It is
 * read (bounded, off the event loop) before anything is written; importing the same label again
 * replaces that calendar's busy set.
 */
export async function importCalendarFile(
  deps: { database: Database; calendarParser: CalendarParser },
  input: { tenantId: string; handle: string; label: string; icsText: string; nowMs: number },
): Promise<{ calendarId: string; busyCount: number }> {
  if (Buffer.byteLength(input.icsText) > CALENDAR_BOUNDS.feedBytes) throw calendarBoundError('too_large');
  const creator = await deps.database.withTenant(input.tenantId, async (tx) => {
    const [row] = await tx.select().from(creators).where(eq(creators.handle, input.handle));
    if (!row)
      throw new AppError('profiles.unknown_handle', `No creator @${input.handle}`, { handle: input.handle });
    return row;
  });
  const busy = await deps.calendarParser.busyIntervals(input.icsText, {
    window: calendarSyncWindow(input.nowMs),
    fallbackTimeZone: creator.timeZone,
  });
  return deps.database.withTenant(input.tenantId, async (tx) => {
    const [existing] = await tx
      .select({ id: calendars.id })
      .from(calendars)
      .where(
        and(
          eq(calendars.creatorId, creator.id),
          eq(calendars.source, 'ics_file'),
          eq(calendars.label, input.label),
        ),
      );
    let calendarId = existing?.id;
    if (!calendarId) {
      await claimCalendarPlace(tx, creator.id);
      const [created] = await tx
        .insert(calendars)
        .values({ tenantId: input.tenantId, creatorId: creator.id, source: 'ics_file', label: input.label })
        .returning({ id: calendars.id });
      calendarId = created!.id;
    }
    const calendar = { id: calendarId, creatorId: creator.id };
    return { calendarId, ...(await writeCalendarBusy(tx, { ...input, calendar, busy })) };
  });
}

export type SyncOutcome =
  | { busyCount: number }
  | { error: CalendarFailureReason }
  | { skipped: 'in_progress' | 'not_a_url_calendar' };

/**
 * Refreshes one URL calendar. The sync first claims the calendar until a lease ends, so while one
 * runs another of the same calendar fetches nothing. A failure is recorded on the calendar as a
 * reason code and the previous busy set stays, so a flaky feed never makes someone look free.
 */
export async function syncCalendar(
  deps: { database: Database; secrets: SecretBox; fetcher: CalendarFetcher; calendarParser: CalendarParser },
  input: { tenantId: string; calendarId: string; nowMs: number },
): Promise<SyncOutcome> {
  const claimedUntil = new Date(input.nowMs + SYNC_LEASE_MS);
  const isOurs = and(eq(calendars.id, input.calendarId), eq(calendars.syncClaimedUntil, claimedUntil));
  const claim = await deps.database.withTenant(input.tenantId, async (tx) => {
    const [claimed] = await tx
      .update(calendars)
      .set({ syncClaimedUntil: claimedUntil })
      .where(
        and(
          eq(calendars.id, input.calendarId),
          eq(calendars.source, 'ics_url'),
          or(isNull(calendars.syncClaimedUntil), lt(calendars.syncClaimedUntil, new Date(input.nowMs))),
        ),
      )
      .returning();
    if (!claimed) {
      const [row] = await tx.select().from(calendars).where(eq(calendars.id, input.calendarId));
      return row?.source === 'ics_url' ? ('in_progress' as const) : ('not_a_url_calendar' as const);
    }
    const [owner] = await tx
      .select({ timeZone: creators.timeZone })
      .from(creators)
      .where(eq(creators.id, claimed.creatorId));
    return { calendar: claimed, timeZone: owner?.timeZone ?? 'UTC' };
  });
  if (typeof claim === 'string') return { skipped: claim };
  const { calendar } = claim;
  try {
    const busy = await readUrlCalendar(deps, deps.secrets.open(calendar.urlSealed!), {
      timeZone: claim.timeZone,
      nowMs: input.nowMs,
    });
    return await deps.database.withTenant(input.tenantId, async (tx) => {
      const [held] = await tx.select({ id: calendars.id }).from(calendars).where(isOurs).for('update');
      if (!held) return { skipped: 'in_progress' as const }; // removed, or the lease ran out and another took it
      return writeCalendarBusy(tx, { tenantId: input.tenantId, calendar, busy, nowMs: input.nowMs });
    });
  } catch (error) {
    const reason = isAppError(error) ? calendarFailureReason(error) : undefined;
    await deps.database.withTenant(input.tenantId, (tx) =>
      tx
        .update(calendars)
        .set({ syncClaimedUntil: null, ...(reason ? { lastError: reason } : {}) })
        .where(isOurs),
    );
    if (!reason) throw error;
    return { error: reason };
  }
}

/** URL calendars (across tenants) not synced since `staleBeforeMs`: what the sync sweep enqueues. */
export async function staleUrlCalendars(
  database: Database,
  staleBeforeMs: number,
): Promise<Array<{ tenantId: string; calendarId: string }>> {
  const rows = await database.withSystem((tx) =>
    tx
      .select({ tenantId: calendars.tenantId, calendarId: calendars.id })
      .from(calendars)
      .where(
        and(
          eq(calendars.source, 'ics_url'),
          or(isNull(calendars.lastSyncedAt), lt(calendars.lastSyncedAt, new Date(staleBeforeMs))),
        ),
      )
      .limit(1_000),
  );
  return rows;
}
