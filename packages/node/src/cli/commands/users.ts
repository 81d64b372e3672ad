import type { Command } from 'commander';
import { ROLES, type Role } from '../../context';
import { CliError, configFrom, openNode, type NodeOptions } from '../shared';
import { createUser, listUsers } from '../../services/admin';

type T = (key: string, vars?: Record<string, unknown>) => string;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  let s = '';
  for await (const chunk of process.stdin) s += chunk;
  return s.replace(/\r?\n$/, '');
}

export function registerUsers(program: Command, t: T) {
  const users = program.command('users').description(t('cli.users'));
  users
    .command('list')
    .description(t('cli.users.list'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .action(async (opts: NodeOptions) => {
      const node = await openNode(configFrom(opts));
      try {
        for (const u of await listUsers(node.ctx, node.system)) {
          console.log([u.username, u.agencyId, u.country, u.roles.join(','), u.disabled ? 'disabled' : 'active', u.displayName].join('\t'));
        }
      } finally {
        await node.close();
      }
    });
  users
    .command('add')
    .description(t('cli.users.add'))
    .requiredOption('--username <name>', t('cli.users.username'))
    .requiredOption('--name <display>', t('cli.users.name'))
    .requiredOption('--agency <id>', t('cli.users.agency'))
    .requiredOption('--roles <list>', t('cli.users.roles'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .action(async (opts: NodeOptions & { username: string; name: string; agency: string; roles: string }) => {
      const roles = opts.roles.split(',').map((r) => r.trim()).filter(Boolean);
      const bad = roles.find((r) => !(ROLES as readonly string[]).includes(r));
      if (bad || !roles.length) throw new CliError('cli.error.badOption', { option: '--roles', value: bad ?? opts.roles });
      const password = await readStdin();
      if (!password) throw new CliError('cli.users.noPassword');
      const node = await openNode(configFrom(opts));
      try {
        await createUser(node.ctx, node.system, { username: opts.username, displayName: opts.name, agencyId: opts.agency, roles: roles as Role[], password });
        console.log(t('cli.users.added', { username: opts.username }));
      } finally {
        await node.close();
      }
    });
}
