/**
 * Frequency attacks on Bloom-filter encodings, run by us against our own encodings (issue 4 part 3, B3).
 * The attacker holds the encodings of a population and public knowledge of name frequencies (a plaintext
 * sample from the same population, e.g. census or INE tables), knows the schema (q, k per field, length) but
 * not the secret. Success = share of the 100 most frequent given names of the population that the attacker
 * re-identifies: a name counts as recovered when at least half of the encodings of people carrying it are
 * labelled with it (and the attacker labelled someone with it).
 *
 * Two published attacks:
 *  • frequent-encoding alignment (Kuzu, Kantarcioglu, Durham & Malin 2011; Kuzu et al. 2013): identical
 *    encodings are grouped, groups ranked by size and aligned with the ranked name frequencies. Effective on
 *    field-level filters of one attribute; useless once encodings are unique per person.
 *  • pattern mining (Christen, Ranbaduge, Vatsalan & Schnell 2017, "Precise and fast cryptanalysis for Bloom
 *    filter based privacy-preserving record linkage", and its pattern-mining predecessor): for each frequently
 *    set bit position, the positions that are (almost) always set together with it form a frequent pattern —
 *    the k positions of one q-gram; patterns are aligned by support with the attacker's q-gram frequencies
 *    (pattern length hints at the field's k), each encoding is then read as the set of identified q-grams it
 *    contains and labelled with the known name whose q-grams fit it best. Works on CLKs with many fields.
 */
import { fieldTokens, normaliseField, normaliseText, qgrams } from './normalise';
import type { ClkSchema } from './schema';
import type { LinkField, LinkRecord } from '../linkage/record';

export interface AttackResult {
  attack: 'frequent-encoding' | 'pattern-mining';
  /** share of the top names of the population recovered (0..1) */
  recovered: number;
  recoveredNames: string[];
  topNames: number;
  /** share of all encodings labelled with their correct name */
  recordAccuracy: number;
  /** pattern mining: patterns found and q-grams aligned */
  patterns?: number;
}

const nameOf = (r: LinkRecord, field: LinkField) => normaliseText(r.values[field] ?? '');

