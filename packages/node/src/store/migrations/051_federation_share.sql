-- 051 federation sharing (issue 6): agreements as signed data, what was pushed to each partner, and the copies
-- received from partners.

-- Every version of every agreement this node proposed or received, with the parties' signatures. A version is
-- in force when every party node has signed it (each signature verified against the signer's key: our own, or the
-- partner's pinned one), it is the latest such version of its id, and today lies within validFrom..validTo.
create table federation_agreements (
  id           text not null,
  version      integer not null check (version >= 1),
  body         jsonb not null,                  -- the agreement as signed (RFC 8785 canonical form is what is signed)
  body_hash    text not null,                   -- SHA-256 (hex) of the canonical JSON of body
  proposed_by  text not null,                   -- node id
  signatures   jsonb not null default '[]',     -- [{ node, keyId, username, signedAt, signature }]
  status       text not null check (status in ('proposed', 'signed', 'superseded')),
  created_at   timestamptz not null default now(),
  activated_at timestamptz,
  primary key (id, version)
);

-- Sender side: the last package sent (or refused) for each record and partner. The scan compares a record's
-- content hash with this row, so an unchanged record is not sent again and a changed one is sent once.
create table federation_shared (
  partner           text not null references federation_partners(node_id),
  entity_id         text not null,
  agreement_id      text not null,
  agreement_version integer not null,
  content_hash      text not null,
  change            bigint not null default 0,     -- the record's data_version when last looked at
  terms             text not null default '',      -- the agreements (id@version) it was looked at under
  state             text not null check (state in ('sent', 'retracted', 'refused')),
  last_seq          bigint,                        -- outbox sequence number of the last package sent
  policies          text[] not null default '{}',  -- refused: the egress policies that refused it
  updated_at        timestamptz not null default now(),
  primary key (partner, entity_id)
);
create index federation_shared_state on federation_shared(partner, state);

-- Receiver side: the locked copies held of each partner's records, and under which agreement they came.
create table federation_copies (
  entity_id         text primary key references entities(id) on delete cascade,
  origin            text not null,
  agreement_id      text not null,
  agreement_version integer not null,
  content_hash      text not null,
  seq               bigint not null,
  received_at       timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);
create index federation_copies_origin on federation_copies(origin);
