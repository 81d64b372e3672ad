-- 053 federation (issue 6): cross-border privacy-preserving linkage and the partner's audit checkpoints.
--
-- PPRL: a run is started by one node (role 'asker') and answered by its partner (role 'responder'); both record it
-- under the same run id. A link is what each side learns from a run: one of its OWN records, a random link token
-- the two sides share, and the Dice score. Neither side stores the other's record ids (they never cross: the asker
-- sends per-run pseudonyms, the responder answers with tokens).
create table federation_pprl_runs (
  id              text primary key,
  partner         text not null,
  role            text not null check (role in ('asker', 'responder')),
  status          text not null check (status in ('running', 'ok', 'refused', 'failed')),
  actor_id        text,
  actor_agency    text,
  purpose         text,
  key_check       text,
  threshold       double precision not null,
  -- encodings this node made of its own records, and the partner's encodings it received (responder) or 0
  records         integer not null default 0,
  partner_records integer,
  links           integer not null default 0,
  error           text,
  created_at      timestamptz not null default now(),
  finished_at     timestamptz
);
create index federation_pprl_runs_created on federation_pprl_runs(created_at desc);

create table federation_pprl_links (
  run_id     text not null references federation_pprl_runs(id),
  entity_id  text not null,
  token      text not null,
  score      double precision not null,
  created_at timestamptz not null default now(),
  primary key (run_id, token),
  unique (run_id, entity_id)
);
create index federation_pprl_links_entity on federation_pprl_links(entity_id);

-- The partner's signed audit checkpoints this node holds, each accepted only after its signature (pinned key)
-- and an RFC 6962 consistency proof from the one held before it were checked. The proof is kept, so that
-- `puente audit verify --partner` can re-check the whole chain offline. Append-only, like the audit log.
create table federation_partner_checkpoints (
  partner       text not null,
  tree_size     bigint not null check (tree_size >= 0),
  root_hash     text not null check (root_hash ~ '^[0-9a-f]{64}$'),
  ts            text not null,
  key_id        text not null check (key_id ~ '^[0-9a-f]{16}$'),
  signature     text not null,
  -- the size of the checkpoint held before this one (0 for the first) and the consistency proof from it (hex)
  from_size     bigint not null,
  proof         jsonb not null check (jsonb_typeof(proof) = 'array'),
  -- this node's countersignature over the checkpoint note (what it answered)
  countersignature text not null,
  received_at   timestamptz not null default now(),
  primary key (partner, tree_size)
);

create trigger federation_partner_checkpoints_append_only before update or delete on federation_partner_checkpoints
  for each row execute function audit_refuse_change();
create trigger federation_partner_checkpoints_no_truncate before truncate on federation_partner_checkpoints
  for each statement execute function audit_refuse_change();
revoke update, delete, truncate on federation_partner_checkpoints from public;
