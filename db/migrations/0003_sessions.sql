-- Sessions: studios and rooms, sessions with per-participant answers, the bookings that make double
-- booking impossible, campaigns of promotable drafts, reminder/feedback notifications and feedback.

create table studios (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  address text not null check (length(address) between 1 and 300),
  city text not null check (length(city) between 1 and 120),
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

create table studio_rooms (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  studio_id uuid not null references studios (id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  capacity integer check (capacity between 1 and 500),
  gear_notes text not null default '' check (length(gear_notes) <= 1000),
  created_at timestamptz not null default now(),
  unique (studio_id, name)
);
create index studio_rooms_tenant_idx on studio_rooms (tenant_id);

create table campaigns (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  brief text not null check (length(brief) between 1 and 2000),
  state text not null default 'draft' check (state in ('draft', 'confirmed', 'discarded')),
  created_by_user_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz
);
create index campaigns_tenant_idx on campaigns (tenant_id, state);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  notes text not null default '' check (length(notes) <= 4000),
  state text not null check (state in
    ('suggested', 'proposed', 'accepted', 'scheduled', 'done', 'declined', 'cancelled', 'expired')),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  during tstzrange generated always as (tstzrange(starts_at, ends_at, '[)')) stored,
  -- core's SessionLocation; the room is copied out so bookings and foreign keys can use it.
  location jsonb not null default '{"kind": "tbd"}',
  room_id uuid references studio_rooms (id) on delete restrict,
  created_by_user_id uuid references users (id) on delete set null,
  proposed_by_user_id uuid references users (id) on delete set null,
  hold_expires_at timestamptz,
  scheduled_at timestamptz,
  reschedule_count integer not null default 0,
  cancel_reason text check (length(cancel_reason) <= 1000),
  cancelled_by_user_id uuid references users (id) on delete set null,
  campaign_id uuid references campaigns (id) on delete set null,
  -- The ICS SEQUENCE: bumped whenever what the invite says changes (RFC 5546 2.1.4).
  ics_sequence integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index sessions_sweep_idx on sessions (tenant_id, state, hold_expires_at);
create index sessions_starts_idx on sessions (tenant_id, starts_at);

create table session_participants (
  tenant_id uuid not null references tenants (id) on delete cascade,
  session_id uuid not null references sessions (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  is_required boolean not null default true,
  state text not null default 'invited' check (state in ('invited', 'accepted', 'declined')),
  responded_at timestamptz,
  primary key (session_id, user_id)
);
create index session_participants_user_idx on session_participants (tenant_id, user_id);

-- What a live session (proposed, accepted, scheduled) occupies: one row per person who has not
-- declined and one for the room. The repository rewrites a session's rows in the same transaction
-- as the session, so the exclusion constraints below are the double-booking guarantee. A hold that
-- expired still has rows until its session is expired: whoever proposes over it expires it first.
create table session_bookings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  session_id uuid not null references sessions (id) on delete cascade,
  user_id uuid references users (id) on delete cascade,
  room_id uuid references studio_rooms (id) on delete cascade,
  during tstzrange not null check (not isempty(during) and lower(during) is not null and upper(during) is not null),
  hold_expires_at timestamptz,
  check (num_nonnulls(user_id, room_id) = 1),
  constraint session_bookings_no_double_booked_person
    exclude using gist (user_id with =, during with &&) where (user_id is not null),
  constraint session_bookings_no_double_booked_room
    exclude using gist (room_id with =, during with &&) where (room_id is not null)
);
create index session_bookings_session_idx on session_bookings (session_id);

create table campaign_drafts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  room_id uuid references studio_rooms (id) on delete set null,
  participant_user_ids uuid[] not null,
  -- Set when the campaign is confirmed and the draft became a session.
  session_id uuid references sessions (id) on delete set null,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index campaign_drafts_campaign_idx on campaign_drafts (campaign_id);

-- One row per reminder/feedback request and person, claimed before it is sent and marked sent after:
-- the unique dedupe key makes "send once" a database fact, and a claim whose sender died is retried.
create table session_notifications (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  session_id uuid not null references sessions (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (kind in ('reminder_24h', 'reminder_1h', 'feedback_request')),
  dedupe_key text not null unique,
  claimed_at timestamptz not null,
  sent_at timestamptz,
  attempts integer not null default 1,
  last_error text
);
create index session_notifications_session_idx on session_notifications (tenant_id, session_id);

create table session_feedback (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  session_id uuid not null references sessions (id) on delete cascade,
  from_user_id uuid not null references users (id) on delete cascade,
  rating integer not null check (rating between 1 and 5),
  would_write_again boolean not null,
  note text check (char_length(note) <= 1000),
  created_at timestamptz not null default now(),
  unique (session_id, from_user_id)
);
create index session_feedback_tenant_idx on session_feedback (tenant_id);

do $$
declare t text;
begin
  foreach t in array array['studios', 'studio_rooms', 'campaigns', 'sessions', 'session_participants',
                           'session_bookings', 'campaign_drafts', 'session_notifications', 'session_feedback'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())',
      t);
    execute format('grant select, insert, update, delete on %I to session_align_app, session_align_system', t);
  end loop;
end $$;
