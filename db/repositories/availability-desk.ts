import { and, asc, eq, sql } from 'drizzle-orm';
import { storedFailureReason } from '../../core/availability/calendar-failures.ts';
import { personFreeIntervals } from '../../core/availability/free-time.ts';
import { compileRule } from '../../core/availability/recurring-rule.ts';
import type { AvailabilityDesk, AvailabilityRecord } from '../../core/commands/services.ts';
import type { CalendarFetcher } from '../../core/ports/calendar-fetcher.ts';
import type { CalendarParser } from '../../core/ports/calendar-parser.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Database, Tx } from '../database.ts';
import { availabilityBlocks, availabilityRules, calendars, creators } from '../schema/index.ts';
import type { SecretBox } from '../secret-box.ts';
import { recordAudit } from './audit.repository.ts';
import { loadAvailability } from './availability.repository.ts';
import { claimCalendarPlace, readUrlCalendar, writeCalendarBusy } from './calendars.repository.ts';

export interface AvailabilityDeskDeps {
  database: Database;
  secrets: SecretBox;
  fetcher: CalendarFetcher;
  calendarParser: CalendarParser;
  clock: Clock;
}

const MAX_BLOCK_MS = 366 * 24 * 3_600_000;
const MAX_URL_LENGTH = 2_000;

async function requireCreator(tx: Tx, handle: string) {
  const [row] = await tx
    .select()
    .from(creators)
    .where(eq(creators.handle, handle.replace(/^@/, '').toLowerCase()));
  if (!row)
    throw new AppError('profiles.unknown_handle', `No creator @${handle.replace(/^@/, '')}`, { handle });
  return row;
}

