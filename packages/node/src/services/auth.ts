/**
 * Login sessions over identity/: log in (audited, ok or failed), log out, who am I, state a purpose.
 * Login has no actor yet, so it takes `(ctx, input)`; everything after it `(ctx, actor, …)`.
 */
import type { Purpose } from '@puente/model';
import type { Actor } from '../context';
import * as identity from '../identity/index';
import { PuenteError, unauthenticated } from '../errors';
import type { ServiceCtx } from './context';
import { audit } from './guard';

export interface SessionView {
  user: { id: string; username: string; displayName: string; agencyId: string; country: string; roles: string[] };
  purpose: Purpose | null;
  expiresAt: string;
}

export interface LoginInput { username: string; password: string; purpose?: Purpose | null; ip?: string | null; userAgent?: string | null }

export async function login(ctx: ServiceCtx, input: LoginInput): Promise<{ token: string; session: SessionView }> {
  const r = await identity.login(ctx.db, { ...input, ttlHours: ctx.app.config.sessionHours });
  if (!r) {
    // CJIS 5.4.1.1: unsuccessful log-on attempts are auditable events. The password never is.
    await audit(ctx, null, {
      action: 'login', outcome: 'failed', resourceType: 'user', purpose: input.purpose ?? null,
      detail: { username: String(input.username).slice(0, 64), ip: input.ip ?? null },
    });
    throw new PuenteError('unauthenticated', 401, 'api.auth.login_failed');
  }
  await audit(ctx, r.actor, {
    action: 'login', outcome: 'ok', resourceType: 'user', resourceId: r.actor.id, purpose: r.actor.purpose,
    detail: { ip: input.ip ?? null },
  });
  return {
    token: r.token,
    session: {
      user: { id: r.user.id, username: r.user.username, displayName: r.user.displayName, agencyId: r.user.agencyId, country: r.user.country, roles: r.user.roles },
      purpose: r.actor.purpose,
      expiresAt: r.expiresAt.toISOString(),
    },
  };
}

export async function logout(ctx: ServiceCtx, actor: Actor, token: string): Promise<void> {
  await identity.logout(ctx.db, token);
  ctx.app.sessions.forget(token);
  await audit(ctx, actor, { action: 'logout', outcome: 'ok', resourceType: 'user', resourceId: actor.id });
}

/** The session as the login response shows it. */
export async function me(ctx: ServiceCtx, actor: Actor): Promise<SessionView> {
  const user = await identity.getUser(ctx.db, actor.id);
  const session = actor.sessionId
    ? await ctx.db.selectFrom('sessions').select('expires_at').where('id', '=', actor.sessionId).executeTakeFirst()
    : undefined;
  if (!user || !session) throw unauthenticated();
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, agencyId: user.agencyId, country: user.country, roles: user.roles },
    purpose: actor.purpose,
    expiresAt: new Date(session.expires_at).toISOString(),
  };
}

/** States (or withdraws, with null) the purpose of the session; audited, as it widens what may be read. */
export async function setPurpose(ctx: ServiceCtx, actor: Actor, token: string, purpose: Purpose | null): Promise<SessionView> {
  await identity.setSessionPurpose(ctx.db, token, purpose);
  ctx.app.sessions.forget(token);
  await audit(ctx, actor, {
    action: 'session.purpose', outcome: 'ok', resourceType: 'user', resourceId: actor.id, purpose,
    detail: { previous: actor.purpose },
  });
  return me(ctx, { ...actor, purpose });
}
