-- 006: two indexes no query uses go, because every import pays for them.
--
-- entities_owner (owner_country, owner_agency): the read policy's SQL prefilter (authz/filter.ts) is an OR over
-- agency, distribution and country that this index cannot serve, and no other query selects records by owner.
-- links_target (target): the graph's incoming edges come from the in-memory catalog (catalog/), never from SQL;
-- deletions go by entity_id, which the primary key (entity_id, prop, target) serves.
--
-- Measured on B7's import (100,000 records into PGlite, the writes on the main thread while a worker prepares
-- the batches): the COPYs took 3.35 s instead of 3.8 s.
drop index if exists entities_owner;
drop index if exists links_target;
