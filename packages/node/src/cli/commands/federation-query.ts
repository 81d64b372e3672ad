/** `puente federation …` subcommands: query. */
import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function registerFederationQuery(_federation: Command, _t: T, _lang: Lang): void {}
