/**
 * Probabilistic record linkage (Fellegi–Sunter, à la Splink): link two sources or dedupe one.
 *
 *   records ─prepare─▶ folded names, parsed dates … ─blocking (union of key rules)─▶ candidate pairs
 *   random pairs ─▶ u per level; candidates ─comparison vectors─▶ pattern counts ─EM (no labels, u fixed)─▶
 *     m per level, λ (matches among all pairs), and a relatives/housemates class (h on family fields, λ_H)
 *   pair weight = prior log2(λ/λ_N) + Σ field weights log2(m/u) (+ term-frequency part on names)
 *                 + household term −log2(1 + (λ_H/λ_N)·Π h/u over family fields)   (one more explained field)
 *   probability = 2^w / (1 + 2^w)
 *
 * Candidates are streamed and kept as typed arrays (pair indices and an interned pattern id); explanations
 * are built only for the pairs returned. Worker threads are not used yet: records would have to be copied into
 * every worker (structured clone), which at 1M × 1M costs more memory than the 8 GB budget leaves.
 */
import { Blocker, BLOCKING_RULES, DEFAULT_MAX_BLOCK_PAIRS } from './blocking';
import { COMPARISONS, prepare, shown, type Prepared } from './compare';
import { buildTf, Patterns, randomPairU, runEm, tfAdjustment, type LinkageModel } from './model';
import type { LinkRecord } from './record';

export { LINK_FIELDS, type LinkField, type LinkRecord } from './record';
export type { LinkageModel } from './model';
export { COMPARISONS } from './compare';
export { BLOCKING_RULES } from './blocking';

export interface FieldContribution { comparison: string; level: string; weight: number; tf?: number; left?: string; right?: string }
export interface ScoredPair { left: string; right: string; probability: number; weight: number; prior: number; fields: FieldContribution[] }

/** Operating points: the pair is reported when its posterior match probability is at least one half. */
export const DEFAULT_LINK_THRESHOLD = 0.5;
export const DEFAULT_DEDUPE_THRESHOLD = 0.5;

export interface LinkOptions {
  threshold?: number;
  model?: LinkageModel;
  /** accepted for the contract; the comparisons run in the calling thread for now (see the module comment) */
  workers?: number;
  seed?: number;
  /** link only: keep mutual best pairs (each record in at most one pair), for sources known to be 1:1 */
  oneToOne?: boolean;
  /** build per-field explanations for the returned pairs (default true) */
  explain?: boolean;
  /**
   * model relatives and housemates as a third class (default true): pairs agreeing on surname, address and phone
   * but not on given name, date of birth or sex are then explained as family rather than as the same person. Turn off for
   * data known to hold no relatives (FEBRL's generator, whose heavily corrupted duplicates look like them).
   */
  household?: boolean;
  /** random pairs drawn for u (default 200,000) */
  randomPairs?: number;
  maxBlockPairs?: number;
}

export interface LinkResult { model: LinkageModel; pairs: ScoredPair[]; stats: Record<string, number> }

const probability = (w: number) => 1 / (1 + 2 ** -w);

/** Candidates as typed arrays: indices and interned pattern ids. */
class Candidates {
  i = new Int32Array(1024); j = new Int32Array(1024); pat = new Uint32Array(1024); n = 0;
  readonly codes: number[] = [];
  readonly counts: number[] = [];
  private readonly ids = new Map<number, number>();
  add(i: number, j: number, code: number) {
    if (this.n === this.i.length) {
      const grow = <T extends Int32Array | Uint32Array>(a: T, make: (n: number) => T) => { const b = make(a.length * 2); b.set(a); return b; };
      this.i = grow(this.i, (n) => new Int32Array(n));
      this.j = grow(this.j, (n) => new Int32Array(n));
      this.pat = grow(this.pat, (n) => new Uint32Array(n));
    }
    let id = this.ids.get(code);
    if (id === undefined) { id = this.codes.length; this.ids.set(code, id); this.codes.push(code); this.counts.push(0); }
    this.counts[id]++;
    this.i[this.n] = i; this.j[this.n] = j; this.pat[this.n] = id; this.n++;
  }
}

function gather(left: Prepared[], right: Prepared[] | null, maxBlockPairs: number) {
  const codec = new Patterns(COMPARISONS);
  const blocker = new Blocker(left, right, BLOCKING_RULES, maxBlockPairs);
  const cand = new Candidates();
  const R = right ?? left;
  const blocking = blocker.forEach((i, j) => cand.add(i, j, codec.code(left[i], R[j])));
  return { codec, cand, blocking };
}