function rankNames(records: LinkRecord[], field: LinkField): Array<[string, number]> {
  const c = new Map<string, number>();
  for (const r of records) { const n = nameOf(r, field); if (n) c.set(n, (c.get(n) ?? 0) + 1); }
  return [...c].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** Scores the attacker's labels against the truth. */
function score(attack: AttackResult['attack'], truth: LinkRecord[], labels: Array<string | null>, field: LinkField, top: number, extra: Partial<AttackResult> = {}): AttackResult {
  const topNames = rankNames(truth, field).slice(0, top).map(([n]) => n);
  const carriers = new Map<string, number>(), hits = new Map<string, number>();
  let correct = 0;
  truth.forEach((r, i) => {
    const n = nameOf(r, field);
    carriers.set(n, (carriers.get(n) ?? 0) + 1);
    if (labels[i] !== null && labels[i] === n) { hits.set(n, (hits.get(n) ?? 0) + 1); correct++; }
  });
  const recoveredNames = topNames.filter((n) => (hits.get(n) ?? 0) >= 0.5 * carriers.get(n)!);
  return { attack, recovered: recoveredNames.length / topNames.length, recoveredNames, topNames: topNames.length, recordAccuracy: correct / truth.length, ...extra };
}

const hex = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/**
 * Kuzu-style alignment: distinct encodings ranked by how many records share them; each, in rank order, is
 * labelled with the unused name of the attacker's reference whose frequency is closest among the names whose
 * expected number of set bits fits the encoding's (Kuzu et al.'s length constraint: a name with m distinct
 * q-grams sets about L·(1 − (1 − 1/L)^(k·m)) of L bits).
 */
export function frequentEncodingAttack(encodings: Uint8Array[], truth: LinkRecord[], reference: LinkRecord[], schema: ClkSchema,
  opts: { field?: LinkField; top?: number } = {}): AttackResult {
  const field = opts.field ?? 'given_name';
  const groups = new Map<string, number[]>();
  encodings.forEach((e, i) => { const k = hex(e); const g = groups.get(k); if (g) g.push(i); else groups.set(k, [i]); });
  const ranked = [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length);
  const L = encodings[0]?.byteLength * 8 || 1;
  const k = schema.fields.find((f) => f.field === field)?.k ?? 0;
  const names = rankNames(reference, field).map(([nm, c]) => ({ nm, f: c / reference.length, bits: L * (1 - (1 - 1 / L) ** (k * qgrams(nm, schema.q).length)) }));
  const used = new Set<string>();
  const labels: Array<string | null> = encodings.map(() => null);
  for (const g of ranked) {
    const f = g.length / encodings.length;
    const bits = popcountBytes(encodings[g[0]]);
    let best: (typeof names)[number] | null = null, bestD = Infinity;
    for (const cand of names) {
      if (used.has(cand.nm) || Math.abs(cand.bits - bits) > 0.08 * cand.bits + 2) continue;
      const d = Math.abs(Math.log(f / cand.f));
      if (d < bestD) { bestD = d; best = cand; }
    }
    if (!best) continue;
    used.add(best.nm);
    for (const i of g) labels[i] = best.nm;
  }
  return score('frequent-encoding', truth, labels, field, opts.top ?? 100);
}

function popcountBytes(a: Uint8Array): number {
  let c = 0;
  for (const b of a) { let x = b; while (x) { c += x & 1; x >>>= 1; } }
  return c;
}

/**
 * Pattern-mining attack. `minSupport`: smallest share of encodings a pattern must cover; `slack`: a position
 * belongs to a pattern when it is set in ≥ (1 − slack) of the encodings that hold the pattern.
 */
export function patternMiningAttack(encodings: Uint8Array[], truth: LinkRecord[], reference: LinkRecord[], schema: ClkSchema,
  opts: { field?: LinkField; top?: number; minSupport?: number; slack?: number; candidates?: number } = {}): AttackResult {
  const field = opts.field ?? 'given_name';
  const minSupport = opts.minSupport ?? 0.005;
  const slack = opts.slack ?? 0.03;
  const n = encodings.length;
  const bits = encodings[0].byteLength * 8;
  // Set positions of every encoding, and frequency of every position.
  const setPos: Uint16Array[] = encodings.map((e) => {
    const out: number[] = [];
    for (let p = 0; p < bits; p++) if ((e[p >>> 3] >>> (p & 7)) & 1) out.push(p);
    return Uint16Array.from(out);
  });
  const has = (i: number, p: number) => ((encodings[i][p >>> 3] >>> (p & 7)) & 1) === 1;
  const freq = new Float64Array(bits);
  for (const s of setPos) for (const p of s) freq[p]++;
  // 1. Mine patterns: seed position → records holding it → positions (almost) always set with it → refine.
  const patterns = new Map<string, { positions: number[]; support: number }>();
  const cnt = new Float64Array(bits);
  const covered = new Uint8Array(bits);
  for (let seed = 0; seed < bits; seed++) {
    if (freq[seed] < minSupport * n || covered[seed]) continue;
    let rows: number[] = [];
    for (let i = 0; i < n; i++) if (has(i, seed)) rows.push(i);
    let S: number[] = [seed];
    for (let iter = 0; iter < 3 && rows.length >= minSupport * n; iter++) {
      cnt.fill(0);
      for (const i of rows) for (const p of setPos[i]) cnt[p]++;
      const next: number[] = [];
      for (let p = 0; p < bits; p++) if (cnt[p] >= (1 - slack) * rows.length) next.push(p);
      if (next.join() === S.join() && iter > 0) break;
      S = next;
      rows = rows.filter((i) => S.every((p) => has(i, p)));
    }
    if (rows.length < minSupport * n) continue;
    const key = S.join();
    for (const p of S) covered[p] = 1;
    if (!patterns.has(key)) patterns.set(key, { positions: S, support: rows.length / n });
  }
  // 2. Align: patterns of plausible length, by support, to the attacker's (field, q-gram) frequencies.
  const ks = new Map(schema.fields.map((f) => [f.field, f.k] as const));
  const refFreq = new Map<string, { field: LinkField; gram: string; f: number }>();
  for (const r of reference) {
    for (const spec of schema.fields) {
      const v = r.values[spec.field];
      if (!v || spec.k <= 0) continue;
      for (const g of new Set(fieldTokens(spec.kind, normaliseField(spec.kind, v), schema.q))) {
        const key = `${spec.field}\u0000${g}`;
        const e = refFreq.get(key) ?? { field: spec.field, gram: g, f: 0 };
        e.f++;
        refFreq.set(key, e);
      }
    }
  }
  const grams = [...refFreq.values()].map((g) => ({ ...g, f: g.f / reference.length })).filter((g) => g.f >= minSupport / 2);
  const used = new Set<string>();
  const identified: Array<{ gram: string; positions: number[] }> = [];
  for (const pat of [...patterns.values()].sort((a, b) => b.support - a.support)) {
    let best: (typeof grams)[number] | null = null, bestD = Infinity;
    for (const g of grams) {
      const k = ks.get(g.field)!;
      if (pat.positions.length < Math.ceil(0.7 * k) || pat.positions.length > 3 * k) continue;
      const key = `${g.field}\u0000${g.gram}`;
      if (used.has(key)) continue;
      const d = Math.abs(Math.log(pat.support / g.f));
      if (d < bestD) { bestD = d; best = g; }
    }
    if (!best || bestD > Math.log(1.5)) continue;
    used.add(`${best.field}\u0000${best.gram}`);
    if (best.field === field) identified.push({ gram: best.gram, positions: pat.positions });
  }
  // 3. Re-identify: each encoding → identified q-grams present/absent → best-fitting known name.
  const names = rankNames(reference, field).slice(0, opts.candidates ?? 1000);
  const idGrams = identified.map((x) => x.gram);
  const nameGrams = names.map(([nm]) => new Set(qgrams(nm, schema.q).filter((g) => idGrams.includes(g))));
  const labels: Array<string | null> = encodings.map((_, i) => {
    if (!identified.length) return null;
    const present = new Set(identified.filter((x) => x.positions.every((p) => has(i, p))).map((x) => x.gram));
    if (!present.size) return null;
    let best = -1, bestScore = -Infinity;
    nameGrams.forEach((ng, j) => {
      let s = 0;
      for (const g of idGrams) { const a = present.has(g), b = ng.has(g); if (a && b) s++; else if (a !== b) s -= 1; }
      if (s > bestScore) { bestScore = s; best = j; }
    });
    return best >= 0 && bestScore > 0 ? names[best][0] : null;
  });
  return score('pattern-mining', truth, labels, field, opts.top ?? 100, { patterns: identified.length });
}
