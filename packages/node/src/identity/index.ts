/** Identity: agencies, users, argon2id passwords and server-side sessions. */
export { hashPassword, verifyPassword, ARGON2_PARAMS, PASSWORD_MIN, PASSWORD_MAX } from './password';
export { createAgency, listAgencies, createUser, listUsers, getUser, updateUser, validUsername, USERNAME_PATTERN } from './users';
export type { Agency, User } from './users';
export { login, actorFromToken, sessionFromToken, setSessionPurpose, logout, systemActor, sessionIdOf } from './sessions';
export { SessionCache } from './session-cache';
export { IdentityError, type IdentityErrorCode } from './errors';
