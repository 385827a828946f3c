-- Defence in depth for tenant isolation (issue 9, item 11), and the workspace an identity came from.
--
-- 1. Every reference between tenant-owned rows includes tenant_id: a row can only point at a row of
--    its own tenant, and a foreign-key error no longer tells whether an id exists in another tenant
--    (the referenced key is (tenant_id, id), and RLS forces tenant_id to the caller's tenant).
-- 2. The application role cannot change its tenant's plan or status.
-- 3. The two application roles can log in themselves, so the server path connects as them instead of
--    connecting as the owner and SET ROLE (which RESET ROLE would undo).
-- 4. identities.workspace_id: the Slack team / Enterprise org (Teams tenant, Discord guild) a platform
--    identity belongs to, so messages to that person go through that workspace's installation.

-- (tenant_id, id) keys for every table that other tenant-owned rows point at.
do $$
declare t text;
begin
  foreach t in array array['users', 'creators', 'calendars', 'studios', 'studio_rooms', 'campaigns',
                           'sessions', 'works'] loop
    execute format('alter table %I add constraint %I unique (tenant_id, id)', t, t || '_tenant_id_id_key');
  end loop;
end $$;

-- Replaces a single-column foreign key by one on (tenant_id, column). `on_delete` keeps the old rule;
-- SET NULL names its column so tenant_id (not null) is never nulled (PostgreSQL 15+).
create or replace function pg_temp.tenant_scoped_fk(
  tbl text, col text, ref text, on_delete text
) returns void language plpgsql as $$
declare
  old_name text;
  rule text := case on_delete when 'set null' then format('set null (%I)', col) else on_delete end;
begin
  select c.conname into old_name
  from pg_constraint c
  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
  where c.contype = 'f' and c.conrelid = tbl::regclass and array_length(c.conkey, 1) = 1
    and a.attname = col;
  if old_name is null then
    raise exception 'no single-column foreign key on %.%', tbl, col;
  end if;
  execute format('alter table %I drop constraint %I', tbl, old_name);
  execute format(
    'alter table %I add constraint %I foreign key (tenant_id, %I) references %I (tenant_id, id) on delete %s',
    tbl, tbl || '_' || col || '_tenant_fkey', col, ref, rule);
end $$;

select pg_temp.tenant_scoped_fk('identities', 'user_id', 'users', 'cascade');
select pg_temp.tenant_scoped_fk('creators', 'user_id', 'users', 'set null');
select pg_temp.tenant_scoped_fk('availability_rules', 'creator_id', 'creators', 'cascade');
select pg_temp.tenant_scoped_fk('availability_blocks', 'creator_id', 'creators', 'cascade');
select pg_temp.tenant_scoped_fk('calendars', 'creator_id', 'creators', 'cascade');
select pg_temp.tenant_scoped_fk('busy_blocks', 'creator_id', 'creators', 'cascade');
select pg_temp.tenant_scoped_fk('busy_blocks', 'calendar_id', 'calendars', 'cascade');
select pg_temp.tenant_scoped_fk('studio_rooms', 'studio_id', 'studios', 'cascade');
select pg_temp.tenant_scoped_fk('campaigns', 'created_by_user_id', 'users', 'set null');
select pg_temp.tenant_scoped_fk('sessions', 'campaign_id', 'campaigns', 'set null');
select pg_temp.tenant_scoped_fk('sessions', 'cancelled_by_user_id', 'users', 'set null');
select pg_temp.tenant_scoped_fk('sessions', 'created_by_user_id', 'users', 'set null');
select pg_temp.tenant_scoped_fk('sessions', 'proposed_by_user_id', 'users', 'set null');
-- NO ACTION (checked at the end of the statement) rather than RESTRICT, so deleting a whole tenant
-- can cascade through rooms and sessions in one statement; a room with sessions still cannot go alone.
select pg_temp.tenant_scoped_fk('sessions', 'room_id', 'studio_rooms', 'no action');
select pg_temp.tenant_scoped_fk('session_participants', 'session_id', 'sessions', 'cascade');
select pg_temp.tenant_scoped_fk('session_participants', 'user_id', 'users', 'cascade');
select pg_temp.tenant_scoped_fk('session_bookings', 'session_id', 'sessions', 'cascade');
select pg_temp.tenant_scoped_fk('session_bookings', 'user_id', 'users', 'cascade');
select pg_temp.tenant_scoped_fk('session_bookings', 'room_id', 'studio_rooms', 'cascade');
select pg_temp.tenant_scoped_fk('campaign_drafts', 'campaign_id', 'campaigns', 'cascade');
select pg_temp.tenant_scoped_fk('campaign_drafts', 'room_id', 'studio_rooms', 'set null');
select pg_temp.tenant_scoped_fk('campaign_drafts', 'session_id', 'sessions', 'set null');
select pg_temp.tenant_scoped_fk('session_notifications', 'session_id', 'sessions', 'cascade');
select pg_temp.tenant_scoped_fk('session_notifications', 'user_id', 'users', 'cascade');
select pg_temp.tenant_scoped_fk('session_feedback', 'session_id', 'sessions', 'cascade');
select pg_temp.tenant_scoped_fk('session_feedback', 'from_user_id', 'users', 'cascade');
select pg_temp.tenant_scoped_fk('creator_credits', 'creator_id', 'creators', 'cascade');
select pg_temp.tenant_scoped_fk('creator_credits', 'work_id', 'works', 'cascade');
select pg_temp.tenant_scoped_fk('creator_embeddings', 'creator_id', 'creators', 'cascade');
select pg_temp.tenant_scoped_fk('creator_do_not_pair', 'creator_id', 'creators', 'cascade');
select pg_temp.tenant_scoped_fk('creator_do_not_pair', 'other_creator_id', 'creators', 'cascade');
select pg_temp.tenant_scoped_fk('creator_do_not_pair', 'created_by_user_id', 'users', 'set null');

-- The application may rename its tenant and change its settings, never its plan or status.
revoke update on tenants from session_align_app;
grant update (name, branding, settings, updated_at) on tenants to session_align_app;

-- Log-in roles for the server path (PGlite has one in-process client and keeps SET LOCAL ROLE).
-- Managed servers may refuse ALTER ROLE to a migrating user without CREATEROLE: then an operator
-- grants LOGIN once (the README says how), and the server says so plainly when it cannot connect.
do $$
begin
  alter role session_align_app login;
  alter role session_align_system login;
exception when insufficient_privilege then
  raise notice 'could not grant LOGIN to the session_align roles: %', sqlerrm;
end $$;

alter table identities add column workspace_id text;
comment on column identities.workspace_id is
  'Slack team or Enterprise org id (Teams tenant id, Discord guild id) this identity came from';
