/**
 * Similarity of two name words (folded), in [0, 1], with the method that produced it.
 *
 * - Edit distance: optimal string alignment (Damerau–Levenshtein restricted; Damerau 1964 found ~80 % of
 *   misspellings to be one insertion, deletion, substitution or adjacent transposition) with costs folded for
 *   confusions that are no real difference in names: letters that sound alike in Spanish or are confused across
 *   transliterations (b/v, c/k/q/s/z, g/j/x, i/y, o/u, e/i, m/n — after rigour's compare.yml and the rules in
 *   phonetic.ts) cost 0.5, an adjacent transposition 0.6, a doubled or dropped doubled letter and a silent h 0.5.
 * - The distance must stay within a budget that grows with length, about one edit per five letters (0.2·L + 0.2,
 *   at most 2.5): only a confusable letter for two-letter words (Kim Jong "Un"/"On"), only a cheap edit
 *   (transposition, confusable, doubling) for three letters ("Aan" for "Ana"), one for four ("Jsoe" for "Jose"),
 *   two from nine letters. logic-v2 allows none up to four letters and loses typos in short tokens
 *   (nomenklatura #366, "Jon"/"John"). Inside the budget the similarity is 1 − cost / length.
 * - Same Spanish phonetic key (phonetic.ts) and at least three letters: at least 0.90 (Oseguera/Oceguera,
 *   Llamas/Yamas, Ximénez/Jiménez).
 * - Hypocorism (Pepe/José, Chuy/Jesús, Paco/Francisco): 0.85 — the same name, as its bearer is called.
 * - The same given name in the other language (Juan/John, Guillermo/William): 0.75 — a translated name is a
 *   change of identity document, weaker evidence than a nickname; on its own it does not carry a name whose
 *   maternal surname is also missing over the threshold.
 * - An initial against a word with the same first letter: 0.80 (the initial itself weighs little, see compare.ts).
 * - Numbers (words with as many digits as letters: "44", "2007", "N200VR", "YV3360") compare only exactly
 *   (vessel and aircraft numbers, "Victory 3" vs "Victory"); in a word that is mostly letters a digit is a
 *   look-alike letter ("Ig0r Sech1n") and costs a confusable substitution.
 *
 * Speed: this runs for every word pair a query meets, so the hot path allocates nothing: substitution costs come
 * from a 128×128 table, letter-set bitmasks reject most pairs before the dynamic programme (each letter present
 * on one side only needs at least one edit of cost ≥ 0.5), and the DP rows are reused.
 */
import { EQUIVALENT_LINKS, HYPOCORISM_LINKS } from './lexicon';

export type Method = 'exact' | 'spelling' | 'phonetic' | 'nickname' | 'initial' | 'joined' | 'equivalent' | 'none';

export const SIM_PHONETIC = 0.9;
export const SIM_NICKNAME = 0.85;
export const SIM_EQUIVALENT = 0.75;
export const SIM_INITIAL = 0.8;

const COST_CONFUSABLE = 0.5;
const COST_TRANSPOSE = 0.6;
const COST_CHEAP_INDEL = 0.5;

// Substitution costs for ASCII pairs; anything else costs 1 (0 when equal).
const SUB = new Float64Array(128 * 128).fill(1);
for (let c = 0; c < 128; c++) SUB[(c << 7) | c] = 0;
// Letters that sound alike or are confused in transliteration, and digits typed for look-alike letters
// ("Ig0r Sech1n"; rigour compare.yml lists the same kind of pairs).
for (const pair of ['bv', 'vw', 'bw', 'ck', 'cs', 'sz', 'cz', 'kq', 'cq', 'gj', 'jx', 'iy', 'ou', 'ei', 'ij', 'mn', 'uw', 'xs',
  '0o', '1i', '1l', '3e', '4a', '5s', '6b', '8b', '9g']) {
  const x = pair.charCodeAt(0);
  const y = pair.charCodeAt(1);
  SUB[(x << 7) | y] = COST_CONFUSABLE;
  SUB[(y << 7) | x] = COST_CONFUSABLE;
}
const subCost = (x: number, y: number) => ((x | y) < 128 ? SUB[(x << 7) | y] : x === y ? 0 : 1);

/** Edit budget for a word pair whose longer word has L letters. */
export function editBudget(L: number): number {
  if (L <= 1) return 0;
  if (L === 2) return 0.5;
  if (L === 3) return 0.6;
  return Math.min(2.5, 0.2 * L + 0.2);
}

/** Bit i set when letter 'a'+i occurs (bits 26–30 hash any other character). */
export function letterMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    m |= c >= 97 && c <= 122 ? 1 << (c - 97) : 1 << (26 + (c % 5));
  }
  return m;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

// Reused DP rows and per-position insert/delete costs.
let rowA = new Float64Array(64);
let rowB = new Float64Array(64);
let rowC = new Float64Array(64);
let indA = new Float64Array(64);
let indB = new Float64Array(64);

