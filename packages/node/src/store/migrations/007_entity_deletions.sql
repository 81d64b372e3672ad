-- 007 entity_deletions: a deleted record leaves a tombstone at the data_version that deleted it.
--
-- The catalog (catalog/) follows writes by "every record with change > N"; a deleted record has no row left
-- to carry a change, so a node sharing a server store with another writer kept serving it from memory. Its
-- refresh now also drops the records whose tombstones are newer than what it has seen. Records are deleted
-- only as federation copies are retracted or expire, so the table stays small.
create table entity_deletions (
  id     text not null,
  change bigint not null
);
create index entity_deletions_change on entity_deletions (change);
