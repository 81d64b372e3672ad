/**
 * Cryptographic long-term key (CLK) encoding (Schnell, Bachteler & Reiher 2011; as in anonlink/clkhash): every
 * q-gram of every field sets k_field positions of one Bloom filter, chosen by a keyed hash, so records that
 * share q-grams share bits and Dice similarity of the filters approximates q-gram similarity of the records.
 *
 * Hashing: one HMAC-SHA256 per distinct (field, salt, token), keyed with a per-namespace key derived from the
 * secret (schema.ts: fields sharing a namespace hash alike); its digest seeds a xorshift128 generator that draws the k positions ("random hashing", Schnell 2016).
 * Random rather than double hashing because double hashing's positions form an arithmetic progression, which
 * the Niedermeyer et al. (2014) attack exploits. Digests are memoised per encoder: names and dates reuse a
 * small vocabulary of bigrams, so after a few hundred records almost no HMAC is computed and encoding costs a
 * few map look-ups and bit sets per token.
 *
 * Hardening (see schema.ts): XOR folding of a 2·bits filter into bits by default — it breaks the "all k
 * positions of a frequent q-gram are set together" patterns the frequency and pattern-mining attacks look for
 * (Christen et al. 2017/2018), at a small cost in matching quality (FEBRL4 and the development sets: same best F1 within noise, Dice
 * scale lower). Attribute salting by birth year is available but off by default: a missing or mistyped year
 * (199 of FEBRL4's duplicates have no birth date) would make every name bit of the pair unrelated.
 */
import { createHmac } from 'node:crypto';
import type { LinkField, LinkRecord } from '../linkage/record';
import { fieldTokens, normaliseDate, normaliseField } from './normalise';
import { DEFAULT_CLK_SCHEMA, type ClkSchema } from './schema';

export interface ClkRecord {
  id: string;
  /** the encoding, schema.bits / 8 bytes (bit i is bit i % 8 of byte i >> 3; built on little-endian hosts) */
  clk: Uint8Array;
}

/** A short public check value of the secret: lets a matcher refuse files encoded with different secrets. */
export function keyCheck(secret: Uint8Array): string {
  return createHmac('sha256', secret).update('puente-clk key check').digest('hex').slice(0, 16);
}

export class ClkEncoder {
  private readonly fieldKeys: Buffer[];
  /** per field: salt + token → positions */
  private readonly cache: Array<Map<string, Uint16Array>>;
  private cached = 0;
  private readonly rawBits: number;
  private readonly salted: Set<LinkField>;

  constructor(secret: Uint8Array, readonly schema: ClkSchema = DEFAULT_CLK_SCHEMA) {
    if (!secret.length) throw new Error('empty secret');
    this.rawBits = schema.hardening.xorFold ? 2 * schema.bits : schema.bits;
    if (this.rawBits > 65536) throw new Error('bits too large');
    this.fieldKeys = schema.fields.map((f) => createHmac('sha256', secret).update(`puente-clk/v1/field/${f.namespace ?? f.field}`).digest());
    this.salted = new Set(schema.hardening.saltedFields);
    this.cache = schema.fields.map(() => new Map());
  }

  /** The k positions of one token of field i (memoised). */
  private positions(i: number, salt: string, token: string): Uint16Array {
    const key = salt ? `${salt}\u0000${token}` : token;
    let pos = this.cache[i].get(key);
    if (pos) return pos;
    const d = createHmac('sha256', this.fieldKeys[i]).update(salt ? `${salt}\u0000${token}` : token).digest();
    let x = d.readUInt32LE(0) | 1, y = d.readUInt32LE(4), z = d.readUInt32LE(8), w = d.readUInt32LE(12);
    const k = this.schema.fields[i].k;
    pos = new Uint16Array(k);
    for (let j = 0; j < k; j++) {
      const t = x ^ (x << 11);
      x = y; y = z; z = w;
      w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
      pos[j] = w % this.rawBits;
    }
    if (++this.cached > 2_000_000) { for (const m of this.cache) m.clear(); this.cached = 0; }
    this.cache[i].set(key, pos);
    return pos;
  }

  encode(record: LinkRecord): ClkRecord {
    const { schema } = this;
    const raw = new Uint32Array(this.rawBits >>> 5);
    const dob = record.values.date_of_birth;
    const year = this.salted.size && dob ? normaliseDate(dob).slice(0, 4) : '';
    for (let i = 0; i < schema.fields.length; i++) {
      const f = schema.fields[i];
      const v = record.values[f.field];
      if (!v || f.k <= 0) continue;
      const salt = this.salted.has(f.field) ? year : '';
      const tokens = fieldTokens(f.kind, normaliseField(f.kind, v), schema.q);
      const k = f.bitsPerField ? Math.min(f.k, Math.max(1, Math.round(f.bitsPerField / tokens.length))) : f.k;
      for (let t = 0; t < tokens.length; t++) {
        const pos = this.positions(i, salt, tokens[t]);
        for (let j = 0; j < k; j++) raw[pos[j] >>> 5] |= 1 << (pos[j] & 31);
      }
    }
    let words = raw;
    if (schema.hardening.xorFold) {
      const half = raw.length >>> 1;
      words = new Uint32Array(half);
      for (let j = 0; j < half; j++) words[j] = raw[j] ^ raw[j + half];
    }
    return { id: record.id, clk: new Uint8Array(words.buffer) };
  }
}

/** Encodes records with the secret (contract of CONTRACTS.md; issue 6 encodes on each node this way). */
export function encodeRecords(records: Iterable<LinkRecord>, secret: Uint8Array, schema: ClkSchema = DEFAULT_CLK_SCHEMA): ClkRecord[] {
  const enc = new ClkEncoder(secret, schema);
  const out: ClkRecord[] = [];
  for (const r of records) out.push(enc.encode(r));
  return out;
}
