/**
 * The CLK encoding schema: everything a matcher needs to know about how encodings were made, and nothing
 * about the secret. It travels in the header line of a .clk.jsonl file so that `pprl match` can refuse to
 * compare encodings made differently (a Dice score between two schemas is meaningless).
 */
import type { LinkField } from '../linkage/record';

export interface ClkFieldSpec {
  field: LinkField;
  /** how the value is normalised before tokenising */
  kind: 'name' | 'date' | 'digits' | 'text' | 'sex' | 'phone';
  /** number of bit positions each q-gram of this field sets (its weight; 0 = not encoded) */
  k: number;
  /**
   * hash namespace (default: the field name). Fields sharing one hash their tokens alike, so a maternal surname
   * written into \`surname\` ("Gonzalez-Goyanda") still meets the same bigrams of \`second_surname\` elsewhere.
   */
  namespace?: string;
  /**
   * spread about this many positions over the value's tokens instead (k per token = round(bitsPerField /
   * tokens), at most k): an identifier weighs the same whatever its length, so an 18-character CURP on one side
   * does not outweigh the names both sides share (clkhash's bits-per-feature strategy).
   */
  bitsPerField?: number;
}

export interface ClkSchema {
  format: 'puente-clk';
  version: 1;
  /** length of the final encoding in bits (a multiple of 64) */
  bits: number;
  /** q-gram length (2 = bigrams, padded with '_' at both ends) */
  q: number;
  /** token hashing: one HMAC-SHA256 per (field, token) seeds a PRNG that draws k positions (random hashing) */
  hashing: 'hmac-sha256-random';
  fields: ClkFieldSpec[];
  hardening: {
    /** XOR folding (Schnell, Borgs & Encarnação 2016): encode into 2·bits, then bit i := b[i] XOR b[i+bits] */
    xorFold: boolean;
    /**
     * attribute salting (Christen et al. 2018): the tokens of these fields are keyed with the birth year too, so
     * one name sets different positions for people born in different years. Empty = no salting.
     */
    saltedFields: LinkField[];
  };
}

/**
 * Default weights, chosen a priori and checked on development sets that are not the benchmark (Febrl dsgen D/F
 * and the generator's U.S.–Mexico set; never fitted to the benchmark's true pairs):
 *  • what stays with a person across a border — names, birth date, sex — weighs most; where they live (address,
 *    city, postcode, phone) changes when they move and weighs little;
 *  • given names and both surnames share one hash namespace, so names moved between columns (a maternal surname
 *    in the given names, a hyphenated "Gonzalez-Goyanda", FEBRL's given/surname swaps) keep their bits; the two
 *    address lines share one too;
 *  • a date gives four tokens (year, decade, ordered and sorted day-month pair) of 30 positions each: a
 *    day/month swap or U.S. mm/dd against Mexican dd/mm keeps half its bits, a typo in the year three quarters;
 *  • national identifiers (SSN, CURP) get a fixed budget of ≈ 120 positions whatever their length, since they
 *    usually exist on one side only and would otherwise drown the shared fields.
 * A FEBRL-like record sets ≈ 500 of the 2,048 pre-fold positions; the folded 1,024-bit encoding has ≈ 35–40 %
 * ones.
 */
export const DEFAULT_CLK_SCHEMA: ClkSchema = {
  format: 'puente-clk',
  version: 1,
  bits: 1024,
  q: 2,
  hashing: 'hmac-sha256-random',
  fields: [
    { field: 'given_name', kind: 'name', k: 15, namespace: 'name' },
    { field: 'surname', kind: 'name', k: 15, namespace: 'name' },
    { field: 'second_surname', kind: 'name', k: 15, namespace: 'name' },
    { field: 'date_of_birth', kind: 'date', k: 30 },
    { field: 'sex', kind: 'sex', k: 10 },
    { field: 'street_number', kind: 'text', k: 3 },
    { field: 'address_1', kind: 'text', k: 2, namespace: 'address' },
    { field: 'address_2', kind: 'text', k: 2, namespace: 'address' },
    { field: 'suburb', kind: 'text', k: 2 },
    { field: 'city', kind: 'text', k: 3 },
    { field: 'postcode', kind: 'digits', k: 4 },
    { field: 'state', kind: 'text', k: 2 },
    { field: 'country', kind: 'text', k: 1 },
    { field: 'phone', kind: 'phone', k: 3 },
    { field: 'soc_sec_id', kind: 'text', k: 15, bitsPerField: 120 },
    { field: 'id_number', kind: 'text', k: 15, bitsPerField: 120 },
  ],
  hardening: { xorFold: true, saltedFields: [] },
};

/** Reasons two schemas cannot be compared, or an empty list. */
export function schemaMismatch(a: ClkSchema, b: ClkSchema): string[] {
  const out: string[] = [];
  for (const key of ['format', 'version', 'bits', 'q', 'hashing'] as const) if (a[key] !== b[key]) out.push(`${key}: ${a[key]} ≠ ${b[key]}`);
  if (JSON.stringify(a.fields) !== JSON.stringify(b.fields)) out.push('fields');
  if (JSON.stringify(a.hardening) !== JSON.stringify(b.hardening)) out.push('hardening');
  return out;
}

/** Checks a schema read from a file; returns the problem or null. */
export function validateSchema(s: unknown): string | null {
  const o = s as ClkSchema;
  if (!o || typeof o !== 'object') return 'not an object';
  if (o.format !== 'puente-clk') return 'format is not puente-clk';
  if (o.version !== 1) return `unsupported version ${String(o.version)}`;
  if (!Number.isInteger(o.bits) || o.bits <= 0 || o.bits % 64 !== 0) return 'bits must be a positive multiple of 64';
  if (!Number.isInteger(o.q) || o.q < 1) return 'q must be a positive integer';
  if (o.hashing !== 'hmac-sha256-random') return 'unknown hashing';
  if (!Array.isArray(o.fields)) return 'fields missing';
  if (!o.hardening || typeof o.hardening.xorFold !== 'boolean' || !Array.isArray(o.hardening.saltedFields)) return 'hardening missing';
  return null;
}
