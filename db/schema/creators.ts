import { sql } from 'drizzle-orm';
import { boolean, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './tenancy.ts';

export const creators = pgTable(
  'creators',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    handle: text('handle').notNull(),
    displayName: text('display_name').notNull(),
    bio: text('bio').notNull().default(''),
    timeZone: text('time_zone').notNull().default('UTC'),
    skills: text('skills').array().notNull().default(sql`'{}'`),
    instruments: text('instruments').array().notNull().default(sql`'{}'`),
    roles: text('roles').array().notNull().default(sql`'{}'`),
    genres: text('genres').array().notNull().default(sql`'{}'`),
    tags: text('tags').array().notNull().default(sql`'{}'`),
    inspirations: text('inspirations').array().notNull().default(sql`'{}'`),
    credits: jsonb('credits').$type<unknown[]>().notNull().default([]),
    links: jsonb('links').$type<unknown[]>().notNull().default([]),
    location: jsonb('location').$type<Record<string, unknown> | null>(),
    isLocationOptIn: boolean('is_location_opt_in').notNull().default(false),
    pro: text('pro'),
    ipi: text('ipi'),
    contactPreference: text('contact_preference', { enum: ['chat', 'email', 'none'] })
      .notNull()
      .default('chat'),
    isWritingOptIn: boolean('is_writing_opt_in').notNull().default(true),
    derived: jsonb('derived').$type<Record<string, unknown> | null>(),
    derivedFromHash: text('derived_from_hash'),
    contentHash: text('content_hash').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.tenantId, table.handle)],
);
