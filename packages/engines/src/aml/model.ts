/**
 * The learned risk score, in two stages, both GBDTs (gbdt.ts) on causal features:
 *   stage 1: windowed graph/time features of the transaction (features.ts) → first-stage score;
 *   stage 2: the same features plus "neighbour risk" (neighbours.ts: first-stage scores of the earlier
 *            transactions of the sender, the receiver and the pair) → the risk score in [0, 1].
 * Training: labels only from rows before `until`; the last quarter of those days is the validation period
 * (early stopping and the alert threshold, max F1). First-stage scores of training rows are cross-fitted
 * (each time block scored by a model that did not see it), so stage 2 learns from honest neighbour risk.
 * Per-transaction explanation: top Saabas contributions of stage 2. Model = plain JSON.
 */
import { computeFeatures, FEATURE_COUNT, FEATURE_NAMES, FeatureState } from './features';
import { detect, TypologyState, TYPOLOGIES, type Detection, type DetectorParams } from './detectors';
import { CompiledGbdt, sigmoid, trainGbdt, type GbdtModel, type GbdtParams } from './gbdt';
import { averagePrecision, bestF1Threshold, confusion } from './metrics';
import { NB_COUNT, NB_FEATURE_NAMES, NeighbourState } from './neighbours';
import { packState, unpackState, type PackedState, type StateArray } from './snapshot';
import { DAY, timeOrder, type TxTable } from './table';
import { DEFAULT_THRESHOLDS, type ThresholdRule } from './thresholds';
import { Rates, type RateTable } from './rates';

export const MODEL_FEATURES: readonly string[] = [...FEATURE_NAMES, ...NB_FEATURE_NAMES];
const F2 = FEATURE_COUNT + NB_COUNT;

export interface AmlModel {
  kind: 'puente-aml-risk';
  version: 2;
  /** Stage-2 feature names (stage 1 uses the first FEATURE_COUNT of them). */
  features: string[];
  stage1: GbdtModel;
  gbdt: GbdtModel;
  /** Alert when score >= threshold. */
  threshold: number;
  thresholds: ThresholdRule[];
  /** The exchange rates the model was trained with (absent: rates.ts's DEFAULT_RATES); scoring uses the same. */
  rates?: RateTable;
  training: {
    until: string; validationFrom: string; trainRows: number; trainPositives: number; validationRows: number;
    validationPositives: number; validationF1: number; validationAp: number; stage1ValidationAp: number; trees: number; seed: number;
  };
}

export interface TrainOptions {
  /** Labels are read only from rows with time < until (epoch seconds). */
  until: number;
  /** Share of the labelled days (from the end) used for validation; default 0.25. */
  validationFraction?: number;
  seed?: number;
  gbdt?: GbdtParams;
  /** First-stage overrides (default: as gbdt). Fewer first-stage trees score faster: learning rate 0.15 and 100 trees gave
   *  F1 0.921 / AP 0.950 on B4 against 0.927 / 0.956, with about a quarter less scoring time. */
  stage1?: GbdtParams;
  /** Time blocks for cross-fitting the first stage (default 4). */
  folds?: number;
  /**
   * Refit both stages on training and validation rows together, with the tree counts early stopping chose and the
   * threshold chosen on validation (the usual last step of a temporal split: the most recent labelled days, where
   * the patterns to score next look most alike, also train the model). Off by default: on B4's two validation
   * folds (train < day 323 / score 323–430; train < 431 / score 431–574) it raised recall (0.958 → 0.975, 0.958 →
   * 0.965) and the `random` typology's (13/17 → 15/17, 20/22 → 21/22), F1 0.888 → 0.880 and 0.911 → 0.922, AP
   * 0.918 → 0.896 and 0.954 → 0.960; on the test days (seed 1) it gave F1 0.905, random 0.469 (0.927, 0.594 without).
   */
  refit?: boolean;
  thresholds?: ThresholdRule[];
  /** Exchange rates to the reporting currency (default DEFAULT_RATES); kept in the model. */
  rates?: RateTable;
}

const iso = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);

