/**
 * `puente federation query --partner NODE --kind screen-name|firearm-serial|person-id --value V --purpose P [--legal-basis B]`:
 * asks the partner a question as this node (the system actor, stating the purpose) and prints the minimal answer —
 * hit or not, how many, a score band per name hit, and the opaque references to quote in a disclosure request.
 */
import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';
import { CliError } from '../shared';
import { nodeOptions, withNode } from './federation';
import type { QueryView } from '../../services/federation/queries';

type T = (key: string, vars?: Record<string, unknown>) => string;

/** The minimal answer as the command prints it: found or not (or refused, and why), then one line per reference. */
export function describeAnswer(q: Pick<QueryView, 'id' | 'partner' | 'outcome' | 'reason' | 'hit' | 'hits' | 'answer'>, t: T): string[] {
  if (q.outcome !== 'answered') return [t('federation.query.cli.refused', { partner: q.partner, id: q.id, reason: t(`federation.query.reason.${q.reason}`) })];
  return [
    t(q.hit ? 'federation.query.cli.hit' : 'federation.query.cli.noHit', { partner: q.partner, hits: q.hits, id: q.id }),
    ...q.answer.map((a) => t('federation.query.cli.item', { token: a.token, band: a.band ? t('federation.query.cli.band', { band: a.band }) : '' })),
  ];
}

export function registerFederationQuery(federation: Command, t: T, _lang: Lang): void {
  nodeOptions(federation.command('query').description(t('federation.query.cli.query')), t)
    .requiredOption('--partner <node>', t('federation.query.cli.partner'))
    .requiredOption('--kind <kind>', t('federation.query.cli.kind'))
    .requiredOption('--value <value>', t('federation.query.cli.value'))
    .requiredOption('--purpose <purpose>', t('federation.query.cli.purpose'))
    .option('--legal-basis <text>', t('federation.query.cli.legalBasis'))
    .action(async (opts) => {
      const { QUERY_KINDS, askPartner, isPurpose } = await import('../../services/federation/queries');
      if (!(QUERY_KINDS as readonly string[]).includes(opts.kind)) throw new CliError('cli.error.badOption', { option: '--kind', value: opts.kind });
      if (!isPurpose(opts.purpose)) throw new CliError('cli.error.badOption', { option: '--purpose', value: opts.purpose });
      await withNode(opts, async ({ ctx, system }) => {
        const q = await askPartner(ctx, system, { partner: opts.partner, kind: opts.kind, value: opts.value, purpose: opts.purpose, legalBasis: opts.legalBasis });
        for (const line of describeAnswer(q, t)) console.log(line);
        if (q.outcome !== 'answered') process.exitCode = 1;
      });
    });
}
