-- 004 services: the statement table's indexes, for the write path (services/write.ts).

-- 1. A statement is unique per (entity, property, dataset, value), now keyed on md5(value): a btree entry
--    holds at most ~2.7 kB, so 001's constraint on the raw value refused long texts (FtM allows 65,000
--    characters in a text property). The key only makes re-imports idempotent; a crafted MD5 collision
--    could at most make an importer's own value be taken for another of the same entity, property and
--    dataset, which that importer could simply have left out.
alter table statements drop constraint if exists statements_entity_id_prop_value_dataset_key;
create unique index statements_key on statements (entity_id, prop, dataset, md5(value));

-- 2. statements(entity_id) repeated the leading column of that index: one index less to maintain per
--    value written, the same plans for reads by entity.
drop index if exists statements_entity;
