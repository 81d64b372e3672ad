/**
 * Agencies and users of this node. Input is validated here, at the boundary, so the tables only ever
 * hold well-formed names; password hashes never leave this module.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { ROLES, type Role } from '../context';
import type { AgenciesTable, Executor, UsersTable } from '../store/schema';
import { IdentityError } from './errors';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from './password';

export interface Agency { id: string; country: string; name: string; nameEn: string; nameEs: string }

export interface User {
  id: string; username: string; displayName: string; agencyId: string; country: string;
  roles: Role[]; disabled: boolean; createdAt: Date; updatedAt: Date;
}

/** Lower-case letters, digits, dot, underscore, hyphen; 3–64 long (e.g. `mx.analyst`). */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;
/**
 * Agency ids are lower-case (e.g. `mx-uif`) while countries are upper-case ISO 3166-1 alpha-2
 * (`MX`): agreements list both kinds of party in one array, and the case keeps them apart.
 */
export const AGENCY_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
const TEXT_MAX = 200;

export function validUsername(username: unknown): username is string {
  return typeof username === 'string' && USERNAME_PATTERN.test(username);
}

function invalid(field: string, key: string, params: Record<string, unknown> = {}): IdentityError {
  return new IdentityError('validation', key, params, field);
}

function checkText(field: string, value: unknown): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v || v.length > TEXT_MAX) throw invalid(field, 'auth.text.invalid', { field, max: TEXT_MAX });
  return v;
}

function checkPassword(pw: unknown): string {
  if (typeof pw !== 'string' || pw.length < PASSWORD_MIN) throw invalid('password', 'auth.password.too_short', { min: PASSWORD_MIN });
  if (pw.length > PASSWORD_MAX) throw invalid('password', 'auth.password.too_long', { max: PASSWORD_MAX });
  return pw;
}

/** Known roles only, each once, in ROLES order. */
function checkRoles(roles: unknown): Role[] {
  if (!Array.isArray(roles)) throw invalid('roles', 'auth.role.unknown', { role: String(roles) });
  for (const r of roles) if (!(ROLES as readonly unknown[]).includes(r)) throw invalid('roles', 'auth.role.unknown', { role: String(r) });
  return ROLES.filter((r) => roles.includes(r));
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

const agencyOf = (r: Selectable<AgenciesTable>): Agency => ({ id: r.id, country: r.country, name: r.name, nameEn: r.name_en, nameEs: r.name_es });

export async function createAgency(db: Executor, a: { id: string; country: string; name: string; nameEn: string; nameEs: string }): Promise<void> {
  if (typeof a.id !== 'string' || !AGENCY_ID_PATTERN.test(a.id)) throw invalid('id', 'auth.agency.id_invalid', { id: String(a.id) });
  if (typeof a.country !== 'string' || !COUNTRY_PATTERN.test(a.country)) throw invalid('country', 'auth.country.invalid', { country: String(a.country) });
  const row = { id: a.id, country: a.country, name: checkText('name', a.name), name_en: checkText('nameEn', a.nameEn), name_es: checkText('nameEs', a.nameEs) };
  try {
    await db.insertInto('agencies').values(row).execute();
  } catch (e) {
    if (isUniqueViolation(e)) throw new IdentityError('conflict', 'auth.agency.exists', { id: a.id }, 'id');
    throw e;
  }
}

export async function listAgencies(db: Executor): Promise<Agency[]> {
  return (await db.selectFrom('agencies').selectAll().orderBy('id').execute()).map(agencyOf);
}

/** Every column but password_hash: the hash is selected only by login. */
const USER_COLUMNS = ['id', 'username', 'display_name', 'agency_id', 'country', 'roles', 'disabled', 'created_at', 'updated_at'] as const;
type UserRow = Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>;

export const userOf = (r: UserRow): User => ({
  id: r.id, username: r.username, displayName: r.display_name, agencyId: r.agency_id, country: r.country.trim(),
  roles: r.roles as Role[], disabled: r.disabled, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
});

export async function createUser(
  db: Executor,
  u: { id?: string; username: string; displayName: string; agencyId: string; roles: Role[]; password: string },
): Promise<User> {
  if (!validUsername(u.username)) throw invalid('username', 'auth.username.invalid', { username: String(u.username) });
  const displayName = checkText('displayName', u.displayName);
  const roles = checkRoles(u.roles);
  const password = checkPassword(u.password);
  const agency = await db.selectFrom('agencies').select(['id', 'country']).where('id', '=', String(u.agencyId)).executeTakeFirst();
  if (!agency) throw invalid('agencyId', 'auth.agency.unknown', { id: String(u.agencyId) });
  const id = u.id ?? randomUUID();
  try {
    const row = await db.insertInto('users').values({
      id, username: u.username, display_name: displayName, agency_id: agency.id, country: agency.country,
      roles, password_hash: await hashPassword(password),
    }).returning(USER_COLUMNS).executeTakeFirstOrThrow();
    return userOf(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw new IdentityError('conflict', 'auth.user.exists', { username: u.username }, 'username');
    throw e;
  }
}

export async function listUsers(db: Executor): Promise<User[]> {
  return (await db.selectFrom('users').select(USER_COLUMNS).orderBy('username').execute()).map(userOf);
}

export async function getUser(db: Executor, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? userOf(row) : null;
}

/**
 * Changes a user. Disabling a user or setting a new password ends all of the user's sessions
 * (OWASP Session Management Cheat Sheet: invalidate sessions when credentials change); role
 * changes need no such step, as every request reads the roles afresh.
 */
export async function updateUser(
  db: Executor,
  id: string,
  patch: { displayName?: string; roles?: Role[]; disabled?: boolean; password?: string },
): Promise<User> {
  const set: { display_name?: string; roles?: Role[]; disabled?: boolean; password_hash?: string; updated_at: Date } = { updated_at: new Date() };
  if (patch.displayName !== undefined) set.display_name = checkText('displayName', patch.displayName);
  if (patch.roles !== undefined) set.roles = checkRoles(patch.roles);
  if (patch.disabled !== undefined) {
    if (typeof patch.disabled !== 'boolean') throw invalid('disabled', 'auth.field.invalid', { field: 'disabled' });
    set.disabled = patch.disabled;
  }
  if (patch.password !== undefined) set.password_hash = await hashPassword(checkPassword(patch.password));
  // Sessions go first: should the update then fail, the user is merely logged out (fails safe).
  if (patch.disabled === true || patch.password !== undefined) await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  const row = await db.updateTable('users').set(set).where('id', '=', id).returning(USER_COLUMNS).executeTakeFirst();
  if (!row) throw new IdentityError('not_found', 'auth.user.not_found', { id });
  return userOf(row);
}
