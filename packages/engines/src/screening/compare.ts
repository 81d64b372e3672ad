/**
 * Comparison of two parsed names: align their parts one to one, then score
 *
 *     name score = Σ_matched w·sim  /  ( Σ_matched w  +  Σ_unmatched query w·c_q  +  Σ_unmatched candidate w·c_c(role) )
 *
 * a weighted share of the name that the two sides explain, in [0, 1]. The shape is logic-v2's (nomenklatura
 * `logic_v2/names/match.py`: weighted mean over aligned parts, extra query parts 0.8, extra result parts 0.2);
 * what is new is that the cost of a part the query does not mention depends on its role in a Spanish name:
 *
 *   role of the unmatched candidate part           c_c    why
 *   maternal surname, paternal matched             0.20   the commonest cross-border distortion: U.S. records drop it
 *   maternal surname, paternal not matched         0.50
 *   later given name (José *Luis*)                 0.35   compound given names are truncated in daily use
 *   first given name, devotional (*María* Guad.)   0.20   María/José prefixes are dropped (Ma. Guadalupe → Guadalupe)
 *   first given name, other                        0.60   people are known by their first given name
 *   paternal surname                               1.00   the legal primary surname; omitting it is no typo
 *   possible surname of an unstructured name       0.35 if another one matched, else 0.70
 *   word of a one-word/unknown person name         0.50
 *   organisation word                              0.50   subsidiaries differ by one word ("Bank Trust", "Systems")
 *   weak-alias word                                0.35
 *   any unmatched query part                c_q =  0.80   the query says something the list does not (logic-v2's value)
 *   … an East Slavic patronymic                    0.35   (Vladimir *Vladimirovich* Putin), like a later given name
 *   … a devotional name before a matched given     0.20   (*José* de Jesús González for GONZÁLEZ, Jesús)
 *
 * Part weights w: 1 for a name word, 0.5 for a generic organisation word, 0.4 for an initial, 0.2 for a title,
 * particle or stop-word. A matched pair weighs the smaller of its two parts' weights. An unmatched title or
 * particle costs a quarter of its weight (0.05): "Lic. Juan Pérez" is still 0.98 of "PÉREZ, Juan", but a
 * literal "CHATO" ranks above "EL CHATO".
 *
 * Order: the query may put the surnames first or last ("ALCAZAR CONTRERAS Jose de Jesus"), but given names keep
 * their order among themselves, and so do surnames: each pair of matched parts of one group found in the other
 * order costs ORDER_INVERSION (Ramón Eduardo and Eduardo Ramón ARELLANO FÉLIX are brothers).
 *
 * Gender: Spanish given names mark grammatical gender in their ending (Antonio/Antonia, Martín/Martina,
 * Daniel/Daniela, Francisco/Francesca); two given names that differ only there are different names, not a typo.
 *
 * With these costs the operating threshold follows (screener.ts, DEFAULT_THRESHOLD = 0.80): one secondary part
 * missing on a two- to four-part name scores 0.85–0.94, two missing or a missing paternal surname ≤ 0.78.
 *
 * Two entry points share one implementation: scoreNames (the hot path: no allocation, used on every candidate)
 * and compareNames (the same arithmetic, recording every pair and cost for the explanation of a hit).
 */
import { legalFormSetsConflict } from './legal-forms';
import { DEVOTIONAL_GIVEN, isPatronymic } from './lexicon';
import { Flag, Role, ROLE_NAMES, type NamePart, type ParsedName } from './parse';
import { phoneticKey } from './phonetic';
import {
  METHODS, M_EXACT, M_JOINED, M_PHONETIC, M_SPELLING, letterMask, methodCodeOf, packSim, simOf, weightedDistance, wordScore,
  type Method,
} from './similarity';

export const COST_EXTRA_QUERY = 0.8;
export const COST = {
  sur2: 0.2,
  sur2WithoutSur1: 0.5,
  given: 0.35,
  given1Devotional: 0.2,
  given1: 0.6,
  sur1: 1.0,
  surxOtherMatched: 0.35,
  surx: 0.7,
  person: 0.5,
  org: 0.5,
  nick: 0.35,
} as const;

