import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DomainEvent } from '../../core/events/domain-event.ts';
import { tenantIdColumn } from './columns.ts';

/** Domain events written in a command's transaction, delivered after commit (0009_application_layer.sql). */
export const outboxEvents = pgTable('outbox_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  tenantId: tenantIdColumn(),
  event: jsonb('event').$type<DomainEvent>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  claimedUntil: timestamp('claimed_until', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
});

/** The stored action behind a button token. */
export const actionTokens = pgTable(
  'action_tokens',
  {
    token: text('token').notNull(),
    tenantId: tenantIdColumn(),
    command: text('command').notNull(),
    input: jsonb('input').$type<Record<string, unknown>>().notNull(),
    forUserId: uuid('for_user_id'),
    isSingleUse: boolean('is_single_use').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.token] })],
);

/** Deliveries already handled, per platform; a system table (keys come before the tenant is known). */
export const surfaceDeliveries = pgTable(
  'surface_deliveries',
  {
    platform: text('platform', { enum: ['slack', 'teams', 'discord', 'web', 'notify'] }).notNull(),
    deliveryKey: text('delivery_key').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.platform, table.deliveryKey] })],
);

/** Where to reach a person proactively on a platform, and whether they can be reached. */
export const conversationRefs = pgTable(
  'conversation_refs',
  {
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    platform: text('platform', { enum: ['slack', 'teams', 'discord'] }).notNull(),
    workspaceId: text('workspace_id'),
    reference: jsonb('reference').$type<Record<string, unknown>>().notNull(),
    isReachable: boolean('is_reachable').notNull().default(true),
    unreachableReason: text('unreachable_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.userId, table.platform] })],
);
