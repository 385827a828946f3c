import { sql } from 'drizzle-orm';
import {
  bigint,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { creatorIdColumn, tenantIdColumn } from './columns.ts';
import { creators } from './creators.ts';
import { tenants, users } from './tenancy.ts';

/** A distinct work of a tenant, keyed by ISWC or normalised title + artist (`workKey`). */
export const works = pgTable(
  'works',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantIdColumn(),
    workKey: text('work_key').notNull(),
    title: text('title').notNull(),
    artist: text('artist'),
    iswc: text('iswc'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.tenantId, table.workKey)],
);

/** A creator's credit on a work: creators sharing a work have co-written. */
export const creatorCredits = pgTable(
  'creator_credits',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: tenantIdColumn(),
    creatorId: creatorIdColumn('creator_id'),
    workId: uuid('work_id')
      .notNull()
      .references(() => works.id, { onDelete: 'cascade' }),
    role: text('role'),
    year: integer('year'),
    isrc: text('isrc'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.tenantId, table.creatorId, table.workId)],
);

/** A profile's embedding by one model (`real[]`), valid while `contentHash` equals the creator's. */
export const creatorEmbeddings = pgTable(
  'creator_embeddings',
  {
    creatorId: uuid('creator_id')
      .notNull()
      .references(() => creators.id, { onDelete: 'cascade' }),
    tenantId: tenantIdColumn(),
    model: text('model').notNull(),
    dimensions: integer('dimensions').notNull(),
    embedding: real('embedding').array().notNull(),
    contentHash: text('content_hash').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.creatorId] })],
);

/** Never suggested together, either direction; stored once with the lower creator id first. */
export const creatorDoNotPair = pgTable(
  'creator_do_not_pair',
  {
    tenantId: tenantIdColumn(),
    creatorId: creatorIdColumn('creator_id'),
    otherCreatorId: creatorIdColumn('other_creator_id'),
    reason: text('reason'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.creatorId, table.otherCreatorId] })],
);

/** Moved by triggers whenever match inputs change; the match-data cache compares it. */
export const matchingVersions = pgTable('matching_versions', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  /** Per-source counters (0011): which of the sources behind the version moved. */
  creatorsVersion: bigint('creators_version', { mode: 'number' }).notNull().default(0),
  embeddingsVersion: bigint('embeddings_version', { mode: 'number' }).notNull().default(0),
  rulesVersion: bigint('rules_version', { mode: 'number' }).notNull().default(0),
  historyVersion: bigint('history_version', { mode: 'number' }).notNull().default(0),
  settingsVersion: bigint('settings_version', { mode: 'number' }).notNull().default(0),
});