/** An unmatched optional part (title, particle, article) costs this fraction of its weight. */
export const COST_OPTIONAL = 0.25;
/** Two matched given names (or two surnames, or two organisation words) in the other order. */
export const ORDER_INVERSION = 0.1;
/**
 * One word against one word, not spelled the same ("Castor"/"Kastor", "Chiva"/"Shiba"): no other word
 * corroborates the difference, which is as often another name as a typo; such a match keeps 95 % of its
 * similarity (the cost (1/0.95 − 1)·w is added to the denominator, so the explanation still adds up), enough to
 * rank an exact weak alias (0.90) above a one-edit variant of a one-word strong name.
 */
export const SINGLE_WORD_FACTOR = 0.95;
/** A legal form of another class on the other side costs like an unmatched organisation word. */
export const COST_LEGAL_FORM = 0.5;

export const WEIGHT = { word: 1, generic: 0.5, initial: 0.4, optional: 0.2 } as const;

/** A joined word ("Patr ushev" → "Patrushev") must be at least this similar to count. */
const JOINED_MIN = 0.85;
/** "VladimirPutin" = "Vladimir Putin": the compact forms are equal. */
export const SIM_COMPACT = 0.95;

export function partWeight(flags: number): number {
  if (flags & Flag.Optional) return WEIGHT.optional;
  if (flags & Flag.Initial) return WEIGHT.initial;
  if (flags & Flag.Generic) return WEIGHT.generic;
  return WEIGHT.word;
}

export interface MatchedPair {
  query: string;
  candidate: string;
  role: string;
  sim: number;
  method: Method;
  weight: number;
}
export interface UnmatchedPart {
  side: 'query' | 'candidate';
  part: string;
  role: string;
  weight: number;
  /** the cost factor c_q or c_c applied to the weight */
  cost: number;
}
export interface NameComparison {
  /** num / den, in [0, 1] (or a shortcut's value) */
  score: number;
  num: number;
  den: number;
  pairs: MatchedPair[];
  unmatched: UnmatchedPart[];
  /** set when a literal or compact shortcut decided the score */
  shortcut?: 'literal' | 'compact';
}

/** Packed similarity (similarity.ts packSim) of query part i and candidate part j; memoised by the caller. */
export type SimFn = (i: number, j: number) => number;

/** Tie-break rank of a candidate role (lower first), indexed by Role. */
const ROLE_RANK = new Float64Array(16).fill(5);
ROLE_RANK[Role.Sur1] = 0; ROLE_RANK[Role.Given1] = 1; ROLE_RANK[Role.SurX] = 2; ROLE_RANK[Role.Given] = 3; ROLE_RANK[Role.Sur2] = 4;

/** Order group of a role (given names, surnames, organisation words; 0 = none), indexed by Role. */
const GROUP = new Int32Array(16);
GROUP[Role.Given1] = 1; GROUP[Role.Given] = 1; GROUP[Role.Sur1] = 2; GROUP[Role.Sur2] = 2; GROUP[Role.SurX] = 2; GROUP[Role.Org] = 3;

const isGivenRole = (r: Role) => r === Role.Given1 || r === Role.Given;

/**
 * Two given names that differ only in the gender ending: one ends in -a, the other in -o, -e or a consonant, and
 * their stems agree up to one cheap confusion (Antonio/Antonia, Martín/Martina, Francisco/Francesca).
 */
export function genderPair(a: string, b: string): boolean {
  if (a.length < 3 || b.length < 3) return false;
  const fa = a.endsWith('a');
  const fb = b.endsWith('a');
  if (fa === fb) return false;
  const fem = fa ? a : b;
  const other = fa ? b : a;
  const stemF = fem.slice(0, -1);
  const stemO = /[oe]$/.test(other) ? other.slice(0, -1) : other;
  if (stemF.length < 2) return false;
  return stemF === stemO || weightedDistance(stemF, stemO, 0.5) <= 0.5;
}

function candidateCost(p: NamePart, sur1: boolean, given: boolean, surx: boolean): number {
  switch (p.role) {
    case Role.Sur2: return sur1 ? COST.sur2 : COST.sur2WithoutSur1;
    case Role.Given: return COST.given;
    case Role.Given1: return p.flags & Flag.Devotional && given ? COST.given1Devotional : COST.given1;
    case Role.Sur1: return COST.sur1;
    case Role.SurX: return surx ? COST.surxOtherMatched : COST.surx;
    case Role.Org: return COST.org;
    case Role.Nick: return COST.nick;
    default: return COST.person;
  }
}

/**
 * Cost of an unmatched query part i. A devotional given name (José, María) written before a given name that
 * matched costs what it costs on the candidate side ("José de Jesús González" for "GONZÁLEZ, Jesús").
 */
