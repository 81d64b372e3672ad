/**
 * Records as table rows: the pure half of the write path (services/write.ts). A record's values merged
 * into the fragments the store held, its names, references and caption, as the column arrays of the
 * `entities`, `fragments` and `links` tables and as COPY text. No store access and no SQL library, so
 * the import's worker thread (services/import/worker.ts) loads it quickly.
 */
import { captionOf, foldText, type Entity, type Model } from '@puente/model';
import type { StoredStatement } from '../store/schema';
import type { CatalogEntry } from '../catalog/catalog';
import { pgArray } from './pg-literals';

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

/** COPY's text format: backslash, tab, newline and carriage return escaped; \N is NULL. */
function copyField(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

/** COPY's text format of column arrays; '' for no rows. */
export function copyText(columns: ReadonlyArray<ReadonlyArray<string | null | boolean>>): string {
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
