-- 003 audit: the audit log is append-only at the database level (platform.md §11).
-- Triggers refuse every change the application never makes; they bind every role, the owner
-- included, until a superuser disables them — and what a superuser does then is what verifyAudit
-- (hash chain + signed checkpoints) exists to reveal. Works on PGlite and PostgreSQL 15+.

-- Shape checks: hashes are 64 lower-case hex digits, seq counts from 1.
alter table audit_events
  add constraint audit_events_seq_positive check (seq >= 1),
  add constraint audit_events_hash_hex check (hash ~ '^[0-9a-f]{64}$'),
  add constraint audit_events_prev_hash_hex check (prev_hash ~ '^[0-9a-f]{64}$');
alter table audit_checkpoints
  add constraint audit_checkpoints_size check (tree_size >= 0),
  add constraint audit_checkpoints_root_hex check (root_hash ~ '^[0-9a-f]{64}$'),
  add constraint audit_checkpoints_countersignatures_array check (jsonb_typeof(countersignatures) = 'array');

create function audit_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op
    using errcode = 'insufficient_privilege', hint = 'audit rows and checkpoints are never changed or removed';
end
$$;

create trigger audit_events_append_only before update or delete on audit_events
  for each row execute function audit_refuse_change();
create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function audit_refuse_change();

-- A stored checkpoint may only gain countersignatures: every other column stays, and the old
-- countersignatures stay in place as a prefix of the new list.
create function audit_checkpoint_countersign_only() returns trigger language plpgsql as $$
declare
  n int := jsonb_array_length(old.countersignatures);
begin
  if new.tree_size is distinct from old.tree_size or new.root_hash is distinct from old.root_hash
     or new.ts is distinct from old.ts or new.node_id is distinct from old.node_id
     or new.key_id is distinct from old.key_id or new.signature is distinct from old.signature
     or jsonb_typeof(new.countersignatures) is distinct from 'array'
     or jsonb_array_length(new.countersignatures) < n then
    raise exception 'audit_checkpoints: only countersignatures may be added'
      using errcode = 'insufficient_privilege';
  end if;
  for i in 0 .. n - 1 loop
    if new.countersignatures -> i is distinct from old.countersignatures -> i then
      raise exception 'audit_checkpoints: countersignatures may only be appended'
        using errcode = 'insufficient_privilege';
    end if;
  end loop;
  return new;
end
$$;

create trigger audit_checkpoints_countersign_only before update on audit_checkpoints
  for each row execute function audit_checkpoint_countersign_only();
create trigger audit_checkpoints_no_delete before delete on audit_checkpoints
  for each row execute function audit_refuse_change();
create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
  for each statement execute function audit_refuse_change();

-- Privileges: nobody gets to change the log by grant either. (PUBLIC holds no table privileges by
-- default; this states the intent and undoes any broad grant made earlier.) A deployment connects
-- the node as a role that owns nothing here, so only a superuser could drop the triggers.
revoke update, delete, truncate on audit_events, audit_checkpoints from public;
