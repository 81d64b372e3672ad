-- 020 protect (issue 7): case-count series, alert rules and alerts, subscriptions, hot-spot geography,
-- the Network for Homicide Prevention's practice library and task-force cases.
--
-- Storage of the counts: ONE ROW PER SERIES (place × indicator) holding its values as a float8[] array
-- from a first period on (NULL elements = missing, R's NA). Detection reads whole series, thousands at a
-- time: 2,500 series × 120 months is 2,500 rows of ~1 kB instead of 300,000 rows, one index probe per
-- series, no regrouping in the application, and the engines receive the array as it is stored. A map
-- needs one period across series: `values[p - start_period + 1]` reads it in place (an array subscript,
-- no unnest). Imports merge new periods into the arrays in the application, inside the import's one
-- transaction.

-- Places: INEGI states (2 digits) and municipalities (5), U.S. states (2-digit FIPS) and counties (5),
-- and synthetic demo places. The key carries the country (INEGI '09' and FIPS '09' are different
-- places): 'MX-11020', 'US-06', 'MX-DEMO-0101'.
create table protect_places (
  code        text primary key,                -- country-prefixed, e.g. 'MX-11020', 'US-06037'
  country     char(2) not null,
  native_code text not null,                   -- the code as its publisher writes it (INEGI clave, FIPS)
  level       text not null check (level in ('nation','state','municipality','county','city')),
  name        text not null,
  parent_code text,                            -- the state of a municipality or county
  population  bigint,                          -- for rates per 100,000 (census year in population_year)
  population_year int,
  lon         double precision,                -- a representative point (centroid) for labels and KDE
  lat         double precision,
  synthetic   boolean not null default false   -- demo world
);
create index protect_places_parent on protect_places(parent_code);

-- Boundaries shipped by the demo world (GeoJSON geometry per place). Real INEGI/Census boundaries are
-- read in place from the shared data folder, never copied here. Neighbours (queen contiguity) are derived
-- from whichever boundaries cover the places, when hot spots are asked for.
create table protect_boundaries (
  place_code text primary key references protect_places(code) on delete cascade,
  geometry   jsonb not null
);

-- What is counted. `domain`: health (overdose deaths, emergency visits, toxicology findings), demand
-- (treatment admissions, seizures) or violence (homicides, …). `unit` says what one count is: SESNSP
-- counts investigation files (carpetas de investigación), not victims.
create table protect_indicators (
  code      text primary key,
  domain    text not null check (domain in ('health','demand','violence')),
  name_en   text not null,
  name_es   text not null,
  unit_en   text not null,
  unit_es   text not null,
  note_en   text not null default '',
  note_es   text not null default '',
  -- 'count': cases in the period; 'rolling12': cases in the 12 months ending with the period (CDC VSRR)
  aggregation text not null default 'count' check (aggregation in ('count','rolling12'))
);

insert into protect_indicators (code, domain, name_en, name_es, unit_en, unit_es, note_en, note_es, aggregation) values
  ('overdose_deaths', 'health', 'Drug overdose deaths', 'Muertes por sobredosis de drogas', 'deaths', 'muertes', '', '', 'count'),
  ('overdose_deaths_12m', 'health', 'Drug overdose deaths (12 months ending)', 'Muertes por sobredosis (12 meses al cierre)', 'deaths', 'muertes',
   'CDC VSRR provisional counts: each value is the number of deaths in the 12 months ending with the month.',
   'Conteos provisionales VSRR de los CDC: cada valor es el número de muertes en los 12 meses que terminan en el mes.', 'rolling12'),
  ('overdose_emergency_visits', 'health', 'Overdose emergency visits', 'Visitas a urgencias por sobredosis', 'visits', 'visitas', '', '', 'count'),
  ('toxicology_findings', 'health', 'Toxicology findings (new substances)', 'Hallazgos toxicológicos (sustancias nuevas)', 'findings', 'hallazgos', '', '', 'count'),
  ('treatment_admissions', 'demand', 'Treatment admissions', 'Ingresos a tratamiento', 'admissions', 'ingresos', '', '', 'count'),
  ('drug_seizures', 'demand', 'Drug seizures', 'Aseguramientos de drogas', 'seizures', 'aseguramientos', '', '', 'count'),
  ('homicidio_doloso', 'violence', 'Intentional homicide', 'Homicidio doloso', 'investigation files', 'carpetas de investigación',
   'SESNSP counts investigation files (carpetas de investigación), not victims: one file may concern several victims.',
   'El SESNSP cuenta carpetas de investigación, no víctimas: una carpeta puede referirse a varias víctimas.', 'count'),
  ('homicidio_culposo', 'violence', 'Negligent homicide', 'Homicidio culposo', 'investigation files', 'carpetas de investigación',
   'SESNSP counts investigation files (carpetas de investigación), not victims.',
   'El SESNSP cuenta carpetas de investigación, no víctimas.', 'count'),
  ('feminicidio', 'violence', 'Femicide', 'Feminicidio', 'investigation files', 'carpetas de investigación',
   'SESNSP counts investigation files (carpetas de investigación), not victims.',
   'El SESNSP cuenta carpetas de investigación, no víctimas.', 'count');

-- Drug-specific overdose deaths of the CDC file (ICD-10 multiple-cause codes; a death may involve several
-- drugs, so these do not add up to the total). Published only for jurisdictions with adequate drug specificity.
insert into protect_indicators (code, domain, name_en, name_es, unit_en, unit_es, note_en, note_es, aggregation)
select 'overdose_deaths_12m_' || d.code, 'health', 'Overdose deaths involving ' || d.en || ' (12 months ending)',
       'Muertes por sobredosis con ' || d.es || ' (12 meses al cierre)', 'deaths', 'muertes',
       'CDC VSRR provisional counts (12 months ending with the month); a death may involve several drugs.',
       'Conteos provisionales VSRR de los CDC (12 meses al cierre del mes); una muerte puede involucrar varias drogas.', 'rolling12'
from (values
  ('heroin', 'heroin (T40.1)', 'heroína (T40.1)'),
  ('natural_semisynthetic', 'natural and semi-synthetic opioids (T40.2)', 'opioides naturales y semisintéticos (T40.2)'),
  ('methadone', 'methadone (T40.3)', 'metadona (T40.3)'),
  ('synthetic_opioids', 'synthetic opioids other than methadone (T40.4)', 'opioides sintéticos distintos de la metadona (T40.4)'),
  ('cocaine', 'cocaine (T40.5)', 'cocaína (T40.5)'),
  ('psychostimulants', 'psychostimulants with abuse potential (T43.6)', 'psicoestimulantes con potencial de abuso (T43.6)'),
  ('opioids', 'opioids (T40.0–T40.4, T40.6)', 'opioides (T40.0–T40.4, T40.6)')
) as d(code, en, es);

-- One row per series. period_kind 'month': start_period = year·12 + month − 1; 'week': the day number
-- (days since 1970-01-01) of the first week's first day, successive values 7 days apart.
create table protect_series (
  id           bigserial primary key,
  place_code   text not null references protect_places(code) on delete cascade,
  indicator    text not null references protect_indicators(code),
  period_kind  text not null check (period_kind in ('month','week')),
  start_period int not null,
  "values"     double precision[] not null,
  source       text not null,                 -- 'cdc-vsrr', 'sesnsp', 'csv:<file>', 'demo'
  updated_at   timestamptz not null default now(),
  unique (place_code, indicator, period_kind)
);
create index protect_series_indicator on protect_series(indicator, period_kind);

-- Import batches of case counts (status and what they touched).
create table protect_imports (
  id         text primary key,
  format     text not null,
  file       text not null,
  actor_id   text,
  created_at timestamptz not null default now(),
  places     int not null default 0,
  series     int not null default 0,
  points     int not null default 0
);

-- Alert rules: a detection method with its parameters, for one indicator, at one place or everywhere.
create table protect_alert_rules (
  id          text primary key,
  name        text not null,
  indicator   text not null references protect_indicators(code),
  place_code  text references protect_places(code) on delete cascade,   -- null = every place with the indicator
  method      text not null,
  params      jsonb not null default '{}',
  enabled     boolean not null default true,
  owner_agency text not null,
  created_by  text,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

-- Alerts raised by a rule on one series at one period, with their explanation (observed, expected, upper
-- bound, method and parameters). A re-run never duplicates an alert (unique key).
create table protect_alerts (
  id          bigserial primary key,
  rule_id     text not null references protect_alert_rules(id) on delete cascade,
  series_id   bigint not null references protect_series(id) on delete cascade,
  place_code  text not null,
  indicator   text not null,
  period_kind text not null,
  period      int not null,
  observed    double precision not null,
  expected    double precision,
  upper_bound double precision,
  method      text not null,
  params      jsonb not null,
  explanation jsonb not null,
  status      text not null default 'open' check (status in ('open','acknowledged','closed')),
  created_at  timestamptz not null default now(),
  unique (rule_id, series_id, period)
);
create index protect_alerts_time on protect_alerts(period desc, id desc);
create index protect_alerts_place on protect_alerts(place_code, indicator);

-- Notes on alerts: comments, and new substances found (e.g. a nitazene, xylazine) attached to an alert.
create table protect_alert_notes (
  id         bigserial primary key,
  alert_id   bigint not null references protect_alerts(id) on delete cascade,
  kind       text not null check (kind in ('comment','substance')),
  substance  text,
  text       text not null,
  author_id  text,
  author_agency text,
  created_at timestamptz not null default now()
);
create index protect_alert_notes_alert on protect_alert_notes(alert_id);

-- Subscriptions: a user follows an indicator and/or a place (a state code follows its municipalities).
create table protect_subscriptions (
  id         text primary key,
  user_id    text not null references users(id) on delete cascade,
  indicator  text references protect_indicators(code),
  place_code text,
  email      text,                              -- set: also queue an e-mail (outbox)
  created_at timestamptz not null default now()
);
create index protect_subscriptions_user on protect_subscriptions(user_id);

-- The in-app inbox: one row per (user, alert) delivered.
create table protect_inbox (
  user_id    text not null references users(id) on delete cascade,
  alert_id   bigint not null references protect_alerts(id) on delete cascade,
  delivered_at timestamptz not null default now(),
  read_at    timestamptz,
  primary key (user_id, alert_id)
);

-- E-mail-ready outbox: a mailer (outside the node) sends 'pending' rows and marks them 'sent'.
create table protect_outbox (
  id         bigserial primary key,
  user_id    text not null references users(id) on delete cascade,
  alert_id   bigint not null references protect_alerts(id) on delete cascade,
  to_address text not null,
  subject    text not null,
  body       text not null,
  status     text not null default 'pending' check (status in ('pending','sent','failed')),
  created_at timestamptz not null default now(),
  unique (user_id, alert_id)
);

-- Point events for near-repeat analysis and kernel density (demo points; projected metres x, y).
create table protect_events (
  id          text primary key,
  kind        text not null,                  -- 'homicide'
  place_code  text references protect_places(code) on delete cascade,
  occurred_on date not null,
  x           double precision not null,
  y           double precision not null,
  synthetic   boolean not null default false
);
create index protect_events_kind on protect_events(kind, occurred_on);

-- Network for Homicide Prevention: practices published by members of both countries, in both languages.
create table protect_practices (
  id           text primary key,
  title_en     text not null,
  title_es     text not null,
  programme_en text not null,
  programme_es text not null,
  place        text not null,                  -- where it ran (free text), with place_code when known
  place_code   text,
  country      char(2) not null,
  population_en text not null,                 -- who it serves
  population_es text not null,
  evidence_level text not null check (evidence_level in ('rigorous','promising','emerging','anecdotal')),
  evidence_en  text not null,
  evidence_es  text not null,
  outcome_measures text[] not null default '{}',
  contacts     jsonb not null default '[]',     -- [{ name, organisation, email }]: published by the contact's agency
  owner_agency text not null,
  owner_country char(2) not null,
  author_id    text,
  published_at timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  search_text  text not null default ''         -- folded (lower case, no accents) text of both languages
);
create index protect_practices_search on protect_practices using gin (search_text gin_trgm_ops);

-- Homicide task-force cases: a record with the same metadata as any other (owner, distribution,
-- purposes, legal basis), linking homicides, suspects (existing entities), lab requests and prosecutions.
create table protect_cases (
  id            text primary key,
  title         text not null,
  place_code    text,
  status        text not null default 'open' check (status in ('open','closed')),
  opened_on     date not null,
  summary       text not null default '',
  owner_country char(2) not null,
  owner_agency  text not null,
  distribution  text not null check (distribution in ('agency','node','bilateral','agreement')),
  agreement_id  text,
  purposes      text[] not null,
  legal_basis   text not null,
  created_by    text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

create table protect_case_links (
  id         bigserial primary key,
  case_id    text not null references protect_cases(id) on delete cascade,
  kind       text not null check (kind in ('homicide','suspect','lab_request','prosecution')),
  entity_id  text,                             -- suspect: an existing record (entities.id)
  event_id   text references protect_events(id) on delete set null,   -- homicide: a point event, when known
  label      text not null,
  status     text not null default '',
  on_date    date,
  detail     jsonb not null default '{}',
  created_by text,
  created_at timestamptz not null default now()
);
create index protect_case_links_case on protect_case_links(case_id);
