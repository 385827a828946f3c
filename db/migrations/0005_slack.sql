-- Slack surface: deliveries already handled, so a retried event, a replayed slash command or a
-- double-clicked button is processed once. Looked up before the tenant is known (the key comes
-- from Slack's envelope), so it is a system table without tenant_id, reachable only by
-- session_align_system.
create table slack_deliveries (
  key text primary key,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index slack_deliveries_expires_idx on slack_deliveries (expires_at);

grant select, insert, update, delete on slack_deliveries to session_align_system;
