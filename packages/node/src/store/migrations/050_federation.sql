-- 050 federation (issue 6), the core: the partner nodes this node trusts (their Ed25519 keys pinned at pairing),
-- the nonces of messages already accepted (replay protection), and the outbox of queued messages with each
-- partner's delivery state (sender side) and cursor (receiver side), so that sync is resumable and idempotent.

create table federation_partners (
  node_id        text primary key,
  country        char(2) not null,
  url            text not null,
  key_id         text not null check (key_id ~ '^[0-9a-f]{16}$'),
  public_key_pem text not null,
  paired_at      timestamptz not null default now(),
  paired_by      text not null
);

-- A message's nonce is accepted once; rows older than the accepted clock skew can be pruned.
create table federation_nonces (
  node_id  text not null,
  nonce    text not null,
  seen_at  timestamptz not null default now(),
  primary key (node_id, nonce)
);
create index federation_nonces_seen on federation_nonces(seen_at);

-- Sender side: one row per partner. Sequence numbers are allocated here (the row lock orders concurrent writers);
-- acked_seq is the partner's cursor as it last answered; delivery retries back off exponentially.
create table federation_links (
  partner          text primary key references federation_partners(node_id),
  next_seq         bigint not null default 1,
  acked_seq        bigint not null default 0,
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default now(),
  last_error       text,
  last_delivery_at timestamptz
);

-- Queued messages to each partner, in sequence order. A row is kept after delivery (delivered_at) as the record of
-- what left the node; its body is what was signed and sent.
create table federation_outbox (
  partner      text not null references federation_partners(node_id),
  seq          bigint not null,
  type         text not null,
  body         jsonb not null,
  created_at   timestamptz not null default now(),
  delivered_at timestamptz,
  primary key (partner, seq)
);
create index federation_outbox_pending on federation_outbox(partner, seq) where delivered_at is null;

-- Receiver side: the last sequence number applied from each partner. It moves in the same transaction as the
-- messages it covers, so a message is applied exactly once whatever crashes or retries.
create table federation_cursors (
  partner     text primary key,
  applied_seq bigint not null default 0,
  updated_at  timestamptz not null default now()
);
