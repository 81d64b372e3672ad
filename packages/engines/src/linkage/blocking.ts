/**
 * Blocking: the union of several exact-key rules on normalised and phonetic pieces of the records. Candidate
 * pairs are streamed rule by rule; a pair is emitted by the first rule whose key it shares (Splink's way of
 * taking a union without holding a set of all pairs). Keys are interned to integers (typed arrays), blocks
 * larger than `maxBlockPairs` are skipped (their pairs must come from a more specific rule).
 */
import type { Prepared } from './compare';
import { givenKey, soundex } from './text';

/** Blocks with more pairs than this are skipped (their pairs must come from a more specific rule). */
export const DEFAULT_MAX_BLOCK_PAIRS = 1000;

export interface BlockingRule { name: string; key(p: Prepared): string | null }

const first = (t: string[]) => t[0] ?? '';
const pre = (s: string, n: number) => (s.length >= Math.min(n, 2) ? s.replace(/ /g, '').slice(0, n) : '');
const dobKey = (p: Prepared) => {
  const d = p.dob;
  if (!d) return '';
  if (d.y < 0) return d.s;
  return `${d.y}|${Math.min(d.m, d.d)}|${Math.max(d.m, d.d)}`;
};
const monthDay = (p: Prepared) => (p.dob && p.dob.y >= 0 ? `${Math.min(p.dob.m, p.dob.d)}|${Math.max(p.dob.m, p.dob.d)}` : '');
const join = (...parts: string[]) => (parts.every((x) => x) ? parts.join('|') : null);

export const BLOCKING_RULES: BlockingRule[] = [
  { name: 'soc_sec_id', key: (p) => (p.ssn.length >= 4 ? p.ssn : null) },
  { name: 'id_number', key: (p) => (p.idNumber.length >= 4 ? p.idNumber : null) },
  { name: 'phone', key: (p) => (p.phone.length >= 7 ? p.phone : null) },
  { name: 'dob_given1', key: (p) => join(dobKey(p), first(p.givenTokens).slice(0, 1)) },
  { name: 'dob_surname1', key: (p) => join(dobKey(p), first(p.surnameTokens).slice(0, 1)) },
  {
    name: 'names_soundex',
    key: (p) => {
      // raw tokens, in either order: catches given name and surname swapped
      const g = soundex(first(p.givenTokens));
      const s = soundex(first(p.surnameTokens));
      return g && s ? (g < s ? `${g}|${s}` : `${s}|${g}`) : null;
    },
  },
  { name: 'nickname_surname', key: (p) => (p.givenForms.length > 1 ? join(givenKey(first(p.givenTokens)), soundex(first(p.surnameTokens))) : null) },
  { name: 'dob_state', key: (p) => join(dobKey(p), p.state) },
  { name: 'postcode_surname3', key: (p) => join(p.postcode, pre(first(p.surnameTokens), 3)) },
  { name: 'postcode_given3', key: (p) => join(p.postcode, pre(givenKey(first(p.givenTokens)), 3)) },
  { name: 'street', key: (p) => join(p.streetNumber, pre(p.address1, 4)) },
  { name: 'surname_monthday_initial', key: (p) => join(first(p.surnameTokens), monthDay(p), first(p.givenTokens).slice(0, 1)) },
  { name: 'given_monthday_initial', key: (p) => join(givenKey(first(p.givenTokens)), monthDay(p), first(p.surnameTokens).slice(0, 1)) },
  { name: 'surname_year_initial', key: (p) => join(first(p.surnameTokens), p.dob && p.dob.y >= 0 ? String(p.dob.y) : '', first(p.givenTokens).slice(0, 1)) },
  { name: 'given_year_initial', key: (p) => join(givenKey(first(p.givenTokens)), p.dob && p.dob.y >= 0 ? String(p.dob.y) : '', first(p.surnameTokens).slice(0, 1)) },
  { name: 'given3_surname3_decade', key: (p) => join(pre(first(p.givenTokens), 3), pre(first(p.surnameTokens), 3), p.dob && p.dob.y >= 0 ? String(Math.floor(p.dob.y / 10)) : '') },
  { name: 'given_place', key: (p) => join(givenKey(first(p.givenTokens)), p.suburb || p.city) },
  { name: 'surname_place', key: (p) => join(first(p.surnameTokens), p.suburb || p.city) },
  { name: 'postcode_number', key: (p) => join(p.postcode, p.streetNums) },
  { name: 'postcode_street4', key: (p) => join(p.postcode, pre(p.streetWords, 4)) },
  { name: 'suburb_monthday', key: (p) => join(p.suburb, monthDay(p)) },
];