function queryCost(qp: NamePart[], i: number, cp: NamePart[]): number {
  const p = qp[i];
  if (p.flags & Flag.Optional) return COST_OPTIONAL;
  if (isPatronymic(p.text)) return COST.given;
  if (DEVOTIONAL_GIVEN.has(p.text)) {
    for (let k = i + 1; k < qp.length; k++) {
      if (qp[k].flags & Flag.Optional) continue;
      const j = qMatch[k];
      if (j >= 0 && isGivenRole(cp[j].role)) return COST.given1Devotional;
      break;
    }
  }
  return COST_EXTRA_QUERY;
}

/** Pairs (a, b) of matched query parts, a before b, whose candidate parts of the same group come in the other order. */
function countInversions(nq: number, qMatch: Int32Array, cp: NamePart[]): number {
  let n = 0;
  for (let a = 0; a < nq; a++) {
    const ja = qMatch[a];
    if (ja < 0 || cp[ja].flags & Flag.Optional) continue;
    const g = GROUP[cp[ja].role];
    if (!g) continue;
    for (let b = a + 1; b < nq; b++) {
      const jb = qMatch[b];
      if (jb < 0 || cp[jb].flags & Flag.Optional || GROUP[cp[jb].role] !== g) continue;
      if (jb < ja) n++;
    }
  }
  return n;
}

// Work buffers shared by all comparisons (engines run one comparison at a time per thread).
let cap = 64;
let qMatch = new Int32Array(cap);
let cMatch = new Int32Array(cap);
let qPacked = new Float64Array(cap);
let pairKey = new Float64Array(cap * 8);
let pairIJ = new Int32Array(cap * 8);
let pairPk = new Float64Array(cap * 8);
function ensure(nq: number, nc: number): void {
  const need = Math.max(nq, nc) + 1;
  if (need > cap) {
    cap = need * 2;
    qMatch = new Int32Array(cap); cMatch = new Int32Array(cap); qPacked = new Float64Array(cap);
  }
  if (nq * nc > pairKey.length) {
    pairKey = new Float64Array(nq * nc * 2); pairIJ = new Int32Array(nq * nc * 2); pairPk = new Float64Array(nq * nc * 2);
  }
}

const UNMATCHED = -1;
const JOINED = -2;

/** Joined words found in the last alignment: [query parts…], [candidate parts…], packed similarity. */
interface Joined { q: number[]; c: number[]; packed: number }

function tryJoin(A: NamePart[], aM: Int32Array, nA: number, B: NamePart[], bM: Int32Array, nB: number, aIsQuery: boolean, joined: Joined[] | null): Joined[] | null {
  for (let k = 0; k + 1 < nA; k++) {
    if (aM[k] !== UNMATCHED || aM[k + 1] !== UNMATCHED || A[k].flags & Flag.Optional || A[k + 1].flags & Flag.Optional) continue;
    const gl = A[k].text.length + A[k + 1].text.length;
    for (let t = 0; t < nB; t++) {
      const bt = B[t].text;
      if (bM[t] !== UNMATCHED || B[t].flags & Flag.Optional || Math.abs(bt.length - gl) > 2 || bt.charCodeAt(0) !== A[k].text.charCodeAt(0)) continue;
      const glued = A[k].text + A[k + 1].text;
      const pk = wordScore(glued, bt, phoneticKey(glued), phoneticKey(bt), letterMask(glued), letterMask(bt));
      const s = simOf(pk);
      if (pk > 0 && s >= JOINED_MIN) {
        aM[k] = aM[k + 1] = JOINED;
        bM[t] = JOINED;
        const packed = packSim(M_JOINED, s);
        (joined ??= []).push(aIsQuery ? { q: [k, k + 1], c: [t], packed } : { q: [t], c: [k, k + 1], packed });
        break;
      }
    }
  }
  return joined;
}

/**
 * The comparison itself. With `out`, every pair and cost is recorded into it; without, nothing is allocated
 * on the common path.
 */
