import { uuid } from 'drizzle-orm/pg-core';
import { creators } from './creators.ts';
import { tenants } from './tenancy.ts';

/** `tenant_id uuid not null references tenants on delete cascade`: every tenant-owned table has it. */
export const tenantIdColumn = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

/** A required reference to a creator, gone with the creator. */
export const creatorIdColumn = (name = 'creator_id') =>
  uuid(name)
    .notNull()
    .references(() => creators.id, { onDelete: 'cascade' });
