-- A per-tenant counter that moves whenever data the match index is built from changes, so a
-- cached index is checked with one primary-key lookup instead of scanning six tables.

create table matching_versions (
  tenant_id uuid primary key references tenants (id) on delete cascade,
  version bigint not null default 0
);
alter table matching_versions enable row level security;
alter table matching_versions force row level security;
create policy tenant_isolation on matching_versions
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select on matching_versions to session_align_app, session_align_system;

-- Statement-level, so a bulk import bumps each touched tenant once, not once per row.
create or replace function bump_matching_version() returns trigger
  language plpgsql security definer set search_path = public as $$
begin
  insert into matching_versions (tenant_id, version)
  select distinct tenant_id, 1 from changed_rows
  on conflict (tenant_id) do update set version = matching_versions.version + 1;
  return null;
end $$;
revoke all on function bump_matching_version() from public;

do $$
declare t text;
begin
  foreach t in array array['creators', 'creator_credits', 'creator_embeddings', 'creator_do_not_pair', 'sessions', 'session_feedback'] loop
    execute format('create trigger %I after insert on %I referencing new table as changed_rows for each statement execute function bump_matching_version()', t || '_version_ins', t);
    execute format('create trigger %I after update on %I referencing new table as changed_rows for each statement execute function bump_matching_version()', t || '_version_upd', t);
    execute format('create trigger %I after delete on %I referencing old table as changed_rows for each statement execute function bump_matching_version()', t || '_version_del', t);
  end loop;
end $$;

-- Pair-score weights live in the tenant's settings: changing them invalidates the cache too.
create or replace function bump_matching_version_of_tenant() returns trigger
  language plpgsql security definer set search_path = public as $$
begin
  insert into matching_versions (tenant_id, version)
  select distinct id, 1 from changed_rows
  on conflict (tenant_id) do update set version = matching_versions.version + 1;
  return null;
end $$;
revoke all on function bump_matching_version_of_tenant() from public;
create trigger tenants_version_upd after update on tenants
  referencing new table as changed_rows for each statement execute function bump_matching_version_of_tenant();
