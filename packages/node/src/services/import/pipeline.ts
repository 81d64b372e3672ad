/**
 * The import's worker thread (worker.ts), seen from the main thread: runs of lines go in, prepared batches come
 * back in the order sent. On PGlite the store's work (WebAssembly) holds the main thread, so parsing and
 * preparing the next runs in a second thread is what lets an import use both cores.
 */
import type { Worker } from 'node:worker_threads';
import type { Model } from '@puente/model';
import { spawnWorker } from '../../../../engines/src/workers';
import { fromWire, type PreparedBatch, type PrepareOptions, type WireError } from './prepare';

type Reply = { type: 'ready' } | { type: 'done'; seq: number; batch: PreparedBatch } | { type: 'error'; seq: number; error: WireError };

export class WorkerPreparer {
  private seq = 0;
  private pending = new Map<number, { resolve: (b: PreparedBatch) => void; reject: (e: Error) => void }>();
  private failed: Error | null = null;
  /** The worker has loaded its modules and takes batches (starting takes about 0.2 s). */
  ready = false;
  /** Settles when the worker is ready, or has failed to start. */
  readonly started: Promise<void>;
  private onReady = () => undefined as void;

  private constructor(private readonly worker: Worker) {
    this.started = new Promise<void>((resolve) => { this.onReady = resolve; });
    worker.on('message', (m: Reply) => {
      if (m.type === 'ready') { this.ready = true; this.onReady(); return; }
      const p = this.pending.get(m.seq);
      this.pending.delete(m.seq);
      if (m.type === 'done') p?.resolve(m.batch); else p?.reject(fromWire(m.error));
    });
    const fail = (err: Error) => {
      this.failed = err;
      this.onReady();
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => { if (code !== 0 || this.pending.size) fail(new Error(`import worker exited (${code})`)); });
  }

  static start(model: Model, opts: Omit<PrepareOptions, 'version'>): WorkerPreparer {
    return new WorkerPreparer(spawnWorker(import.meta.url, { schemata: model.schemata, sources: model.sources, ...opts }));
  }

  /** Prepares `texts` (lines numbered from `first`) at `version`. */
  prepare(first: number, texts: string[], version: string): Promise<PreparedBatch> {
    if (this.failed) return Promise.reject(this.failed);
    if (!this.ready) return Promise.reject(new Error('the import worker has not started'));
    const seq = ++this.seq;
    const result = new Promise<PreparedBatch>((resolve, reject) => this.pending.set(seq, { resolve, reject }));
    this.worker.postMessage({ seq, first, texts, version });
    return result;
  }

  async close(): Promise<void> {
    this.pending.clear();
    await this.worker.terminate();
  }
}
