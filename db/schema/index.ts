// The tables as drizzle builds queries from them. The SQL migrations (db/migrations) are the truth
// for keys and constraints: since 0010 every tenant table's primary key leads with tenant_id
// ((tenant_id, id) where a table is keyed by id, which this file still marks on `id` alone for the
// types), and composite foreign keys name (tenant_id, id).
export * from './application.ts';
export * from './audit.ts';
export * from './availability.ts';
export * from './creators.ts';
export * from './matching.ts';
export * from './sessions.ts';
export * from './tenancy.ts';
