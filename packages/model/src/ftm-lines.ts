/**
 * FtM JSON lines in and out: one entity per line (`.ftm.json`, as followthemoney and OpenSanctions write
 * them), with Puente's record metadata in a `puente` object:
 *
 *   {"id","schema","properties":{prop:[string…]},"caption"?,"first_seen"?,"last_seen"?,"datasets"?:[…],
 *    "puente"?:{"owner_country","owner_agency","distribution","agreement_id"?,"legal_basis","purposes":[…],
 *               "retention_until","dataset","origin_node","locked"?}}
 *
 * Reading streams: a file is never held in memory, only the line being parsed. The first bad line stops
 * the read with a ParseError naming file, line (from 1, blank lines counted but skipped) and field, in
 * English and Spanish — the import around it aborts its batch. Unknown top-level keys (OpenSanctions'
 * `referents`, `target`, `last_change`) are ignored.
 */
import { ParseError, type Issue } from './errors';
import { isCountryCode, isIsoDay, isTimestamp } from './property-types';
import { DISTRIBUTIONS, PURPOSES, type Distribution, type Entity, type Purpose, type RecordMeta } from './record';
import type { Model } from './schema';
import { captionOf, quote, validateEntity } from './validate';

export interface ReadOptions {
  /** Named in errors; the caller's name for the source (file name, upload name). */
  file: string;
  model: Model;
  /** Metadata for lines whose `puente` object lacks a field (e.g. the import's query parameters). */
  defaults: Partial<RecordMeta>;
}

const DISTRIBUTION_SET: ReadonlySet<string> = new Set(DISTRIBUTIONS);
const PURPOSE_SET: ReadonlySet<string> = new Set(PURPOSES);

/** Reads FtM JSON lines; yields each entity with its line number; throws ParseError on the first bad line. */
export async function* readFtmLines(
  lines: AsyncIterable<string> | Iterable<string>,
  opts: ReadOptions,
): AsyncGenerator<{ line: number; entity: Entity }> {
  let n = 0;
  for await (const text of lines) {
    n++;
    const entity = parseFtmLine(text, n, opts);
    if (entity) yield { line: n, entity };
  }
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10 && c !== 0xfeff) return false;
  }
  return true;
}

type Obj = Record<string, unknown>;
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isString(v: unknown): boolean {
  return typeof v === 'string';
}

/** A problem found while reading a line; parseFtmLine adds file and line. (No closure per line: the
 *  helpers below are plain functions, cheap on the import path.) */
class LineIssue {
  constructor(readonly issue: Issue) {}
}
function bad(issue: Issue): never {
  throw new LineIssue(issue);
}

/** One line; `null` for a blank line. Throws ParseError naming `line`. */
export function parseFtmLine(text: string, line: number, opts: ReadOptions): Entity | null {
  if (isBlank(text)) return null;
  try {
    return parseLine(text, line, opts);
  } catch (err) {
    if (err instanceof LineIssue) throw new ParseError(opts.file, line, err.issue);
    throw err;
  }
}

