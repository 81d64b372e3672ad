/**
 * `puente federation agreements list|propose --file F|sign --id ID [--version N]` · `puente federation sync [--partner NODE]`
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';
import { CliError } from '../shared';
import { nodeOptions, withNode } from './federation';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function registerFederationShare(federation: Command, t: T, _lang: Lang): void {
  const agreements = federation.command('agreements').description(t('federation.share.cli.agreements'));

  const stateOf = (a: { active: boolean; expired: boolean; status: string }) =>
    t(`federation.share.state.${a.active ? 'active' : a.status === 'signed' && a.expired ? 'expired' : a.status}`);

  nodeOptions(agreements.command('list').description(t('federation.share.cli.list')), t).action(async (opts) => {
    await withNode(opts, async ({ ctx, system }) => {
      const { listAgreements } = await import('../../services/federation/agreements');
      const list = await listAgreements(ctx, system);
      if (!list.length) console.log(t('federation.share.cli.none'));
      for (const a of list) {
        console.log(t('federation.share.cli.line', {
          id: a.id, version: a.version, title: ctx.lang === 'es' ? a.body.title.es : a.body.title.en, state: stateOf(a),
          parties: a.body.parties.map((p) => `${p.node} (${p.members.join(', ')})`).join(' · '),
          from: a.body.validFrom, to: a.body.validTo ?? t('federation.share.cli.open'),
          signed: a.signatures.map((s) => `${s.node}/${s.username}${s.valid ? '' : ' ✗'}`).join(', '),
          awaiting: a.awaiting.length ? t('federation.share.cli.awaiting', { nodes: a.awaiting.join(', ') }) : '',
        }));
      }
    });
  });

  agreements.command('template').description(t('federation.share.cli.template')).action(async () => {
    const { frameworkAgreement } = await import('../../services/federation/agreements');
    console.log(JSON.stringify(frameworkAgreement(), null, 2));
  });

  nodeOptions(agreements.command('propose').description(t('federation.share.cli.propose')), t)
    .requiredOption('--file <file>', t('federation.share.cli.file'))
    .action(async (opts) => {
      let body: unknown;
      try {
        body = JSON.parse(readFileSync(opts.file, 'utf8'));
      } catch (err) {
        throw new CliError('federation.share.error.badFile', { file: opts.file, detail: (err as Error).message });
      }
      await withNode(opts, async ({ ctx, system }) => {
        const { proposeAgreement } = await import('../../services/federation/agreements');
        const a = await proposeAgreement(ctx, system, body as never);
        console.log(t('federation.share.cli.proposed', { id: a.id, version: a.version, nodes: a.awaiting.join(', ') }));
      });
    });

  nodeOptions(agreements.command('sign').description(t('federation.share.cli.sign')), t)
    .requiredOption('--id <id>', t('federation.share.cli.id'))
    .option('--version <n>', t('federation.share.cli.version'))
    .action(async (opts) => {
      const version = opts.version === undefined ? undefined : Number(opts.version);
      if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new CliError('cli.error.badOption', { option: '--version', value: opts.version });
      await withNode(opts, async ({ ctx, system }) => {
        const { signAgreement } = await import('../../services/federation/agreements');
        const a = await signAgreement(ctx, system, opts.id, version);
        console.log(t('federation.share.cli.signed', { id: a.id, version: a.version, state: stateOf(a) }));
      });
    });

  nodeOptions(federation.command('sync').description(t('federation.share.cli.sync')), t)
    .option('--partner <node>', t('federation.cli.partner'))
    .action(async (opts) => {
      await withNode(opts, async ({ ctx, system }) => {
        const { syncNow } = await import('../../services/federation/share');
        for (const r of await syncNow(ctx, system, opts.partner)) {
          console.log(t('federation.share.cli.synced', {
            partner: r.partner, upserts: r.upserts, retracts: r.retracts, refused: r.refused, unchanged: r.unchanged,
            delivered: r.delivery.delivered, pending: r.delivery.pending, error: r.delivery.error ? ` — ${r.delivery.error}` : '',
          }));
          if (r.delivery.error) process.exitCode = 1;
        }
      });
    });
}
