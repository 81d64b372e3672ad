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
 *  - records that exist are read, merged here (values keep their first-seen date, gain a last-seen one),
 *    and written back with upserts;
 *  - optionally the per-row foreign-key triggers of fragments and links are skipped (skipRowTriggers).
 */
import { sql, CompiledQuery } from 'kysely';
import { captionOf, foldText, type Entity, type Model } from '@puente/model';
import type { Executor, StoredStatement } from '../store/schema';
import { pgArray, pgBools } from './sql';
import type { CatalogEntry } from '../catalog/catalog';

/** Merges fragments of one entity that arrive in the same batch (FtM streams may split an entity over lines). */
export function mergeFragments(entities: readonly Entity[]): Entity[] {
  const byId = new Map<string, Entity>();
  for (const e of entities) {
    const prev = byId.get(e.id);
    if (!prev) { byId.set(e.id, e); continue; }
    const properties = { ...prev.properties };
    for (const [prop, values] of Object.entries(e.properties)) {
      const list = properties[prop] ?? [];
      properties[prop] = [...list, ...values.filter((v) => !list.includes(v))];
    }
    const firstSeen = [prev.firstSeen, e.firstSeen].filter(Boolean).sort()[0];
    const lastSeen = [prev.lastSeen, e.lastSeen].filter(Boolean).sort().at(-1);
    byId.set(e.id, { ...e, caption: undefined, properties, firstSeen, lastSeen });
  }
  return [...byId.values()];
}

/** One value with its own span (the stored form leaves the span out when it equals the fragment's). */
export interface SeenValue { prop: string; value: string; first: string; last: string }

const valueKey = (v: { prop: string; value: string }) => `${v.prop}\u0000${v.value}`;

/** A fragment as the write path handles it: every value with its span, in the order first stated. */
export interface Fragment {
  entityId: string; dataset: string; schema: string; originNode: string; originAgency: string;
  first: string; last: string; values: SeenValue[];
}

/** ISO 8601 UTC with milliseconds, however the driver gave the timestamp. */
export const isoTs = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();

/** The stored form: the fragment's span is the widest of its values'; values spanning exactly that omit it. */
export function storedStatements(f: Pick<Fragment, 'values'>): { first: string; last: string; statements: StoredStatement[] } {
  let first = '';
  let last = '';
  for (const v of f.values) {
    if (!first || v.first < first) first = v.first;
    if (!last || v.last > last) last = v.last;
  }
  const statements = f.values.map((v): StoredStatement => (v.first === first && v.last === last ? [v.prop, v.value] : [v.prop, v.value, v.first, v.last]));
  return { first, last, statements };
}

/** Reads a stored fragment back into values with their spans. */
export function seenValues(statements: readonly StoredStatement[], first: string, last: string): SeenValue[] {
  return statements.map((s) => ({ prop: s[0], value: s[1], first: s[2] ?? first, last: s[3] ?? last }));
}

/**
 * Adds what an import states to what a fragment held: a value stated again keeps its first-seen date and
 * takes the later last-seen; a new value is appended; values not stated again stay as they were.
 * `replace` (the editor) first withdraws every value of those properties that is not stated again.
 */
export function mergeValues(held: readonly SeenValue[], stated: readonly SeenValue[], replace?: ReadonlySet<string>): SeenValue[] {
  const statedKeys = new Set(stated.map(valueKey));
  const out = held.filter((v) => !replace?.has(v.prop) || statedKeys.has(valueKey(v))).map((v) => ({ ...v }));
  const index = new Map(out.map((v, i) => [valueKey(v), i]));
  for (const v of stated) {
    const i = index.get(valueKey(v));
    if (i === undefined) { index.set(valueKey(v), out.length); out.push({ ...v }); continue; }
    const h = out[i];
    if (v.first < h.first) h.first = v.first;
    if (v.last > h.last) h.last = v.last;
  }
  return out;
}

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

