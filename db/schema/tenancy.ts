import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  plan: text('plan', { enum: ['free', 'team', 'enterprise'] })
    .notNull()
    .default('free'),
  branding: jsonb('branding').$type<Record<string, unknown>>().notNull().default({}),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  status: text('status', { enum: ['active', 'suspended'] })
    .notNull()
    .default('active'),
  ...timestamps,
});

export const installations = pgTable(
  'installations',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: ['slack', 'teams', 'discord'] }).notNull(),
    externalId: text('external_id').notNull(),
    enterpriseId: text('enterprise_id'),
    botUserId: text('bot_user_id'),
    credentialsSealed: text('credentials_sealed'),
    installedBy: text('installed_by'),
    ...timestamps,
  },
  (table) => [unique().on(table.platform, table.externalId)],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  email: text('email'),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['tenant_admin', 'staff', 'creator', 'viewer'] }).notNull(),
  status: text('status', { enum: ['active', 'invited', 'disabled'] })
    .notNull()
    .default('active'),
  timeZone: text('time_zone'),
  ...timestamps,
});

export const identities = pgTable(
  'identities',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: ['slack', 'teams', 'discord', 'console'] }).notNull(),
    externalUserId: text('external_user_id').notNull(),
    /** The Slack team / Enterprise org (Teams tenant, Discord guild) the identity came from. */
    workspaceId: text('workspace_id'),
    createdAt: timestamps.createdAt,
  },
  (table) => [unique().on(table.tenantId, table.platform, table.externalUserId)],
);
