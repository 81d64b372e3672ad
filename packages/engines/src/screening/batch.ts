/**
 * Batch screening on all cores: a pool of worker threads (node:worker_threads), each with its own copy of the
 * index (building one takes about a second and ~100 MB; sharing one through SharedArrayBuffers would save the
 * memory but not the time that matters here). Queries go out in chunks to whichever worker is free, results
 * come back in query order. Same results as ScreeningIndex.screen in one thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { spawnWorker as spawnFrom } from '../workers';
import type { ListEntry, ScreeningHit, ScreeningQuery, ScreenOptions } from './types';

export interface PoolOptions {
  /** number of worker threads (default: one per core) */
  workers?: number;
  /** queries per message (default 128) */
  chunkSize?: number;
}

function spawnWorker(workerData: unknown): Worker {
  return spawnFrom(import.meta.url, workerData);
}

interface Pending { resolve: (hits: ScreeningHit[][]) => void; reject: (e: Error) => void }

export class ScreeningPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Array<{ id: number; queries: ScreeningQuery[]; opts: ScreenOptions }> = [];
  private nextId = 0;
  private failure: Error | null = null;

  private constructor(readonly chunkSize: number) {}

  /** Starts the workers and waits until each has built its index. */
  static async start(entries: ListEntry[], opts: PoolOptions = {}): Promise<ScreeningPool> {
    const n = Math.max(1, opts.workers ?? availableParallelism());
    const pool = new ScreeningPool(opts.chunkSize ?? 128);
    await Promise.all(
      Array.from({ length: n }, () => new Promise<void>((resolve, reject) => {
        const w = spawnWorker({ entries });
        pool.workers.push(w);
        w.on('error', (e) => { pool.fail(e); reject(e); });
        w.on('message', (msg: { type: string; id?: number; hits?: ScreeningHit[][]; message?: string }) => {
          if (msg.type === 'ready') { pool.idle.push(w); pool.pump(); resolve(); return; }
          const p = pool.pending.get(msg.id!);
          pool.pending.delete(msg.id!);
          pool.idle.push(w);
          pool.pump();
          if (!p) return;
          if (msg.type === 'result') p.resolve(msg.hits!);
          else p.reject(new Error(msg.message));
        });
      })),
    );
    return pool;
  }

  get size(): number { return this.workers.length; }

  private fail(e: Error): void {
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      w.postMessage(this.queue.shift()!);
    }
  }

  private send(queries: ScreeningQuery[], opts: ScreenOptions): Promise<ScreeningHit[][]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, queries, opts });
      this.pump();
    });
  }

  /** Screens all queries; result i belongs to query i. */
  async screen(queries: ScreeningQuery[], opts: ScreenOptions = {}): Promise<ScreeningHit[][]> {
    const chunks: Promise<ScreeningHit[][]>[] = [];
    for (let i = 0; i < queries.length; i += this.chunkSize) chunks.push(this.send(queries.slice(i, i + this.chunkSize), opts));
    return (await Promise.all(chunks)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }
}
