/**
 * Server-side login sessions. The client holds a bearer token of 32 random bytes (256 bits,
 * base64url); the table holds only its SHA-256, so a copy of the database cannot be replayed as
 * logged-in sessions (OWASP Session Management Cheat Sheet). A fast hash suffices here — unlike a
 * password, the token has full entropy and cannot be guessed offline.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PURPOSES, type Purpose } from '@puente/model';
import { ROLES, type Actor, type NodeInfo, type Role } from '../context';
import type { Executor } from '../store/schema';
import { IdentityError } from './errors';
import { dummyHash, hashPassword, passwordNeedsRehash, verifyPassword, PASSWORD_MAX } from './password';
import { userOf, validUsername, type User } from './users';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** sessions.id: hex SHA-256 of the token. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function checkPurpose(purpose: unknown): Purpose | null {
  if (purpose === null || purpose === undefined) return null;
  if (typeof purpose === 'string' && (PURPOSES as readonly string[]).includes(purpose)) return purpose as Purpose;
  throw new IdentityError('validation', 'auth.purpose.unknown', { purpose: String(purpose) }, 'purpose');
}

/**
 * Checks a username and password and opens a session. Null for every failure — unknown user, wrong
 * password, disabled user — so the caller cannot tell them apart, and each takes one argon2 verify.
 * The returned `user` (beyond the actor) carries the display name for the login response.
 */
export async function login(
  db: Executor,
  input: { username: string; password: string; purpose?: Purpose | null; ip?: string | null; userAgent?: string | null; ttlHours: number },
): Promise<{ token: string; actor: Actor; expiresAt: Date; user: User } | null> {
  const purpose = checkPurpose(input.purpose);
  if (!(Number.isFinite(input.ttlHours) && input.ttlHours > 0)) {
    throw new IdentityError('validation', 'auth.session.ttl_invalid', { hours: String(input.ttlHours) }, 'ttlHours');
  }
  // People type capitals; stored usernames are lower-case (validated at creation).
  const username = typeof input.username === 'string' ? input.username.trim().toLowerCase() : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const fallback = await dummyHash(); // made once per process; awaited on every path alike
  const row = validUsername(username)
    ? await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
    : undefined;
  // Always exactly one verify, against the real hash or the dummy one.
  const ok = await verifyPassword(row?.password_hash ?? fallback, password);
  if (!row || !ok || row.disabled || password.length > PASSWORD_MAX) return null;

  if (passwordNeedsRehash(row.password_hash)) {
    await db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('id', '=', row.id).execute();
  }
  const now = new Date();
  const expiresAt = new Date(now.getTime() + input.ttlHours * 3600_000);
  const token = randomBytes(32).toString('base64url');
  const id = sessionIdOf(token);
  // Housekeeping: this user's expired sessions are of no further use.
  await db.deleteFrom('sessions').where('user_id', '=', row.id).where('expires_at', '<=', now).execute();
  await db.insertInto('sessions').values({
    id, user_id: row.id, purpose, created_at: now, expires_at: expiresAt, last_seen: now,
    ip: input.ip ?? null, user_agent: input.userAgent?.slice(0, 512) ?? null,
  }).execute();
  const user = userOf(row);
  const actor: Actor = {
    kind: 'user', id: user.id, username: user.username, agencyId: user.agencyId, country: user.country,
    roles: user.roles, purpose, sessionId: id,
  };
  return { token, actor, expiresAt, user };
}

/** The actor behind a session token; null when the token is malformed, unknown, expired or its user disabled. */
export async function actorFromToken(db: Executor, token: string): Promise<Actor | null> {
  return (await sessionFromToken(db, token))?.actor ?? null;
}

/** The actor behind a session token and when the session expires (see actorFromToken); refreshes last_seen. */
export async function sessionFromToken(db: Executor, token: string): Promise<{ actor: Actor; expiresAt: Date } | null> {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
  const id = sessionIdOf(token);
  const now = new Date();
  const row = await db.selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.purpose', 'sessions.expires_at', 'users.id', 'users.username', 'users.agency_id',
      'users.country', 'users.roles'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return null;
  await db.updateTable('sessions').set({ last_seen: now }).where('id', '=', id).execute();
  return {
    actor: {
      kind: 'user', id: row.id, username: row.username, agencyId: row.agency_id, country: row.country.trim(),
      roles: (row.roles as string[]).filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
      purpose: (row.purpose as Purpose | null) ?? null, sessionId: row.session_id,
    },
    expiresAt: new Date(row.expires_at),
  };
}

/** Changes the purpose stated for a live session (a new purpose does not need a new login). */
export async function setSessionPurpose(db: Executor, token: string, purpose: Purpose | null): Promise<void> {
  const p = checkPurpose(purpose);
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new IdentityError('unauthenticated', 'auth.session.invalid');
  // `returning` rather than numUpdatedRows: the PGlite pool adapter does not report affected-row counts.
  const r = await db.updateTable('sessions').set({ purpose: p, last_seen: new Date() })
    .where('id', '=', sessionIdOf(token)).where('expires_at', '>', new Date()).returning('id').executeTakeFirst();
  if (!r) throw new IdentityError('unauthenticated', 'auth.session.invalid');
}

/** Ends a session. Idempotent: logging out twice, or with an unknown token, is not an error. */
export async function logout(db: Executor, token: string): Promise<void> {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return;
  await db.deleteFrom('sessions').where('id', '=', sessionIdOf(token)).execute();
}

/**
 * The node itself, for CLI and demo jobs on the node's own machine. It holds every role but no
 * purpose: a job that reads personal data states its purpose explicitly (`{ ...systemActor(node), purpose }`).
 */
export function systemActor(node: NodeInfo): Actor {
  return { kind: 'system', id: 'system', username: 'system', agencyId: node.id, country: node.country, roles: [...ROLES], purpose: null };
}