/** Start of the validation period: the last `fraction` of the whole days between the first row and `until`. */
export function validationStart(first: number, until: number, fraction = 0.25): number {
  const d0 = Math.floor(first / DAY), d1 = Math.floor(until / DAY);
  return (d1 - Math.round((d1 - d0) * fraction)) * DAY;
}

function gather(X: Float32Array, F: number, rows: ArrayLike<number>, table: TxTable) {
  const Xs = new Float32Array(rows.length * F);
  const y = new Uint8Array(rows.length);
  for (let r = 0; r < rows.length; r++) { const i = rows[r]; Xs.set(X.subarray(i * F, i * F + F), r * F); y[r] = table.label[i] === 1 ? 1 : 0; }
  return { X: Xs, y, n: rows.length };
}
const posOf = (y: Uint8Array) => { let s = 0; for (const v of y) s += v; return s; };

/** Neighbour features for rows in `order`, given first-stage scores s1 (by row index): X2 (row-indexed, F2 columns). */
function stage2Matrix(table: TxTable, order: ArrayLike<number>, X: Float32Array, s1: Float64Array): Float32Array {
  const X2 = new Float32Array(table.size * F2);
  const nb = new NeighbourState();
  for (let r = 0; r < order.length; r++) {
    const i = order[r];
    X2.set(X.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT), i * F2);
    nb.step(table, i, s1[i], X2, i * F2 + FEATURE_COUNT);
  }
  return X2;
}

export function trainAml(table: TxTable, opts: TrainOptions): AmlModel {
  const seed = opts.seed ?? 1;
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const order = timeOrder(table);
  let m = 0;
  while (m < order.length && table.time[order[m]] < opts.until) m++;
  if (m === 0) throw new Error('no transactions before --until');
  const head = order.subarray(0, m);
  const X = computeFeatures(table, head, { thresholds, rates: opts.rates });
  const vStart = validationStart(table.time[order[0]], opts.until, opts.validationFraction);
  const trRows: number[] = [], vaRows: number[] = [];
  for (const i of head) {
    if (table.label[i] < 0) continue;
    (table.time[i] < vStart ? trRows : vaRows).push(i);
  }
  const tr = gather(X, FEATURE_COUNT, trRows, table), va = gather(X, FEATURE_COUNT, vaRows, table);
  if (posOf(tr.y) === 0) throw new Error('no laundering labels in the training period');
  const hasVal = va.n > 0 && posOf(va.y) > 0;
  const params = { ...opts.gbdt, seed };
  // stage 1 on all training rows (early-stopped on validation): scores validation and later rows
  const p1 = { ...params, ...opts.stage1 };
  const stage1 = trainGbdt(FEATURE_NAMES, tr, p1, hasVal ? va : undefined);
  const c1 = new CompiledGbdt(stage1);
  const s1 = new Float64Array(table.size);
  const all = new Float64Array(table.size);
  c1.logits(X, 0, table.size, all);
  for (const i of head) s1[i] = sigmoid(all[i]);
  // cross-fitted stage-1 scores for the labelled training rows: contiguous time blocks
  const K = Math.max(2, opts.folds ?? 4);
  for (let k = 0; k < K; k++) {
    const lo = Math.floor((k * trRows.length) / K), hi = Math.floor(((k + 1) * trRows.length) / K);
    const rest = gather(X, FEATURE_COUNT, [...trRows.slice(0, lo), ...trRows.slice(hi)], table);
    if (!posOf(rest.y)) continue;
    const mk = new CompiledGbdt(trainGbdt(FEATURE_NAMES, rest, { ...p1, seed: seed + 1 + k, trees: stage1.trees.length }));
    for (let r = lo; r < hi; r++) s1[trRows[r]] = sigmoid(mk.logit(X, trRows[r] * FEATURE_COUNT));
  }
  const X2 = stage2Matrix(table, head, X, s1);
  const tr2 = gather(X2, F2, trRows, table), va2 = gather(X2, F2, vaRows, table);
  const gbdt = trainGbdt(MODEL_FEATURES, tr2, { ...params, seed: seed + 100 }, hasVal ? va2 : undefined);
  const cg = new CompiledGbdt(gbdt);
  const vs = new Float64Array(va2.n), v1 = new Float64Array(va.n);
  for (let i = 0; i < va2.n; i++) { vs[i] = sigmoid(cg.logit(va2.X, i * F2)); v1[i] = s1[vaRows[i]]; }
  const best = hasVal ? bestF1Threshold(vs, va2.y) : { threshold: 0.5, f1: NaN };
  let final1 = stage1, final2 = gbdt;
  if (opts.refit && hasVal) ({ stage1: final1, gbdt: final2 } = refitStages(table, head, X, [...trRows, ...vaRows], s1, stage1.trees.length, gbdt.trees.length, p1, params, seed, K));
  return {
    kind: 'puente-aml-risk', version: 2, features: [...MODEL_FEATURES], stage1: final1, gbdt: final2, threshold: best.threshold, thresholds, ...(opts.rates ? { rates: opts.rates } : {}),
    training: {
      until: iso(opts.until), validationFrom: iso(vStart), trainRows: tr.n, trainPositives: posOf(tr.y), validationRows: va.n,
      validationPositives: posOf(va.y), validationF1: best.f1, validationAp: hasVal ? averagePrecision(vs, va2.y) : NaN,
      stage1ValidationAp: hasVal ? averagePrecision(v1, va.y) : NaN, trees: gbdt.trees.length, seed,
    },
  };
}

