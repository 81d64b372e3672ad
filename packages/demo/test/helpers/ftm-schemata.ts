/**
 * A minimal reader of the FollowTheMoney schema YAML (../shared/data/platform/ftm/schema), written for the
 * demo's tests so that they check names against FtM itself rather than against the model package being
 * written in parallel. Returns null when the folder is absent (tests then skip and say so).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface FtmProperty { name: string; type: string; range?: string }
export interface FtmSchema { name: string; abstract: boolean; extends: string[]; own: Map<string, FtmProperty>; properties: Map<string, FtmProperty>; ancestors: Set<string> }

export function ftmSchemaDir(): string {
  const data = process.env.PUENTE_DATA ?? resolve(fileURLToPath(import.meta.url), '../../../../../../shared/data');
  return join(data, 'platform', 'ftm', 'schema');
}

export function loadFtmSchemata(dir = ftmSchemaDir()): Map<string, FtmSchema> | null {
  if (!existsSync(dir)) return null;
  const raw = new Map<string, Record<string, unknown>>();
  for (const file of readdirSync(dir)) {
    if (!/\.ya?ml$/.test(file)) continue;
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, Record<string, unknown>> | null;
    if (!doc) continue;
    for (const [name, body] of Object.entries(doc)) {
      if (body && typeof body === 'object' && ('properties' in body || 'extends' in body || 'label' in body)) raw.set(name, body);
    }
  }
  const out = new Map<string, FtmSchema>();
  const build = (name: string): FtmSchema => {
    const done = out.get(name);
    if (done) return done;
    const body = raw.get(name);
    if (!body) throw new Error(`FtM schema ${name} not found`);
    const own = new Map<string, FtmProperty>();
    for (const [p, def] of Object.entries((body.properties ?? {}) as Record<string, Record<string, unknown> | null>)) {
      own.set(p, { name: p, type: String(def?.type ?? 'string'), range: def?.range as string | undefined });
    }
    const parents = ((body.extends ?? []) as string[]).map(build);
    const properties = new Map<string, FtmProperty>();
    const ancestors = new Set<string>([name]);
    for (const parent of parents) {
      for (const [k, v] of parent.properties) properties.set(k, v);
      for (const a of parent.ancestors) ancestors.add(a);
    }
    for (const [k, v] of own) properties.set(k, v);
    const schema: FtmSchema = { name, abstract: body.abstract === true, extends: parents.map((p) => p.name), own, properties, ancestors };
    out.set(name, schema);
    return schema;
  };
  for (const name of raw.keys()) build(name);
  return out;
}
