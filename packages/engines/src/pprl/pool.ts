/**
 * Matching on all cores: the left side is cut into one slice per worker thread; every worker holds all right
 * encodings (sent once as one buffer) in its own WebAssembly scanner. Same pairs as matchClks in one thread.
 */
import { availableParallelism } from 'node:os';
import { spawnWorker } from '../workers';
import type { ClkRecord } from './encode';
import { greedyOneToOne, matchClksWithStats, type MatchOptions, type PprlPair } from './match';

export interface PackedClks { ids: string[]; bytes: number; data: Uint8Array }

export function packClks(recs: ClkRecord[]): PackedClks {
  const bytes = recs[0]?.clk.byteLength ?? 0;
  const data = new Uint8Array(recs.length * bytes);
  recs.forEach((r, i) => data.set(r.clk, i * bytes));
  return { ids: recs.map((r) => r.id), bytes, data };
}

export function unpackClks(p: PackedClks): ClkRecord[] {
  return p.ids.map((id, i) => ({ id, clk: p.data.subarray(i * p.bytes, (i + 1) * p.bytes) }));
}

export async function matchClksParallel(left: ClkRecord[], right: ClkRecord[], opts: MatchOptions & { workers?: number } = {}): Promise<PprlPair[]> {
  const n = Math.max(1, Math.min(opts.workers ?? availableParallelism(), Math.ceil(left.length / 256)));
  const { workers: _w, oneToOne, ...matchOpts } = opts;
  if (n <= 1) return matchClksWithStats(left, right, opts).pairs;
  const packedRight = packClks(right);
  const size = Math.ceil(left.length / n);
  const parts = await Promise.all(Array.from({ length: n }, (_, w) => new Promise<PprlPair[]>((resolve, reject) => {
    const worker = spawnWorker(import.meta.url, { left: packClks(left.slice(w * size, (w + 1) * size)), right: packedRight, opts: matchOpts });
    worker.once('message', (msg: { pairs?: PprlPair[]; error?: string }) => {
      void worker.terminate();
      if (msg.error) reject(new Error(msg.error)); else resolve(msg.pairs!);
    });
    worker.once('error', reject);
  })));
  const pairs = parts.flat();
  return oneToOne ? greedyOneToOne(pairs) : pairs;
}
