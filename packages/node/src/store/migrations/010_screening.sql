-- 010 screening (issue 3): designation lists and their versions, what each version changed, screening runs,
-- their hits with explanations, analysts' decisions on hits (append-only), and the alerts a list update raises
-- when the node re-screens its own records. No foreign key points into the record tables (entities,
-- entity_names): a hit or an alert keeps the record's id, and the views join to see whether it still exists.

-- A designation list: OFAC SDN, OFAC Consolidated, a UIF list, an agency watchlist.
create table screening_lists (
  id          text primary key,                 -- 'us_ofac_sdn', 'us_ofac_cons', 'puente-demo-designations', …
  title       text not null,
  source      text not null,                    -- ofac | ftm
  created_at  timestamptz not null default now()
);

-- One imported version of a list. A list's current version is its highest seq.
create table screening_list_versions (
  id            text primary key,
  list_id       text not null references screening_lists(id),
  seq           integer not null check (seq >= 1),
  label         text not null,                  -- the publisher's date or the importer's label
  format        text not null,                  -- csv | xml | advanced-xml | ftm
  files         text[] not null default '{}',
  imported_at   timestamptz not null default now(),
  imported_by   text,
  entry_count   integer not null,
  content_hash  text not null check (content_hash ~ '^[0-9a-f]{64}$'),  -- SHA-256 of the entries, RFC 8785, by id
  added         integer not null default 0,
  changed       integer not null default 0,
  removed       integer not null default 0,
  unique (list_id, seq)
);

-- The entries of a version, each as the screening engine's ListEntry (names with kinds, countries, birth dates,
-- programmes). A version is immutable once imported.
create table screening_entries (
  version_id  text not null references screening_list_versions(id) on delete cascade,
  entry_id    text not null,                    -- the list's own id (OFAC ent_num, FtM id)
  schema      text not null,
  caption     text not null,
  entry       jsonb not null,
  primary key (version_id, entry_id)
);

-- What a version added, changed and removed against the list's previous version (engine: diffLists).
create table screening_changes (
  version_id  text not null references screening_list_versions(id) on delete cascade,
  entry_id    text not null,
  change      text not null check (change in ('added', 'changed', 'removed')),
  caption     text not null,
  schema      text not null,
  fields      text[] not null default '{}',     -- for 'changed': caption, schema, names, countries, birthDates, programs
  before      jsonb,
  after       jsonb,
  primary key (version_id, entry_id)
);

-- One screening: a name, an uploaded file, or the node's re-screening of its records after a list update.
create table screening_runs (
  id            text primary key,
  kind          text not null check (kind in ('single', 'batch', 'rescreen')),
  actor_id      text,
  actor_agency  text,
  purpose       text,
  versions      text[] not null,                -- the list versions screened against
  threshold     double precision not null,
  file          text,
  queries       integer not null,
  hits          integer not null,
  alerts        integer not null default 0,
  created_at    timestamptz not null default now()
);
create index screening_runs_agency on screening_runs(actor_agency, created_at desc);

-- A candidate entry for one query, with the explanation that produced its score.
create table screening_hits (
  id             text primary key,
  run_id         text not null references screening_runs(id),
  query_id       text not null,                 -- a batch row's id, 'q' for one name, the record id in a re-screen
  query          jsonb not null,                -- { name, schema?, country?, birthDate? }
  entity_id      text,                          -- re-screen: the node's record that was screened
  rank           integer not null,
  list_id        text not null,
  version_id     text not null,
  entry_id       text not null,
  entry_caption  text not null,
  entry_schema   text not null,
  matched_name   text not null,
  score          double precision not null,
  explanation    jsonb not null,
  created_at     timestamptz not null default now()
);
create index screening_hits_run on screening_hits(run_id, query_id, rank);
create index screening_hits_subject on screening_hits(entity_id, list_id, entry_id) where entity_id is not null;

-- An analyst's decision on a hit. Append-only: a later decision supersedes an earlier one, neither is changed.
create table screening_decisions (
  id            text primary key,
  hit_id        text not null references screening_hits(id),
  entity_id     text,
  list_id       text not null,
  entry_id      text not null,
  decision      text not null check (decision in ('match', 'false_positive')),
  reason        text not null check (length(btrim(reason)) > 0),
  actor_id      text not null,
  actor_agency  text not null,
  purpose       text,
  decided_at    timestamptz not null default now()
);
create index screening_decisions_hit on screening_decisions(hit_id, decided_at desc);
create index screening_decisions_subject on screening_decisions(entity_id, list_id, entry_id) where entity_id is not null;

create function screening_decision_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'screening_decisions is append-only: % refused', tg_op
    using errcode = 'insufficient_privilege', hint = 'record a new decision instead';
end
$$;
create trigger screening_decisions_append_only before update or delete on screening_decisions
  for each row execute function screening_decision_refuse_change();

-- One alert per (record, list entry): raised by the first re-screen that finds the pair, never again.
create table screening_alerts (
  id          text primary key,
  hit_id      text not null references screening_hits(id),
  entity_id   text not null,
  list_id     text not null,
  entry_id    text not null,
  version_id  text not null,
  status      text not null default 'open' check (status in ('open', 'decided', 'delisted')),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  unique (entity_id, list_id, entry_id)
);
create index screening_alerts_status on screening_alerts(status, created_at desc);
