/**
 * Worker thread of a ScreeningPool: builds its own index from the entries it is given, then screens the batches
 * of queries it receives. Compute only — no file or network access.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ScreeningIndex } from './screener';
import type { ListEntry, ScreeningQuery, ScreenOptions } from './types';

const index = ScreeningIndex.build((workerData as { entries: ListEntry[] }).entries);
parentPort!.postMessage({ type: 'ready', names: index.nameCount });
parentPort!.on('message', (msg: { id: number; queries: ScreeningQuery[]; opts: ScreenOptions }) => {
  try {
    parentPort!.postMessage({ type: 'result', id: msg.id, hits: index.screenMany(msg.queries, msg.opts) });
  } catch (err) {
    parentPort!.postMessage({ type: 'error', id: msg.id, message: (err as Error).message });
  }
});
