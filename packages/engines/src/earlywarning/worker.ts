/** Worker thread of detectMany(): runs one detector on the series it is given and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { pick, runDetector, type DetectorSpec } from './batch';

const { spec, series } = workerData as { spec: DetectorSpec; series: Float64Array[] };
try {
  const results = series.map((y) => pick(runDetector(y, spec)));
  parentPort!.postMessage({ results }, results.flatMap((r) => [r.expected.buffer, r.upperBound.buffer, r.alarm.buffer]) as ArrayBuffer[]);
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}
