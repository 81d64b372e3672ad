-- 052 federation (issue 6), query sharing — the eTrace pattern: a node asks its partner a question ("screen this
-- name against your designation lists", "do you hold a firearm with this serial number?") and gets a minimal
-- answer; more detail needs a disclosure request that two people on the owning side handle (four eyes).
-- Both sides keep the question and the request: the asker who asked, why and under which legal basis; the owner
-- which partner asked, for which purpose, and what it answered.

-- A question, on the side that asked it ('asked') and on the side that answered it ('answered'). The id is the
-- asker's; the owner keeps it so that both records of one question can be put side by side.
create table federation_queries (
  side         text not null check (side in ('asked', 'answered')),
  id           uuid not null,
  partner      text not null,                 -- the other node
  kind         text not null,                 -- screen-name | firearm-serial | person-id
  value        text not null,                 -- the question as asked (a name or an identifier: personal data)
  purpose      text,
  legal_basis  text,
  agreement_id text,                          -- the agreement that covered it (owner's finding), if any
  actor_id     text,                          -- asked: the user who asked; answered: null (the partner asked)
  actor_agency text,                          -- asked: the user's agency; answered: the partner's agency as it said
  outcome      text not null check (outcome in ('answered', 'refused', 'failed')),
  reason       text,                          -- why refused or failed
  hit          boolean,
  hits         integer,
  -- The minimal answer: [{ token, band? }] — opaque references, never a record id or its content.
  answer       jsonb not null default '[]',
  created_at   timestamptz not null default now(),
  primary key (side, id)
);
create index federation_queries_created on federation_queries(side, created_at desc);

-- Owner side: the opaque reference given to the partner for each hit, and what it stands for. Only this table
-- maps a token to a record (an entity of this node, or a designation-list entry); the token itself says nothing.
create table federation_references (
  token       text primary key,
  partner     text not null,                  -- the node it was given to (no other node may use it)
  query_id    uuid not null,
  kind        text not null,
  target_type text not null check (target_type in ('entity', 'list_entry')),
  target_id   text not null,                  -- entity id, or list id / version id / entry id
  band        text,
  created_at  timestamptz not null default now()
);

-- A disclosure request, on the side that asked for it ('asked') and on the side that owns the record ('owned').
-- Owned side, four eyes: pending → reviewed (a first person recommends) → approved | denied (a different
-- supervisor decides); refused when the partner may not ask (no agreement, unknown reference).
-- Asked side: requested → disclosed | denied | refused.
create table federation_disclosures (
  side                 text not null check (side in ('asked', 'owned')),
  id                   uuid not null,
  partner              text not null,
  query_id             uuid,
  reference            text not null,
  purpose              text not null,
  legal_basis          text not null,
  justification        text not null,
  requested_by         text not null,         -- username of the asker (as the asking node said, on the owned side)
  requested_agency     text not null,
  status               text not null check (status in ('requested', 'pending', 'reviewed', 'approved', 'denied', 'refused', 'disclosed')),
  reason               text,
  agreement_id         text,
  reviewed_by          text,                  -- owned: the first person (user id)
  reviewed_by_name     text,
  recommendation       text check (recommendation in ('approve', 'deny')),
  review_note          text,
  reviewed_at          timestamptz,
  decided_by           text,                  -- owned: the supervisor who decided; never the reviewer
  decided_by_name      text,
  decision             text check (decision in ('approve', 'deny')),
  decision_note        text,
  decided_at           timestamptz,
  record_id            text,                  -- asked: the locked copy received
  retention_until      date,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  primary key (side, id),
  check (side = 'owned' or reviewed_by is null),
  check (decided_by is null or reviewed_by is null or decided_by <> reviewed_by)
);
create index federation_disclosures_created on federation_disclosures(side, created_at desc);
