/**
 * FtM JSON lines writer for the demo world: the model's one wire format (toFtmLine), streamed with
 * back-pressure. Keys are always in the same order, so one seed gives byte-identical files.
 */
import { once } from 'node:events';
import { toFtmLine, type Entity } from '@puente/model';

/** One FtM JSON line, without the trailing newline. */
export const ftmLine: (e: Entity) => string = toFtmLine;

/**
 * Writes the entities as FtM JSON lines to `stream` (a file, stdout, an HTTP request body…), honouring
 * back-pressure; does not end the stream. Accepts any iterable, so streamEntities() can be written
 * without holding the world in memory. Resolves to the number of lines written.
 */
export async function writeWorldFtm(world: { entities: Iterable<Entity> }, stream: NodeJS.WritableStream): Promise<number> {
  let count = 0;
  let chunk = '';
  const flush = async () => {
    if (!chunk) return;
    const ok = stream.write(chunk);
    chunk = '';
    if (!ok) await once(stream, 'drain');
  };
  for (const e of world.entities) {
    chunk += ftmLine(e) + '\n';
    count++;
    if (chunk.length >= 1 << 16) await flush();
  }
  await flush();
  return count;
}