function parseLine(text: string, line: number, opts: ReadOptions): Entity {
  let doc: unknown;
  try {
    doc = JSON.parse(line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    bad({ field: 'json', code: 'invalid_json', params: { detail: quote(err instanceof Error ? err.message : String(err)) } });
  }
  if (!isObj(doc)) return bad({ field: 'json', code: 'not_an_object' });

  const issues = validateEntity(opts.model, doc);
  if (issues.length) bad(issues[0]);

  const { caption, first_seen: firstSeen, last_seen: lastSeen, datasets } = doc;
  if (caption !== undefined && typeof caption !== 'string') bad({ field: 'caption', code: 'invalid_caption' });
  if (firstSeen !== undefined && (typeof firstSeen !== 'string' || !isTimestamp(firstSeen))) {
    bad({ field: 'first_seen', code: 'invalid_timestamp', params: { value: quote(firstSeen) } });
  }
  if (lastSeen !== undefined && (typeof lastSeen !== 'string' || !isTimestamp(lastSeen))) {
    bad({ field: 'last_seen', code: 'invalid_timestamp', params: { value: quote(lastSeen) } });
  }
  if (datasets !== undefined && (!Array.isArray(datasets) || !datasets.every(isString))) {
    bad({ field: 'datasets', code: 'invalid_datasets' });
  }

  const puente = doc.puente ?? {};
  if (!isObj(puente)) return bad({ field: 'puente', code: 'invalid_puente' });
  const meta = metaOf(puente, opts.defaults, datasets as string[] | undefined);

  const properties = (doc.properties ?? {}) as Record<string, string[]>;
  const entity: Entity = {
    id: doc.id as string,
    schema: doc.schema as string,
    properties,
    caption: (caption as string | undefined) ?? captionOf(opts.model, { schema: doc.schema as string, properties }),
    meta,
  };
  if (firstSeen !== undefined) entity.firstSeen = firstSeen as string;
  if (lastSeen !== undefined) entity.lastSeen = lastSeen as string;
  return entity;
}

/** A text field of the metadata: the line's value, else the default; present and not blank. */
function text(field: string, lineValue: unknown, dflt: unknown): string {
  const v = lineValue ?? dflt;
  if (v === undefined || v === null || v === '') return bad({ field: `puente.${field}`, code: 'missing_meta' });
  if (typeof v !== 'string') return bad({ field: `puente.${field}`, code: 'meta_not_text', params: { value: quote(v) } });
  if (v.trim() === '') return bad({ field: `puente.${field}`, code: 'missing_meta' });
  return v;
}

/**
 * A record's metadata: each field from the line's `puente` object, else from the defaults; a field in
 * neither is an error on `puente.<field>`. The dataset may also come, last, from FtM's own `datasets`.
 */
function metaOf(p: Obj, d: Partial<RecordMeta>, datasets: string[] | undefined): RecordMeta {

  // Checked in wire order, so the field named is the first bad one a reader of the line meets.
  const country = text('owner_country', p.owner_country, d.ownerCountry);
  if (!isCountryCode(country)) bad({ field: 'puente.owner_country', code: 'invalid_owner_country', params: { value: quote(country) } });
  const ownerAgency = text('owner_agency', p.owner_agency, d.ownerAgency);

  const distribution = text('distribution', p.distribution, d.distribution);
  if (!DISTRIBUTION_SET.has(distribution)) {
    bad({ field: 'puente.distribution', code: 'invalid_distribution', params: { value: quote(distribution), allowed: DISTRIBUTIONS.join(', ') } });
  }

  // A named agreement is what an `agreement` distribution shares under; elsewhere it is optional context.
  const agreementRaw = p.agreement_id ?? d.agreementId ?? null;
  const agreementId = agreementRaw === null && distribution !== 'agreement' ? null : text('agreement_id', agreementRaw, null);

  const purposesRaw = p.purposes ?? d.purposes;
  if (purposesRaw === undefined || purposesRaw === null) bad({ field: 'puente.purposes', code: 'missing_meta' });
  if (!Array.isArray(purposesRaw)) return bad({ field: 'puente.purposes', code: 'purposes_not_list' });
  // Purpose limitation (LGPDPPSO art. 18; CJIS use for authorised purposes): a record held for no purpose
  // could be read by no analyst and should not be held at all.
  if (purposesRaw.length === 0) bad({ field: 'puente.purposes', code: 'no_purposes' });
  for (const x of purposesRaw) {
    if (typeof x !== 'string' || !PURPOSE_SET.has(x)) {
      bad({ field: 'puente.purposes', code: 'invalid_purpose', params: { value: quote(x), allowed: PURPOSES.join(', ') } });
    }
  }

  const legalBasis = text('legal_basis', p.legal_basis, d.legalBasis);
  const retentionUntil = text('retention_until', p.retention_until, d.retentionUntil);
  if (!isIsoDay(retentionUntil)) bad({ field: 'puente.retention_until', code: 'invalid_retention', params: { value: quote(retentionUntil) } });

  const dataset = text('dataset', p.dataset, d.dataset ?? datasets?.[0]);
  const originNode = text('origin_node', p.origin_node, d.originNode);
  const lockedRaw = p.locked ?? d.locked ?? false;
  if (typeof lockedRaw !== 'boolean') bad({ field: 'puente.locked', code: 'meta_not_boolean', params: { value: quote(lockedRaw) } });

  return {
    ownerCountry: country.toUpperCase(),
    ownerAgency,
    distribution: distribution as Distribution,
    agreementId,
    legalBasis,
    purposes: purposesRaw.slice() as Purpose[],
    retentionUntil,
    dataset,
    originNode,
    locked: lockedRaw as boolean,
  };
}

/** One FtM JSON line (no trailing newline) that readFtmLines reads back to the same entity. */
export function toFtmLine(e: Entity): string {
  const m = e.meta;
  const out: Obj = { id: e.id, schema: e.schema, properties: e.properties };
  if (e.caption !== undefined) out.caption = e.caption;
  if (e.firstSeen !== undefined) out.first_seen = e.firstSeen;
  if (e.lastSeen !== undefined) out.last_seen = e.lastSeen;
  out.datasets = [m.dataset];
  const puente: Obj = {
    owner_country: m.ownerCountry,
    owner_agency: m.ownerAgency,
    distribution: m.distribution,
  };
  if (m.agreementId !== undefined && m.agreementId !== null) puente.agreement_id = m.agreementId;
  puente.legal_basis = m.legalBasis;
  puente.purposes = m.purposes;
  puente.retention_until = m.retentionUntil;
  puente.dataset = m.dataset;
  puente.origin_node = m.originNode;
  if (m.locked) puente.locked = true;
  out.puente = puente;
  return JSON.stringify(out);
}
