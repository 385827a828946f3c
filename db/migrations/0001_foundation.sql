-- Foundation: tenants, installations, users, identities, creators, audit events, job dead letters.
-- Every tenant-owned table has RLS enabled AND forced; the application works as session_align_app,
-- a role that owns nothing and sees only the rows of the tenant set by SET LOCAL app.tenant_id.

create extension if not exists btree_gist;
do $$
begin
  -- An operator can keep a database on exact scoring: ALTER DATABASE … SET session_align.vector = 'off'.
  if exists (select 1 from pg_available_extensions where name = 'vector')
     and coalesce(current_setting('session_align.vector', true), '') <> 'off' then
    create extension if not exists vector;
  end if;
end $$;

-- Roles are cluster-wide: create them once, tolerate a concurrent creator.
do $$
begin
  create role session_align_app nologin nosuperuser nobypassrls;
exception when duplicate_object or unique_violation then null;
end $$;
do $$
begin
  create role session_align_system nologin nosuperuser bypassrls;
exception when duplicate_object or unique_violation then null;
end $$;
-- The connecting (migrating) user must be able to SET ROLE to both.
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant session_align_app, session_align_system to %I', current_user);
  end if;
end $$;

grant usage on schema public to session_align_app, session_align_system;

-- The tenant of the current transaction, or null (which matches no row).
create or replace function app_current_tenant() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$'),
  name text not null check (length(name) between 1 and 200),
  plan text not null default 'free' check (plan in ('free', 'team', 'enterprise')),
  branding jsonb not null default '{}',
  settings jsonb not null default '{}',
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_self on tenants using (id = app_current_tenant()) with check (id = app_current_tenant());

create table installations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  platform text not null check (platform in ('slack', 'teams', 'discord')),
  -- Slack team id (or Enterprise Grid org id), Teams tenant id, Discord guild id.
  external_id text not null,
  enterprise_id text,
  bot_user_id text,
  -- AES-256-GCM sealed JSON (see db/secret-box.ts); never stored in clear.
  credentials_sealed text,
  installed_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (platform, external_id)
);
create index installations_tenant_idx on installations (tenant_id);

create table users (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  email text,
  display_name text not null,
  role text not null check (role in ('tenant_admin', 'staff', 'creator', 'viewer')),
  status text not null default 'active' check (status in ('active', 'invited', 'disabled')),
  time_zone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_tenant_email_idx on users (tenant_id, lower(email)) where email is not null;
create index users_tenant_idx on users (tenant_id);

create table identities (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  platform text not null check (platform in ('slack', 'teams', 'discord', 'console')),
  external_user_id text not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, platform, external_user_id)
);
create index identities_user_idx on identities (user_id);

create table creators (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid references users (id) on delete set null,
  handle text not null check (handle ~ '^[a-z0-9][a-z0-9._-]{1,31}$'),
  display_name text not null,
  bio text not null default '',
  time_zone text not null default 'UTC',
  skills text[] not null default '{}',
  instruments text[] not null default '{}',
  roles text[] not null default '{}',
  genres text[] not null default '{}',
  tags text[] not null default '{}',
  inspirations text[] not null default '{}',
  credits jsonb not null default '[]',
  links jsonb not null default '[]',
  location jsonb,
  is_location_opt_in boolean not null default false,
  pro text,
  ipi text,
  contact_preference text not null default 'chat' check (contact_preference in ('chat', 'email', 'none')),
  is_writing_opt_in boolean not null default true,
  -- What jobs derive from the profile (search text, embedding inputs) and the hash it was derived from.
  derived jsonb,
  derived_from_hash text,
  content_hash text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, handle)
);
create index creators_tenant_genres_idx on creators using gin (genres);

create table audit_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  actor_user_id uuid,
  actor_label text not null,
  action text not null,
  entity text not null,
  entity_id text,
  old_values jsonb,
  new_values jsonb,
  ip text,
  user_agent text,
  created_at timestamptz not null default now()
);
create index audit_events_tenant_entity_idx on audit_events (tenant_id, entity, entity_id);

-- Append-only, even for the owner: history is never rewritten (tenant deletion cascades by truncate-free delete
-- of the tenant, which the trigger allows only when the tenant row itself is gone).
create or replace function audit_events_append_only() returns trigger
  language plpgsql as $$
begin
  if tg_op = 'DELETE' and not exists (select 1 from tenants where id = old.tenant_id) then
    return old;
  end if;
  raise exception 'audit_events is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_events_no_rewrite before update or delete on audit_events
  for each row execute function audit_events_append_only();

create table job_dead_letters (
  id bigint generated always as identity primary key,
  tenant_id uuid references tenants (id) on delete cascade,
  queue text not null,
  job_name text not null,
  job_id text not null,
  payload jsonb not null,
  error text not null,
  attempts integer not null,
  failed_at timestamptz not null default now()
);

-- Isolation for every tenant-owned table.
do $$
declare t text;
begin
  foreach t in array array['installations', 'users', 'identities', 'creators', 'audit_events', 'job_dead_letters'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())',
      t);
  end loop;
end $$;

grant select, update on tenants to session_align_app;
grant select, insert, update, delete on installations, users, identities, creators to session_align_app;
grant select, insert on audit_events, job_dead_letters to session_align_app;
grant select, insert, update, delete on tenants, installations, users, identities, creators, job_dead_letters
  to session_align_system;
grant select, insert on audit_events to session_align_system;
