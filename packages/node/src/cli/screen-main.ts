#!/usr/bin/env node
/**
 * A `puente` with only the `screen` command, for end-to-end tests and for use before the command is wired into
 * main.ts: `tsx packages/node/src/cli/screen-main.ts screen --list ofac:<dir> --input q.csv --output r.csv`.
 * Same language choice (--lang, PUENTE_LANG, LANG) and error handling as the full CLI.
 */
import { Command, Help } from 'commander';
import { cliLang, makeT } from './lang';
import { CliError } from './shared';
import { registerScreen } from './commands/screen';

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const lang = cliLang(argv);
  const t = makeT(lang);
  const program = new Command('puente');
  program.option('--lang <lang>', t('cli.opt.lang'));
  registerScreen(program, t);
  for (const cmd of [program, ...program.commands]) {
    cmd.configureHelp({ styleTitle: (title: string) => t(`cli.title.${title}`) } as Partial<Help>);
    cmd.helpOption('-h, --help', t('cli.help'));
    cmd.exitOverride();
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode ? Number(process.exitCode) : 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') return 0;
    if (e.code?.startsWith('commander.')) return e.exitCode ?? 2;
    const messages = (err as { messages?: { en: string; es: string } }).messages;
    const message = err instanceof CliError ? err.describe(lang) : messages ? messages[lang] : (e.message ?? String(err));
    process.stderr.write(`${t('cli.error', { message: message.split('\n')[0] })}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}

if (process.argv[1]?.endsWith('screen-main.ts') || import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => process.exit(code));
}
