/** Worker thread of matchClksParallel: matches its slice of the left encodings against all right ones. */
import { parentPort, workerData } from 'node:worker_threads';
import { matchClksWithStats, type MatchOptions } from './match';
import { unpackClks, type PackedClks } from './pool';

const data = workerData as { left: PackedClks; right: PackedClks; opts: MatchOptions };
try {
  parentPort!.postMessage({ pairs: matchClksWithStats(unpackClks(data.left), unpackClks(data.right), data.opts).pairs });
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}
