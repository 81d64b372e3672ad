import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { generateWorld, worldForNode, writeWorldFtm, type NodeId } from '@puente/demo';
import { CliError, configFrom, openNode, type NodeOptions } from '../shared';
import { loadDemoWorld } from '../../demo/load';

type T = (key: string, vars?: Record<string, unknown>) => string;

const int = (option: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError('cli.error.badOption', { option, value: v });
  return n;
};

export function registerDemo(program: Command, t: T) {
  program
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
}
