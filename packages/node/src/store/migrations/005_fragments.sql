-- 005 fragments: values stored as one fragment per (entity, dataset) instead of one row per value.
--
-- Why: a row per value cost seven heap tuples, seven index entries and their WAL per entity; import ran
-- at ~5,000 entities/s in PGlite (B7 asks 20,000). followthemoney-store keeps FtM entities the same way:
-- one JSON fragment per entity and origin. Provenance is unchanged: a fragment carries the dataset,
-- origin node and agency, and first/last seen; a value seen over a different span than its fragment
-- carries its own dates.
--
--   statements: [[prop, value], …] or, for a value with its own span, [prop, value, first_seen, last_seen]
--               (ISO 8601 UTC), in the order the values were first stated.
--
-- Names (for search and screening) become a text[] on the entity, and references to other entities (the
-- graph) a narrow table indexed both ways. Name search runs in the node's in-process catalog
-- (catalog/), so the trigram GIN index goes: it was the costliest index to maintain on import.

create table fragments (
  entity_id     text not null references entities(id) on delete cascade,
  dataset       text not null,
  schema        text not null,
  origin_node   text not null,
  origin_agency text not null,
  first_seen    timestamptz not null,
  last_seen     timestamptz not null,
  statements    jsonb not null check (jsonb_typeof(statements) = 'array'),
  primary key (entity_id, dataset)
);

-- Properties of type 'entity': the edges of the graph, readable from either end.
create table links (
  entity_id text not null references entities(id) on delete cascade,
  prop      text not null,
  target    text not null,
  primary key (entity_id, prop, target)
);
create index links_target on links (target);

alter table entities add column names text[] not null default '{}';

-- Existing values move over with their provenance.
insert into fragments (entity_id, dataset, schema, origin_node, origin_agency, first_seen, last_seen, statements)
select entity_id, dataset, (array_agg(schema order by id desc))[1], (array_agg(origin_node order by id))[1],
       (array_agg(origin_agency order by id))[1], min(first_seen), max(last_seen),
       jsonb_agg(case when first_seen = f_first and last_seen = f_last then jsonb_build_array(prop, value)
                      else jsonb_build_array(prop, value,
                        to_char(first_seen at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                        to_char(last_seen at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) end order by id)
from (select s.*, min(first_seen) over w as f_first, max(last_seen) over w as f_last
      from statements s window w as (partition by entity_id, dataset)) s
group by entity_id, dataset;

insert into links (entity_id, prop, target)
select distinct entity_id, prop, value from statements where prop_type = 'entity';

update entities e set names = n.names
from (select entity_id, array_agg(name order by name) as names from entity_names group by entity_id) n
where n.entity_id = e.id;

drop table statements;
drop table entity_names;

-- The names as rows, for queries that join them (screening's re-screen of the node's own records).
create view entity_names as
  select e.id as entity_id, n.name from entities e cross join lateral unnest(e.names) as n(name);

-- Bumped by every transaction that writes records, so a node sharing a server with other writers (a
-- `puente import` run beside it) knows to refresh its catalog.
insert into node_state (key, value) values ('data_version', '0'::jsonb) on conflict (key) do nothing;

-- The data_version at which each record was last written. A writing transaction takes the next
-- data_version first (a row lock held to commit), so versions are committed in order and "every record
-- with change > N" is exactly what changed after version N.
alter table entities add column change bigint not null default 0;
create index entities_change on entities (change);