function estimate(left: Prepared[], right: Prepared[] | null, codec: Patterns, cand: Candidates, seed: number, randomPairs: number, household: boolean): LinkageModel {
  const uRandom = randomPairU(left, right, randomPairs, seed, COMPARISONS);
  const patterns = new Map<number, number>();
  cand.codes.forEach((c, k) => patterns.set(c, cand.counts[k]));
  const nR = (right ?? left).length;
  const totalPairs = Math.max(1, right ? left.length * nR : (left.length * (left.length - 1)) / 2);
  const expectedMatches = Math.max(1, Math.min(left.length, nR) * 0.5);
  const em = runEm({ patterns, codec, u: uRandom, totalPairs, lambda0: expectedMatches / totalPairs, household });
  const all = right ? [...left, ...right] : left;
  const tf: LinkageModel['tf'] = {};
  for (const c of COMPARISONS) {
    if (!c.tf) continue;
    tf[c.name] = buildTf(all, c.tf.value);
    tf[`${c.name}.first`] = buildTf(all, c.tf.token);
  }
  return {
    version: 1,
    kind: right ? 'link' : 'dedupe',
    comparisons: COMPARISONS.map((c, k) => ({
      name: c.name,
      levels: c.levels.map((code, l) => ({
        code,
        m: em.m[k][l],
        u: uRandom[k][l],
        weight: l === 0 ? 0 : Math.log2(em.m[k][l] / uRandom[k][l]),
        ...(c.family ? { h: em.h[k][l], householdWeight: l === 0 ? 0 : Math.log2(em.h[k][l] / uRandom[k][l]) } : {}),
      })),
    })).map(monotone),
    lambda: em.lambda,
    lambdaHousehold: em.lambdaH,
    prior: Math.log2(em.lambda / (1 - em.lambda - em.lambdaH)),
    tf,
    em: { iterations: em.iterations, converged: em.converged, candidates: cand.n, patterns: patterns.size, randomPairs, totalPairs },
  };
}

/** −log2(1 + odds of "relatives or housemates" against "unrelated") for the family levels of a pair. */
function householdTerm(model: LinkageModel, levels: ArrayLike<number>): number {
  if (!(model.lambdaHousehold > 0)) return 0;
  let x = Math.log2(model.lambdaHousehold / (1 - model.lambda - model.lambdaHousehold));
  model.comparisons.forEach((c, k) => { x += c.levels[levels[k]].householdWeight ?? 0; });
  return -(x > 60 ? x : Math.log2(1 + 2 ** x));
}

/** The term-frequency part of comparison k at level l for record p (0 when the level is not adjusted). */
function tfPart(model: LinkageModel, k: number, l: number, p: Prepared): number {
  const c = COMPARISONS[k];
  if (!c.tf) return 0;
  if (c.tf.full.includes(l)) return tfAdjustment(model.tf[c.name], c.tf.value(p));
  if (c.tf.first.includes(l)) return tfAdjustment(model.tf[`${c.name}.first`], c.tf.token(p));
  return 0;
}

/**
 * Levels are ordered from the strongest agreement to 'different': a partial agreement is never allowed to
 * weigh more than an exact one nor less than a disagreement (sparse levels otherwise take extreme weights
 * from a handful of pairs). The weights kept are clamped; m and u stay as estimated.
 */
function monotone(c: LinkageModel['comparisons'][number]): LinkageModel['comparisons'][number] {
  const last = c.levels.length - 1;
  const hi = c.levels[1].weight, lo = c.levels[last].weight;
  if (!(hi > lo)) return c;
  return { ...c, levels: c.levels.map((lv, l) => (l > 1 && l < last ? { ...lv, weight: Math.min(hi, Math.max(lo, lv.weight)) } : lv)) };
}

/** Estimates the model (m/u by EM on blocked candidates, u started from random pairs, λ, tf tables). */
export function fitModel(left: LinkRecord[], right: LinkRecord[] | null, opts: { seed?: number; randomPairs?: number; maxBlockPairs?: number; household?: boolean } = {}): LinkageModel {
  const L = left.map(prepare);
  const R = right ? right.map(prepare) : null;
  const { codec, cand } = gather(L, R, opts.maxBlockPairs ?? DEFAULT_MAX_BLOCK_PAIRS);
  return estimate(L, R, codec, cand, opts.seed ?? 1, opts.randomPairs ?? 200_000, opts.household ?? true);
}

