/** Login, logout, the current session and its stated purpose. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import * as auth from '../../services/auth';
import { unauthenticated } from '../../errors';
import { actorFromToken } from '../../identity/index';
import { Purpose, SessionView, errors } from '../schemas';
import { clearSessionCookie, ctxOf, requireActor, sessionToken, setSessionCookie } from '../session';

export const authRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.post('/auth/login', {
    schema: {
      tags: ['auth'], summary: 'Log in; sets the session cookie',
      body: z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024), purpose: Purpose.nullable().optional() }),
      response: { 200: SessionView, ...errors(400, 401) },
    },
    config: {
      // Tighter than the rest: per client address AND username, counted after the body is parsed.
      rateLimit: {
        max: app.rateLimit.loginPerMinute, timeWindow: 60_000, hook: 'preHandler',
        keyGenerator: (req) => `login|${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
      },
    },
  }, async (req, reply) => {
    const { token, session } = await auth.login(ctxOf(app, req), {
      ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null,
    });
    setSessionCookie(reply, token, new Date(session.expiresAt));
    return session;
  });

  f.post('/auth/logout', {
    schema: { tags: ['auth'], summary: 'Log out; ends the session (idempotent)', response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async (req, reply) => {
    // Logging out of an expired or unknown session is not an error: the cookie is cleared either way.
    const token = sessionToken(req);
    const actor = token ? await actorFromToken(app.db, token) : null;
    if (actor && token) await auth.logout(ctxOf(app, req), actor, token);
    clearSessionCookie(reply);
    return { ok: true as const };
  });

  f.get('/auth/me', {
    schema: { tags: ['auth'], summary: 'The current session', response: { 200: SessionView, ...errors(401) } },
  }, async (req) => auth.me(ctxOf(app, req), await requireActor(app, req)));

  f.put('/auth/purpose', {
    schema: {
      tags: ['auth'], summary: 'State the purpose of this session (null withdraws it)',
      body: z.object({ purpose: Purpose.nullable() }),
      response: { 200: SessionView, ...errors(400, 401) },
    },
  }, async (req) => {
    const actor = await requireActor(app, req);
    const token = sessionToken(req);
    if (!token) throw unauthenticated();
    return auth.setPurpose(ctxOf(app, req), actor, token, req.body.purpose);
  });
};