/** Both stages again on all labelled rows (time order), first stage cross-fitted in K time blocks, fixed tree counts. */
function refitStages(
  table: TxTable, head: Uint32Array, X: Float32Array, rows: number[], s1: Float64Array, trees1: number, trees2: number,
  p1: GbdtParams, params: GbdtParams, seed: number, K: number,
): { stage1: GbdtModel; gbdt: GbdtModel } {
  const all = gather(X, FEATURE_COUNT, rows, table);
  const stage1 = trainGbdt(FEATURE_NAMES, all, { ...p1, seed: seed + 200, trees: trees1 });
  const c1 = new CompiledGbdt(stage1);
  const out = new Float64Array(table.size);
  c1.logits(X, 0, table.size, out);
  const s = new Float64Array(s1.length);
  for (const i of head) s[i] = sigmoid(out[i]);
  for (let k = 0; k < K; k++) {
    const lo = Math.floor((k * rows.length) / K), hi = Math.floor(((k + 1) * rows.length) / K);
    const rest = gather(X, FEATURE_COUNT, [...rows.slice(0, lo), ...rows.slice(hi)], table);
    if (!posOf(rest.y)) continue;
    const mk = new CompiledGbdt(trainGbdt(FEATURE_NAMES, rest, { ...p1, seed: seed + 201 + k, trees: trees1 }));
    for (let r = lo; r < hi; r++) s[rows[r]] = sigmoid(mk.logit(X, rows[r] * FEATURE_COUNT));
  }
  const X2 = stage2Matrix(table, head, X, s);
  const gbdt = trainGbdt(MODEL_FEATURES, gather(X2, F2, rows, table), { ...params, seed: seed + 300, trees: trees2 });
  return { stage1, gbdt };
}

export interface Explanation { feature: string; value: number; contribution: number }

export interface ScoreResult {
  /** Row indices (into the table) of the scored rows, in time order. */
  rows: Uint32Array;
  score: Float64Array;
  flag: Uint8Array;
  /** Index into TYPOLOGIES of the first detector that matched, or -1. */
  typology: Int8Array;
  /** The matching detector's reason, features and parameters per scored row (undefined when none matched). */
  detections: Array<Detection | undefined>;
  /** Stage-2 features of the scored rows (rows.length × width), for explanations and detectors; empty when keepFeatures is false. */
  X: Float32Array;
  /** Columns of X (= model.features.length). */
  width: number;
  /** The incremental state after every row of the table (snapshotScoringState keeps it for the next day). */
  state: AmlScoringState;
}

/** Everything scoring keeps between rows: windowed features, neighbour risk, typology windows. */
export interface AmlScoringState { features: FeatureState; neighbours: NeighbourState; typologies: TypologyState }

