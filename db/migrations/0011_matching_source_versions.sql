-- Per-source counters beside the overall matching version: when the version moves, a cached match
-- index re-reads only the sources whose counter moved (a profile edit does not re-read the do-not-pair
-- list, the session history or the tenant's settings).

alter table matching_versions
  add column creators_version bigint not null default 0,
  add column embeddings_version bigint not null default 0,
  add column rules_version bigint not null default 0,
  add column history_version bigint not null default 0,
  add column settings_version bigint not null default 0;

-- TG_ARGV[0] names the source: creators, embeddings, rules or history.
create or replace function bump_matching_version() returns trigger
  language plpgsql security definer set search_path = public as $$
declare
  source text := TG_ARGV[0];
begin
  insert into matching_versions (
    tenant_id, version, creators_version, embeddings_version, rules_version, history_version
  )
  select distinct tenant_id, 1,
    (source = 'creators')::int, (source = 'embeddings')::int,
    (source = 'rules')::int, (source = 'history')::int
  from changed_rows
  on conflict (tenant_id) do update set
    version = matching_versions.version + 1,
    creators_version = matching_versions.creators_version + excluded.creators_version,
    embeddings_version = matching_versions.embeddings_version + excluded.embeddings_version,
    rules_version = matching_versions.rules_version + excluded.rules_version,
    history_version = matching_versions.history_version + excluded.history_version;
  return null;
end $$;
revoke all on function bump_matching_version() from public;

do $$
declare
  t text;
  source text;
begin
  foreach t in array array['creators', 'creator_credits', 'creator_embeddings', 'creator_do_not_pair', 'sessions', 'session_feedback'] loop
    source := case t
      when 'creators' then 'creators' when 'creator_credits' then 'creators'
      when 'creator_embeddings' then 'embeddings' when 'creator_do_not_pair' then 'rules'
      else 'history' end;
    execute format('drop trigger %I on %I', t || '_version_ins', t);
    execute format('drop trigger %I on %I', t || '_version_upd', t);
    execute format('drop trigger %I on %I', t || '_version_del', t);
    execute format('create trigger %I after insert on %I referencing new table as changed_rows for each statement execute function bump_matching_version(%L)', t || '_version_ins', t, source);
    execute format('create trigger %I after update on %I referencing new table as changed_rows for each statement execute function bump_matching_version(%L)', t || '_version_upd', t, source);
    execute format('create trigger %I after delete on %I referencing old table as changed_rows for each statement execute function bump_matching_version(%L)', t || '_version_del', t, source);
  end loop;
end $$;

create or replace function bump_matching_version_of_tenant() returns trigger
  language plpgsql security definer set search_path = public as $$
begin
  insert into matching_versions (tenant_id, version, settings_version)
  select distinct id, 1, 1 from changed_rows
  on conflict (tenant_id) do update set
    version = matching_versions.version + 1,
    settings_version = matching_versions.settings_version + 1;
  return null;
end $$;
revoke all on function bump_matching_version_of_tenant() from public;
