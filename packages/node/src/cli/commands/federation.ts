/**
 * `puente federation identity` · `pair --url URL [--fingerprint KEYID] [--replace]` · `partners` · `deliver --partner NODE`
 * and the subcommands of the federation services (agreements and sharing, questions and disclosures, PPRL).
 */
import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';
import { configFrom, openNode, type NodeOptions } from '../shared';
import { registerFederationShare } from './federation-share';
import { registerFederationQuery } from './federation-query';
import { registerFederationPprl } from './federation-pprl';

type T = (key: string, vars?: Record<string, unknown>) => string;

/** Adds the node-selection options every federation subcommand shares. */
export function nodeOptions(cmd: Command, t: T): Command {
  return cmd.option('--data <dir>', t('cli.opt.data')).option('--country <MX|US>', t('cli.opt.country'));
}

export async function withNode<R>(opts: NodeOptions, job: (n: Awaited<ReturnType<typeof openNode>>) => Promise<R>): Promise<R> {
  const n = await openNode(configFrom(opts));
  try { return await job(n); } finally { await n.close(); }
}

export function registerFederation(program: Command, t: T, lang: Lang): void {
  const federation = program.command('federation').description(t('federation.cli.command'));

  nodeOptions(federation.command('identity').description(t('federation.cli.identity')), t).action(async (opts) => {
    await withNode(opts, async ({ ctx }) => {
      const { identityOf } = await import('../../federation/index');
      const id = identityOf(ctx);
      console.log(t('federation.cli.identityLine', { node: id.nodeId, country: id.country, keyId: id.keyId }));
    });
  });

  nodeOptions(federation.command('pair').description(t('federation.cli.pair')), t)
    .requiredOption('--url <url>', t('federation.cli.url'))
    .option('--fingerprint <keyId>', t('federation.cli.fingerprint'))
    .option('--replace', t('federation.cli.replace'))
    .action(async (opts) => {
      await withNode(opts, async ({ ctx, system }) => {
        const { pairWith } = await import('../../federation/index');
        const p = await pairWith(ctx, system, { url: opts.url, fingerprint: opts.fingerprint, replace: !!opts.replace });
        console.log(t('federation.cli.paired', { node: p.nodeId, country: p.country, url: p.url, keyId: p.keyId }));
      });
    });

  nodeOptions(federation.command('partners').description(t('federation.cli.partners')), t).action(async (opts) => {
    await withNode(opts, async ({ ctx, system }) => {
      const { partnersView } = await import('../../services/federation/partners');
      const partners = await partnersView(ctx, system);
      if (!partners.length) console.log(t('federation.cli.noPartners'));
      for (const p of partners) {
        console.log(t('federation.cli.partnerLine', {
          node: p.nodeId, country: p.country, url: p.url, keyId: p.keyId, pending: p.outbox.pending, acked: p.outbox.ackedSeq,
          applied: p.inbound.appliedSeq, error: p.outbox.lastError ? ` — ${p.outbox.lastError}` : '',
        }));
      }
    });
  });

  nodeOptions(federation.command('deliver').description(t('federation.cli.deliver')), t)
    .requiredOption('--partner <node>', t('federation.cli.partner'))
    .action(async (opts) => {
      await withNode(opts, async ({ ctx, system }) => {
        const { deliver } = await import('../../services/federation/partners');
        const r = await deliver(ctx, system, opts.partner);
        console.log(t('federation.cli.delivered', { delivered: r.delivered, pending: r.pending, error: r.error ? ` — ${r.error}` : '' }));
        if (r.error) process.exitCode = 1;
      });
    });

  registerFederationShare(federation, t, lang);
  registerFederationQuery(federation, t, lang);
  registerFederationPprl(federation, t, lang);
}
