/**
 * The one logger (STYLE.md habit 7): pino, JSON lines on stdout. Fastify makes a child per request
 * bound to `requestId`, and services log through `ctx.log` (that child), so every line of a request
 * carries its id. Secrets never reach it: cookies and authorisation headers are redacted.
 */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(opts: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: opts.name ?? 'puente',
    level: opts.level ?? 'info',
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'password', '*.password'], censor: '[redacted]' },
  });
}