/** The tenant-bound availability desk behind `/avail`, on the database. */
export function availabilityDesk(deps: AvailabilityDeskDeps, tenantId: string): AvailabilityDesk {
  const { database } = deps;
  const audit = (
    tx: Tx,
    creatorId: string,
    actorLabel: string,
    action: string,
    values: Record<string, unknown>,
  ) =>
    recordAudit(tx, {
      tenantId,
      actorLabel,
      action,
      entity: 'creator',
      entityId: creatorId,
      ...(action.endsWith('removed') ? { oldValues: values } : { newValues: values }),
    });

  return {
    async record(handle, window) {
      return database.withTenant(tenantId, async (tx): Promise<AvailabilityRecord> => {
        const creator = await requireCreator(tx, handle);
        const rules = await tx
          .select()
          .from(availabilityRules)
          .where(eq(availabilityRules.creatorId, creator.id))
          .orderBy(asc(availabilityRules.createdAt), asc(availabilityRules.id));
        const blocks = await tx
          .select()
          .from(availabilityBlocks)
          .where(
            and(
              eq(availabilityBlocks.creatorId, creator.id),
              sql`upper(${availabilityBlocks.during}) > ${new Date(window.startMs).toISOString()}::timestamptz`,
            ),
          )
          .orderBy(sql`lower(${availabilityBlocks.during})`);
        const feeds = await tx
          .select()
          .from(calendars)
          .where(eq(calendars.creatorId, creator.id))
          .orderBy(asc(calendars.createdAt));
        return {
          handle: creator.handle,
          displayName: creator.displayName,
          timeZone: creator.timeZone,
          isWritingOptIn: creator.isWritingOptIn,
          rules: rules.map((rule) => ({
            id: rule.id,
            rrule: rule.rrule,
            startTime: rule.startTime,
            endTime: rule.endTime,
            ...(rule.fromDate ? { fromDate: rule.fromDate } : {}),
            ...(rule.untilDate ? { untilDate: rule.untilDate } : {}),
          })),
          blocks: blocks.map((block) => ({
            id: block.id,
            kind: block.kind,
            ...block.during,
            ...(block.note ? { note: block.note } : {}),
          })),
          calendars: feeds.map((feed) => ({
            id: feed.id,
            label: feed.label,
            source: feed.source,
            busyCount: feed.busyCount,
            ...(feed.lastSyncedAt ? { lastSyncedAtMs: feed.lastSyncedAt.getTime() } : {}),
            ...(feed.lastError ? { lastFailure: storedFailureReason(feed.lastError) } : {}),
          })),
        };
      });
    },

    async freeIntervals(handle, window) {
      return database.withTenant(tenantId, async (tx) => {
        const creator = await requireCreator(tx, handle);
        const person = (await loadAvailability(tx, [creator.id], window, deps.clock.nowMs())).get(
          creator.id,
        )!;
        return personFreeIntervals(person, window, `@${creator.handle}`);
      });
    },

    async addRule(handle, rule, actorLabel) {
      await database.withTenant(tenantId, async (tx) => {
        const creator = await requireCreator(tx, handle);
        compileRule(rule, creator.timeZone, 'rule'); // throws a field-named AppError before anything is written
        await tx.insert(availabilityRules).values({
          tenantId,
          creatorId: creator.id,
          rrule: rule.rrule,
          startTime: rule.startTime,
          endTime: rule.endTime,
          fromDate: rule.fromDate ?? null,
          untilDate: rule.untilDate ?? null,
        });
        await audit(tx, creator.id, actorLabel, 'availability.rule_added', { ...rule });
      });
    },

    async removeRule(handle, ruleId, actorLabel) {
      await database.withTenant(tenantId, async (tx) => {
        const creator = await requireCreator(tx, handle);
        const [removed] = await tx
          .delete(availabilityRules)
          .where(and(eq(availabilityRules.id, ruleId), eq(availabilityRules.creatorId, creator.id)))
          .returning();
        if (!removed)
          throw new AppError('availability.unknown_rule', 'That weekly rule does not exist any more.');
        await audit(tx, creator.id, actorLabel, 'availability.rule_removed', {
          rrule: removed.rrule,
          startTime: removed.startTime,
          endTime: removed.endTime,
        });
      });
    },

    async addBlock(handle, block, actorLabel) {
      if (!(block.endMs > block.startMs)) {
        throw new AppError('availability.bad_block', 'end: expected a time after the start');
      }
      if (block.endMs - block.startMs > MAX_BLOCK_MS) {
        throw new AppError('availability.bad_block', 'end: a one-off block may last at most a year');
      }
      await database.withTenant(tenantId, async (tx) => {
        const creator = await requireCreator(tx, handle);
        await tx.insert(availabilityBlocks).values({
          tenantId,
          creatorId: creator.id,
          kind: block.kind,
          during: { startMs: block.startMs, endMs: block.endMs },
          note: block.note?.slice(0, 500) ?? null,
        });
        await audit(tx, creator.id, actorLabel, `availability.${block.kind}_added`, {
          start: new Date(block.startMs).toISOString(),
          end: new Date(block.endMs).toISOString(),
        });
      });
    },

    async removeBlock(handle, blockId, actorLabel) {
      await database.withTenant(tenantId, async (tx) => {
        const creator = await requireCreator(tx, handle);
        const [removed] = await tx
          .delete(availabilityBlocks)
          .where(and(eq(availabilityBlocks.id, blockId), eq(availabilityBlocks.creatorId, creator.id)))
          .returning();
        if (!removed)
          throw new AppError('availability.unknown_block', 'That one-off does not exist any more.');
        await audit(tx, creator.id, actorLabel, `availability.${removed.kind}_removed`, {
          start: new Date(removed.during.startMs).toISOString(),
          end: new Date(removed.during.endMs).toISOString(),
        });
      });
    },

    async setWritingOptIn(handle, isOptedIn, actorLabel) {
      await database.withTenant(tenantId, async (tx) => {
        const creator = await requireCreator(tx, handle);
        if (creator.isWritingOptIn === isOptedIn) return;
        await tx
          .update(creators)
          .set({ isWritingOptIn: isOptedIn, updatedAt: new Date() })
          .where(eq(creators.id, creator.id));
        await recordAudit(tx, {
          tenantId,
          actorLabel,
          action: 'creator.writing_opt_in_changed',
          entity: 'creator',
          entityId: creator.id,
          oldValues: { isWritingOptIn: creator.isWritingOptIn },
          newValues: { isWritingOptIn: isOptedIn },
        });
      });
    },

    async addCalendarUrl(handle, url, actorLabel) {
      const parsedUrl = parseCalendarUrl(url);
      const host = new URL(parsedUrl).hostname;
      const creator = await database.withTenant(tenantId, async (tx) => {
        const row = await requireCreator(tx, handle);
        await claimCalendarPlace(tx, row.id); // refuse early: no fetch for a sixth calendar
        return row;
      });
      const nowMs = deps.clock.nowMs();
      // Fetch and read first, off the event loop: a bad address or feed leaves nothing behind.
      const busy = await readUrlCalendar(deps, parsedUrl, { timeZone: creator.timeZone, nowMs });
      return database.withTenant(tenantId, async (tx) => {
        await claimCalendarPlace(tx, creator.id);
        const [calendar] = await tx
          .insert(calendars)
          .values({
            tenantId,
            creatorId: creator.id,
            source: 'ics_url',
            label: host,
            urlSealed: deps.secrets.seal(parsedUrl),
          })
          .returning({ id: calendars.id, creatorId: calendars.creatorId });
        const result = await writeCalendarBusy(tx, { tenantId, calendar: calendar!, busy, nowMs });
        await audit(tx, creator.id, actorLabel, 'availability.calendar_added', { host, ...result });
        return result;
      });
    },

    async removeCalendar(handle, calendarId, actorLabel) {
      await database.withTenant(tenantId, async (tx) => {
        const creator = await requireCreator(tx, handle);
        const [removed] = await tx
          .delete(calendars)
          .where(and(eq(calendars.id, calendarId), eq(calendars.creatorId, creator.id)))
          .returning();
        if (!removed)
          throw new AppError('availability.unknown_calendar', 'That calendar does not exist any more.');
        await audit(tx, creator.id, actorLabel, 'availability.calendar_removed', {
          label: removed.label,
          source: removed.source,
          busyCount: removed.busyCount,
        });
      });
    },
  };
}

/** Accepts http(s) and webcal addresses; webcal is https by convention. */
export function parseCalendarUrl(text: string): string {
  const candidate = text.trim().replace(/^webcals?:\/\//i, 'https://');
  if (candidate.length > MAX_URL_LENGTH) {
    throw new AppError('availability.bad_calendar_url', `url: expected at most ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new AppError(
      'availability.bad_calendar_url',
      'url: expected a calendar address such as https://…/basic.ics',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('availability.bad_calendar_url', 'url: expected an http(s) or webcal address');
  }
  return url.toString();
}