function checkModel(model: LinkageModel): void {
  if (model.comparisons.length !== COMPARISONS.length || model.comparisons.some((c, k) => c.name !== COMPARISONS[k].name || c.levels.length !== COMPARISONS[k].levels.length)) {
    throw new Error('linkage model does not fit these comparisons');
  }
}

/** Per-field contributions of one pair under a model (the explanation). */
function contributions(model: LinkageModel, a: Prepared, b: Prepared): FieldContribution[] {
  const lv = COMPARISONS.map((c) => c.compare(a, b));
  const fields = COMPARISONS.map((c, k) => {
    const l = lv[k];
    const lp = model.comparisons[k].levels[l];
    let code = lp.code;
    if (code === 'exact' && (c.name === 'given_name' ? a.givenPlain !== b.givenPlain : c.name === 'surname' ? a.surnamePlain !== b.surnamePlain : false)) code = c.name === 'surname' && a.surname !== b.surname && a.surname.replace(/ /g, '') !== b.surname.replace(/ /g, '') ? 'reordered' : 'exact_folded';
    const f: FieldContribution = { comparison: c.name, level: code, weight: lp.weight };
    if (c.tf && (c.tf.full.includes(l) || c.tf.first.includes(l))) {
      const tf = tfPart(model, k, l, a);
      f.tf = tf;
      f.weight += tf;
    }
    const x = shown(a, c), y = shown(b, c);
    if (x !== undefined) f.left = x;
    if (y !== undefined) f.right = y;
    return f;
  });
  const hw = householdTerm(model, lv);
  fields.push({ comparison: 'household', level: hw < -0.05 ? 'possible_relatives' : 'unlikely', weight: hw });
  return fields;
}

function scored(model: LinkageModel, a: Prepared, b: Prepared): ScoredPair {
  const fields = contributions(model, a, b);
  const weight = fields.reduce((s, f) => s + f.weight, model.prior);
  return { left: a.id, right: b.id, probability: probability(weight), weight, prior: model.prior, fields };
}

export function explainPair(model: LinkageModel, a: LinkRecord, b: LinkRecord): ScoredPair {
  checkModel(model);
  return scored(model, prepare(a), prepare(b));
}

async function run(left: LinkRecord[], right: LinkRecord[] | null, opts: LinkOptions): Promise<LinkResult> {
  const threshold = opts.threshold ?? (right ? DEFAULT_LINK_THRESHOLD : DEFAULT_DEDUPE_THRESHOLD);
  const L = left.map(prepare);
  const R = right ? right.map(prepare) : null;
  const RR = R ?? L;
  const { codec, cand, blocking } = gather(L, R, opts.maxBlockPairs ?? DEFAULT_MAX_BLOCK_PAIRS);
  const model = opts.model ?? estimate(L, R, codec, cand, opts.seed ?? 1, opts.randomPairs ?? 200_000, opts.household ?? true);
  checkModel(model);
  // weight of every pattern, without the term-frequency part
  const levels = new Uint8Array(COMPARISONS.length);
  const patWeight = Float64Array.from(cand.codes, (code) => {
    codec.decode(code, levels);
    let w = model.prior;
    levels.forEach((l, k) => { w += model.comparisons[k].levels[l].weight; });
    return w + householdTerm(model, levels);
  });
  // term-frequency parts: per pattern, which (comparison, full|first) applies; per record, its value
  const tfComps = COMPARISONS.map((c, k) => (c.tf ? k : -1)).filter((k) => k >= 0);
  const patTf = cand.codes.map((code) => {
    codec.decode(code, levels);
    return tfComps.map((k) => (COMPARISONS[k].tf!.full.includes(levels[k]) ? 1 : COMPARISONS[k].tf!.first.includes(levels[k]) ? 2 : 0));
  });
  const recTf = tfComps.map((k) => {
    const c = COMPARISONS[k];
    return [
      Float32Array.from(L, (p) => tfAdjustment(model.tf[c.name], c.tf!.value(p))),
      Float32Array.from(L, (p) => tfAdjustment(model.tf[`${c.name}.first`], c.tf!.token(p))),
    ];
  });
  let kept: Array<{ i: number; j: number; w: number }> = [];
  const minWeight = threshold <= 0 ? -Infinity : threshold >= 1 ? Infinity : Math.log2(threshold / (1 - threshold));
  for (let c = 0; c < cand.n; c++) {
    const p = cand.pat[c], i = cand.i[c];
    let w = patWeight[p];
    const tfp = patTf[p];
    for (let t = 0; t < tfp.length; t++) if (tfp[t]) w += recTf[t][tfp[t] - 1][i];
    if (w >= minWeight || (threshold <= 0)) kept.push({ i, j: cand.j[c], w });
  }
  kept.sort((x, y) => y.w - x.w || x.i - y.i || x.j - y.j);
  if (opts.oneToOne && R) {
    const usedL = new Uint8Array(L.length), usedR = new Uint8Array(R.length);
    kept = kept.filter(({ i, j }) => {
      if (usedL[i] || usedR[j]) return false;
      usedL[i] = 1; usedR[j] = 1;
      return true;
    });
  }
  const explain = opts.explain ?? true;
  const pairs: ScoredPair[] = kept.map(({ i, j, w }) => {
    let a = L[i], b = RR[j];
    if (!R && b.id < a.id) [a, b] = [b, a];
    if (explain) return scored(model, a, b);
    return { left: a.id, right: b.id, probability: probability(w), weight: w, prior: model.prior, fields: [] };
  });
  const stats: Record<string, number> = {
    records_left: L.length, records_right: RR.length, candidates: blocking.candidates, capped_blocks: blocking.cappedBlocks,
    patterns: cand.codes.length, em_iterations: model.em.iterations, lambda: model.lambda, lambda_household: model.lambdaHousehold, pairs: pairs.length, threshold,
  };
  for (const [rule, n] of Object.entries(blocking.perRule)) stats[`block_${rule}`] = n;
  return { model, pairs, stats };
}

