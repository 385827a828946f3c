-- Availability: recurring rules (local wall-clock in the creator's zone), one-off blocks,
-- busy time (sessions and imported calendars: free/busy only, never titles or attendees),
-- and the calendars busy time is imported from.

create table availability_rules (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  creator_id uuid not null references creators (id) on delete cascade,
  rrule text not null check (length(rrule) between 8 and 500),
  start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text not null check (end_time ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
  from_date date,
  until_date date,
  created_at timestamptz not null default now(),
  check (until_date is null or from_date is null or until_date >= from_date)
);
create index availability_rules_creator_idx on availability_rules (tenant_id, creator_id);

create table availability_blocks (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  creator_id uuid not null references creators (id) on delete cascade,
  kind text not null check (kind in ('available', 'unavailable')),
  during tstzrange not null check (not isempty(during) and lower(during) is not null and upper(during) is not null),
  note text check (length(note) <= 500),
  created_at timestamptz not null default now()
);
create index availability_blocks_during_idx on availability_blocks using gist (creator_id, during);

create table calendars (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  creator_id uuid not null references creators (id) on delete cascade,
  source text not null check (source in ('ics_file', 'ics_url')),
  label text not null default 'Calendar',
  -- The secret ICS address is a credential: sealed like bot tokens.
  url_sealed text,
  last_synced_at timestamptz,
  last_error text,
  busy_count integer not null default 0,
  created_at timestamptz not null default now(),
  check ((source = 'ics_url') = (url_sealed is not null))
);
create index calendars_creator_idx on calendars (tenant_id, creator_id);

create table busy_blocks (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  creator_id uuid not null references creators (id) on delete cascade,
  source text not null check (source in ('calendar', 'session')),
  calendar_id uuid references calendars (id) on delete cascade,
  during tstzrange not null check (not isempty(during)),
  check ((source = 'calendar') = (calendar_id is not null))
);
create index busy_blocks_during_idx on busy_blocks using gist (creator_id, during);
create index busy_blocks_calendar_idx on busy_blocks (calendar_id);

do $$
declare t text;
begin
  foreach t in array array['availability_rules', 'availability_blocks', 'calendars', 'busy_blocks'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())',
      t);
    execute format('grant select, insert, update, delete on %I to session_align_app, session_align_system', t);
  end loop;
end $$;