/** Column arrays of one group of records, in the tables' column order. */
export class Rows {
  entities = {
    id: [] as string[], schema: [] as string[], caption: [] as string[], oc: [] as string[], oa: [] as string[],
    dist: [] as string[], agr: [] as (string | null)[], lb: [] as string[], purposes: [] as string[], ret: [] as string[],
    ds: [] as string[], onode: [] as string[], locked: [] as boolean[], personal: [] as boolean[], fs: [] as string[],
    ls: [] as string[], names: [] as string[],
  };
  fragments = {
    id: [] as string[], ds: [] as string[], schema: [] as string[], onode: [] as string[], oa: [] as string[],
    fs: [] as string[], ls: [] as string[], st: [] as string[],
  };
  links = { id: [] as string[], prop: [] as string[], target: [] as string[] };
  statements = 0;
  names = 0;
}

const typeCaches = new WeakMap<Model, Map<string, string>>();
/** A property's type ('string' when the schema does not declare it), memoised per model. */
function typeOf(model: Model, schema: string, prop: string): string {
  let cache = typeCaches.get(model);
  if (!cache) typeCaches.set(model, (cache = new Map()));
  const k = `${schema}\u0001${prop}`;
  let t = cache.get(k);
  if (t === undefined) { t = model.getProperty(schema, prop)?.type ?? 'string'; cache.set(k, t); }
  return t;
}

/**
 * Adds one record to `rows`: its values as stated now merged into the fragments the store held of it
 * (`before`, empty for a new record), its names, references and caption from every fragment together.
 * Pure: the worker that prepares an import's new records (services/import) runs it too. Returns the
 * record as the catalog takes it.
 */
export function addRecord(
  rows: Rows, model: Model, ent: Entity, before: readonly Fragment[], now: string, replace?: ReadonlySet<string>,
): CatalogEntry {
  const m = ent.meta;
  const first = ent.firstSeen ?? now;
  const last = ent.lastSeen ?? now;
  const stated: SeenValue[] = [];
  for (const [prop, values] of Object.entries(ent.properties)) {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value) || value.trim() === '') continue;
      seen.add(value);
      stated.push({ prop, value, first, last });
    }
  }
  // This dataset's fragment, merged into what the store holds; the other datasets' fragments as they are,
  // except that the editor's replaced properties are withdrawn from all of them. A new record has just one.
  const own = before.find((f) => f.dataset === m.dataset);
  const restated = replace ? new Set(stated.map(valueKey)) : null;
  const fragments: Fragment[] = before.filter((f) => f !== own).map((f) => (
    restated ? { ...f, values: f.values.filter((v) => !replace!.has(v.prop) || restated.has(valueKey(v))) } : f));
  fragments.push({
    entityId: ent.id, dataset: m.dataset, schema: ent.schema, originNode: m.originNode, originAgency: m.ownerAgency,
    first, last, values: before.length ? mergeValues(own?.values ?? [], stated, replace) : stated,
  });
  rows.statements += stated.length;

  // Names, references and caption come from every fragment together.
  const nameSet = new Set<string>();
  let spanFirst = '';
  let spanLast = '';
  for (const f of fragments) {
    const { first: ff, last: fl, statements } = storedStatements(f);
    if (!statements.length && f !== fragments.at(-1)) continue;
    if (statements.length) {
      if (!spanFirst || ff < spanFirst) spanFirst = ff;
      if (!spanLast || fl > spanLast) spanLast = fl;
    }
    rows.fragments.id.push(ent.id); rows.fragments.ds.push(f.dataset); rows.fragments.schema.push(f.schema);
    rows.fragments.onode.push(f.originNode); rows.fragments.oa.push(f.originAgency);
    rows.fragments.fs.push(ff || first); rows.fragments.ls.push(fl || last); rows.fragments.st.push(JSON.stringify(statements));
  }
  const links = new Set<string>();
  const entityLinks: CatalogEntry['links'] = [];
  for (const f of fragments) {
    for (const v of f.values) {
      const type = typeOf(model, ent.schema, v.prop);
      if (type === 'name') nameSet.add(v.value);
      else if (type === 'entity' && !links.has(valueKey(v))) {
        links.add(valueKey(v));
        entityLinks.push({ prop: v.prop, target: v.value });
        rows.links.id.push(ent.id); rows.links.prop.push(v.prop); rows.links.target.push(v.value);
      }
    }
  }
  const propertiesOf = () => {
    const properties: Record<string, string[]> = {};
    for (const f of fragments) for (const v of f.values) (properties[v.prop] ??= []).push(v.value);
    return properties;
  };
  const caption = (before.length ? undefined : ent.caption) || captionOf(model, { schema: ent.schema, properties: propertiesOf() }) || ent.id;
  nameSet.add(caption);
  const entityNames = [...nameSet].filter((n) => foldText(n) !== '');
  rows.names += entityNames.length;

  const e = rows.entities;
  e.id.push(ent.id); e.schema.push(ent.schema); e.caption.push(caption); e.oc.push(m.ownerCountry); e.oa.push(m.ownerAgency);
  e.dist.push(m.distribution); e.agr.push(m.agreementId ?? null); e.lb.push(m.legalBasis); e.purposes.push(pgArray(m.purposes));
  e.ret.push(m.retentionUntil); e.ds.push(m.dataset); e.onode.push(m.originNode); e.locked.push(m.locked ?? false);
  e.personal.push(model.isPersonal(ent.schema)); e.fs.push(spanFirst || first); e.ls.push(spanLast || last);
  e.names.push(pgArray(entityNames));
  return {
    id: ent.id, schema: ent.schema, caption, ownerCountry: m.ownerCountry, ownerAgency: m.ownerAgency,
    distribution: m.distribution, agreementId: m.agreementId ?? null, legalBasis: m.legalBasis, purposes: [...m.purposes],
    locked: m.locked ?? false, personalData: model.isPersonal(ent.schema), names: entityNames, links: entityLinks,
  };
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