interface RuleIndex {
  left: Int32Array; // key id per left record, -1 none
  right: Int32Array; // same for right (=== left in dedupe)
  capped: Uint8Array; // per key id
  leftStart: Int32Array; leftItems: Int32Array;
  rightStart: Int32Array; rightItems: Int32Array;
}

function csr(ids: Int32Array, nKeys: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(nKeys + 1);
  for (const k of ids) if (k >= 0) start[k + 1]++;
  for (let k = 0; k < nKeys; k++) start[k + 1] += start[k];
  const fill = start.slice(0, nKeys);
  const items = new Int32Array(start[nKeys]);
  ids.forEach((k, i) => { if (k >= 0) items[fill[k]++] = i; });
  return { start, items };
}

export interface BlockingStats { candidates: number; cappedBlocks: number; perRule: Record<string, number> }

export class Blocker {
  readonly rules: RuleIndex[] = [];
  constructor(readonly left: Prepared[], readonly right: Prepared[] | null, readonly ruleDefs: BlockingRule[] = BLOCKING_RULES, readonly maxBlockPairs = DEFAULT_MAX_BLOCK_PAIRS) {
    const dedupe = right === null;
    for (const rule of ruleDefs) {
      const intern = new Map<string, number>();
      const ids = (recs: Prepared[]) => {
        const out = new Int32Array(recs.length);
        recs.forEach((p, i) => {
          const k = rule.key(p);
          if (k === null) { out[i] = -1; return; }
          let id = intern.get(k);
          if (id === undefined) { id = intern.size; intern.set(k, id); }
          out[i] = id;
        });
        return out;
      };
      const l = ids(left);
      const r = dedupe ? l : ids(right);
      const n = intern.size;
      const L = csr(l, n);
      const R = dedupe ? L : csr(r, n);
      const capped = new Uint8Array(n);
      for (let k = 0; k < n; k++) {
        const a = L.start[k + 1] - L.start[k], b = R.start[k + 1] - R.start[k];
        const pairs = dedupe ? (a * (a - 1)) / 2 : a * b;
        if (pairs > maxBlockPairs) capped[k] = 1;
      }
      this.rules.push({ left: l, right: r, capped, leftStart: L.start, leftItems: L.items, rightStart: R.start, rightItems: R.items });
    }
  }

  /** True when an earlier rule than `r` already emits (i, j). */
  private seen(r: number, i: number, j: number): boolean {
    for (let q = 0; q < r; q++) {
      const x = this.rules[q];
      const k = x.left[i];
      if (k >= 0 && k === x.right[j] && !x.capped[k]) return true;
    }
    return false;
  }

  /** Streams every candidate pair once (dedupe: i < j). `part`/`parts` split the work by block. */
  forEach(emit: (i: number, j: number) => void, part = 0, parts = 1): BlockingStats {
    const dedupe = this.right === null;
    const perRule: Record<string, number> = {};
    let candidates = 0, cappedBlocks = 0;
    this.rules.forEach((x, r) => {
      let count = 0;
      const nKeys = x.capped.length;
      for (let k = part; k < nKeys; k += parts) {
        if (x.capped[k]) { cappedBlocks++; continue; }
        const l0 = x.leftStart[k], l1 = x.leftStart[k + 1];
        const r0 = x.rightStart[k], r1 = x.rightStart[k + 1];
        if (l1 === l0 || r1 === r0) continue;
        for (let a = l0; a < l1; a++) {
          const i = x.leftItems[a];
          for (let b = dedupe ? a + 1 : r0; b < r1; b++) {
            const j = x.rightItems[b];
            if (this.seen(r, i, j)) continue;
            count++;
            if (dedupe && i > j) emit(j, i); else emit(i, j);
          }
        }
      }
      perRule[this.ruleDefs[r].name] = count;
      candidates += count;
    });
    return { candidates, cappedBlocks, perRule };
  }
}