export async function linkRecords(left: LinkRecord[], right: LinkRecord[], opts: LinkOptions = {}): Promise<LinkResult> {
  return run(left, right, opts);
}

export async function dedupeRecords(records: LinkRecord[], opts: LinkOptions = {}): Promise<LinkResult> {
  return run(records, null, { ...opts, oneToOne: false });
}

/**
 * Pairs to clusters: must-links merged first, then pairs at or above the threshold best first; a merge that
 * would put a cannot-link pair in one cluster is refused. Every id ends in exactly one cluster.
 */
export function clusterPairs(
  ids: string[],
  pairs: Array<{ left: string; right: string; probability: number }>,
  opts: { threshold: number; mustLink?: Array<[string, string]>; cannotLink?: Array<[string, string]> },
): string[][] {
  const index = new Map<string, number>();
  for (const id of ids) if (!index.has(id)) index.set(id, index.size);
  const idx = (id: string) => {
    let k = index.get(id);
    if (k === undefined) { k = index.size; index.set(id, k); }
    return k;
  };
  for (const p of pairs) { idx(p.left); idx(p.right); }
  for (const [a, b] of [...(opts.mustLink ?? []), ...(opts.cannotLink ?? [])]) { idx(a); idx(b); }
  const n = index.size;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const forbidden: Array<Set<number>> = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of opts.cannotLink ?? []) {
    const x = idx(a), y = idx(b);
    if (x === y) continue;
    forbidden[x].add(y);
    forbidden[y].add(x);
  }
  const find = (x: number): number => {
    while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
  };
  const union = (x: number, y: number): boolean => {
    let a = find(x), b = find(y);
    if (a === b) return true;
    if (members[a].length < members[b].length) [a, b] = [b, a];
    for (const m of members[b]) if (forbidden[a].has(m)) return false;
    parent[b] = a;
    for (const m of members[b]) members[a].push(m);
    for (const f of forbidden[b]) forbidden[a].add(f);
    members[b] = [];
    forbidden[b] = new Set();
    return true;
  };
  for (const [a, b] of opts.mustLink ?? []) union(idx(a), idx(b));
  const sorted = pairs.filter((p) => p.probability >= opts.threshold).sort((p, q) => q.probability - p.probability || (p.left < q.left ? -1 : p.left > q.left ? 1 : p.right < q.right ? -1 : p.right > q.right ? 1 : 0));
  for (const p of sorted) union(idx(p.left), idx(p.right));
  const names = [...index.keys()];
  const out: string[][] = [];
  for (let i = 0; i < n; i++) if (find(i) === i) out.push(members[i].map((m) => names[m]));
  return out;
}