function align(q: ParsedName, c: ParsedName, sim: SimFn, out: NameComparison | null): number {
  const qp = q.parts;
  const cp = c.parts;
  const nq = qp.length;
  const nc = cp.length;
  if (q.literal && q.literal === c.literal) {
    if (out) {
      for (const p of cp) out.pairs.push({ query: p.text, candidate: p.text, role: ROLE_NAMES[p.role], sim: 1, method: 'exact', weight: partWeight(p.flags) });
      out.num = out.den = out.pairs.reduce((s, p) => s + p.weight, 0) || 1;
      out.score = 1;
      out.shortcut = 'literal';
    }
    return 1;
  }
  ensure(nq, nc);
  for (let i = 0; i < nq; i++) qMatch[i] = UNMATCHED;
  for (let j = 0; j < nc; j++) cMatch[j] = UNMATCHED;

  // 1. Greedy one-to-one alignment, best similarity first (logic-v2 and watchman pair the same way). Ties go to
  //    pairs of content words, then to the more important role (paternal before maternal surname, first before
  //    later given name: "URIBE URIBE, Miguel Angel"), then to pairs at the same relative position.
  let np = 0;
  for (let i = 0; i < nq; i++) {
    const qOpt = qp[i].flags & Flag.Optional;
    for (let j = 0; j < nc; j++) {
      const pk = sim(i, j);
      if (pk <= 0) continue;
      const cpj = cp[j];
      if (isGivenRole(cpj.role)) {
        const m = methodCodeOf(pk);
        if ((m === M_SPELLING || m === M_PHONETIC) && genderPair(qp[i].text, cpj.text)) continue;
      }
      const bothContent = !qOpt && !(cpj.flags & Flag.Optional) ? 0 : 1;
      const pos = Math.abs(i / (nq > 1 ? nq - 1 : 1) - j / (nc > 1 ? nc - 1 : 1));
      const tie = bothContent * 4 + ROLE_RANK[cpj.role] * 0.5 + pos * 0.1;
      pairKey[np] = simOf(pk) * 100 - tie;
      pairIJ[np] = i * 65536 + j;
      pairPk[np] = pk;
      np++;
    }
  }
  // insertion sort by key, descending (a handful of pairs)
  for (let a = 1; a < np; a++) {
    const k = pairKey[a], ij = pairIJ[a], pk = pairPk[a];
    let b = a - 1;
    while (b >= 0 && pairKey[b] < k) { pairKey[b + 1] = pairKey[b]; pairIJ[b + 1] = pairIJ[b]; pairPk[b + 1] = pairPk[b]; b--; }
    pairKey[b + 1] = k; pairIJ[b + 1] = ij; pairPk[b + 1] = pk;
  }
  for (let a = 0; a < np; a++) {
    const i = (pairIJ[a] / 65536) | 0;
    const j = pairIJ[a] - i * 65536;
    if (qMatch[i] !== UNMATCHED || cMatch[j] !== UNMATCHED) continue;
    qMatch[i] = j;
    cMatch[j] = i;
    qPacked[i] = pairPk[a];
  }

  // 2. Joined words: two adjacent unmatched words on one side against one unmatched word on the other
  //    ("Patr ushev" / "Patrushev", "Rami Makhlouf" / "Ramimakhlouf").
  let joined: Joined[] | null = null;
  if (nq > 1 || nc > 1) {
    joined = tryJoin(qp, qMatch, nq, cp, cMatch, nc, true, joined);
    joined = tryJoin(cp, cMatch, nc, qp, qMatch, nq, false, joined);
  }

  // 3. Context for the role costs.
  let sur1 = false;
  let given = false;
  let surx = false;
  for (let j = 0; j < nc; j++) {
    if (cMatch[j] === UNMATCHED) continue;
    const r = cp[j].role;
    if (r === Role.Sur1) sur1 = true;
    else if (r === Role.Given1 || r === Role.Given) given = true;
    else if (r === Role.SurX) surx = true;
  }

  // 4. Sum.
  let num = 0;
  let den = 0;
  for (let i = 0; i < nq; i++) {
    const j = qMatch[i];
    if (j < 0) continue;
    const wq = partWeight(qp[i].flags);
    const wc = partWeight(cp[j].flags);
    const w = wq < wc ? wq : wc;
    const s = simOf(qPacked[i]);
    num += w * s;
    den += w;
    if (out) out.pairs.push({ query: qp[i].text, candidate: cp[j].text, role: ROLE_NAMES[cp[j].role], sim: s, method: METHODS[methodCodeOf(qPacked[i])], weight: w });
  }
  if (joined) {
    for (const jn of joined) {
      const w = jn.c.length === 1 ? partWeight(cp[jn.c[0]].flags) : partWeight(qp[jn.q[0]].flags);
      const s = simOf(jn.packed);
      num += w * s;
      den += w;
      if (out) {
        out.pairs.push({
          query: jn.q.map((i) => qp[i].text).join(' '), candidate: jn.c.map((j) => cp[j].text).join(' '),
          role: ROLE_NAMES[cp[jn.c[0]].role], sim: s, method: 'joined', weight: w,
        });
      }
    }
  }
  for (let i = 0; i < nq; i++) {
    if (qMatch[i] !== UNMATCHED) continue;
    const w = partWeight(qp[i].flags);
    const cost = queryCost(qp, i, cp);
    den += w * cost;
    if (out) out.unmatched.push({ side: 'query', part: qp[i].text, role: qp[i].flags & Flag.Optional ? 'optional' : 'query', weight: w, cost });
  }
  for (let j = 0; j < nc; j++) {
    if (cMatch[j] !== UNMATCHED) continue;
    const w = partWeight(cp[j].flags);
    const optional = cp[j].flags & Flag.Optional;
    const cost = optional ? COST_OPTIONAL : candidateCost(cp[j], sur1, given, surx);
    den += w * cost;
    if (out) out.unmatched.push({ side: 'candidate', part: cp[j].text, role: optional ? 'optional' : ROLE_NAMES[cp[j].role], weight: w, cost });
  }
  // Order within a group (given names, surnames, organisation words).
  const inversions = countInversions(nq, qMatch, cp);
  if (inversions) {
    den += inversions * ORDER_INVERSION;
    if (out) out.unmatched.push({ side: 'candidate', part: `${inversions} inverted`, role: 'order', weight: inversions, cost: ORDER_INVERSION });
  }
  // A lone word matched only approximately.
  if (q.content === 1 && c.content === 1 && num > 0 && num < den) {
    for (let i = 0; i < nq; i++) {
      const j = qMatch[i];
      if (j < 0 || qp[i].flags & Flag.Optional || cp[j].flags & Flag.Optional || methodCodeOf(qPacked[i]) === M_EXACT) continue;
      const w = Math.min(partWeight(qp[i].flags), partWeight(cp[j].flags));
      const extra = w * (1 / SINGLE_WORD_FACTOR - 1);
      den += extra;
      if (out) out.unmatched.push({ side: 'candidate', part: cp[j].text, role: 'single word', weight: w, cost: 1 / SINGLE_WORD_FACTOR - 1 });
    }
  }
  // Contradicting legal forms ("Deutsche Bank AG" / "Deutsche Bank GmbH") count like one unmatched word.
  if (q.legalForms.length && c.legalForms.length && legalFormSetsConflict(q.legalForms, c.legalForms)) {
    den += COST_LEGAL_FORM;
    if (out) {
      const codes = (x: ParsedName) => x.legalForms.map((f) => f.code).join('+');
      out.unmatched.push({ side: 'candidate', part: `${codes(c)}≠${codes(q)}`, role: 'legal form', weight: 1, cost: COST_LEGAL_FORM });
    }
  }
  let score = den > 0 ? num / den : 0;
  let shortcut: NameComparison['shortcut'];
  // Same letters, different spacing ("VladimirPutin", "Good Will"/"Goodwill"): only when the word counts differ.
  if (score < SIM_COMPACT && q.content !== c.content && q.compact.length >= 5 && q.compact === c.compact) {
    score = SIM_COMPACT;
    shortcut = 'compact';
  }
  if (out) {
    out.num = num;
    out.den = den;
    out.score = score;
    if (shortcut) out.shortcut = shortcut;
  }
  return score;
}

/** The name score alone (hot path). */
export function scoreNames(q: ParsedName, c: ParsedName, sim: SimFn): number {
  return align(q, c, sim, null);
}

/** The name score with every matched pair and every cost, for the explanation of a hit. */
export function compareNames(q: ParsedName, c: ParsedName, sim: SimFn): NameComparison {
  const out: NameComparison = { score: 0, num: 0, den: 0, pairs: [], unmatched: [] };
  align(q, c, sim, out);
  return out;
}

/** The plain word-similarity function for two parsed names (no index, no memo): for pairwise comparison. */
export function pairSimilarity(q: ParsedName, c: ParsedName): SimFn {
  const qk = q.parts.map((p) => phoneticKey(p.text));
  const ck = c.parts.map((p) => phoneticKey(p.text));
  const qm = q.parts.map((p) => letterMask(p.text));
  const cm = c.parts.map((p) => letterMask(p.text));
  return (i, j) => wordScore(q.parts[i].text, c.parts[j].text, qk[i], ck[j], qm[i], cm[j]);
}
