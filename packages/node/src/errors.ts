/**
 * Errors are values the user can act on, in both languages (STYLE.md habit 5). Every failure the API
 * reports — thrown by a service, by zod validation, by the rate limiter, or unexpected — leaves the
 * server in one shape:
 *   { error: { code, message: { en, es }, requestId, details? } }
 */
import { both } from '@puente/i18n';

export type ErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'validation'
  | 'rate_limited'
  | 'conflict'
  | 'payload_too_large'
  | 'partner_unavailable'
  | 'internal';

export class PuenteError extends Error {
  readonly messages: { en: string; es: string };
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    /** A catalogue key, or a message already in both languages (e.g. a parser's ParseError.messages). */
    readonly key: string | { en: string; es: string },
    readonly vars: Record<string, unknown> = {},
    readonly details?: Record<string, unknown>,
  ) {
    const messages = typeof key === 'string' ? both(key, vars) : { en: key.en, es: key.es };
    super(messages.en);
    this.name = 'PuenteError';
    this.messages = messages;
  }

  /** The body the API answers with; requestId ties it to the log line. */
  toBody(requestId: string): ErrorBody {
    return { error: { code: this.code, message: this.messages, requestId, ...(this.details ? { details: this.details } : {}) } };
  }
}

export interface ErrorBody {
  error: { code: string; message: { en: string; es: string }; requestId: string; details?: Record<string, unknown> };
}

export const notFound = (details?: Record<string, unknown>) => new PuenteError('not_found', 404, 'error.not_found', {}, details);
export const forbidden = (details?: Record<string, unknown>) => new PuenteError('forbidden', 403, 'error.forbidden', {}, details);
export const unauthenticated = () => new PuenteError('unauthenticated', 401, 'error.unauthenticated');
export const validation = (detail: string, details?: Record<string, unknown>) =>
  new PuenteError('validation', 400, 'error.validation', { detail }, details);
export const rateLimited = (retryAfterSeconds?: number) =>
  new PuenteError('rate_limited', 429, 'error.rate_limited', {}, retryAfterSeconds === undefined ? undefined : { retryAfterSeconds });
export const internal = (requestId: string) => new PuenteError('internal', 500, 'error.internal', { requestId });
