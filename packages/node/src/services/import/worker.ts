/**
 * Worker thread of an FtM import into PGlite (pipeline.ts): parses, validates and prepares each run of lines it
 * is sent (prepare.ts) while the main thread writes the previous run into the store. Compute only — no store,
 * file or network access.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Model, type Schema } from '@puente/model';
import { prepareLines, toWire, type PrepareOptions } from './prepare';

const { schemata, sources, file, defaults, now } = workerData as
  { schemata: Map<string, Schema>; sources: Model['sources'] } & Omit<PrepareOptions, 'version'>;
// The main thread's model, cloned: reading the schema files again would take longer than the clone.
const model = new Model(schemata, sources);
const utf8 = new TextEncoder();
parentPort!.postMessage({ type: 'ready' });
parentPort!.on('message', (m: { seq: number; first: number; texts: string[]; version: string }) => {
  try {
    const batch = prepareLines(model, m.texts, m.first, { file, defaults, now, version: m.version });
    // The COPY texts as UTF-8 bytes, moved to the main thread rather than copied (and encoded here, not there).
    const copy = { entities: utf8.encode(batch.copy.entities as string), fragments: utf8.encode(batch.copy.fragments as string), links: utf8.encode(batch.copy.links as string) };
    parentPort!.postMessage({ type: 'done', seq: m.seq, batch: { ...batch, copy } }, [copy.entities.buffer, copy.fragments.buffer, copy.links.buffer]);
  } catch (err) {
    parentPort!.postMessage({ type: 'error', seq: m.seq, error: toWire(err) });
  }
});
