/**
 * A bad line in a designation-list file: which file, which line (from 1), which field, and why — in English and
 * Spanish (STYLE habit 5). Same shape as @puente/model's ParseError, with its text in the 'screening' catalogue.
 */
import { both } from '@puente/i18n';

export type Messages = { en: string; es: string };

export class ListParseError extends Error {
  readonly messages: Messages;
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
  ) {
    const problem = both(`screening.parse.${code}`, params);
    const at = { file, line, field };
    const messages = {
      en: both('screening.parse.at', { ...at, problem: problem.en }).en,
      es: both('screening.parse.at', { ...at, problem: problem.es }).es,
    };
    super(`${messages.en} / ${messages.es}`);
    this.name = 'ListParseError';
    this.messages = messages;
  }
}

/** A non-fatal finding while reading a list (e.g. rows of alt.csv whose entry is not in sdn.csv). */
export interface ListWarning {
  file: string;
  code: string;
  params: Record<string, unknown>;
  messages: Messages;
}

export function listWarning(file: string, code: string, params: Record<string, unknown>): ListWarning {
  return { file, code, params, messages: both(`screening.parse.${code}`, { file, ...params }) };
}
