-- The application layer (issue 10): an outbox of domain events written in each command's own
-- transaction and delivered after commit; stored actions behind button tokens; one delivery ledger
-- for every platform (replacing slack_deliveries); and conversation references for proactive
-- messages on platforms that need them (Teams).

create table outbox_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  event jsonb not null check (pg_column_size(event) <= 16384),
  created_at timestamptz not null default now(),
  -- A deliverer claims an event until then; a claim whose deliverer died is taken over after it.
  claimed_until timestamptz,
  delivered_at timestamptz,
  attempts integer not null default 0,
  last_error text check (length(last_error) <= 500)
);
create index outbox_events_pending_idx on outbox_events (id) where delivered_at is null;

create table action_tokens (
  token text primary key check (length(token) between 16 and 64),
  tenant_id uuid not null references tenants (id) on delete cascade,
  command text not null check (length(command) between 1 and 80),
  input jsonb not null check (pg_column_size(input) <= 8192),
  -- Only this user may press it; null: anyone of the tenant the command's roles allow.
  for_user_id uuid,
  is_single_use boolean not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (tenant_id, for_user_id) references users (tenant_id, id) on delete cascade
);
create index action_tokens_expiry_idx on action_tokens (expires_at);

-- Deliveries already handled, per platform (Slack event ids and trigger ids, Teams activity ids,
-- Discord interaction ids, notification dedupe keys). Looked up before the tenant is known (the key
-- comes from the platform's envelope), so it is a system table without tenant_id.
create table surface_deliveries (
  platform text not null check (platform in ('slack', 'teams', 'discord', 'web', 'notify')),
  delivery_key text not null check (length(delivery_key) <= 400),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (platform, delivery_key)
);
create index surface_deliveries_expires_idx on surface_deliveries (expires_at);
insert into surface_deliveries (platform, delivery_key, expires_at, created_at)
  select 'slack', key, expires_at, created_at from slack_deliveries where length(key) <= 400
  on conflict do nothing;
drop table slack_deliveries;

-- Where to reach a person proactively on a platform (a Teams conversation reference, a Slack DM
-- channel), and whether they can be reached at all (uninstalled or blocked: not retried forever).
create table conversation_refs (
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null,
  platform text not null check (platform in ('slack', 'teams', 'discord')),
  workspace_id text,
  reference jsonb not null check (pg_column_size(reference) <= 8192),
  is_reachable boolean not null default true,
  unreachable_reason text check (length(unreachable_reason) <= 200),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id, platform),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);

do $$
declare t text;
begin
  foreach t in array array['outbox_events', 'action_tokens', 'conversation_refs'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())',
      t);
    execute format('grant select, insert, update, delete on %I to session_align_app, session_align_system', t);
  end loop;
end $$;
grant select, insert, update, delete on surface_deliveries to session_align_system;
