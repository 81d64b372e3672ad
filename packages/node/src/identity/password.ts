/**
 * Password hashing: argon2id (RFC 9106), stored as a PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash),
 * so the parameters travel with each hash and can be raised later without a migration.
 *
 * Parameters: m = 19456 KiB (19 MiB), t = 2, p = 1 — the first of the equivalent argon2id settings in
 * the OWASP Password Storage Cheat Sheet. A node is a modest server handling logins for a few hundred
 * analysts; 19 MiB and two passes cost ~20–40 ms per login on one core, which is negligible for a user
 * but makes each offline guess against a stolen hash that expensive in memory-hard work (GPU-hostile).
 * p = 1 keeps a login to one thread of libuv's pool, so concurrent logins do not starve each other.
 * Hashes made with other parameters still verify and are re-hashed on the next successful login.
 */
import { argon2id, hash, needsRehash, verify } from 'argon2';
import { randomBytes } from 'node:crypto';

export const ARGON2_PARAMS = { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** OWASP ASVS 4.0 §2.1.1–2.1.2: at least 12 characters is recommended, 8 the floor; at most 128 accepted. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export async function hashPassword(pw: string): Promise<string> {
  return hash(pw, ARGON2_PARAMS);
}

/** False for a wrong password and for anything that is not an argon2 PHC string (never throws). */
export async function verifyPassword(stored: string, pw: string): Promise<boolean> {
  try {
    return await verify(stored, pw);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with weaker (or different) parameters than today's. */
export function passwordNeedsRehash(stored: string): boolean {
  try {
    return needsRehash(stored, ARGON2_PARAMS);
  } catch {
    return true;
  }
}

let dummy: Promise<string> | null = null;
/**
 * A hash of a random secret with today's parameters. Logins for unknown usernames verify against it,
 * so "no such user" takes as long as "wrong password" and response time does not reveal which
 * usernames exist (OWASP Authentication Cheat Sheet, "Authentication and Error Messages").
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummy;
}
