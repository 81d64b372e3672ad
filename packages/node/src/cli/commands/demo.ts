import type { Command } from 'commander';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { generateWorld, worldForNode, writeWorldFtm, type NodeId } from '@puente/demo';
import { CliError, configFrom, openNode, type NodeOptions } from '../shared';
import { loadDemoWorld } from '../../demo/load';
// The linkage generator is not re-exported by @puente/demo's index (not this command's file); imported by path.
import {
  DEFAULT_LINKAGE_SEED, DEFAULT_OVERLAP, LINKAGE_CSV_HEADER, MAX_PER_SIDE, linkageCsvLine, linkageSide, linkageTruth, type LinkageWorldOptions,
} from '../../../../demo/src/linkage/index';

type T = (key: string, vars?: Record<string, unknown>) => string;

const int = (option: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError('cli.error.badOption', { option, value: v });
  return n;
};

/** Writes lines to a file in ~1 MB chunks, waiting for the stream to drain (bounded memory at any size). */
async function writeLines(file: string, header: string, lines: Iterable<string>): Promise<number> {
  const out: WriteStream = createWriteStream(file);
  const failed = new Promise<never>((_, rej) => out.once('error', (e) => rej(new CliError('demo.linkage.writeFailed', { file, reason: e.message }))));
  failed.catch(() => {});
  let chunk = header + '\n';
  let n = 0;
  for (const line of lines) {
    chunk += line + '\n';
    n++;
    if (chunk.length >= 1 << 20) {
      const ok = out.write(chunk);
      chunk = '';
      if (!ok) await Promise.race([new Promise<void>((res) => out.once('drain', () => res())), failed]);
    }
  }
  out.write(chunk);
  await Promise.race([new Promise<void>((res) => out.end(() => res())), failed]);
  return n;
}

function* csvLines(opts: LinkageWorldOptions, side: 'us' | 'mx'): Generator<string> {
  for (const r of linkageSide(opts, side)) yield linkageCsvLine(r);
}
function* truthLines(opts: LinkageWorldOptions): Generator<string> {
  for (const [u, m] of linkageTruth(opts)) yield `${u},${m}`;
}

function registerDemoLinkage(demo: Command, t: T) {
  demo
    .command('linkage')
    .description(t('demo.linkage.description'))
    .option('--size <n>', t('demo.linkage.size'))
    .option('--out <dir>', t('demo.linkage.out'))
    .option('--seed <n>', t('demo.linkage.seed'))
    .option('--overlap <f>', t('demo.linkage.overlap'))
    .option('--date-style <style>', t('demo.linkage.dateStyle'))
    .action(async (_opts: unknown, cmd: Command) => {
      // --seed and --out are also options of `demo`: commander may hand them to the parent, so read both.
      const opts = cmd.optsWithGlobals() as { size?: string; out?: string; seed?: string; overlap?: string; dateStyle?: string };
      if (opts.size === undefined) throw new CliError('demo.linkage.missingOption', { option: '--size' });
      if (opts.out === undefined) throw new CliError('demo.linkage.missingOption', { option: '--out' });
      const size = int('--size', opts.size)!;
      if (size > MAX_PER_SIDE) throw new CliError('cli.error.badOption', { option: '--size', value: opts.size });
      const seed = opts.seed === undefined ? DEFAULT_LINKAGE_SEED : int('--seed', opts.seed)!;
      const overlap = opts.overlap === undefined ? DEFAULT_OVERLAP : Number(opts.overlap);
      if (opts.overlap !== undefined && (opts.overlap.trim() === '' || !(overlap >= 0 && overlap <= 1))) {
        throw new CliError('cli.error.badOption', { option: '--overlap', value: opts.overlap });
      }
      const dateStyle = opts.dateStyle ?? 'iso';
      if (dateStyle !== 'iso' && dateStyle !== 'native') throw new CliError('cli.error.badOption', { option: '--date-style', value: opts.dateStyle });
      try {
        mkdirSync(opts.out, { recursive: true });
      } catch (e) {
        throw new CliError('demo.linkage.writeFailed', { file: opts.out, reason: (e as Error).message });
      }
      const world: LinkageWorldOptions = { perSide: size, seed, overlap, dateStyle };
      const started = performance.now();
      const us = await writeLines(join(opts.out, 'us.csv'), LINKAGE_CSV_HEADER, csvLines(world, 'us'));
      const mx = await writeLines(join(opts.out, 'mx.csv'), LINKAGE_CSV_HEADER, csvLines(world, 'mx'));
      const pairs = await writeLines(join(opts.out, 'truth.csv'), 'us_id,mx_id', truthLines(world));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(t('demo.linkage.written', { us, mx, pairs, dir: opts.out, seed, seconds }));
    });
}

export function registerDemo(program: Command, t: T) {
  const demo = program
    .command('demo')
    .description(t('cli.demo'))
    .option('--seed <n>', t('cli.demo.seed'))
    .option('--out <file>', t('cli.demo.out'))
    .option('--node <id>', t('cli.demo.node'))
    .option('--people <n>', t('cli.demo.people'))
    .option('--companies <n>', t('cli.demo.companies'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .action(async (opts: NodeOptions & { seed?: string; out?: string; node?: string; people?: string; companies?: string }) => {
      const seed = int('--seed', opts.seed);
      if (opts.out) {
        if (opts.node && opts.node !== 'us-node' && opts.node !== 'mx-node') throw new CliError('cli.error.badOption', { option: '--node', value: opts.node });
        const world = generateWorld({ seed, people: int('--people', opts.people), companies: int('--companies', opts.companies) });
        const entities = opts.node ? worldForNode(world, opts.node as NodeId).entities : world.entities;
        const out = createWriteStream(opts.out);
        const n = await writeWorldFtm({ entities }, out);
        await new Promise<void>((res, rej) => { out.once('error', rej); out.end(() => res()); });
        console.log(t('cli.demo.written', { entities: n, file: opts.out }));
        return;
      }
      const node = await openNode(configFrom(opts));
      try {
        const loaded = await loadDemoWorld(node.ctx, node.system, { seed });
        console.log(loaded.entities ? t('cli.demo.loaded', { entities: loaded.entities, users: loaded.users }) : t('cli.demo.already'));
      } finally {
        await node.close();
      }
    });
  registerDemoLinkage(demo, t);
}
