/**
 * Scoring on two cores: the feature and neighbour passes stay sequential (incremental state), the tree
 * evaluation of each stage is split between this thread and one worker over shared memory. Same results as
 * scoreAml (tested), for inputs large enough that a worker pays off.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers';
import { FEATURE_COUNT } from './features';
import { CompiledGbdt, sigmoid } from './gbdt';
import { detect, TYPOLOGIES, type Detection } from './detectors';
import { checkModel, newScoringState, type AmlModel, type ScoreOptions, type ScoreResult } from './model';
import { NB_COUNT } from './neighbours';
import { timeOrder, type TxTable } from './table';

export class AmlScorePool {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private constructor(private readonly worker: Worker, readonly model: AmlModel) {
    worker.on('message', (m: { type: string; id: number; message?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.type === 'done') w.resolve(); else w.reject(new Error(m.message));
    });
  }

  static async start(model: AmlModel): Promise<AmlScorePool> {
    checkModel(model);
    const worker = spawnWorker(import.meta.url, { stage1: model.stage1, stage2: model.gbdt });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return new AmlScorePool(worker, model);
  }

  private run(stage: 0 | 1, X: SharedArrayBuffer, out: SharedArrayBuffer, from: number, to: number): Promise<void> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, stage, X, out, from, to });
    });
  }

  /** Logits of rows [0, n) of X, the upper part on the worker, the lower here. */
  private async split(stage: 0 | 1, local: CompiledGbdt, X: SharedArrayBuffer, out: SharedArrayBuffer, n: number) {
    const mid = Math.floor(n / 2);
    const remote = this.run(stage, X, out, mid, n);
    local.logits(new Float32Array(X), 0, mid, new Float64Array(out));
    await remote;
  }

  async score(table: TxTable, from: number, opts: ScoreOptions = {}): Promise<ScoreResult> {
    const model = this.model;
    const FC = FEATURE_COUNT, F2 = FC + NB_COUNT;
    const order = timeOrder(table);
    const N = order.length;
    // features of every row, in time order (row r = order[r])
    const Xb = new SharedArrayBuffer(N * FC * 4);
    const X = new Float32Array(Xb);
    const state = opts.state ?? newScoringState(model, opts);
    const st = state.features, ty = state.typologies;
    const sd = new Array<Detection | undefined>(N);
    for (let r = 0; r < N; r++) { st.step(table, order[r], X, r * FC); sd[r] = ty.step(table, order[r]); }
    const s1b = new SharedArrayBuffer(N * 8);
    await this.split(0, new CompiledGbdt(model.stage1), Xb, s1b, N);
    const s1 = new Float64Array(s1b);
    let k = 0;
    while (k < N && table.time[order[k]] < from) k++;
    const n = N - k;
    const X2b = new SharedArrayBuffer(n * F2 * 4);
    const X2 = new Float32Array(X2b);
    const nb = state.neighbours;
    const scratch = new Float32Array(NB_COUNT);
    for (let r = 0; r < k; r++) nb.step(table, order[r], sigmoid(s1[r]), scratch, 0);
    for (let r = 0; r < n; r++) {
      for (let f = 0, a = (k + r) * FC, b = r * F2; f < FC; f++) X2[b + f] = X[a + f];
      nb.step(table, order[k + r], sigmoid(s1[k + r]), X2, r * F2 + FC);
    }
    const sb = new SharedArrayBuffer(n * 8);
    await this.split(1, new CompiledGbdt(model.gbdt), X2b, sb, n);
    const score = new Float64Array(n), flag = new Uint8Array(n), typology = new Int8Array(n).fill(-1);
    const detections = new Array<Detection | undefined>(n).fill(undefined);
    const s2 = new Float64Array(sb);
    for (let r = 0; r < n; r++) {
      const s = sigmoid(s2[r]);
      score[r] = s;
      flag[r] = s >= model.threshold ? 1 : 0;
      const d = sd[k + r] ?? detect(X2, r * F2, opts.detectors);
      if (d) { typology[r] = TYPOLOGIES.indexOf(d.typology); detections[r] = d; }
    }
    return { rows: order.slice(k), score, flag, typology, detections, X: opts.keepFeatures === false ? new Float32Array(0) : X2, width: F2, state };
  }

  async close(): Promise<void> { await this.worker.terminate(); }
}
