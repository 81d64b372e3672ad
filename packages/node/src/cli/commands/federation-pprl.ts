/**
 * `puente federation pprl key --partner NODE --secret-file F` · `pprl run --partner NODE [--purpose P]`
 * · `checkpoint --partner NODE` (exchange audit checkpoints now).
 * The commands run as the node's system actor, as every CLI command does; what they do is audited.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';
import { PURPOSES, type Purpose } from '@puente/model';
import { CliError } from '../shared';
import { nodeOptions, withNode } from './federation';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function registerFederationPprl(federation: Command, t: T, _lang: Lang): void {
  const pprl = federation.command('pprl').description(t('federation.pprl.cli.command'));

  nodeOptions(pprl.command('key').description(t('federation.pprl.cli.key')), t)
    .requiredOption('--partner <node>', t('federation.cli.partner'))
    .requiredOption('--secret-file <file>', t('federation.pprl.cli.secretFile'))
    .action(async (opts) => {
      if (!existsSync(opts.secretFile)) throw new CliError('pprl.error.notFound', { file: opts.secretFile });
      const raw = readFileSync(opts.secretFile);
      await withNode(opts, async ({ ctx, system }) => {
        const { installPprlKey } = await import('../../services/federation/pprl');
        const r = await installPprlKey(ctx, system, opts.partner, new Uint8Array(raw));
        raw.fill(0);
        console.log(t('federation.pprl.cli.keyInstalled', { partner: r.partner, keyCheck: r.keyCheck }));
      });
    });

  nodeOptions(pprl.command('run').description(t('federation.pprl.cli.run')), t)
    .requiredOption('--partner <node>', t('federation.cli.partner'))
    .option('--purpose <purpose>', t('federation.pprl.cli.purpose'), 'criminal_investigation')
    .action(async (opts) => {
      if (!(PURPOSES as readonly string[]).includes(opts.purpose)) throw new CliError('cli.error.badOption', { option: '--purpose', value: opts.purpose });
      await withNode(opts, async ({ ctx, system }) => {
        const { startPprlRun } = await import('../../services/federation/pprl');
        const run = await startPprlRun(ctx, { ...system, purpose: opts.purpose as Purpose }, { partner: opts.partner });
        console.log(t('federation.pprl.cli.runDone', { run: run.id, partner: run.partner, records: run.records, links: run.links, threshold: run.threshold }));
      });
    });

  nodeOptions(federation.command('checkpoint').description(t('federation.pprl.cli.checkpoint')), t)
    .requiredOption('--partner <node>', t('federation.cli.partner'))
    .action(async (opts) => {
      await withNode(opts, async ({ ctx, system }) => {
        const { exchangeCheckpoint } = await import('../../services/federation/checkpoints');
        const r = await exchangeCheckpoint(ctx, system, opts.partner);
        console.log(t('federation.pprl.cli.checkpointDone', { size: r.treeSize, root: r.rootHash, partner: r.partner }));
      });
    });
}
