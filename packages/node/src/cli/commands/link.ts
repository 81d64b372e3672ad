/** Placeholder: the command is being written (issue 4/5); registers nothing yet. */
import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';

export function registerLink(_program: Command, _t: (key: string, vars?: Record<string, unknown>) => string, _lang: Lang): void {}
