-- 030 entity resolution (issue 4): runs of the Fellegi–Sunter deduplication over the node's Person records, the
-- pairs a run scored (with the per-field weights that made each score), analysts' decisions on pairs, and the
-- clusters (one person, several records). As with screening, no foreign key points into the record tables: a pair
-- keeps the records' ids, and a record deleted since is simply absent from the views that join to it.

create table linkage_runs (
  id            text primary key,
  created_at    timestamptz not null default now(),
  actor_id      text,
  actor_agency  text,
  purpose       text,
  records       integer not null,
  pairs         integer not null,                  -- pairs kept (probability ≥ review_floor)
  clusters      integer not null,                  -- clusters of two or more records
  threshold     double precision not null,         -- a pair at or above it links two records into one cluster
  review_floor  double precision not null,         -- pairs below it are not kept
  model         jsonb not null,                    -- the fitted model (m/u per level, prior, term frequencies)
  stats         jsonb not null                     -- blocking and EM figures
);

-- The scored pairs of a run, left_id < right_id. Only the newest run's pairs are kept.
create table linkage_pairs (
  run_id       text not null references linkage_runs(id) on delete cascade,
  left_id      text not null,
  right_id     text not null,
  probability  double precision not null check (probability >= 0 and probability <= 1),
  weight       double precision not null,          -- log2 Bayes factor: prior + Σ field weights
  explanation  jsonb not null,                     -- { prior, fields: [{ comparison, level, weight, tf?, left?, right? }] }
  primary key (run_id, left_id, right_id),
  check (left_id < right_id)
);
-- The review queue reads the most uncertain pairs first.
create index linkage_pairs_uncertainty on linkage_pairs (run_id, (abs(probability - 0.5)));
create index linkage_pairs_right on linkage_pairs (run_id, right_id);

-- Analysts' decisions: append-only; the newest decision on a pair counts, in this run and every later one.
create table linkage_decisions (
  id            text primary key,
  left_id       text not null,
  right_id      text not null,
  decision      text not null check (decision in ('match', 'no_match')),
  reason        text not null,
  actor_id      text not null,
  actor_agency  text not null,
  purpose       text,
  probability   double precision,                  -- the score the analyst saw
  decided_at    timestamptz not null default now(),
  check (left_id < right_id)
);
create index linkage_decisions_pair on linkage_decisions (left_id, right_id, decided_at desc);

-- Cluster membership in a run, for clusters of two or more records; cluster_id is the smallest member id.
create table linkage_clusters (
  run_id      text not null references linkage_runs(id) on delete cascade,
  entity_id   text not null,
  cluster_id  text not null,
  primary key (run_id, entity_id)
);
create index linkage_clusters_cluster on linkage_clusters (run_id, cluster_id);
