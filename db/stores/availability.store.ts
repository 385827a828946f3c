import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AvailabilityStore } from '../../core/availability/availability.store.ts';
import { storedFailureReason } from '../../core/availability/calendar-failures.ts';
import type { Tx } from '../database.ts';
import { loadAvailability } from '../repositories/availability.repository.ts';
import { claimCalendarPlace, writeCalendarBusy } from '../repositories/calendars.repository.ts';
import { availabilityBlocks, availabilityRules, calendars, creators } from '../schema/index.ts';
import type { SecretBox } from '../secret-box.ts';

type RuleRow = typeof availabilityRules.$inferSelect;
type BlockRow = typeof availabilityBlocks.$inferSelect;
type CalendarRow = typeof calendars.$inferSelect;

const toRule = (row: RuleRow) => ({
  id: row.id,
  rrule: row.rrule,
  startTime: row.startTime,
  endTime: row.endTime,
  ...(row.fromDate ? { fromDate: row.fromDate } : {}),
  ...(row.untilDate ? { untilDate: row.untilDate } : {}),
});
const toBlock = (row: BlockRow) => ({
  id: row.id,
  kind: row.kind,
  ...row.during,
  ...(row.note ? { note: row.note } : {}),
});
const toCalendar = (row: CalendarRow) => ({
  id: row.id,
  source: row.source,
  label: row.label,
  busyCount: row.busyCount,
  ...(row.lastSyncedAt ? { lastSyncedAtMs: row.lastSyncedAt.getTime() } : {}),
  ...(row.lastError ? { lastFailure: storedFailureReason(row.lastError) } : {}),
});

/** Availability in the command's transaction; calendar addresses are sealed at rest. */
export function availabilityStore(tx: Tx, tenantId: string, secrets: SecretBox): AvailabilityStore {
  return {
    async rules(creatorId) {
      const rows = await tx
        .select()
        .from(availabilityRules)
        .where(eq(availabilityRules.creatorId, creatorId))
        .orderBy(asc(availabilityRules.createdAt), asc(availabilityRules.id));
      return rows.map(toRule);
    },
    async addRule(creatorId, rule) {
      const [row] = await tx
        .insert(availabilityRules)
        .values({
          tenantId,
          creatorId,
          rrule: rule.rrule,
          startTime: rule.startTime,
          endTime: rule.endTime,
          fromDate: rule.fromDate ?? null,
          untilDate: rule.untilDate ?? null,
        })
        .returning();
      return toRule(row!);
    },
    async removeRule(creatorId, ruleId) {
      const [row] = await tx
        .delete(availabilityRules)
        .where(and(eq(availabilityRules.id, ruleId), eq(availabilityRules.creatorId, creatorId)))
        .returning();
      return row && toRule(row);
    },
    async blocks(creatorId, fromMs) {
      const rows = await tx
        .select()
        .from(availabilityBlocks)
        .where(
          and(
            eq(availabilityBlocks.creatorId, creatorId),
            sql`upper(${availabilityBlocks.during}) > ${new Date(fromMs).toISOString()}::timestamptz`,
          ),
        )
        .orderBy(sql`lower(${availabilityBlocks.during})`);
      return rows.map(toBlock);
    },
    async addBlock(creatorId, block) {
      const [row] = await tx
        .insert(availabilityBlocks)
        .values({
          tenantId,
          creatorId,
          kind: block.kind,
          during: { startMs: block.startMs, endMs: block.endMs },
          note: block.note ?? null,
        })
        .returning();
      return toBlock(row!);
    },
    async removeBlock(creatorId, blockId) {
      const [row] = await tx
        .delete(availabilityBlocks)
        .where(and(eq(availabilityBlocks.id, blockId), eq(availabilityBlocks.creatorId, creatorId)))
        .returning();
      return row && toBlock(row);
    },
    async calendars(creatorId) {
      const rows = await tx
        .select()
        .from(calendars)
        .where(eq(calendars.creatorId, creatorId))
        .orderBy(asc(calendars.createdAt), asc(calendars.id));
      return rows.map(toCalendar);
    },
    claimCalendarPlace: (creatorId) => claimCalendarPlace(tx, creatorId),
    async addUrlCalendar(creatorId, input) {
      const [calendar] = await tx
        .insert(calendars)
        .values({
          tenantId,
          creatorId,
          source: 'ics_url',
          label: input.label,
          urlSealed: secrets.seal(input.url),
        })
        .returning({ id: calendars.id, creatorId: calendars.creatorId });
      const { busyCount } = await writeCalendarBusy(tx, {
        tenantId,
        calendar: calendar!,
        busy: [...input.busy],
        nowMs: input.nowMs,
      });
      return { calendarId: calendar!.id, busyCount };
    },
    async removeCalendar(creatorId, calendarId) {
      const [row] = await tx
        .delete(calendars)
        .where(and(eq(calendars.id, calendarId), eq(calendars.creatorId, creatorId)))
        .returning();
      return row && toCalendar(row);
    },
    async setWritingOptIn(creatorId, isOptedIn) {
      await tx
        .update(creators)
        .set({ isWritingOptIn: isOptedIn, updatedAt: new Date() })
        .where(eq(creators.id, creatorId));
    },
    async time(creatorIds, window, nowMs) {
      return loadAvailability(tx, creatorIds, window, nowMs) as never;
    },
    async ofUsers(userIds, window, nowMs) {
      if (userIds.length === 0) return new Map();
      const rows = await tx
        .select({ creatorId: creators.id, userId: creators.userId })
        .from(creators)
        .where(inArray(creators.userId, [...userIds]));
      const loaded = await loadAvailability(
        tx,
        rows.map((row) => row.creatorId),
        window,
        nowMs,
        { includeSessions: false },
      );
      return new Map(
        rows.flatMap((row) => {
          const time = loaded.get(row.creatorId);
          return row.userId && time ? [[row.userId, time as never]] : [];
        }),
      );
    },
  };
}
