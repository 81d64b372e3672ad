/**
 * A bad line in a case-count file: which file, which line (from 1), which field, and why — in English and
 * Spanish (STYLE habit 5). Texts in the 'protect' catalogue (protect.parse.*).
 */
import { both } from '@puente/i18n';

export class CaseCountParseError extends Error {
  readonly messages: { en: string; es: string };
  /** The API maps errors with a code and bilingual messages to its one error shape (400). */
  readonly code = 'validation';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly problem: string,
    readonly params: Record<string, unknown> = {},
  ) {
    const p = both(`protect.parse.${problem}`, params);
    const at = { file, line, field };
    const messages = {
      en: both('protect.parse.at', { ...at, problem: p.en }).en,
      es: both('protect.parse.at', { ...at, problem: p.es }).es,
    };
    super(`${messages.en} / ${messages.es}`);
    this.name = 'CaseCountParseError';
    this.messages = messages;
  }
}
