/**
 * Identity errors are values the caller can act on: a code the API maps to an HTTP status, the
 * catalogue key, and the message in both languages (keys live in packages/i18n/src/catalog/auth.ts).
 */
import { both, t } from '@puente/i18n';

export type IdentityErrorCode = 'validation' | 'not_found' | 'conflict' | 'unauthenticated';

export class IdentityError extends Error {
  readonly messages: { en: string; es: string };
  constructor(
    readonly code: IdentityErrorCode,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    /** The input field at fault, for validation errors. */
    readonly field?: string,
  ) {
    super(t('en', key, params));
    this.name = 'IdentityError';
    this.messages = both(key, params);
  }
}
