/**
 * Errors of the model package, as values a user can act on in either language (STYLE: "parsers report the
 * line and field"). Codes are short snake_case names; their text is `model.error.<code>` in the catalogue.
 */
import { t } from '@puente/i18n';

export type Messages = { en: string; es: string };

/** Catalogue key of a validation or parse problem code. */
export function problemKey(code: string): string {
  return `model.error.${code}`;
}

/** One problem found in an entity: the field it is about, a code, and what the message needs. */
export interface Issue {
  /** `id`, `schema`, `properties`, `properties.<prop>`, `puente.<field>`, `caption`, `first_seen`, … */
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

/** The problem alone, in one language (e.g. for an API error's `details`). */
export function describeIssue(lang: 'en' | 'es', issue: Issue): string {
  return t(lang, problemKey(issue.code), { field: issue.field, ...issue.params });
}

/** A bad line in an FtM JSON-lines file: which file, which line (from 1), which field, and why. */
export class ParseError extends Error {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly code: string;
  readonly params: Record<string, unknown>;
  readonly messages: Messages;

  constructor(file: string, line: number, issue: Issue) {
    const params = issue.params ?? {};
    const at = { file, line, field: issue.field };
    const messages = {
      en: t('en', 'model.parse.at', { ...at, problem: describeIssue('en', issue) }),
      es: t('es', 'model.parse.at', { ...at, problem: describeIssue('es', issue) }),
    };
    super(`${messages.en} / ${messages.es}`);
    this.name = 'ParseError';
    this.file = file;
    this.line = line;
    this.field = issue.field;
    this.code = issue.code;
    this.params = params;
    this.messages = messages;
  }
}

/** The schema folder is missing or a schema definition is wrong: the node cannot start without its model. */
export class ModelError extends Error {
  readonly code: string;
  readonly params: Record<string, unknown>;
  readonly messages: Messages;

  constructor(code: string, params: Record<string, unknown> = {}) {
    const messages = { en: t('en', `model.load.${code}`, params), es: t('es', `model.load.${code}`, params) };
    super(`${messages.en} / ${messages.es}`);
    this.name = 'ModelError';
    this.code = code;
    this.params = params;
    this.messages = messages;
  }
}