export function newScoringState(model: AmlModel, opts: Pick<ScoreOptions, 'detectors' | 'holderOf'> = {}): AmlScoringState {
  return {
    features: new FeatureState({ thresholds: model.thresholds, rates: model.rates }), neighbours: new NeighbourState(),
    typologies: new TypologyState({ params: opts.detectors, holderOf: opts.holderOf, rates: model.rates ? new Rates(model.rates) : undefined }),
  };
}

/**
 * A scoring state as bytes, with the account list its indices refer to (the table's `accounts`, in order): the
 * next table must intern the same accounts first (TxTableBuilder's `accounts` option) for the indices to agree.
 */
export function snapshotScoringState(state: AmlScoringState, accounts: readonly string[]): Uint8Array {
  const f = state.features.snapshot(), n = state.neighbours.snapshot(), ty = state.typologies.snapshot();
  const arrays: Record<string, StateArray> = {};
  for (const [k, v] of Object.entries(f.arrays)) arrays[`f.${k}`] = v;
  for (const [k, v] of Object.entries(n.arrays)) arrays[`n.${k}`] = v;
  return packState({ meta: { features: f.meta, neighbours: n.meta, typologies: ty.meta, accounts }, arrays });
}

export function restoreScoringState(model: AmlModel, bytes: Uint8Array, opts: Pick<ScoreOptions, 'detectors' | 'holderOf'> = {}): { state: AmlScoringState; accounts: string[] } {
  const p = unpackState(bytes);
  const part = (prefix: string, meta: unknown): PackedState => {
    const arrays: Record<string, StateArray> = {};
    for (const [k, v] of Object.entries(p.arrays)) if (k.startsWith(prefix)) arrays[k.slice(prefix.length)] = v;
    return { meta: meta as Record<string, unknown>, arrays };
  };
  return {
    state: {
      features: FeatureState.restore(part('f.', p.meta.features), { thresholds: model.thresholds, rates: model.rates }),
      neighbours: NeighbourState.restore(part('n.', p.meta.neighbours)),
      typologies: TypologyState.restore(part('t.', p.meta.typologies), { params: opts.detectors, holderOf: opts.holderOf, rates: model.rates ? new Rates(model.rates) : undefined }),
    },
    accounts: p.meta.accounts as string[],
  };
}

/** keepFeatures: keep the scored rows' features (default true; false saves memory on very large inputs). */
export interface ScoreOptions {
  keepFeatures?: boolean;
  /**
   * Continue from this state (the rows before the table's, fed earlier; restoreScoringState) instead of an empty one.
   * It is advanced in place: after the call it holds every row of the table too (also returned as result.state).
   */
  state?: AmlScoringState;
  detectors?: DetectorParams;
  /** Holder (group) per account index, for mirror trades between holders rather than accounts. */
  holderOf?: (account: number) => number;
}

/**
 * Scores every row with time >= from, using all earlier rows as context. One incremental pass in chunks of
 * rows: features → stage 1 → neighbour features → stage 2 → detectors; memory beyond the table is one chunk
 * (plus the features of the scored rows unless keepFeatures is false).
 */
export function scoreAml(model: AmlModel, table: TxTable, from: number, opts: ScoreOptions = {}): ScoreResult {
  checkModel(model);
  const order = timeOrder(table);
  const state = opts.state ?? newScoringState(model, opts);
  const st = state.features, nb = state.neighbours, ty = state.typologies;
  const c1 = new CompiledGbdt(model.stage1), c2 = new CompiledGbdt(model.gbdt);
  let k = 0;
  while (k < order.length && table.time[order[k]] < from) k++;
  const n = order.length - k;
  const out = new ScoreSink(model, n, opts);
  const sd = new Array<Detection | undefined>(CHUNK_ROWS);
  const CH = CHUNK_ROWS, FC = FEATURE_COUNT;
  const Xc = new Float32Array(CH * FC), X2c = new Float32Array(CH * F2), s1c = new Float64Array(CH), s2c = new Float64Array(CH);
  for (let c0 = 0; c0 < order.length; c0 += CH) {
    const m = Math.min(order.length, c0 + CH) - c0;
    for (let j = 0; j < m; j++) { st.step(table, order[c0 + j], Xc, j * FC); sd[j] = ty.step(table, order[c0 + j]); }
    c1.logits(Xc, 0, m, s1c);
    for (let j = 0; j < m; j++) {
      for (let f = 0, a = j * FC, b = j * F2; f < FC; f++) X2c[b + f] = Xc[a + f];
      nb.step(table, order[c0 + j], sigmoid(s1c[j]), X2c, j * F2 + FC);
    }
    const first = Math.max(c0, k) - c0;
    if (first >= m) continue;
    c2.logits(X2c, first, m, s2c);
    for (let j = first; j < m; j++) out.put(c0 + j - k, s2c[j], X2c, j * F2, sd[j]);
  }
  return out.result(order.slice(k), state);
}

