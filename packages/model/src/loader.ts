/**
 * Reads the model from its declarative source: FollowTheMoney's schema YAML (../shared/data/platform/ftm,
 * read-only, never copied into the repository) and Puente's own schema YAML (packages/model/schema).
 *
 * Resolution follows FtM's `Schema.generate` / `Model.generate` (followthemoney 3.8.4):
 * - `extends` may name several parents; a schema's properties are its own, then each parent's in the
 *   order `extends` lists them, the first definition of a name winning;
 * - an `entity` property with `reverse: {name, label}` creates, on its range schema, a *stub* property of
 *   that name pointing back (range = the declaring schema); stubs are inherited like any property;
 * - `temporalExtent.start` / `.end` are each the schema's own list or, when it has none, its parents';
 * - `required` is the schema's own list (FtM applies it to user-made entities only; Address, for one, does
 *   not inherit Thing's `name`); `featured` and `caption` fall back to the first parent that has one
 *   (no FtM schema relies on either rule; Puente's MissingPerson keeps Person's caption this way).
 * The resolved properties are checked against FtM's compiled `defaultModel.json` in test/loader.test.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ModelError } from './errors';
import { CHECKED_FORMATS, PROPERTY_TYPES } from './property-types';
import { Model, type Edge, type Property, type Schema } from './schema';

const SRC_DIR = dirname(fileURLToPath(import.meta.url));
/** Repository root: packages/model/src → three levels up. */
export const REPO_ROOT = resolve(SRC_DIR, '../../..');
/** Puente's own schemata, committed with the code. */
export const PUENTE_SCHEMA_DIR = resolve(SRC_DIR, '../schema');

/** `$PUENTE_DATA/platform/ftm`, else the shared data folder beside the repository. */
export function defaultFtmDir(): string {
  const data = process.env.PUENTE_DATA;
  return data ? resolve(data, 'platform/ftm') : resolve(REPO_ROOT, '../shared/data/platform/ftm');
}

const cache = new Map<string, Model>();

/** The model, read once per folder pair and cached. Throws ModelError (both languages) when a folder is missing. */
export function loadModel(opts: { ftmDir?: string; puenteDir?: string } = {}): Model {
  const ftmDir = resolve(opts.ftmDir ?? defaultFtmDir());
  const puenteDir = resolve(opts.puenteDir ?? PUENTE_SCHEMA_DIR);
  const key = `${ftmDir}\n${puenteDir}`;
  let model = cache.get(key);
  if (!model) {
    const ftmSchemaDir = existsSync(join(ftmDir, 'schema')) ? join(ftmDir, 'schema') : ftmDir;
    if (!isDir(ftmSchemaDir)) throw new ModelError('missing_ftm_dir', { dir: ftmDir });
    if (!isDir(puenteDir)) throw new ModelError('missing_puente_dir', { dir: puenteDir });
    const raws = [...readSchemaDir(ftmSchemaDir, 'ftm'), ...readSchemaDir(puenteDir, 'puente')];
    model = new Model(resolveSchemata(raws), { ftmDir, puenteDir });
    cache.set(key, model);
  }
  return model;
}

function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

// ---------------------------------------------------------------------------------------------------------
// Raw YAML

type Origin = 'ftm' | 'puente';
type Obj = Record<string, unknown>;
interface RawSchema { name: string; origin: Origin; file: string; data: Obj }

/** Keys a schema or property may carry. FtM's own files are read leniently (they carry `rdf`, `icon` and
 *  the odd typo); Puente's are checked strictly so a misspelt key fails at start-up, not silently. */
const SCHEMA_KEYS = new Set(['label', 'plural', 'description', 'extends', 'abstract', 'matchable', 'featured',
  'required', 'caption', 'edge', 'temporalExtent', 'properties', 'personal', 'hidden', 'generated', 'deprecated']);
const PROPERTY_KEYS = new Set(['label', 'description', 'type', 'range', 'reverse', 'hidden', 'matchable',
  'deprecated', 'format', 'maxLength']);

export function readSchemaDir(dir: string, origin: Origin): RawSchema[] {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const out: RawSchema[] = [];
  for (const f of files) {
    const file = join(dir, f);
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ModelError('invalid_yaml', { file, detail: (err as Error).message.split('\n')[0] });
    }
    if (doc === null || doc === undefined) continue;
    if (!isObj(doc)) throw new ModelError('invalid_schema', { file, name: f, detail: 'not a mapping of schema names' });
    for (const [name, data] of Object.entries(doc)) {
      if (!isObj(data)) throw new ModelError('invalid_schema', { file, name, detail: 'definition is not a mapping' });
      if (origin === 'puente') {
        for (const k of Object.keys(data)) {
          if (!SCHEMA_KEYS.has(k)) throw new ModelError('invalid_schema', { file, name, detail: `unknown key "${k}"` });
        }
      }
      out.push({ name, origin, file, data });
    }
  }
  return out;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------------------
// Resolution

