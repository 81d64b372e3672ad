/** The CLI's language: `--lang es|en` anywhere on the command line wins, then PUENTE_LANG, then LANG. */
import { pickLang, t as translate, type Lang } from '@puente/i18n';

export function cliLang(argv: string[], env: NodeJS.ProcessEnv = process.env): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i >= 0) {
    const v = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
    if (v === 'es' || v === 'en') return v;
  }
  return pickLang(env.PUENTE_LANG ?? env.LC_ALL ?? env.LANG);
}

export function makeT(lang: Lang) {
  return (key: string, vars?: Record<string, unknown>) => translate(lang, key, vars);
}
