/** Shared fixtures: one default world per test file (generation is deterministic, so sharing is safe). */
import { PassThrough } from 'node:stream';
import { generateWorld, writeWorldFtm, type World } from '../../src/index';

let cached: World | undefined;
/** The default demo world (seed DEFAULT_SEED, 2,000 people, 600 companies). */
export function defaultWorld(): World {
  return (cached ??= generateWorld());
}

/** FtM JSON lines of a world, as one string (through the real stream writer). */
export async function ftmText(world: Pick<World, 'entities'>): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await writeWorldFtm(world, stream);
  stream.end();
  await new Promise((r) => stream.on('end', r));
  return Buffer.concat(chunks).toString('utf8');
}
