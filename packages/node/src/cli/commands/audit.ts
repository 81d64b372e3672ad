import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';
import { CliError, configFrom, openNode, type NodeOptions } from '../shared';
import { makeCheckpoint, verifyAuditLog } from '../../services/audit';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function registerAudit(program: Command, t: T, lang: Lang) {
  const audit = program.command('audit').description(t('cli.audit'));
  audit
    .command('verify')
    .description(t('cli.audit.verify'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .option('--json', t('cli.audit.json'))
    .option('--partner <node>', t('federation.pprl.cli.verifyPartner'))
    .action(async (opts: NodeOptions & { json?: boolean; partner?: string }) => {
      const node = await openNode(configFrom(opts));
      try {
        if (opts.partner) return await verifyPartner(node, opts.partner, !!opts.json, t, lang);
        const report = await verifyAuditLog(node.ctx, node.system);
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else if (report.ok) console.log(t('cli.audit.ok', { count: report.count }));
        else {
          console.log(t('cli.audit.bad', { problems: report.problems.length }));
          for (const p of report.problems) console.log(`  #${p.seq ?? '-'} ${p.kind}: ${p.message[lang]}`);
        }
        if (!report.ok) process.exitCode = 1;
      } finally {
        await node.close();
      }
    });
  audit
    .command('checkpoint')
    .description(t('cli.audit.checkpoint'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .action(async (opts: NodeOptions) => {
      const node = await openNode(configFrom(opts));
      try {
        const cp = await makeCheckpoint(node.ctx, node.system);
        console.log(t('cli.audit.checkpointDone', { size: cp.treeSize, root: cp.rootHash }));
      } finally {
        await node.close();
      }
    });
}

/**
 * `audit verify --partner NODE`: this node's chain and checkpoints with the partner's countersignatures, and the
 * partner's checkpoints held here (and its live tree when it answers). Exit 1 with one line when either history
 * was rewritten.
 */
async function verifyPartner(node: Awaited<ReturnType<typeof openNode>>, partner: string, json: boolean, t: T, lang: Lang): Promise<void> {
  const { verifyWithPartner } = await import('../../services/federation/checkpoints');
  const r = await verifyWithPartner(node.ctx, node.system, partner);
  if (json) console.log(JSON.stringify(r, null, 2));
  else {
    const status = (ok: boolean) => t(ok ? 'federation.pprl.cli.intact' : 'federation.pprl.cli.rewrittenShort');
    console.log(t('federation.pprl.cli.verifyOwn', {
      count: r.own.count, checkpoints: r.own.checkpoints, countersigned: r.own.countersignedByPartner, partner, status: status(r.own.ok),
    }));
    for (const p of r.own.problems) console.log(`  #${p.seq ?? '-'} ${p.kind}: ${p.message[lang]}`);
    const live = !r.partner.live.reachable ? t('federation.pprl.cli.liveUnreachable') : t(r.partner.live.ok ? 'federation.pprl.cli.liveOk' : 'federation.pprl.cli.liveBad');
    console.log(t('federation.pprl.cli.verifyPartnerLine', { partner, held: r.partner.held, size: r.partner.heldSize, live, status: status(r.partner.ok) }));
    for (const p of r.partner.problems) console.log(`  #${p.seq ?? '-'} ${p.kind}: ${p.message[lang]}`);
  }
  if (!r.ok) {
    const problems = r.own.problems.length + r.own.problemsOmitted + r.partner.problems.length;
    const key = !r.own.ok && !r.partner.ok ? 'federation.pprl.verify.bothRewritten' : !r.own.ok ? 'federation.pprl.verify.ownRewritten' : 'federation.pprl.verify.partnerRewritten';
    throw new CliError(key, { partner, problems });
  }
}
