/**
 * The one write path for records: import, the demo loader and the entity editor all end here.
 *
 * A record is stored as one `entities` row (metadata, caption, names) plus one `fragments` row per
 * dataset holding its values with their provenance, and one `links` row per reference to another record
 * (migration 005). Speed, measured in PGlite, where the database's per-row work is what costs:
 *  - records known to be new (the caller looked them up in this transaction) are written with COPY on
 *    PGlite (one text blob per table and batch: no parameter encoding at all) and with one
 *    `INSERT … SELECT FROM unnest(…)` per table on a server; nothing is read first. An import on PGlite
 *    prepares those COPY texts in a worker thread (prepareNew, services/import) and hands them to writePrepared;
 *  - records that exist are read, merged (values keep their first-seen date, gain a last-seen one) and
 *    written back with upserts;
 *  - optionally the per-row foreign-key triggers of fragments and links are skipped (skipRowTriggers).
 * Turning records into rows is pure and lives in ./rows.ts.
 */
import { sql, CompiledQuery } from 'kysely';
import type { Model, Entity } from '@puente/model';
import type { Executor, StoredStatement } from '../store/schema';
import { pgArray, pgBools } from './sql';
import type { CatalogEntry } from '../catalog/catalog';
import { addRecord, copyText, mergeFragments, Rows, seenValues, isoTs, type Fragment, type PreparedRecords } from './rows';

export interface WriteCounts { entities: number; statements: number; names: number }

export interface WriteOptions {
  /** 'pglite' writes new records with COPY; a server with unnest(). */
  store: 'pglite' | 'postgres';
  /** Receives every record as written, for the catalog to take after commit (Catalog.apply). */
  written?: CatalogEntry[];
  /** Ids known not to be in the store (looked up in this transaction): written without reading first. */
  fresh?: ReadonlySet<string>;
  /** The editor: these properties get exactly the given values; values no longer given are withdrawn. */
  replaceProps?: ReadonlySet<string>;
  /**
   * Skip the per-row foreign-key checks of fragments and links (session_replication_role = replica, as
   * pg_restore --disable-triggers does). Sound here because every child row's entity is written by the
   * statement just before, in the same transaction. Only for a superuser session (see canSkipRowTriggers),
   * and reset straight after.
   */
  skipRowTriggers?: boolean;
}

/** Whether this session may set session_replication_role (superuser: always so on PGlite). */
export async function canSkipRowTriggers(exec: Executor): Promise<boolean> {
  const r = await sql<{ on: string }>`select current_setting('is_superuser') as on`.execute(exec);
  return r.rows[0]?.on === 'on';
}

const versions = new WeakMap<object, Promise<string>>();

/**
 * The data_version this transaction writes at: taken once per transaction, by an update whose row lock
 * is held to commit, so writers commit in version order and the catalog can follow "change > N".
 */
export function changeVersion(tx: Executor): Promise<string> {
  let v = versions.get(tx);
  if (!v) {
    v = sql<{ v: string }>`update node_state set value = to_jsonb((value #>> '{}')::bigint + 1)
      where key = 'data_version' returning (value #>> '{}') as v`.execute(tx).then((r) => r.rows[0].v);
    versions.set(tx, v);
  }
  return v;
}

export async function writeEntities(
  exec: Executor, model: Model, batch: readonly Entity[], now: string, opts: WriteOptions,
): Promise<WriteCounts> {
  const entities = mergeFragments(batch);
  if (!entities.length) return { entities: 0, statements: 0, names: 0 };
  const version = await changeVersion(exec);
  const known = entities.filter((e) => !opts.fresh?.has(e.id));
  const held = await readHeld(exec, known.map((e) => e.id));

  const fresh = new Rows();
  const upsert = new Rows();
  for (const ent of entities) {
    const entry = addRecord(opts.fresh?.has(ent.id) ? fresh : upsert, model, ent, held.get(ent.id) ?? [], now, opts.replaceProps);
    opts.written?.push(entry);
  }

  await withRowTriggers(exec, opts.skipRowTriggers, async () => {
    if (opts.store === 'pglite') await copyFresh(exec, fresh, version);
    else await insertFresh(exec, fresh, version);
    await upsertHeld(exec, upsert, version);
  });
  return { entities: entities.length, statements: fresh.statements + upsert.statements, names: fresh.names + upsert.names };
}

