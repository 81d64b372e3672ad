/**
 * Audit errors are values the caller can act on: a code the API maps to an HTTP status, the catalogue
 * key (packages/i18n/src/catalog/audit.ts) and the message in both languages.
 */
import { both, t } from '@puente/i18n';

export type AuditErrorCode = 'validation' | 'not_found' | 'integrity' | 'key';

export class AuditError extends Error {
  readonly messages: { en: string; es: string };
  constructor(
    readonly code: AuditErrorCode,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(t('en', key, params));
    this.name = 'AuditError';
    this.messages = both(key, params);
  }
}
