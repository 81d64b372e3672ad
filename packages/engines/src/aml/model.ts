/**
 * The learned risk score: windowed features → GBDT (logistic) → score in [0, 1], alert threshold chosen on a
 * validation period (max F1), per-transaction explanation (top Saabas contributions), JSON model.
 */
import { computeFeatures, FEATURE_COUNT, FEATURE_NAMES, FeatureState, type FeatureOptions } from './features';
import { CompiledGbdt, sigmoid, trainGbdt, type GbdtModel, type GbdtParams } from './gbdt';
import { averagePrecision, bestF1Threshold, confusion } from './metrics';
import { DAY, timeOrder, type TxTable } from './table';
import { DEFAULT_THRESHOLDS, type ThresholdRule } from './thresholds';

export interface AmlModel {
  kind: 'puente-aml-risk';
  version: 1;
  features: string[];
  gbdt: GbdtModel;
  /** Alert when score >= threshold. */
  threshold: number;
  thresholds: ThresholdRule[];
  training: {
    until: string; validationFrom: string; trainRows: number; trainPositives: number; validationRows: number;
    validationPositives: number; validationF1: number; validationAp: number; trees: number; seed: number;
  };
}

export interface TrainOptions {
  /** Labels are read only from rows with time < until (epoch seconds). */
  until: number;
  /** Share of the labelled days (from the end) used for validation; default 0.25. */
  validationFraction?: number;
  seed?: number;
  gbdt?: GbdtParams;
  thresholds?: ThresholdRule[];
}

const iso = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);

/** Start of the validation period: the last `fraction` of the whole days between the first row and `until`. */
export function validationStart(first: number, until: number, fraction = 0.25): number {
  const d0 = Math.floor(first / DAY), d1 = Math.floor(until / DAY);
  return (d1 - Math.round((d1 - d0) * fraction)) * DAY;
}

export function trainAml(table: TxTable, opts: TrainOptions): AmlModel {
  const seed = opts.seed ?? 1;
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const order = timeOrder(table);
  // only rows before `until` are featurised and read
  let m = 0;
  while (m < order.length && table.time[order[m]] < opts.until) m++;
  if (m === 0) throw new Error('no transactions before --until');
  const head = order.subarray(0, m);
  const X = computeFeatures(table, head, { thresholds } satisfies FeatureOptions);
  const first = table.time[order[0]];
  const vStart = validationStart(first, opts.until, opts.validationFraction);
  const F = FEATURE_COUNT;
  const pick = (lo: number, hi: number) => {
    const rows: number[] = [];
    for (const i of head) { const tt = table.time[i]; if (tt >= lo && tt < hi && table.label[i] >= 0) rows.push(i); }
    const Xs = new Float32Array(rows.length * F);
    const y = new Uint8Array(rows.length);
    rows.forEach((i, r) => { Xs.set(X.subarray(i * F, i * F + F), r * F); y[r] = table.label[i] === 1 ? 1 : 0; });
    return { X: Xs, y, n: rows.length };
  };
  const tr = pick(-Infinity, vStart);
  const va = pick(vStart, opts.until);
  const posOf = (y: Uint8Array) => y.reduce((a, b) => a + b, 0);
  if (posOf(tr.y) === 0) throw new Error('no laundering labels in the training period');
  const gbdt = trainGbdt(FEATURE_NAMES, tr, { ...opts.gbdt, seed }, va.n && posOf(va.y) ? va : undefined);
  const cg = new CompiledGbdt(gbdt);
  const vs = new Float64Array(va.n);
  for (let i = 0; i < va.n; i++) vs[i] = sigmoid(cg.logit(va.X, i * F));
  const best = va.n && posOf(va.y) ? bestF1Threshold(vs, va.y) : { threshold: 0.5, f1: NaN };
  return {
    kind: 'puente-aml-risk', version: 1, features: [...FEATURE_NAMES], gbdt, threshold: best.threshold, thresholds,
    training: {
      until: iso(opts.until), validationFrom: iso(vStart), trainRows: tr.n, trainPositives: posOf(tr.y), validationRows: va.n,
      validationPositives: posOf(va.y), validationF1: best.f1, validationAp: va.n ? averagePrecision(vs, va.y) : NaN,
      trees: gbdt.trees.length, seed,
    },
  };
}

export interface Explanation { feature: string; value: number; contribution: number }

export interface ScoreResult {
  /** Row indices (into the table) of the scored rows, in time order. */
  rows: Uint32Array;
  score: Float64Array;
  flag: Uint8Array;
  /** Features of the scored rows (rows.length × F), for explanations. */
  X: Float32Array;
}

/** Scores every row with time >= from, using all earlier rows as context. */
export function scoreAml(model: AmlModel, table: TxTable, from: number): ScoreResult {
  checkModel(model);
  const order = timeOrder(table);
  const st = new FeatureState({ thresholds: model.thresholds });
  const F = FEATURE_COUNT;
  const scratch = new Float32Array(F);
  let k = 0;
  while (k < order.length && table.time[order[k]] < from) { st.step(table, order[k], scratch, 0); k++; }
  const n = order.length - k;
  const rows = order.slice(k);
  const X = new Float32Array(n * F);
  const score = new Float64Array(n);
  const flag = new Uint8Array(n);
  const cg = new CompiledGbdt(model.gbdt);
  for (let r = 0; r < n; r++) {
    st.step(table, rows[r], X, r * F);
    const s = sigmoid(cg.logit(X, r * F));
    score[r] = s;
    flag[r] = s >= model.threshold ? 1 : 0;
  }
  return { rows, score, flag, X };
}

/** Top features by tree-path contribution (Saabas) for one scored row; contributions + bias = logit. */
export function explain(model: AmlModel, X: Float32Array, r: number, top = 5): { bias: number; logit: number; top: Explanation[] } {
  const cg = new CompiledGbdt(model.gbdt);
  const F = model.features.length;
  const c = new Float64Array(F);
  const logit = cg.contributions(X, r * F, c);
  const idx = Array.from({ length: F }, (_, i) => i).sort((a, b) => Math.abs(c[b]) - Math.abs(c[a]) || a - b);
  return { bias: cg.bias, logit, top: idx.slice(0, top).map((f) => ({ feature: model.features[f], value: X[r * F + f], contribution: c[f] })) };
}

export function checkModel(model: AmlModel): void {
  if (!model || model.kind !== 'puente-aml-risk' || model.version !== 1) throw new Error('not a Puente AML model');
  if (model.features.length !== FEATURE_COUNT || model.features.some((f, i) => f !== FEATURE_NAMES[i])) {
    throw new Error('the model was trained with a different feature set');
  }
}

export { confusion };
