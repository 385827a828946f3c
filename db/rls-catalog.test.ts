import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../test/support/services.ts';
import { openTestPglite, openTestPostgres } from '../test/support/test-databases.ts';
import { APP_ROLE, type Database } from './database.ts';

interface TableSecurity {
  table: string;
  isRlsEnabled: boolean;
  isRlsForced: boolean;
  policies: number;
}

/** Every table in `public` with a tenant_id column, straight from the catalog: nothing can slip through. */
async function tenantTables(database: Database): Promise<TableSecurity[]> {
  return database.withOwner((q) =>
    q.query<TableSecurity>(`
      select c.relname as "table",
             c.relrowsecurity as "isRlsEnabled",
             c.relforcerowsecurity as "isRlsForced",
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by c.relname`),
  );
}

interface TenantKey {
  table: string;
  name: string;
  kind: 'primary key' | 'unique' | 'exclusion' | 'unique index';
  /** The key's columns (or index expressions) in order. */
  columns: string[];
}

/**
 * Every primary key, unique constraint, exclusion constraint and unique index on a table with a
 * tenant_id column, with its columns in order, from the catalog.
 */
async function tenantKeys(database: Database): Promise<TenantKey[]> {
  return database.withOwner((q) =>
    q.query<TenantKey>(`
      select c.relname as "table", i.relname as name,
             case when con.contype = 'p' then 'primary key'
                  when con.contype = 'u' then 'unique'
                  when con.contype = 'x' then 'exclusion'
                  else 'unique index' end as kind,
             array(select pg_get_indexdef(x.indexrelid, k, true)
                   from generate_series(1, x.indnkeyatts) k order by k) as columns
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class c on c.oid = x.indrelid
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      left join pg_constraint con on con.conindid = x.indexrelid and con.conrelid = c.oid
      where (x.indisunique or con.contype = 'x')
        and exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by c.relname, i.relname`),
  );
}

/**
 * The keys that may be global: an installation is found by its platform id before the tenant is
 * known, so (platform, external_id) is unique across tenants (a reference table under Citus).
 */
const GLOBAL_KEYS = new Set(['installations_platform_external_id_key']);

function catalogSuite(open: () => Promise<{ database: Database; close(): Promise<void> }>) {
  let database: Database;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ database, close } = await open());
  });
  afterAll(() => close());

  it('finds the tenant-owned tables', async () => {
    const tables = (await tenantTables(database)).map((t) => t.table);
    expect(tables).toEqual(
      expect.arrayContaining(['creators', 'users', 'identities', 'installations', 'audit_events']),
    );
  });

  it('has RLS enabled and forced, with a policy, on every table that has tenant_id', async () => {
    const unprotected = (await tenantTables(database)).filter(
      (t) => !t.isRlsEnabled || !t.isRlsForced || t.policies === 0,
    );
    expect(unprotected).toEqual([]);
  });

  it('leads every primary, unique and exclusion key of a tenant table with tenant_id (ready for Citus)', async () => {
    const keys = await tenantKeys(database);
    expect(keys.filter((key) => key.kind === 'primary key').length).toBeGreaterThanOrEqual(25);
    const notTenantFirst = keys
      .filter((key) => key.columns[0] !== 'tenant_id' && !GLOBAL_KEYS.has(key.name))
      .map((key) => `${key.table}.${key.name} (${key.kind}: ${key.columns.join(', ')})`);
    expect(notTenantFirst).toEqual([]);
    const tables = (await tenantTables(database)).map((t) => t.table);
    const withPrimaryKey = new Set(keys.filter((key) => key.kind === 'primary key').map((key) => key.table));
    expect(tables.filter((table) => !withPrimaryKey.has(table))).toEqual([]);
  });

  it('has composite foreign keys between tenant tables that carry tenant_id', async () => {
    const loose = await database.withOwner((q) =>
      q.query<{ name: string }>(`
        select con.conname as name
        from pg_constraint con
        join pg_class child on child.oid = con.conrelid
        join pg_class parent on parent.oid = con.confrelid
        where con.contype = 'f' and parent.relname <> 'tenants'
          and exists (select 1 from pg_attribute a
                      where a.attrelid = parent.oid and a.attname = 'tenant_id' and not a.attisdropped)
          and (select attname from pg_attribute
               where attrelid = con.conrelid and attnum = con.conkey[1]) <> 'tenant_id'`),
    );
    expect(loose.map((row) => row.name)).toEqual([]);
  });

  it('protects the tenants table itself', async () => {
    const [row] = await database.withOwner((q) =>
      q.query<{ enabled: boolean; forced: boolean }>(
        "select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class where relname = 'tenants' and relnamespace = 'public'::regnamespace",
      ),
    );
    expect(row).toEqual({ enabled: true, forced: true });
  });

  it('runs the application as a role that owns nothing and cannot bypass RLS', async () => {
    const [role] = await database.withOwner((q) =>
      q.query<{ super: boolean; bypass: boolean; owned: number }>(
        `select r.rolsuper as super, r.rolbypassrls as bypass,
                (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
         from pg_roles r where r.rolname = $1`,
        [APP_ROLE],
      ),
    );
    expect(role).toEqual({ super: false, bypass: false, owned: 0 });
  });

  it('keeps audit events append-only, even for the owner', async () => {
    const [tenant] = await database.withOwner((q) =>
      q.query<{ id: string }>(
        "insert into tenants (slug, name) values ('audit-check', 'Audit') returning id",
      ),
    );
    await database.withOwner((q) =>
      q.query(
        "insert into audit_events (tenant_id, actor_label, action, entity) values ($1, 'test', 'x', 'y')",
        [tenant!.id],
      ),
    );
    await expect(
      database.withOwner((q) => q.query('update audit_events set action = $1', ['rewritten'])),
    ).rejects.toThrow(/append-only/);
    await expect(database.withOwner((q) => q.query('delete from audit_events'))).rejects.toThrow(
      /append-only/,
    );
  });
}

describe('RLS catalog on PGlite', () => {
  catalogSuite(async () => {
    const database = await openTestPglite();
    return { database, close: () => database.close() };
  });
});

const isPostgresUp = await serviceAvailable('postgres');
describe.skipIf(!isPostgresUp)('RLS catalog on the PostgreSQL server', () => {
  catalogSuite(async () => {
    const server = await openTestPostgres();
    return { database: server.database, close: server.drop };
  });
});
