-- 001 core: identity, records with statements, audit. One SQL dialect for PGlite and PostgreSQL 15+.

create extension if not exists pg_trgm;
create extension if not exists unaccent;

-- A key/value room for node-level facts (node id, country, audit head lock row).
create table node_state (
  key   text primary key,
  value jsonb not null
);

create table agencies (
  id       text primary key,              -- short code, e.g. 'mx-uif', 'us-fincen'
  country  char(2) not null,
  name     text not null,                  -- official name (in its own language)
  name_en  text not null,
  name_es  text not null,
  created_at timestamptz not null default now()
);

create table users (
  id            text primary key,
  username      text not null unique,
  display_name  text not null,
  agency_id     text not null references agencies(id),
  country       char(2) not null,
  roles         text[] not null,          -- analyst, supervisor, auditor, admin
  password_hash text not null,            -- argon2id PHC string
  disabled      boolean not null default false,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

create table sessions (
  id          text primary key,            -- SHA-256 of the session token; the token itself is never stored
  user_id     text not null references users(id),
  purpose     text,                        -- purpose the user stated for this session
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  last_seen   timestamptz not null default now(),
  ip          text,
  user_agent  text
);
create index sessions_user on sessions(user_id);

-- Sharing agreements referenced by distribution = 'agreement' (full agreements arrive with federation).
create table agreements (
  id         text primary key,
  title      text not null,
  parties    text[] not null,              -- country codes and/or agency ids
  valid_from date not null,
  valid_to   date,
  body       jsonb not null default '{}'
);

-- One row per entity: its schema, caption and record metadata (owner, distribution, legal basis, retention).
create table entities (
  id              text primary key,
  schema          text not null,
  caption         text not null,
  owner_country   char(2) not null,
  owner_agency    text not null,
  distribution    text not null check (distribution in ('agency','node','bilateral','agreement')),
  agreement_id    text,
  legal_basis     text not null,
  purposes        text[] not null,
  retention_until date not null,
  dataset         text not null,
  origin_node     text not null,
  locked          boolean not null default false,
  personal_data   boolean not null default false,   -- Person-like schemata: reads are audited with purpose
  first_seen      timestamptz not null,
  last_seen       timestamptz not null,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
create index entities_schema on entities(schema);
create index entities_owner on entities(owner_country, owner_agency);

-- Every value with its provenance. Properties of type 'entity' hold other entities' ids (the graph).
create table statements (
  id            bigserial primary key,
  entity_id     text not null references entities(id) on delete cascade,
  schema        text not null,
  prop          text not null,
  prop_type     text not null,                 -- FtM property type: name, date, entity, country, ...
  value         text not null,
  dataset       text not null,
  origin_node   text not null,
  origin_agency text not null,
  lang          text,
  first_seen    timestamptz not null,
  last_seen     timestamptz not null,
  unique (entity_id, prop, value, dataset)
);
create index statements_entity on statements(entity_id);
-- Reverse edges: which entities point at this one.
create index statements_ref on statements(value) where prop_type = 'entity';

-- Names folded for search (lower case, accents removed, punctuation collapsed) with a trigram index.
create table entity_names (
  entity_id text not null references entities(id) on delete cascade,
  name      text not null,
  folded    text not null,
  primary key (entity_id, name)
);
create index entity_names_trgm on entity_names using gin (folded gin_trgm_ops);

-- Append-only, hash-chained audit log: hash = SHA-256(prev_hash || RFC 8785 canonical JSON of the row).
create table audit_events (
  seq           bigint primary key,
  ts            timestamptz not null,
  actor_id      text,
  actor_agency  text,
  actor_country char(2),
  action        text not null,                  -- login, entity.read, entity.write, import, export, policy.change, ...
  outcome       text not null,                  -- ok, denied, failed
  resource_type text,
  resource_id   text,
  purpose       text,
  legal_basis   text,
  request_id    text,
  detail        jsonb not null default '{}',
  prev_hash     text not null,
  hash          text not null unique
);
create index audit_events_actor on audit_events(actor_id, ts);
create index audit_events_resource on audit_events(resource_type, resource_id);

-- Signed RFC 6962 Merkle checkpoints over audit_events[0, tree_size).
create table audit_checkpoints (
  tree_size    bigint primary key,
  root_hash    text not null,
  ts           timestamptz not null,
  node_id      text not null,
  key_id       text not null,
  signature    text not null,                    -- Ed25519 over the checkpoint's signed note, base64
  countersignatures jsonb not null default '[]'  -- partners' signatures over the same note
);

-- Each import batch, for status and idempotence.
create table imports (
  id          text primary key,
  file        text not null,
  format      text not null,
  actor_id    text,
  started_at  timestamptz not null default now(),
  finished_at timestamptz,
  status      text not null,                    -- running, ok, failed
  entities    integer not null default 0,
  error       jsonb
);
