/**
 * Worker thread of an AmlScorePool: compiles the model's two stages once, then evaluates tree logits for row
 * ranges of shared feature matrices. Compute only — no file or network access.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CompiledGbdt, type GbdtModel } from './gbdt';

const { stage1, stage2 } = workerData as { stage1: GbdtModel; stage2: GbdtModel };
const models = [new CompiledGbdt(stage1), new CompiledGbdt(stage2)];
parentPort!.postMessage({ type: 'ready' });
parentPort!.on('message', (m: { id: number; stage: 0 | 1; X: SharedArrayBuffer; out: SharedArrayBuffer; from: number; to: number }) => {
  try {
    models[m.stage].logits(new Float32Array(m.X), m.from, m.to, new Float64Array(m.out));
    parentPort!.postMessage({ type: 'done', id: m.id });
  } catch (err) {
    parentPort!.postMessage({ type: 'error', id: m.id, message: (err as Error).message });
  }
});
