import { sql } from 'drizzle-orm';
import {
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { SessionLocation, SessionState } from '../../core/sessions/index.ts';
import { tstzrange } from './availability.ts';
import { tenantIdColumn } from './columns.ts';
import { users } from './tenancy.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });
const userRef = (name: string) => uuid(name).references(() => users.id, { onDelete: 'set null' });

export const studios = pgTable(
  'studios',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    city: text('city').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (table) => [unique().on(table.tenantId, table.name)],
);

export const studioRooms = pgTable(
  'studio_rooms',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantIdColumn(),
    studioId: uuid('studio_id')
      .notNull()
      .references(() => studios.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    capacity: integer('capacity'),
    gearNotes: text('gear_notes').notNull().default(''),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (table) => [unique().on(table.tenantId, table.studioId, table.name)],
);

export const campaigns = pgTable('campaigns', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: tenantIdColumn(),
  brief: text('brief').notNull(),
  state: text('state', { enum: ['draft', 'confirmed', 'discarded'] })
    .notNull()
    .default('draft'),
  createdByUserId: userRef('created_by_user_id'),
  createdAt: at('created_at').notNull().defaultNow(),
  confirmedAt: at('confirmed_at'),
});

/** `during` (a generated tstzrange) is left out: the database derives it from starts_at/ends_at. */
export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: tenantIdColumn(),
  title: text('title').notNull(),
  notes: text('notes').notNull().default(''),
  state: text('state').$type<SessionState>().notNull(),
  startsAt: at('starts_at').notNull(),
  endsAt: at('ends_at').notNull(),
  location: jsonb('location').$type<SessionLocation>().notNull(),
  roomId: uuid('room_id').references(() => studioRooms.id, { onDelete: 'restrict' }),
  createdByUserId: userRef('created_by_user_id'),
  proposedByUserId: userRef('proposed_by_user_id'),
  holdExpiresAt: at('hold_expires_at'),
  scheduledAt: at('scheduled_at'),
  rescheduleCount: integer('reschedule_count').notNull().default(0),
  cancelReason: text('cancel_reason'),
  cancelledByUserId: userRef('cancelled_by_user_id'),
  campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
  icsSequence: integer('ics_sequence').notNull().default(0),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const sessionParticipants = pgTable(
  'session_participants',
  {
    tenantId: tenantIdColumn(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    isRequired: boolean('is_required').notNull().default(true),
    state: text('state', { enum: ['invited', 'accepted', 'declined'] })
      .notNull()
      .default('invited'),
    respondedAt: at('responded_at'),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.sessionId, table.userId] })],
);

/** What live sessions occupy; exclusion constraints in 0003_sessions.sql forbid overlaps per person and room. */
export const sessionBookings = pgTable('session_bookings', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: tenantIdColumn(),
  sessionId: uuid('session_id')
    .notNull()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  roomId: uuid('room_id').references(() => studioRooms.id, { onDelete: 'cascade' }),
  during: tstzrange('during').notNull(),
  holdExpiresAt: at('hold_expires_at'),
});

export const campaignDrafts = pgTable('campaign_drafts', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: tenantIdColumn(),
  campaignId: uuid('campaign_id')
    .notNull()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  startsAt: at('starts_at').notNull(),
  endsAt: at('ends_at').notNull(),
  roomId: uuid('room_id').references(() => studioRooms.id, { onDelete: 'set null' }),
  participantUserIds: uuid('participant_user_ids').array().notNull(),
  sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'set null' }),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const sessionNotifications = pgTable(
  'session_notifications',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantIdColumn(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['reminder_24h', 'reminder_1h', 'feedback_request'] }).notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    claimedAt: at('claimed_at').notNull(),
    sentAt: at('sent_at'),
    attempts: integer('attempts').notNull().default(1),
    lastError: text('last_error'),
  },
  (table) => [unique().on(table.tenantId, table.dedupeKey)],
);

export const sessionFeedback = pgTable(
  'session_feedback',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantIdColumn(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    fromUserId: uuid('from_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rating: integer('rating').notNull(),
    wouldWriteAgain: boolean('would_write_again').notNull(),
    note: text('note'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (table) => [unique().on(table.tenantId, table.sessionId, table.fromUserId)],
);