interface Draft {
  raw: RawSchema;
  own: Map<string, Property>;
  /** Reverse specs of own entity properties, turned into stubs on the range schema. */
  reverses: Array<{ prop: Property; name: string; label: string; hidden: boolean }>;
  extends: string[];
  schema?: Schema;
}

export function resolveSchemata(raws: RawSchema[]): Map<string, Schema> {
  const drafts = new Map<string, Draft>();
  for (const raw of raws) {
    const prior = drafts.get(raw.name);
    if (prior) throw new ModelError('duplicate_schema', { name: raw.name, file: raw.file, other: prior.raw.file });
    drafts.set(raw.name, draftOf(raw));
  }

  // Parents before children; a cycle in `extends` is a model error.
  const order: Draft[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (d: Draft, path: string[]) => {
    const s = state.get(d.raw.name);
    if (s === 'done') return;
    if (s === 'visiting') fail(d.raw, `extends cycle ${[...path, d.raw.name].join(' → ')}`);
    state.set(d.raw.name, 'visiting');
    for (const p of d.extends) {
      const parent = drafts.get(p);
      if (!parent) fail(d.raw, `extends unknown schema "${p}"`);
      visit(parent, [...path, d.raw.name]);
    }
    state.set(d.raw.name, 'done');
    order.push(d);
  };
  for (const d of drafts.values()) visit(d, []);

  const ancestors = new Map<string, string[]>();
  for (const d of order) {
    const list = [d.raw.name];
    for (const p of d.extends) for (const a of ancestors.get(p)!) if (!list.includes(a)) list.push(a);
    ancestors.set(d.raw.name, list);
  }

  // Reverse stubs live on the range schema as own properties, so its descendants inherit them.
  for (const d of order) {
    for (const r of d.reverses) {
      const range = drafts.get(r.prop.range!);
      if (!range) fail(d.raw, `property "${r.prop.name}" has unknown range "${r.prop.range}"`);
      const existing = ancestors.get(range.raw.name)!.map((a) => drafts.get(a)!.own.get(r.name)).find((p) => p);
      r.prop.reverse = r.name;
      if (existing) continue;
      range.own.set(r.name, {
        name: r.name, label: r.label, type: 'entity', range: d.raw.name, reverse: r.prop.name, stub: true,
        ...(r.hidden ? { hidden: true } : {}),
        schema: range.raw.name, qname: `${range.raw.name}:${r.name}`, matchable: true,
        maxLength: PROPERTY_TYPES.get('entity')!.maxLength,
      });
    }
  }

  const out = new Map<string, Schema>();
  for (const d of order) {
    const parents = d.extends.map((p) => drafts.get(p)!.schema!);
    const properties = new Map(d.own);
    for (const parent of parents) {
      for (const [name, prop] of parent.properties) if (!properties.has(name)) properties.set(name, prop);
    }
    for (const prop of d.own.values()) {
      if (prop.range !== undefined && !drafts.has(prop.range)) {
        fail(d.raw, `property "${prop.name}" has unknown range "${prop.range}"`);
      }
    }
    const data = d.raw.data;
    const inheritList = (key: 'featured' | 'caption'): string[] => {
      const own = strList(d.raw, data[key], key);
      if (own.length) return own;
      return parents.map((p) => p[key]).find((l) => l.length) ?? [];
    };
    const schema: Schema = {
      name: d.raw.name,
      label: str(d.raw, data.label, 'label') ?? d.raw.name,
      plural: str(d.raw, data.plural, 'plural') ?? str(d.raw, data.label, 'label') ?? d.raw.name,
      ...(typeof data.description === 'string' ? { description: data.description.trim() } : {}),
      abstract: bool(d.raw, data.abstract, 'abstract', false),
      matchable: bool(d.raw, data.matchable, 'matchable', true),
      extends: d.extends,
      schemata: ancestors.get(d.raw.name)!,
      properties,
      featured: inheritList('featured'),
      caption: inheritList('caption'),
      required: strList(d.raw, data.required, 'required'),
      personal: d.raw.name === 'Person' || bool(d.raw, data.personal, 'personal', false) || parents.some((p) => p.personal),
      origin: d.raw.origin,
    };
    const edge = edgeOf(d.raw, data.edge);
    if (edge) schema.edge = edge;
    const temporal = temporalOf(d.raw, data.temporalExtent, parents);
    if (temporal) schema.temporalExtent = temporal;
    for (const flag of ['hidden', 'generated', 'deprecated'] as const) {
      if (bool(d.raw, data[flag], flag, false)) schema[flag] = true;
    }
    checkReferences(d.raw, schema);
    d.schema = schema;
    out.set(schema.name, schema);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function draftOf(raw: RawSchema): Draft {
  const draft: Draft = { raw, own: new Map(), reverses: [], extends: strList(raw, raw.data.extends, 'extends') };
  const props = raw.data.properties ?? {};
  if (!isObj(props)) fail(raw, '"properties" is not a mapping');
  for (const [name, spec] of Object.entries(props)) {
    const p: Obj = spec === null ? {} : isObj(spec) ? spec : fail(raw, `property "${name}" is not a mapping`);
    if (raw.origin === 'puente') {
      for (const k of Object.keys(p)) if (!PROPERTY_KEYS.has(k)) fail(raw, `property "${name}": unknown key "${k}"`);
    }
    const type = str(raw, p.type, `${name}.type`) ?? 'string';
    const ptype = PROPERTY_TYPES.get(type);
    if (!ptype) fail(raw, `property "${name}" has unknown type "${type}"`);
    const prop: Property = {
      name,
      label: str(raw, p.label, `${name}.label`) ?? name,
      type,
      schema: raw.name,
      qname: `${raw.name}:${name}`,
      matchable: bool(raw, p.matchable, `${name}.matchable`, ptype.matchable),
      maxLength: typeof p.maxLength === 'number' ? p.maxLength : ptype.maxLength,
    };
    const description = str(raw, p.description, `${name}.description`);
    if (description) prop.description = description.trim();
    if (bool(raw, p.hidden, `${name}.hidden`, false)) prop.hidden = true;
    if (bool(raw, p.deprecated, `${name}.deprecated`, false)) prop.deprecated = true;
    const format = str(raw, p.format, `${name}.format`);
    if (format) {
      if (raw.origin === 'puente' && !(CHECKED_FORMATS as readonly string[]).includes(format)) {
        fail(raw, `property "${name}" has unknown format "${format}" (one of ${CHECKED_FORMATS.join(', ')})`);
      }
      prop.format = format;
    }
    if (type === 'entity') {
      const range = str(raw, p.range, `${name}.range`);
      if (!range) fail(raw, `entity property "${name}" has no range`);
      prop.range = range;
      if (p.reverse !== undefined) {
        if (!isObj(p.reverse) || typeof p.reverse.name !== 'string') fail(raw, `property "${name}": reverse needs a name`);
        const rev = p.reverse;
        draft.reverses.push({
          prop, name: rev.name as string, label: str(raw, rev.label, `${name}.reverse.label`) ?? (rev.name as string),
          hidden: bool(raw, rev.hidden, `${name}.reverse.hidden`, false),
        });
      }
    } else if (p.range !== undefined || p.reverse !== undefined) {
      fail(raw, `property "${name}" has a range or reverse but is not of type entity`);
    }
    draft.own.set(name, prop);
  }
  return draft;
}

function edgeOf(raw: RawSchema, v: unknown): Edge | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) fail(raw, '"edge" is not a mapping');
  const source = str(raw, v.source, 'edge.source');
  const target = str(raw, v.target, 'edge.target');
  if (!source || !target) fail(raw, 'edge needs a source and a target');
  return {
    source, target,
    label: str(raw, v.label, 'edge.label') ?? raw.name,
    directed: bool(raw, v.directed, 'edge.directed', true),
    caption: strList(raw, v.caption, 'edge.caption'),
  };
}

function temporalOf(raw: RawSchema, v: unknown, parents: Schema[]): Schema['temporalExtent'] {
  if (v !== undefined && v !== null && !isObj(v)) fail(raw, '"temporalExtent" is not a mapping');
  const own = (v ?? {}) as Obj;
  const pick = (key: 'start' | 'end'): string[] => {
    const list = strList(raw, own[key], `temporalExtent.${key}`);
    if (list.length) return list;
    const inherited: string[] = [];
    for (const p of parents) for (const x of p.temporalExtent?.[key] ?? []) if (!inherited.includes(x)) inherited.push(x);
    return inherited;
  };
  const start = pick('start');
  const end = pick('end');
  return start.length || end.length ? { start, end } : undefined;
}

/** Like FtM's InvalidModel checks: every list and edge names a property the schema has. */
function checkReferences(raw: RawSchema, s: Schema): void {
  const lists: Array<[string, string[]]> = [['featured', s.featured], ['caption', s.caption], ['required', s.required],
    ['temporalExtent.start', s.temporalExtent?.start ?? []], ['temporalExtent.end', s.temporalExtent?.end ?? []],
    ['edge.caption', s.edge?.caption ?? []]];
  for (const [key, list] of lists) {
    for (const name of list) if (!s.properties.has(name)) fail(raw, `${key} names unknown property "${name}"`);
  }
  if (s.edge) {
    for (const end of [s.edge.source, s.edge.target]) {
      if (s.properties.get(end)?.type !== 'entity') fail(raw, `edge end "${end}" is not an entity property`);
    }
  }
}

function fail(raw: RawSchema, detail: string): never {
  throw new ModelError('invalid_schema', { file: raw.file, name: raw.name, detail });
}

function str(raw: RawSchema, v: unknown, key: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(raw, `"${key}" is not a string`);
  return v;
}

function bool(raw: RawSchema, v: unknown, key: string, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') fail(raw, `"${key}" is not true or false`);
  return v;
}

function strList(raw: RawSchema, v: unknown, key: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(raw, `"${key}" is not a list of names`);
  return v as string[];
}
