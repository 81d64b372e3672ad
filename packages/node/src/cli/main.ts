#!/usr/bin/env node
/**
 * `puente`: the node's command line. Help and messages in English or Spanish (`--lang es`, or LANG).
 * Errors end the process with a non-zero code and one line on stderr.
 */
import { Command, Help } from 'commander';
import type { Lang } from '@puente/i18n';
import { cliLang, makeT } from './lang';
import { CliError } from './shared';
import { registerStart } from './commands/start';
import { registerDemo } from './commands/demo';
import { registerTransfer } from './commands/transfer';
import { registerAudit } from './commands/audit';
import { registerUsers } from './commands/users';
import { registerScreen } from './commands/screen';
import { registerLists } from './commands/lists';
import { registerEw } from './commands/ew';
import { registerHotspots } from './commands/hotspots';
import { registerProtect } from './commands/protect';
import { registerLink } from './commands/link';
import { registerPprl } from './commands/pprl';
import { registerAml } from './commands/aml';
import { registerFederation } from './commands/federation';

export function buildProgram(argv: string[]): { program: Command; t: ReturnType<typeof makeT>; lang: Lang } {
  const lang = cliLang(argv);
  const t = makeT(lang);
  const program = new Command('puente');
  const configure = (cmd: Command) => {
    cmd.configureHelp({ styleTitle: (title: string) => t(`cli.title.${title}`) } as Partial<Help>);
    cmd.helpOption('-h, --help', t('cli.help'));
    cmd.showHelpAfterError(false);
    cmd.exitOverride();
    cmd.configureOutput({ outputError: (s, write) => write(s) });
  };
  program.description(t('cli.description')).version('0.1.0', '-V, --version', t('cli.version'));
  program.option('--lang <lang>', t('cli.opt.lang'));
  program.helpCommand('help [command]', t('cli.help'));
  configure(program);
  for (const register of [registerStart, registerDemo, registerTransfer, registerAudit, registerUsers, registerScreen, registerLists, registerEw, registerHotspots, registerProtect, registerLink, registerPprl, registerAml, registerFederation]) register(program, t, lang);
  for (const cmd of program.commands) {
    configure(cmd);
    for (const sub of cmd.commands) configure(sub);
  }
  return { program, t, lang };
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { program, t, lang } = buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode ? Number(process.exitCode) : 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    if (e.code?.startsWith('commander.')) return e.exitCode ?? 2;
    const messages = (err as { messages?: { en: string; es: string } }).messages;
    const message = err instanceof CliError ? err.describe(lang) : messages ? messages[lang] : (e.message ?? String(err));
    process.stderr.write(`${t('cli.error', { message: message.split('\n')[0] })}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli/main.ts')) {
  main().then((code) => {
    // `start` keeps the process alive through its server; everything else exits here.
    if (code !== 0 || !process.env.PUENTE_SERVING) process.exit(code);
  });
}
