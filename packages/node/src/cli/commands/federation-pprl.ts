/** `puente federation …` subcommands: pprl. */
import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function registerFederationPprl(_federation: Command, _t: T, _lang: Lang): void {}