/**
 * The scored rows' outputs, filled row by row by scoreAml and AmlScorePool: the score and flag from the
 * second-stage logit, the typology of the typology windows' hit or else of the first detector that matches the
 * row's features, and (keepFeatures) the features.
 */
export class ScoreSink {
  private readonly score: Float64Array;
  private readonly flag: Uint8Array;
  private readonly typology: Int8Array;
  private readonly detections: Array<Detection | undefined>;
  private readonly X: Float32Array | undefined;
  constructor(private readonly model: AmlModel, n: number, private readonly opts: Pick<ScoreOptions, 'keepFeatures' | 'detectors'>) {
    this.score = new Float64Array(n); this.flag = new Uint8Array(n); this.typology = new Int8Array(n).fill(-1);
    this.detections = new Array<Detection | undefined>(n).fill(undefined);
    this.X = opts.keepFeatures === false ? undefined : new Float32Array(n * F2);
  }

  /** Scored row r: its second-stage logit, its features at X2[off..off+F2), the typology windows' hit if any. */
  put(r: number, logit: number, X2: Float32Array, off: number, windowHit: Detection | undefined): void {
    const s = sigmoid(logit);
    this.score[r] = s;
    this.flag[r] = s >= this.model.threshold ? 1 : 0;
    const d = windowHit ?? detect(X2, off, this.opts.detectors);
    if (d) { this.typology[r] = TYPOLOGIES.indexOf(d.typology); this.detections[r] = d; }
    if (this.X) this.X.set(X2.subarray(off, off + F2), r * F2);
  }

  result(rows: Uint32Array, state: AmlScoringState): ScoreResult {
    const { score, flag, typology, detections } = this;
    return { rows, score, flag, typology, detections, X: this.X ?? new Float32Array(0), width: F2, state };
  }
}

const CHUNK_ROWS = 4096;

/** Compiled trees per model: explaining the flagged rows of a run compiles the model once, not once per row. */
const compiledForExplain = new WeakMap<AmlModel, CompiledGbdt>();

/** Top features by tree-path contribution (Saabas) for one scored row; contributions + bias = logit. */
export function explain(model: AmlModel, X: Float32Array, r: number, top = 5): { bias: number; logit: number; top: Explanation[] } {
  let cg = compiledForExplain.get(model);
  if (!cg) compiledForExplain.set(model, (cg = new CompiledGbdt(model.gbdt)));
  const F = model.features.length;
  const c = new Float64Array(F);
  const logit = cg.contributions(X, r * F, c);
  const idx = Array.from({ length: F }, (_, i) => i).sort((a, b) => Math.abs(c[b]) - Math.abs(c[a]) || a - b);
  return { bias: cg.bias, logit, top: idx.slice(0, top).map((f) => ({ feature: model.features[f], value: X[r * F + f], contribution: c[f] })) };
}

export function checkModel(model: AmlModel): void {
  if (!model || model.kind !== 'puente-aml-risk' || model.version !== 2 || !model.stage1 || !model.gbdt) throw new Error('not a Puente AML model');
  if (model.features.length !== F2 || model.features.some((f, i) => f !== MODEL_FEATURES[i])) {
    throw new Error('the model was trained with a different feature set');
  }
}

export { confusion };