/** Writes prepared new records (PGlite's COPY); the caller has checked they are new in this transaction. */
export async function writePrepared(exec: Executor, p: PreparedRecords, opts: Pick<WriteOptions, 'skipRowTriggers' | 'written'>): Promise<WriteCounts> {
  if (!p.written.length) return { entities: 0, statements: 0, names: 0 };
  await changeVersion(exec);
  await withRowTriggers(exec, opts.skipRowTriggers, async () => {
    await copyRaw(exec, 'entities', ENTITY_COLUMNS, p.copy.entities);
    await copyRaw(exec, 'fragments', FRAGMENT_COLUMNS, p.copy.fragments);
    await copyRaw(exec, 'links', LINK_COLUMNS, p.copy.links);
  });
  opts.written?.push(...p.written);
  return { entities: p.written.length, statements: p.statements, names: p.names };
}

async function withRowTriggers(exec: Executor, skip: boolean | undefined, write: () => Promise<void>): Promise<void> {
  if (skip) await sql`set local session_replication_role = replica`.execute(exec);
  try {
    await write();
  } finally {
    if (skip) await sql`set local session_replication_role = origin`.execute(exec);
  }
}

/** Fragments of records that already exist, with their values' spans. */
async function readHeld(exec: Executor, ids: readonly string[]): Promise<Map<string, Fragment[]>> {
  const out = new Map<string, Fragment[]>();
  if (!ids.length) return out;
  const rows = await exec.selectFrom('fragments')
    .select(['entity_id', 'dataset', 'schema', 'origin_node', 'origin_agency', 'first_seen', 'last_seen', 'statements'])
    .where(sql<boolean>`entity_id = any(${pgArray(ids)}::text[])`).orderBy('entity_id').orderBy('dataset').execute();
  for (const r of rows) {
    const first = isoTs(r.first_seen);
    const last = isoTs(r.last_seen);
    const f: Fragment = {
      entityId: r.entity_id, dataset: r.dataset, schema: r.schema, originNode: r.origin_node, originAgency: r.origin_agency,
      first, last, values: seenValues(r.statements as StoredStatement[], first, last),
    };
    const h = out.get(r.entity_id);
    if (h) h.push(f); else out.set(r.entity_id, [f]);
  }
  return out;
}

const ENTITY_COLUMNS = `id, schema, caption, owner_country, owner_agency, distribution, agreement_id, legal_basis, purposes,
  retention_until, dataset, origin_node, locked, personal_data, first_seen, last_seen, names, change`;
const FRAGMENT_COLUMNS = 'entity_id, dataset, schema, origin_node, origin_agency, first_seen, last_seen, statements';
const LINK_COLUMNS = 'entity_id, prop, target';

/** COPY … FROM '/dev/blob': PGlite's way to feed COPY (store/db.ts passes the Blob parameter through). */
async function copyRaw(exec: Executor, table: string, columns: string, text: string | Uint8Array<ArrayBuffer>) {
  if (!text.length) return;
  await exec.executeQuery(CompiledQuery.raw(`copy ${table} (${columns}) from '/dev/blob'`, [new Blob([text])]));
}

async function copyFresh(exec: Executor, { entities: e, fragments: f, links: l }: Rows, version: string): Promise<void> {
  if (!e.id.length) return;
  await copyRaw(exec, 'entities', ENTITY_COLUMNS, copyText([e.id, e.schema, e.caption, e.oc, e.oa, e.dist, e.agr, e.lb, e.purposes, e.ret,
    e.ds, e.onode, e.locked, e.personal, e.fs, e.ls, e.names, e.id.map(() => version)]));
  await copyRaw(exec, 'fragments', FRAGMENT_COLUMNS, copyText([f.id, f.ds, f.schema, f.onode, f.oa, f.fs, f.ls, f.st]));
  await copyRaw(exec, 'links', LINK_COLUMNS, copyText([l.id, l.prop, l.target]));
}

