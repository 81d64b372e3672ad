/** `puente federation …` subcommands: share. */
import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function registerFederationShare(_federation: Command, _t: T, _lang: Lang): void {}
