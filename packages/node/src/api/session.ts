/**
 * Who is calling: the session cookie (`puente_session`, httpOnly, SameSite=Strict) holds a bearer token
 * whose SHA-256 is the session id (identity/sessions.ts). The actor comes from the node's session cache
 * (identity/session-cache.ts), which asks the store at most every few seconds per session.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickLang } from '@puente/i18n';
import type { Logger } from 'pino';
import type { Actor } from '../context';
import { unauthenticated } from '../errors';
import { serviceCtx, type NodeApp, type ServiceCtx } from '../services/context';

export const SESSION_COOKIE = 'puente_session';

declare module 'fastify' {
  interface FastifyRequest { puenteActor?: Actor | null }
}

export function sessionToken(req: FastifyRequest): string | null {
  const token = req.cookies[SESSION_COOKIE];
  return typeof token === 'string' && token ? token : null;
}

/** The logged-in actor, or 401. */
export async function requireActor(app: NodeApp, req: FastifyRequest): Promise<Actor> {
  if (req.puenteActor === undefined) {
    const token = sessionToken(req);
    req.puenteActor = token ? await app.sessions.actor(app.db, token) : null;
  }
  if (!req.puenteActor) throw unauthenticated();
  return req.puenteActor;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true, sameSite: 'strict', path: '/', expires: expiresAt,
    // Secure whenever the request came over TLS (a reverse proxy terminating TLS must say so).
    secure: 'auto',
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/' });
}

export function ctxOf(app: NodeApp, req: FastifyRequest): ServiceCtx {
  // req.log is a child of the node's pino logger (bound to the request id).
  return serviceCtx(app, { requestId: String(req.id), log: req.log as unknown as Logger, lang: pickLang(req.headers['accept-language']) });
}
