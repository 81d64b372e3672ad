/**
 * Checking an entity against its schema, and its caption.
 *
 * Per schema, a table of property checks is built once (WeakMap on the resolved schema), so validating a
 * line is a map lookup and at most one precompiled pattern per value: no regex is compiled in a loop.
 */
import type { Issue } from './errors';
import {
  isBooleanText, isCasNumber, isCountry, isEntityId, isFtmDate, isHsCode,
} from './property-types';
import type { Model, Schema } from './schema';

/** What to check on each value of a property. */
const PLAIN = 0;
const DATE = 1;
const COUNTRY = 2;
const ENTITY = 3;
const BOOLEAN = 4;
const CAS = 5;
const HS = 6;

interface PropCheck { kind: number; stub: boolean; range?: string }

const CODE_BY_KIND: Record<number, string> = {
  [DATE]: 'invalid_date', [COUNTRY]: 'invalid_country', [ENTITY]: 'invalid_entity_ref',
  [BOOLEAN]: 'invalid_boolean', [CAS]: 'invalid_cas', [HS]: 'invalid_hs_code',
};

const checksCache = new WeakMap<Schema, Map<string, PropCheck>>();

function checksOf(schema: Schema): Map<string, PropCheck> {
  let checks = checksCache.get(schema);
  if (!checks) {
    checks = new Map();
    for (const p of schema.properties.values()) {
      const kind = p.type === 'date' ? DATE : p.type === 'country' ? COUNTRY : p.type === 'entity' ? ENTITY
        : p.format === 'boolean' ? BOOLEAN : p.format === 'cas' ? CAS : p.format === 'hs' ? HS : PLAIN;
      checks.set(p.name, { kind, stub: p.stub === true, ...(p.range ? { range: p.range } : {}) });
    }
    checksCache.set(schema, checks);
  }
  return checks;
}

function valueOk(kind: number, v: string): boolean {
  switch (kind) {
    case PLAIN: return true;
    case DATE: return isFtmDate(v);
    case COUNTRY: return isCountry(v);
    case ENTITY: return isEntityId(v);
    case BOOLEAN: return isBooleanText(v);
    case CAS: return isCasNumber(v);
    case HS: return isHsCode(v);
    default: return true;
  }
}

/** Shortens a value quoted in a message, so one bad line cannot flood a log or an API response.
 *  Never throws, whatever the value (circular, BigInt, null-prototype objects come from API callers). */
export function quote(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else {
    try { s = JSON.stringify(v) ?? typeof v; } catch { s = typeof v; }
  }
  return s.length > 80 ? `${[...s.slice(0, 78)].slice(0, 77).join('')}…` : s;
}

export interface EntityInput { id?: unknown; schema?: unknown; properties?: unknown }

/**
 * Problems of an entity, in field order: schema (unknown, abstract), id (FtM id), properties (unknown,
 * stub, not a list of strings, bad date / country / entity id / format), then required properties missing.
 * An empty list means the entity is valid.
 */
export function validateEntity(model: Model, e: EntityInput): Issue[] {
  const issues: Issue[] = [];
  if (typeof e.schema !== 'string' || e.schema === '') {
    issues.push(e.schema === undefined || e.schema === null || e.schema === ''
      ? { field: 'schema', code: 'missing_schema' }
      : { field: 'schema', code: 'invalid_schema', params: { value: quote(e.schema) } });
    return issues;
  }
  const schema = model.schemata.get(e.schema);
  if (!schema) return [{ field: 'schema', code: 'unknown_schema', params: { schema: quote(e.schema) } }];
  if (schema.abstract) return [{ field: 'schema', code: 'abstract_schema', params: { schema: schema.name } }];

  if (e.id === undefined || e.id === null || e.id === '') issues.push({ field: 'id', code: 'missing_id' });
  else if (typeof e.id !== 'string' || !isEntityId(e.id)) issues.push({ field: 'id', code: 'invalid_id', params: { value: quote(e.id) } });

  const props = e.properties ?? {};
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    issues.push({ field: 'properties', code: 'invalid_properties' });
    return issues;
  }
  const checks = checksOf(schema);
  const values = props as Record<string, unknown>;
  for (const name of Object.keys(values)) {
    const field = `properties.${name}`;
    const check = checks.get(name);
    if (!check) {
      issues.push({ field, code: 'unknown_property', params: { prop: quote(name), schema: schema.name } });
      continue;
    }
    if (check.stub) {
      issues.push({ field, code: 'stub_property', params: { prop: name, schema: schema.name, range: check.range } });
      continue;
    }
    const list = values[name];
    if (!Array.isArray(list)) {
      issues.push({ field, code: 'not_a_list', params: { prop: name } });
      continue;
    }
    for (let i = 0; i < list.length; i++) {
      const v: unknown = list[i];
      if (typeof v !== 'string') {
        issues.push({ field, code: 'not_a_string', params: { prop: name, value: quote(v) } });
        break;
      }
      if (check.kind !== PLAIN && !valueOk(check.kind, v)) {
        issues.push({ field, code: CODE_BY_KIND[check.kind], params: { prop: name, value: quote(v) } });
        break;
      }
    }
  }
  for (const name of schema.required) {
    if (!hasValue(values[name])) issues.push({ field: `properties.${name}`, code: 'missing_required', params: { prop: name, schema: schema.name } });
  }
  return issues;
}

function hasValue(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (const v of list) if (typeof v === 'string' && v.trim() !== '') return true;
  return false;
}

/**
 * FtM's caption rule (EntityProxy.caption): the first value of the first of the schema's `caption`
 * properties that has one; otherwise the schema's label. The id is never shown as a caption.
 */
export function captionOf(model: Model, e: { schema: string; properties: Record<string, unknown> }): string {
  const schema = model.schemata.get(e.schema);
  if (!schema) return String(e.schema);
  for (const name of schema.caption) {
    const list = e.properties[name];
    if (!Array.isArray(list)) continue;
    for (const v of list) if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return schema.label;
}