/** Cost of inserting/deleting each letter: cheap when it doubles a neighbour or is a silent h. */
function fillIndel(s: string, out: Float64Array): void {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    out[i] = c === 104 || (i > 0 && s.charCodeAt(i - 1) === c) || (i + 1 < n && s.charCodeAt(i + 1) === c) ? COST_CHEAP_INDEL : 1;
  }
}

/**
 * Weighted optimal-string-alignment distance, abandoned (returns Infinity) as soon as it must exceed `max`.
 */
export function weightedDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) * COST_CHEAP_INDEL > max) return Infinity;
  if (m + 1 > rowA.length || n + 1 > indA.length) {
    const size = Math.max(n, m) + 1;
    rowA = new Float64Array(size); rowB = new Float64Array(size); rowC = new Float64Array(size);
    indA = new Float64Array(size); indB = new Float64Array(size);
  }
  fillIndel(a, indA);
  fillIndel(b, indB);
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  prev[0] = 0;
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1] + indB[j - 1];
  // A transposition reaches back two rows, so the search stops only when two consecutive rows exceed `max`.
  let prevMin = 0;
  for (let i = 1; i <= n; i++) {
    const ca = a.charCodeAt(i - 1);
    const delA = indA[i - 1];
    cur[0] = prev[0] + delA;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1] + subCost(ca, cb);
      const del = prev[j] + delA;
      if (del < v) v = del;
      const ins = cur[j - 1] + indB[j - 1];
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca !== cb && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const tr = prev2[j - 2] + COST_TRANSPOSE;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max && prevMin > max) return Infinity;
    prevMin = rowMin;
    const t = prev2; prev2 = prev; prev = cur; cur = t;
  }
  return prev[m];
}

/** Method codes of the packed similarity (see packSim). */
export const METHODS: readonly Method[] = ['none', 'exact', 'spelling', 'phonetic', 'nickname', 'initial', 'joined', 'equivalent'];
export const M_EXACT = 1, M_SPELLING = 2, M_PHONETIC = 3, M_NICKNAME = 4, M_INITIAL = 5, M_JOINED = 6, M_EQUIVALENT = 7;

/**
 * A similarity (0 < sim ≤ 1) and its method code packed in one number, method × 4 + sim, so the hot path
 * allocates nothing; 0 means no match.
 */
export const packSim = (method: number, sim: number) => method * 4 + sim;
export const simOf = (packed: number) => packed - 4 * Math.floor(packed / 4);
export const methodCodeOf = (packed: number) => Math.floor(packed / 4);

/** A number or code: at least as many digits as other characters, and at least one digit. */
const isNumberish = (s: string) => {
  let d = 0;
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c >= 48 && c <= 57) d++; }
  return d > 0 && d * 2 >= s.length;
};

/**
 * Packed similarity of two folded words (see packSim); `keyA`/`keyB` are their phonetic keys and
 * `maskA`/`maskB` their letter masks.
 */
export function wordScore(a: string, b: string, keyA: string, keyB: string, maskA: number, maskB: number): number {
  if (a === b) return packSim(M_EXACT, 1);
  const la = a.length;
  const lb = b.length;
  if (isNumberish(a) || isNumberish(b)) return 0;
  if (la === 1 || lb === 1) return a.charCodeAt(0) === b.charCodeAt(0) ? packSim(M_INITIAL, SIM_INITIAL) : 0;
  let best = 0;
  let method = 0;
  if (HYPOCORISM_LINKS.get(a)?.has(b)) { best = SIM_NICKNAME; method = M_NICKNAME; }
  else if (EQUIVALENT_LINKS.get(a)?.has(b)) { best = SIM_EQUIVALENT; method = M_EQUIVALENT; }
  const L = la > lb ? la : lb;
  const budget = editBudget(L);
  if (budget > 0) {
    const excess = Math.max(popcount(maskA & ~maskB), popcount(maskB & ~maskA));
    if (excess * COST_CONFUSABLE <= budget) {
      const d = weightedDistance(a, b, budget);
      if (d <= budget) {
        const s = 1 - d / L;
        if (s > best) { best = s; method = M_SPELLING; }
      }
    }
  }
  if (best < SIM_PHONETIC && keyA === keyB && la >= 3 && lb >= 3) { best = SIM_PHONETIC; method = M_PHONETIC; }
  return method ? packSim(method, best) : 0;
}

export interface WordMatch { sim: number; method: Method }

export function unpackSim(packed: number): WordMatch {
  if (packed <= 0) return { sim: 0, method: 'none' };
  return { sim: simOf(packed), method: METHODS[methodCodeOf(packed)] };
}

/** Similarity of two folded words; `keyA`/`keyB` are their phonetic keys. */
export function wordSimilarity(a: string, b: string, keyA: string, keyB: string): WordMatch {
  return unpackSim(wordScore(a, b, keyA, keyB, letterMask(a), letterMask(b)));
}
