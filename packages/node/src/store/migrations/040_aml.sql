-- 040 financial intelligence (issue 5): transactions in typed columns, partitioned by month, with the import that
-- brought them; risk models; scores with their explanations; alerts and their triage; cases with evidence.
-- Who sees what: every transaction, alert and case belongs to the agency that imported or opened it and is shared
-- with the whole node only when its distribution says so (services/aml/access.ts).

create table aml_imports (
  id            text primary key,
  file          text not null,
  format        text not null,                      -- amlsim | amlworld | generic | demo
  dataset       text not null,
  owner_agency  text not null,
  distribution  text not null check (distribution in ('agency', 'node')),
  rows          integer not null,
  accounts      integer not null,
  first_ts      timestamptz,
  last_ts       timestamptz,
  actor_id      text,
  created_at    timestamptz not null default now()
);

-- One row per transaction. Partitioned by month of ts (services/aml/store.ts makes the partitions an import needs):
-- a day's scoring and a time-filtered money-flow graph read one or two partitions, and old months can be detached.
create table aml_transactions (
  tran_id            text not null,
  ts                 timestamptz not null,
  orig               text not null,
  bene               text not null,
  amount             double precision not null check (amount >= 0),
  currency           text not null default '',
  amount_received    double precision not null,
  currency_received  text not null default '',
  tx_type            text not null default '',
  place              text,                           -- country or country/place (ZIP, municipality)
  label              smallint check (label in (0, 1)), -- known outcome: from a labelled import, or a decided alert
  typology_label     text,
  import_id          text not null,
  owner_agency       text not null,
  distribution       text not null,
  primary key (tran_id, ts)
) partition by range (ts);
create index aml_transactions_orig on aml_transactions (orig, ts);
create index aml_transactions_bene on aml_transactions (bene, ts);

-- Accounts as the sources name them, with the bank, and the node's record (Person, Company) that holds it.
create table aml_accounts (
  id            text primary key,
  bank          text,
  holder        text,                                -- entity id of the holder, when known
  owner_agency  text not null,
  distribution  text not null
);

-- A trained risk model (engines/aml: windowed features, gradient-boosted trees, threshold from validation).
create table aml_models (
  id          text primary key,
  created_at  timestamptz not null default now(),
  actor_id    text,
  owner_agency text not null,
  trained_until date not null,
  threshold   double precision not null,
  model       jsonb not null,
  training    jsonb not null                        -- sizes and validation figures
);

-- An alert: one scored transaction at or above the model's threshold, or found by a typology detector, with the
-- features that made its score. Triage: open → assigned → closed (with a reason), or escalated into a case.
create table aml_alerts (
  id            text primary key,
  tran_id       text not null,
  ts            timestamptz not null,
  orig          text not null,
  bene          text not null,
  amount        double precision not null,
  currency      text not null,
  model_id      text not null references aml_models(id),
  score         double precision not null check (score >= 0 and score <= 1),
  typology      text,
  explanation   jsonb not null,                     -- { bias, logit, top: [{ feature, value, contribution }], detector? }
  status        text not null default 'open' check (status in ('open', 'assigned', 'closed', 'escalated')),
  assignee      text,
  close_reason  text,
  case_id       text,
  owner_agency  text not null,
  distribution  text not null,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  unique (tran_id, ts)
);
create index aml_alerts_status on aml_alerts (status, score desc);

create table aml_alert_notes (
  id        text primary key,
  alert_id  text not null references aml_alerts(id),
  actor_id  text not null,
  text      text not null,
  kind      text not null default 'comment' check (kind in ('comment', 'assign', 'close', 'escalate', 'reopen')),
  at        timestamptz not null default now()
);

create table aml_cases (
  id            text primary key,
  title         text not null,
  status        text not null default 'open' check (status in ('open', 'reported', 'closed')),
  summary       text not null default '',
  owner_agency  text not null,
  distribution  text not null,
  created_by    text not null,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

-- Evidence: transactions, accounts, the node's records, and graph snapshots, each as it was when added.
create table aml_case_items (
  case_id   text not null references aml_cases(id) on delete cascade,
  kind      text not null check (kind in ('transaction', 'account', 'entity', 'graph', 'alert')),
  ref       text not null,
  snapshot  jsonb not null,
  added_by  text not null,
  added_at  timestamptz not null default now(),
  primary key (case_id, kind, ref)
);
