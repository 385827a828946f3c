import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Slack deliveries already handled (event ids, trigger ids, button presses); a system table. */
export const slackDeliveries = pgTable(
  'slack_deliveries',
  {
    key: text('key').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('slack_deliveries_expires_idx').on(table.expiresAt)],
);