function entitySelect(e: Rows['entities'], version: string) {
  return sql`
    select t.id, t.schema, t.caption, t.oc, t.oa, t.dist, t.agr, t.lb, t.p::text[], t.ret::date, t.ds, t.onode, t.locked, t.personal,
           t.fs, t.ls, t.names::text[], ${version}::bigint
    from unnest(${pgArray(e.id)}::text[], ${pgArray(e.schema)}::text[], ${pgArray(e.caption)}::text[], ${pgArray(e.oc)}::text[],
                ${pgArray(e.oa)}::text[], ${pgArray(e.dist)}::text[], ${pgArray(e.agr)}::text[], ${pgArray(e.lb)}::text[],
                ${pgArray(e.purposes)}::text[], ${pgArray(e.ret)}::text[], ${pgArray(e.ds)}::text[], ${pgArray(e.onode)}::text[],
                ${pgBools(e.locked)}::bool[], ${pgBools(e.personal)}::bool[], ${pgArray(e.fs)}::timestamptz[], ${pgArray(e.ls)}::timestamptz[],
                ${pgArray(e.names)}::text[])
      as t(id, schema, caption, oc, oa, dist, agr, lb, p, ret, ds, onode, locked, personal, fs, ls, names)`;
}

function fragmentSelect(f: Rows['fragments']) {
  return sql`
    select * from unnest(${pgArray(f.id)}::text[], ${pgArray(f.ds)}::text[], ${pgArray(f.schema)}::text[], ${pgArray(f.onode)}::text[],
                         ${pgArray(f.oa)}::text[], ${pgArray(f.fs)}::timestamptz[], ${pgArray(f.ls)}::timestamptz[], ${pgArray(f.st)}::jsonb[])`;
}

async function insertLinks(exec: Executor, l: Rows['links']): Promise<void> {
  if (!l.id.length) return;
  await sql`insert into links (entity_id, prop, target)
    select * from unnest(${pgArray(l.id)}::text[], ${pgArray(l.prop)}::text[], ${pgArray(l.target)}::text[])`.execute(exec);
}

async function insertFresh(exec: Executor, { entities: e, fragments: f, links: l }: Rows, version: string): Promise<void> {
  if (!e.id.length) return;
  await sql`insert into entities (${sql.raw(ENTITY_COLUMNS)}) ${entitySelect(e, version)}`.execute(exec);
  await sql`insert into fragments (${sql.raw(FRAGMENT_COLUMNS)}) ${fragmentSelect(f)}`.execute(exec);
  await insertLinks(exec, l);
}

/** Records that exist: metadata replaced (first seen kept), fragments and links replaced by their merged form. */
async function upsertHeld(exec: Executor, { entities: e, fragments: f, links: l }: Rows, version: string): Promise<void> {
  if (!e.id.length) return;
  await sql`insert into entities (${sql.raw(ENTITY_COLUMNS)}) ${entitySelect(e, version)}
    on conflict (id) do update set
      schema = excluded.schema, caption = excluded.caption, owner_country = excluded.owner_country,
      owner_agency = excluded.owner_agency, distribution = excluded.distribution, agreement_id = excluded.agreement_id,
      legal_basis = excluded.legal_basis, purposes = excluded.purposes, retention_until = excluded.retention_until,
      dataset = excluded.dataset, origin_node = excluded.origin_node, locked = excluded.locked,
      personal_data = excluded.personal_data, first_seen = least(entities.first_seen, excluded.first_seen),
      last_seen = greatest(entities.last_seen, excluded.last_seen), names = excluded.names, change = excluded.change,
      updated_at = now()`.execute(exec);
  // Every fragment of these records was read and merged above: write them all again (a fragment the editor
  // emptied is not written, so it goes).
  await sql`delete from fragments where entity_id = any(${pgArray(e.id)}::text[])`.execute(exec);
  await sql`insert into fragments (${sql.raw(FRAGMENT_COLUMNS)}) ${fragmentSelect(f)}`.execute(exec);
  await sql`delete from links where entity_id = any(${pgArray(e.id)}::text[])`.execute(exec);
  await insertLinks(exec, l);
}
