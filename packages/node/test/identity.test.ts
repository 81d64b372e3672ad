/**
 * Identity on a real store: argon2id hashes, agencies and users, sessions (login, expiry, disabled
 * users, logout, purpose), and that a session token is never stored in clear.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hash as argon2hash, argon2id } from 'argon2';
import fc from 'fast-check';
import { sql } from 'kysely';
import {
  hashPassword, verifyPassword, createAgency, listAgencies, createUser, listUsers, getUser, updateUser, login,
  actorFromToken, setSessionPurpose, logout, systemActor, validUsername, IdentityError,
} from '../src/identity/index';
import { ROLES } from '../src/context';
import { openTestStore, storeKind } from './helpers/store';
import type { StoreHandle } from '../src/store/db';

const PW = 'correct horse battery';

test('hashPassword makes an argon2id PHC string with the OWASP parameters; verify checks it', async () => {
  const h = await hashPassword(PW);
  const m = /^\$argon2id\$v=19\$([a-z0-9=,]+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(h);
  assert.ok(m, h);
  assert.deepEqual(Object.fromEntries(m[1].split(',').map((kv) => kv.split('='))), { m: '19456', t: '2', p: '1' });
  assert.notEqual(await hashPassword(PW), h, 'salted');
  assert.equal(await verifyPassword(h, PW), true);
  assert.equal(await verifyPassword(h, PW + ' '), false);
  assert.equal(await verifyPassword('not a hash', PW), false, 'malformed hash is false, not an exception');
  assert.equal(await verifyPassword('', ''), false);
});

test('usernames: lower-case [a-z0-9._-], 3 to 64 characters', () => {
  for (const ok of ['mx.analyst', 'us-fincen_1', 'abc', 'a'.repeat(64)]) assert.ok(validUsername(ok), ok);
  for (const bad of ['ab', 'a'.repeat(65), 'MX.analyst', 'josé', 'a b', 'a/b', '', 'x\n', '..;']) assert.ok(!validUsername(bad), bad);
  fc.assert(fc.property(fc.string({ maxLength: 70 }), (s) => {
    const expected = s.length >= 3 && s.length <= 64 && [...s].every((c) => 'abcdefghijklmnopqrstuvwxyz0123456789._-'.includes(c));
    assert.equal(validUsername(s), expected);
  }), { numRuns: 2000 });
});

test('systemActor: kind system, every role, no purpose', () => {
  assert.deepEqual(systemActor({ id: 'mx-node', country: 'MX', dataDir: '/tmp' }), {
    kind: 'system', id: 'system', username: 'system', agencyId: 'mx-node', country: 'MX', roles: [...ROLES], purpose: null,
  });
});

describe(`identity on the store (${storeKind})`, () => {
  let store: StoreHandle;
  const db = () => store.db;
  before(async () => {
    store = await openTestStore();
    await createAgency(store.db, { id: 'mx-uif', country: 'MX', name: 'Unidad de Inteligencia Financiera', nameEn: 'Financial Intelligence Unit', nameEs: 'Unidad de Inteligencia Financiera' });
    await createAgency(store.db, { id: 'us-fincen', country: 'US', name: 'FinCEN', nameEn: 'Financial Crimes Enforcement Network', nameEs: 'Red de Control de Delitos Financieros' });
  });
  after(async () => { await store?.close(); });

  const rejects = async (p: Promise<unknown>, code: string, key: string) => {
    await assert.rejects(p, (e: unknown) => e instanceof IdentityError && e.code === code && e.key === key && !!e.messages.es);
  };

  test('agencies: created, listed, validated', async () => {
    assert.deepEqual((await listAgencies(db())).map((a) => [a.id, a.country, a.nameEn]), [
      ['mx-uif', 'MX', 'Financial Intelligence Unit'], ['us-fincen', 'US', 'Financial Crimes Enforcement Network'],
    ]);
    await rejects(createAgency(db(), { id: 'mx-uif', country: 'MX', name: 'x', nameEn: 'x', nameEs: 'x' }), 'conflict', 'auth.agency.exists');
    await rejects(createAgency(db(), { id: 'MX-SAT', country: 'MX', name: 'x', nameEn: 'x', nameEs: 'x' }), 'validation', 'auth.agency.id_invalid');
    await rejects(createAgency(db(), { id: 'mx-sat', country: 'mx', name: 'x', nameEn: 'x', nameEs: 'x' }), 'validation', 'auth.country.invalid');
    await rejects(createAgency(db(), { id: 'mx-sat', country: 'MX', name: ' ', nameEn: 'x', nameEs: 'x' }), 'validation', 'auth.text.invalid');
  });

  test('users: country comes from the agency; roles checked; no password hash leaves the module', async () => {
    const u = await createUser(db(), { username: 'mx.analyst', displayName: 'Ana Analista', agencyId: 'mx-uif', roles: ['analyst', 'analyst'], password: PW });
    assert.equal(u.country, 'MX');
    assert.deepEqual(u.roles, ['analyst']);
    assert.equal(u.disabled, false);
    const listed = await listUsers(db());
    assert.deepEqual(listed.map((x) => x.username), ['mx.analyst']);
    for (const x of listed) assert.ok(!('password_hash' in x) && !('passwordHash' in x) && !JSON.stringify(x).includes('$argon2'));
    assert.deepEqual(await getUser(db(), u.id), u);
    const stored = await db().selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
    assert.ok(await verifyPassword(stored.password_hash, PW));

    await rejects(createUser(db(), { username: 'mx.analyst', displayName: 'x', agencyId: 'mx-uif', roles: [], password: PW }), 'conflict', 'auth.user.exists');
    await rejects(createUser(db(), { username: 'MX.Boss', displayName: 'x', agencyId: 'mx-uif', roles: [], password: PW }), 'validation', 'auth.username.invalid');
    await rejects(createUser(db(), { username: 'mx.sat', displayName: 'x', agencyId: 'mx-sat', roles: [], password: PW }), 'validation', 'auth.agency.unknown');
    await rejects(createUser(db(), { username: 'mx.root', displayName: 'x', agencyId: 'mx-uif', roles: ['root' as 'admin'], password: PW }), 'validation', 'auth.role.unknown');
    await rejects(createUser(db(), { username: 'mx.short', displayName: 'x', agencyId: 'mx-uif', roles: [], password: 'short' }), 'validation', 'auth.password.too_short');
    await rejects(createUser(db(), { username: 'mx.long', displayName: 'x', agencyId: 'mx-uif', roles: [], password: 'x'.repeat(129) }), 'validation', 'auth.password.too_long');
  });

  test('login opens a session whose token is stored only as its SHA-256', async () => {
    const s = await login(db(), { username: 'mx.analyst', password: PW, purpose: 'criminal_investigation', ip: '127.0.0.1', userAgent: 'test', ttlHours: 8 });
    assert.ok(s);
    assert.match(s.token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
    assert.equal(s.actor.kind, 'user');
    assert.equal(s.actor.purpose, 'criminal_investigation');
    assert.equal(s.actor.country, 'MX');
    assert.equal(s.user.displayName, 'Ana Analista');
    const hours = (s.expiresAt.getTime() - Date.now()) / 3600_000;
    assert.ok(hours > 7.9 && hours <= 8);
    const rows = await db().selectFrom('sessions').selectAll().execute();
    const row = rows.find((r) => r.id === createHash('sha256').update(s.token).digest('hex'));
    assert.ok(row, 'sessions.id = sha256(token)');
    assert.equal(s.actor.sessionId, row.id);
    // The token appears nowhere in the table, in any column, in any form but its hash.
    const dump = (await sql<{ t: string }>`select string_agg(s::text, '|') as t from sessions s`.execute(db())).rows[0].t;
    assert.ok(!dump.includes(s.token));
    assert.ok(!dump.includes(Buffer.from(s.token, 'base64url').toString('hex')));

    const actor = await actorFromToken(db(), s.token);
    assert.deepEqual(actor, s.actor);
    const seen = await db().selectFrom('sessions').select('last_seen').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.ok(new Date(seen.last_seen).getTime() >= new Date(row.last_seen).getTime(), 'last_seen refreshed');
  });

  test('login fails alike for a wrong password, an unknown or malformed username', async () => {
    const attempt = (username: string, password: string) => login(db(), { username, password, ttlHours: 1 });
    assert.equal(await attempt('mx.analyst', 'wrong password'), null);
    assert.equal(await attempt('mx.nobody', PW), null);
    assert.equal(await attempt('no such user; drop table users', PW), null);
    assert.equal(await attempt('', ''), null);
    assert.equal(await attempt('mx.analyst', PW + 'x'.repeat(200)), null);
    assert.ok(await attempt('  MX.Analyst ', PW), 'usernames are case-insensitive at login');
  });

  test('login validates purpose and session length', async () => {
    await rejects(login(db(), { username: 'mx.analyst', password: PW, purpose: 'curiosity' as 'oversight', ttlHours: 1 }), 'validation', 'auth.purpose.unknown');
    await rejects(login(db(), { username: 'mx.analyst', password: PW, ttlHours: 0 }), 'validation', 'auth.session.ttl_invalid');
    await rejects(login(db(), { username: 'mx.analyst', password: PW, ttlHours: Number.NaN }), 'validation', 'auth.session.ttl_invalid');
  });

  test('an expired session yields no actor', async () => {
    const s = await login(db(), { username: 'mx.analyst', password: PW, ttlHours: 1 });
    assert.ok(s && (await actorFromToken(db(), s.token)));
    await db().updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', s.actor.sessionId!).execute();
    assert.equal(await actorFromToken(db(), s.token), null);
    await rejects(setSessionPurpose(db(), s.token, 'oversight'), 'unauthenticated', 'auth.session.invalid');
  });

  test('malformed or unknown tokens yield no actor', async () => {
    for (const t of ['', 'x', 'A'.repeat(43), 'A'.repeat(44), '../../etc/passwd', "' or 1=1 --"]) assert.equal(await actorFromToken(db(), t), null, t);
  });

  test('logout ends the session; twice is harmless', async () => {
    const s = await login(db(), { username: 'mx.analyst', password: PW, ttlHours: 1 });
    assert.ok(s);
    await logout(db(), s.token);
    assert.equal(await actorFromToken(db(), s.token), null);
    await logout(db(), s.token);
    await logout(db(), 'garbage');
  });

  test('the stated purpose can change within a session', async () => {
    const s = await login(db(), { username: 'mx.analyst', password: PW, ttlHours: 1 });
    assert.ok(s);
    assert.equal(s.actor.purpose, null);
    await setSessionPurpose(db(), s.token, 'financial_intelligence');
    assert.equal((await actorFromToken(db(), s.token))?.purpose, 'financial_intelligence');
    await setSessionPurpose(db(), s.token, null);
    assert.equal((await actorFromToken(db(), s.token))?.purpose, null);
    await rejects(setSessionPurpose(db(), s.token, 'gossip' as 'oversight'), 'validation', 'auth.purpose.unknown');
    await rejects(setSessionPurpose(db(), 'A'.repeat(43), 'oversight'), 'unauthenticated', 'auth.session.invalid');
  });

  test('a disabled user cannot log in and loses open sessions; re-enabled, can again', async () => {
    const u = await createUser(db(), { username: 'us.analyst', displayName: 'Al Analyst', agencyId: 'us-fincen', roles: ['analyst'], password: PW });
    const s = await login(db(), { username: 'us.analyst', password: PW, ttlHours: 1 });
    assert.ok(s);
    const disabled = await updateUser(db(), u.id, { disabled: true });
    assert.equal(disabled.disabled, true);
    assert.equal(await actorFromToken(db(), s.token), null);
    assert.equal(await login(db(), { username: 'us.analyst', password: PW, ttlHours: 1 }), null);
    // Even a session row left behind (e.g. written before the update committed) gives no actor.
    await db().insertInto('sessions').values({ id: createHash('sha256').update('B'.repeat(43)).digest('hex'), user_id: u.id, expires_at: new Date(Date.now() + 3600_000) }).execute();
    assert.equal(await actorFromToken(db(), 'B'.repeat(43)), null);
    await updateUser(db(), u.id, { disabled: false });
    assert.ok(await login(db(), { username: 'us.analyst', password: PW, ttlHours: 1 }));
  });

  test('updateUser: roles apply to open sessions; a new password ends them', async () => {
    const u = (await listUsers(db())).find((x) => x.username === 'us.analyst')!;
    const s = await login(db(), { username: 'us.analyst', password: PW, ttlHours: 1 });
    assert.ok(s);
    const updated = await updateUser(db(), u.id, { roles: ['supervisor', 'analyst'], displayName: 'Al B. Analyst' });
    assert.deepEqual(updated.roles, ['analyst', 'supervisor']);
    assert.equal(updated.displayName, 'Al B. Analyst');
    assert.ok(updated.updatedAt.getTime() >= u.updatedAt.getTime());
    assert.deepEqual((await actorFromToken(db(), s.token))?.roles, ['analyst', 'supervisor']);

    await updateUser(db(), u.id, { password: 'a new passphrase' });
    assert.equal(await actorFromToken(db(), s.token), null);
    assert.equal(await login(db(), { username: 'us.analyst', password: PW, ttlHours: 1 }), null);
    assert.ok(await login(db(), { username: 'us.analyst', password: 'a new passphrase', ttlHours: 1 }));

    await rejects(updateUser(db(), 'no-such-id', { displayName: 'x' }), 'not_found', 'auth.user.not_found');
    await rejects(updateUser(db(), u.id, { roles: ['god' as 'admin'] }), 'validation', 'auth.role.unknown');
    await rejects(updateUser(db(), u.id, { password: 'short' }), 'validation', 'auth.password.too_short');
  });

  test('a hash made with weaker parameters is upgraded at the next login', async () => {
    const u = await createUser(db(), { username: 'mx.legacy', displayName: 'Legacy', agencyId: 'mx-uif', roles: ['auditor'], password: PW });
    const weak = await argon2hash(PW, { type: argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await db().updateTable('users').set({ password_hash: weak }).where('id', '=', u.id).execute();
    assert.ok(await login(db(), { username: 'mx.legacy', password: PW, ttlHours: 1 }));
    const { password_hash } = await db().selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
    assert.match(password_hash, /\$m=19456,/);
    assert.notEqual(password_hash, weak);
    assert.ok(await verifyPassword(password_hash, PW));
  });
});
