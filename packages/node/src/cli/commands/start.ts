import type { Command } from 'commander';
import { configFrom, type NodeOptions } from '../shared';
import { startNode } from '../../node';
import { DEMO_PASSWORD } from '@puente/demo';
import { REPO_ROOT } from '../../config';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function registerStart(program: Command, t: T) {
  program
    .command('start')
    .description(t('cli.start'))
    .option('--port <n>', t('cli.start.port'))
    .option('--host <host>', t('cli.start.host'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .option('--demo', t('cli.start.demo'), false)
    .action(async (opts: NodeOptions & { demo: boolean }) => {
      const config = configFrom(opts);
      const webDir = join(REPO_ROOT, 'packages', 'web', 'dist');
      process.env.PUENTE_SERVING = '1';
      const node = await startNode(config, { demo: opts.demo, webDir: existsSync(webDir) ? webDir : null, listen: true });
      console.log(t('cli.start.listening', { country: config.country, url: node.url }));
      if (opts.demo) {
        const c = config.country.toLowerCase();
        const users = ['analyst', 'supervisor', 'auditor', 'admin'].map((r) => `${c}.${r}`).join(', ');
        console.log(t('cli.start.demoUsers', { password: DEMO_PASSWORD, users }));
      }
      const shutdown = async () => { await node.close(); process.exit(0); };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
