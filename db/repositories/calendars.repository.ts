import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { icsBusyIntervals } from '../../core/availability/ics-busy.ts';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import { AppError, isAppError } from '../../core/shared/app-error.ts';
import type { Database } from '../database.ts';
import { busyBlocks, calendars, creators } from '../schema/index.ts';
import type { SecretBox } from '../secret-box.ts';

const DAY_MS = 86_400_000;
/** Imported busy time covers this span around "now"; the sync job moves it forward. */
export const IMPORT_PAST_MS = 7 * DAY_MS;
export const IMPORT_AHEAD_MS = 180 * DAY_MS;

/**
 * Replaces a calendar's busy set with what `icsText` says (free/busy only). The feed is parsed
 * before the transaction opens, so a malformed feed changes nothing.
 */
export async function importCalendarBusy(
  database: Database,
  input: { tenantId: string; calendarId: string; icsText: string; nowMs: number },
): Promise<{ busyCount: number }> {
  return database.withTenant(input.tenantId, async (tx) => {
    const [calendar] = await tx
      .select()
      .from(calendars)
      .where(eq(calendars.id, input.calendarId))
      .for('update');
    if (!calendar)
      throw new AppError('availability.unknown_calendar', 'That calendar does not exist any more.');
    const [owner] = await tx
      .select({ timeZone: creators.timeZone })
      .from(creators)
      .where(eq(creators.id, calendar.creatorId));
    const busy = icsBusyIntervals(input.icsText, {
      window: { startMs: input.nowMs - IMPORT_PAST_MS, endMs: input.nowMs + IMPORT_AHEAD_MS },
      fallbackTimeZone: owner?.timeZone ?? 'UTC',
    });
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
      .set({ lastSyncedAt: new Date(input.nowMs), lastError: null, busyCount: busy.length })
      .where(eq(calendars.id, calendar.id));
    return { busyCount: busy.length };
  });
}

/**
 * An uploaded ICS file becomes (or refreshes) the creator's file calendar with that label:
 * importing the same label again replaces its previous busy set.
 */
export async function importCalendarFile(
  database: Database,
  input: { tenantId: string; handle: string; label: string; icsText: string; nowMs: number },
): Promise<{ calendarId: string; busyCount: number }> {
  const calendarId = await database.withTenant(input.tenantId, async (tx) => {
    const [creator] = await tx
      .select({ id: creators.id })
      .from(creators)
      .where(eq(creators.handle, input.handle));
    if (!creator)
      throw new AppError('profiles.unknown_handle', `No creator @${input.handle}`, { handle: input.handle });
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
    if (existing) return existing.id;
    const [created] = await tx
      .insert(calendars)
      .values({ tenantId: input.tenantId, creatorId: creator.id, source: 'ics_file', label: input.label })
      .returning({ id: calendars.id });
    return created!.id;
  });
  return { calendarId, ...(await importCalendarBusy(database, { ...input, calendarId })) };
}

/**
 * Refreshes one URL calendar. A fetch or parse failure is recorded on the calendar and the
 * previous busy set stays, so a flaky feed never makes someone look free.
 */
export async function syncCalendar(
  deps: { database: Database; secrets: SecretBox; fetcher: CalendarFetcher },
  input: { tenantId: string; calendarId: string; nowMs: number },
): Promise<{ busyCount: number } | { error: string }> {
  const [calendar] = await deps.database.withTenant(input.tenantId, (tx) =>
    tx.select().from(calendars).where(eq(calendars.id, input.calendarId)),
  );
  if (!calendar?.urlSealed) return { error: 'not a URL calendar' };
  try {
    const icsText = await deps.fetcher.fetchIcs(deps.secrets.open(calendar.urlSealed));
    return await importCalendarBusy(deps.database, { ...input, icsText });
  } catch (error) {
    if (!isAppError(error)) throw error;
    await deps.database.withTenant(input.tenantId, (tx) =>
      tx
        .update(calendars)
        .set({ lastError: error.message.slice(0, 500) })
        .where(eq(calendars.id, calendar.id)),
    );
    return { error: error.message };
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
