/**
 * Signed messages between nodes: JWS compact serialisation (RFC 7515) with EdDSA over Ed25519 (RFC 8037), through
 * jose. The protected header names the signing key (`kid`, Puente's 16-hex key id) and the type; the payload is
 * JSON carrying who sent it to whom, when, and a nonce, so that a receiver can refuse a message meant for another
 * node, a stale one, or a replay (messages.ts).
 */
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { KeyObject } from 'node:crypto';

export const MESSAGE_TYPE = 'puente-fed+jws';

export interface Envelope {
  /** request: answered at once; batch: queued messages; reply: the answer to a request or a batch. */
  kind: 'request' | 'batch' | 'reply';
  from: string;
  to: string;
  /** Milliseconds since the epoch, when signed. */
  iat: number;
  nonce: string;
  type?: string;
  body?: unknown;
  /** batch: the queued messages, in sequence order. */
  messages?: Array<{ seq: number; type: string; body: unknown }>;
  /** reply: the nonce of the message answered. */
  inReplyTo?: string;
}

export async function signEnvelope(envelope: Envelope, key: { keyId: string; privateKey: KeyObject }): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(envelope)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.keyId, typ: MESSAGE_TYPE })
    .sign(key.privateKey);
}

/** The key id a JWS claims to be signed with, before verification (to find the pinned key); null if unreadable. */
export function claimedKeyId(jws: string): string | null {
  try {
    const h = decodeProtectedHeader(jws);
    return typeof h.kid === 'string' ? h.kid : null;
  } catch {
    return null;
  }
}

/** Verifies the signature with `publicKey` and returns the envelope; null when the signature or the form is wrong. */
export async function verifyEnvelope(jws: string, publicKey: KeyObject): Promise<Envelope | null> {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, publicKey, { algorithms: ['EdDSA'] });
    if (protectedHeader.typ !== MESSAGE_TYPE) return null;
    const e = JSON.parse(new TextDecoder().decode(payload)) as Envelope;
    if (!e || typeof e !== 'object' || typeof e.from !== 'string' || typeof e.to !== 'string'
      || typeof e.iat !== 'number' || typeof e.nonce !== 'string' || !['request', 'batch', 'reply'].includes(e.kind)) return null;
    return e;
  } catch {
    return null;
  }
}