/**
 * New records made ready away from the store (services/import's worker): the three tables' COPY texts at the
 * transaction's data_version, and the records as the catalog takes them.
 */
export interface PreparedRecords {
  written: CatalogEntry[];
  statements: number;
  names: number;
  /** COPY text of each table ('' for no rows), or its UTF-8 bytes (as the worker hands them over, without a copy). */
  copy: { entities: string | Uint8Array<ArrayBuffer>; fragments: string | Uint8Array<ArrayBuffer>; links: string | Uint8Array<ArrayBuffer> };
}

/** Prepares `batch` as new records for COPY at `version` (PGlite). Pure. */
export function prepareNew(model: Model, batch: readonly Entity[], now: string, version: string): PreparedRecords {
  const rows = new Rows();
  const written = mergeFragments(batch).map((ent) => addRecord(rows, model, ent, [], now));
  const { entities: e, fragments: f, links: l } = rows;
  return {
    written, statements: rows.statements, names: rows.names,
    copy: {
      entities: copyText([e.id, e.schema, e.caption, e.oc, e.oa, e.dist, e.agr, e.lb, e.purposes, e.ret,
        e.ds, e.onode, e.locked, e.personal, e.fs, e.ls, e.names, e.id.map(() => version)]),
      fragments: copyText([f.id, f.ds, f.schema, f.onode, f.oa, f.fs, f.ls, f.st]),
      links: copyText([l.id, l.prop, l.target]),
    },
  };
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

/** COPY's text format: backslash, tab, newline and carriage return escaped; \N is NULL. */
function copyField(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

/** COPY's text format of column arrays; '' for no rows. */
function copyText(columns: ReadonlyArray<ReadonlyArray<string | null | boolean>>): string {
  const parts: string[] = [];
  const n = columns[0].length;
  if (!n) return '';
  for (let i = 0; i < n; i++) {
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      const v = columns[c][i];
      line += (c ? '\t' : '') + (typeof v === 'boolean' ? (v ? 't' : 'f') : copyField(v));
    }
    parts.push(line);
  }
  return `${parts.join('\n')}\n`;
}

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
