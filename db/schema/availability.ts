import { sql } from 'drizzle-orm';
import { customType, date, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { creatorIdColumn, tenantIdColumn } from './columns.ts';

export interface UtcRange {
  startMs: number;
  endMs: number;
}

/** Parses PostgreSQL's text form of a timestamptz (`2026-03-08 07:30:00.123+05:30`) into epoch ms. */
export function parsePgTimestamp(text: string): number {
  const iso = text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Unexpected timestamptz value: ${text}`);
  return ms;
}

/** Parses a bounded `[start,end)` tstzrange in text form. */
export function parsePgRange(value: string): UtcRange {
  const match = /^\["?([^",]+)"?,"?([^")]+)"?\)$/.exec(value);
  if (!match) throw new Error(`Expected a bounded [start,end) tstzrange, got: ${value}`);
  return { startMs: parsePgTimestamp(match[1]!), endMs: parsePgTimestamp(match[2]!) };
}

/** `tstzrange` as half-open UTC epoch-millisecond intervals, the shape core computes with. */
export const tstzrange = customType<{ data: UtcRange; driverData: string }>({
  dataType: () => 'tstzrange',
  toDriver: (range) => `[${new Date(range.startMs).toISOString()},${new Date(range.endMs).toISOString()})`,
  fromDriver: parsePgRange,
});

export const availabilityRules = pgTable('availability_rules', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: tenantIdColumn(),
  creatorId: creatorIdColumn(),
  rrule: text('rrule').notNull(),
  startTime: text('start_time').notNull(),
  endTime: text('end_time').notNull(),
  fromDate: date('from_date', { mode: 'string' }),
  untilDate: date('until_date', { mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const availabilityBlocks = pgTable('availability_blocks', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: tenantIdColumn(),
  creatorId: creatorIdColumn(),
  kind: text('kind', { enum: ['available', 'unavailable'] }).notNull(),
  during: tstzrange('during').notNull(),
  note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const calendars = pgTable('calendars', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: tenantIdColumn(),
  creatorId: creatorIdColumn(),
  source: text('source', { enum: ['ics_file', 'ics_url'] }).notNull(),
  label: text('label').notNull().default('Calendar'),
  urlSealed: text('url_sealed'),
  lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
  /** A reason code (CalendarFailureReason), never a message. */
  lastError: text('last_error'),
  /** Held by the one sync running for this calendar, until the lease ends. */
  syncClaimedUntil: timestamp('sync_claimed_until', { withTimezone: true }),
  busyCount: integer('busy_count').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const busyBlocks = pgTable('busy_blocks', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: tenantIdColumn(),
  creatorId: creatorIdColumn(),
  source: text('source', { enum: ['calendar', 'session'] }).notNull(),
  calendarId: uuid('calendar_id').references(() => calendars.id, { onDelete: 'cascade' }),
  during: tstzrange('during').notNull(),
});
