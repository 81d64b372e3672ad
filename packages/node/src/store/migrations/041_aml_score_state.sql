-- 041 incremental AML scoring (issue 5): the engine's scoring state (windowed features, neighbour risk, typology
-- windows; engines/aml/snapshot.ts) after every transaction an agency could use before `through`, per model. Scoring
-- a new day restores it and reads only the transactions from `through` on, instead of the whole history. `rows` is
-- how many such transactions there were when it was taken: a later import into that period changes the count, and
-- the next scoring then rebuilds from the whole history (and replaces the state).
create table aml_score_states (
  model_id      text not null references aml_models(id),
  owner_agency  text not null,
  through       timestamptz not null,
  rows          bigint not null,
  accounts      integer not null,
  state         bytea not null,
  created_at    timestamptz not null default now(),
  primary key (model_id, owner_agency)
);
