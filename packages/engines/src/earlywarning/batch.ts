/**
 * Many series at once: a plain-data description of a detector (so it can cross a worker boundary) and a small
 * worker-thread pool that splits the series over the cores. Compute only — no file or network access.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { spawnWorker as spawnFrom } from '../workers';
import { cusum, type CusumOptions } from './cusum';
import { earsC, type EarsOptions } from './ears';
import { essenceSwitch, type EssenceOptions } from './essence';
import { farringtonFlexible, type FarringtonOptions } from './farrington';
import type { Detection } from './types';

export type DetectorSpec =
  | { method: 'ears'; options: EarsOptions }
  | { method: 'cusum'; options: CusumOptions }
  | { method: 'farrington'; options: FarringtonOptions }
  | { method: 'essence'; options: EssenceOptions };

export function runDetector(y: Float64Array, spec: DetectorSpec): Detection {
  switch (spec.method) {
    case 'ears': return earsC(y, spec.options);
    case 'cusum': return cusum(y, spec.options);
    case 'farrington': return farringtonFlexible(y, spec.options);
    case 'essence': return essenceSwitch(y, spec.options);
  }
}

function spawnWorker(workerData: unknown): Worker {
  return spawnFrom(import.meta.url, workerData);
}

/** What comes back from a worker: the arrays that matter downstream. */
export interface BatchResult { from: number; to: number; expected: Float64Array; upperBound: Float64Array; alarm: Int8Array }

/**
 * Runs `spec` on every series, on `workers` threads (default: all cores; 1 = in this thread).
 * Results are in input order.
 */
export async function detectMany(series: Float64Array[], spec: DetectorSpec, opts: { workers?: number } = {}): Promise<BatchResult[]> {
  const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), series.length));
  if (workers === 1) return series.map((y) => pick(runDetector(y, spec)));
  const chunks: number[][] = Array.from({ length: workers }, () => []);
  series.forEach((_, i) => chunks[i % workers].push(i));
  const out: BatchResult[] = new Array(series.length);
  await Promise.all(chunks.map((idx) => new Promise<void>((resolve, reject) => {
    const w = spawnWorker({ spec, series: idx.map((i) => series[i]) });
    w.once('message', (msg: { results?: BatchResult[]; error?: string }) => {
      if (msg.error) reject(new Error(msg.error));
      else { msg.results!.forEach((r, k) => { out[idx[k]] = r; }); resolve(); }
      void w.terminate();
    });
    w.once('error', reject);
  })));
  return out;
}

export function pick(d: Detection): BatchResult {
  return { from: d.from, to: d.to, expected: d.expected, upperBound: d.upperBound, alarm: d.alarm };
}
