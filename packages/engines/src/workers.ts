/**
 * Worker threads for the engines' batch modes. Run from TypeScript sources (tsx, as in development and
 * tests), the worker thread must register tsx itself: Node 20 does not pass a parent's module hooks to
 * worker threads.
 */
import { Worker } from 'node:worker_threads';

/** Starts `worker.ts` (or the built `worker.js`) beside the module whose `import.meta.url` is `from`. */
export function spawnWorker(from: string, workerData: unknown): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL('./worker.js', from), { workerData });
  const script = new URL('./worker.ts', from).href;
  let api = 'tsx/esm/api';
  try { api = import.meta.resolve('tsx/esm/api'); } catch { /* resolved from the working directory instead */ }
  const boot = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
