-- Tenant-first keys (issue 13): every tenant table's primary key, unique keys and exclusion
-- constraints lead with tenant_id, so the schema can be distributed by tenant_id (Citus) without
-- rewriting its keys: a distributed table's unique and exclusion constraints must include the
-- distribution column. Lookups by id inside a tenant transaction still use these indexes, because
-- the row-level security policy supplies tenant_id = app_current_tenant() (a stable function).
-- The one exception is installations (platform, external_id): an organisation is found before its
-- tenant is known, so that key is global; under Citus, installations is a reference table.
-- db/rls-catalog.test.ts checks all of this in the catalog.

-- Tables keyed by (id), most with a separate unique (tenant_id, id) that the composite foreign keys
-- reference. The primary key becomes (tenant_id, id) and replaces that unique key: the foreign keys
-- that used it are dropped and made again, unchanged, against the new primary key.
do $$
declare
  t text;
  fk record;
  saved text[];
begin
  foreach t in array array[
    'audit_events', 'availability_blocks', 'availability_rules', 'busy_blocks', 'calendars',
    'campaign_drafts', 'campaigns', 'creator_credits', 'creators', 'identities', 'installations',
    'job_dead_letters', 'outbox_events', 'session_bookings', 'session_feedback',
    'session_notifications', 'sessions', 'studio_rooms', 'studios', 'users', 'works'
  ] loop
    saved := array[]::text[];
    for fk in
      select c.conname, c.conrelid::regclass as child, pg_get_constraintdef(c.oid) as def
      from pg_constraint c
      where c.contype = 'f' and c.confrelid = t::regclass
    loop
      saved := saved || format('alter table %s add constraint %I %s', fk.child, fk.conname, fk.def);
      execute format('alter table %s drop constraint %I', fk.child, fk.conname);
    end loop;
    execute format('alter table %I drop constraint if exists %I', t, t || '_tenant_id_id_key');
    execute format('alter table %I drop constraint %I', t, t || '_pkey');
    execute format('alter table %I add constraint %I primary key (tenant_id, id)', t, t || '_pkey');
    for i in 1 .. coalesce(array_length(saved, 1), 0) loop
      execute saved[i];
    end loop;
  end loop;
end $$;

-- Keys that named other columns first.
alter table action_tokens drop constraint action_tokens_pkey;
alter table action_tokens add constraint action_tokens_pkey primary key (tenant_id, token);

alter table creator_embeddings drop constraint creator_embeddings_pkey;
alter table creator_embeddings add constraint creator_embeddings_pkey primary key (tenant_id, creator_id);

alter table session_participants drop constraint session_participants_pkey;
alter table session_participants add constraint session_participants_pkey
  primary key (tenant_id, session_id, user_id);

alter table session_feedback drop constraint session_feedback_session_id_from_user_id_key;
alter table session_feedback add constraint session_feedback_tenant_session_from_key
  unique (tenant_id, session_id, from_user_id);

alter table session_notifications drop constraint session_notifications_dedupe_key_key;
alter table session_notifications add constraint session_notifications_tenant_dedupe_key
  unique (tenant_id, dedupe_key);

alter table studio_rooms drop constraint studio_rooms_studio_id_name_key;
alter table studio_rooms add constraint studio_rooms_tenant_studio_name_key unique (tenant_id, studio_id, name);

-- A person or a room is double-booked within its own tenant (ids are per tenant anyway).
alter table session_bookings drop constraint session_bookings_no_double_booked_person;
alter table session_bookings add constraint session_bookings_no_double_booked_person
  exclude using gist (tenant_id with =, user_id with =, during with &&) where (user_id is not null);
alter table session_bookings drop constraint session_bookings_no_double_booked_room;
alter table session_bookings add constraint session_bookings_no_double_booked_room
  exclude using gist (tenant_id with =, room_id with =, during with &&) where (room_id is not null);
