/**
 * Scoring on two cores: the feature and neighbour passes stay sequential (incremental state) on this thread, the
 * tree evaluation runs beside them on one worker over shared memory, chunk by chunk (score). Same results as
 * scoreAml (tested), for inputs large enough that a worker pays off.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers';
import { FEATURE_COUNT } from './features';
import { CompiledGbdt, sigmoid } from './gbdt';
import type { Detection } from './detectors';
import { checkModel, newScoringState, scoreAml, ScoreSink, type AmlModel, type ScoreOptions, type ScoreResult } from './model';
import { NB_COUNT } from './neighbours';
import { timeOrder, type TxTable } from './table';

/** Rows per pipeline chunk, and chunk buffers in the ring (the chunk being featured, the one in its neighbour pass,
 *  the one whose worker share is finishing, one spare). */
const POOL_CHUNK = 8192, SLOTS = 4;

export class AmlScorePool {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private readonly local2: CompiledGbdt;
  private constructor(private readonly worker: Worker, readonly model: AmlModel, private readonly chunkRows: number) {
    this.local2 = new CompiledGbdt(model.gbdt);
    worker.on('message', (m: { type: string; id: number; message?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.type === 'done') w.resolve(); else w.reject(new Error(m.message));
    });
  }

  /** chunkRows: rows per pipeline chunk (default POOL_CHUNK). */
  static async start(model: AmlModel, opts: { chunkRows?: number } = {}): Promise<AmlScorePool> {
    checkModel(model);
    const worker = spawnWorker(import.meta.url, { stage1: model.stage1, stage2: model.gbdt });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return new AmlScorePool(worker, model, Math.max(1, Math.floor(opts.chunkRows ?? POOL_CHUNK)));
  }

  private run(stage: 0 | 1, X: SharedArrayBuffer, out: SharedArrayBuffer, from: number, to: number): Promise<void> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, stage, X, out, from, to });
    });
  }

  /**
   * Scores as scoreAml does, in chunks through a pipeline over two threads. This thread runs the sequential passes
   * (windowed features and typology windows of chunk c+1, then the neighbour features of chunk c) and part of
   * chunk c's second-stage trees; the worker evaluates the first-stage trees of each chunk while this thread
   * computes the next chunk's features, and the rest of the second stage. The share of the second stage kept here
   * follows whichever thread waited on the other. Memory beyond the table: a ring of chunk buffers.
   */
  async score(table: TxTable, from: number, opts: ScoreOptions = {}): Promise<ScoreResult> {
    const model = this.model;
    const FC = FEATURE_COUNT, F2 = FC + NB_COUNT, CH = this.chunkRows;
    const order = timeOrder(table);
    const N = order.length;
    let k = 0;
    while (k < N && table.time[order[k]] < from) k++;
    const n = N - k;
    const state = opts.state ?? newScoringState(model, opts);
    const st = state.features, ty = state.typologies, nb = state.neighbours;
    const out = new ScoreSink(model, n, opts);
    const slots = Array.from({ length: SLOTS }, () => {
      const Xb = new SharedArrayBuffer(CH * FC * 4), s1b = new SharedArrayBuffer(CH * 8), X2b = new SharedArrayBuffer(CH * F2 * 4), s2b = new SharedArrayBuffer(CH * 8);
      return {
        Xb, s1b, X2b, s2b, X: new Float32Array(Xb), s1: new Float64Array(s1b), X2: new Float32Array(X2b), s2: new Float64Array(s2b),
        sd: new Array<Detection | undefined>(CH), stage1: Promise.resolve(), stage2: Promise.resolve(), first: 0, mid: 0,
      };
    });
    const chunks = Math.ceil(N / CH);
    const size = (c: number) => Math.min(N, (c + 1) * CH) - c * CH;
    let share = 0.5; // of each chunk's second stage, evaluated on this thread

    const features = (c: number) => {
      const s = slots[c % SLOTS], c0 = c * CH, m = size(c);
      for (let j = 0; j < m; j++) { st.step(table, order[c0 + j], s.X, j * FC); s.sd[j] = ty.step(table, order[c0 + j]); }
      s.stage1 = this.run(0, s.Xb, s.s1b, 0, m);
    };
    const neighboursAndStage2 = async (c: number) => {
      const s = slots[c % SLOTS], c0 = c * CH, m = size(c);
      const t0 = performance.now();
      await s.stage1;
      share = Math.min(0.9, Math.max(0.1, share + (performance.now() - t0 > 1 ? 0.02 : -0.02)));
      for (let j = 0; j < m; j++) {
        for (let f = 0, a = j * FC, b = j * F2; f < FC; f++) s.X2[b + f] = s.X[a + f];
        nb.step(table, order[c0 + j], sigmoid(s.s1[j]), s.X2, j * F2 + FC);
      }
      s.first = Math.max(c0, k) - c0;
      if (s.first >= m) { s.mid = m; return; }
      s.mid = s.first + Math.round((m - s.first) * share);
      s.stage2 = s.mid < m ? this.run(1, s.X2b, s.s2b, s.mid, m) : Promise.resolve();
      this.local2.logits(s.X2, s.first, s.mid, s.s2);
    };
    const emit = async (c: number) => {
      const s = slots[c % SLOTS], c0 = c * CH, m = size(c);
      if (s.first >= m) return;
      await s.stage2;
      for (let j = s.first; j < m; j++) out.put(c0 + j - k, s.s2[j], s.X2, j * F2, s.sd[j]);
    };

    if (chunks > 0) features(0);
    for (let c = 0; c < chunks; c++) {
      if (c + 1 < chunks) features(c + 1);
      await neighboursAndStage2(c);
      if (c > 0) await emit(c - 1);
    }
    if (chunks > 0) await emit(chunks - 1);
    return out.result(order.slice(k), state);
  }

  async close(): Promise<void> { await this.worker.terminate(); }
}

/** From this many transactions a scoring run starts a worker thread; below, the worker's start (150–190 ms with the B4
 *  model) would take much of what it saves. */
export const TWO_CORES_FROM = 50_000;

/** scoreAml's results: on this thread for small tables or one core, else on two (a pool started for this call). */
export async function scoreAmlAuto(model: AmlModel, table: TxTable, from: number, opts: ScoreOptions = {}): Promise<ScoreResult> {
  if (table.size < TWO_CORES_FROM || availableParallelism() < 2) return scoreAml(model, table, from, opts);
  const pool = await AmlScorePool.start(model);
  try { return await pool.score(table, from, opts); } finally { await pool.close(); }
}
