/**
 * The node's Ed25519 signing key (RFC 8032, via node:crypto), kept as a PKCS#8 PEM file that only the
 * node's user may read. It signs audit checkpoints and countersigns the partner node's checkpoints.
 */
import { createHash, createPublicKey, generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from './errors';

export interface NodeKey {
  /** First 16 hex digits of SHA-256 over the 32-byte raw public key. */
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
}

export const NODE_KEY_FILE = join('keys', 'node-ed25519.pem');

/** The 32 raw bytes of an Ed25519 public key (RFC 8032 §5.1.5 encoding). */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new AuditError('key', 'audit.key.not_ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url');
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

/** A partner's public key from its PEM (SPKI) text. */
export function publicKeyFromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new AuditError('key', 'audit.key.not_ed25519');
  }
  rawPublicKey(key); // refuses other algorithms
  return key;
}

function fromPrivate(privateKey: KeyObject): NodeKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new AuditError('key', 'audit.key.not_ed25519');
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/**
 * Loads <dataDir>/keys/node-ed25519.pem, creating it (mode 0600, directory 0700) on first use.
 * Creation uses O_EXCL, so two processes starting together end up with the same key. A key file
 * that other users can read is refused rather than silently fixed: someone should look at why.
 */
export function loadNodeKey(dataDir: string): NodeKey {
  const dir = join(dataDir, 'keys');
  const file = join(dataDir, NODE_KEY_FILE);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) try {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600); // the umask cannot widen it, but be explicit
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new AuditError('key', 'audit.key.permissions', { path: file });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch {
    throw new AuditError('key', 'audit.key.unreadable', { path: file });
  }
  return fromPrivate(privateKey);
}
