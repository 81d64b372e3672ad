import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';
import { configFrom, openNode, type NodeOptions } from '../shared';
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
    .action(async (opts: NodeOptions & { json?: boolean }) => {
      const node = await openNode(configFrom(opts));
      try {
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
