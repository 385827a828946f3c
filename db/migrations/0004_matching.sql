-- Matching: works and structured credits (the collaboration graph), creator embeddings (real[] with a
-- pgvector HNSW expression index where the extension exists) and do-not-pair pairs.
-- Per-tenant pair-score weights live in tenants.settings -> 'matching' -> 'weights' (no table).

-- One row per distinct work of a tenant. work_key: 'iswc:T-…' when an ISWC is known, otherwise
-- 'work:<normalised title>|<normalised primary artist>' (core/profiles/work-key.ts).
create table works (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  work_key text not null check (length(work_key) between 6 and 700),
  title text not null check (length(title) between 1 and 300),
  artist text check (length(artist) <= 300),
  iswc text,
  created_at timestamptz not null default now(),
  unique (tenant_id, work_key)
);

-- A creator's credit on a work. Two creators credited on one work have co-written.
create table creator_credits (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  creator_id uuid not null references creators (id) on delete cascade,
  work_id uuid not null references works (id) on delete cascade,
  role text,
  year integer check (year between 1900 and 2100),
  isrc text,
  created_at timestamptz not null default now(),
  unique (tenant_id, creator_id, work_id)
);
create index creator_credits_work_idx on creator_credits (tenant_id, work_id);

-- The embedding of a creator's profile by one model, valid while content_hash equals the creator's.
create table creator_embeddings (
  creator_id uuid primary key references creators (id) on delete cascade,
  tenant_id uuid not null references tenants (id) on delete cascade,
  model text not null check (length(model) between 1 and 200),
  dimensions integer not null check (dimensions between 1 and 4000),
  embedding real[] not null check (cardinality(embedding) = dimensions),
  content_hash text not null,
  updated_at timestamptz not null default now()
);
create index creator_embeddings_tenant_model_idx on creator_embeddings (tenant_id, model);

-- Nearest neighbours through pgvector where it is installed (PGlite ships it; a server may not).
-- Partial on the local embedder's 256 dimensions: a cast of another length would fail. Vectors of other
-- dimensions (a provider model) are scored exactly unless an operator adds an index for them.
do $$
begin
  if exists (select 1 from pg_extension where extname = 'vector') then
    execute 'create index creator_embeddings_hnsw_256_idx on creator_embeddings
      using hnsw ((embedding::vector(256)) vector_cosine_ops) where dimensions = 256';
  end if;
end $$;

-- Never suggested together, in either direction: stored once per pair, lower id first.
create table creator_do_not_pair (
  tenant_id uuid not null references tenants (id) on delete cascade,
  creator_id uuid not null references creators (id) on delete cascade,
  other_creator_id uuid not null references creators (id) on delete cascade,
  reason text check (length(reason) <= 500),
  created_by_user_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, creator_id, other_creator_id),
  check (creator_id < other_creator_id)
);

do $$
declare t text;
begin
  foreach t in array array['works', 'creator_credits', 'creator_embeddings', 'creator_do_not_pair'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())',
      t);
    execute format('grant select, insert, update, delete on %I to session_align_app, session_align_system', t);
  end loop;
end $$;
