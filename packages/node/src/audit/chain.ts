/**
 * The audit hash chain, as pure functions (platform.md §11):
 *
 *   h_0 = 64 zero hex digits (genesis)
 *   h_i = SHA-256( bytes(h_{i-1}) ‖ UTF-8( RFC 8785 canonical JSON of row i's content ) )
 *
 * `bytes(h)` is the 32 raw bytes of the previous hash (not its hex text). Row content is the object
 * below with the column names as keys. Two encodings are chosen so that what is hashed is exactly
 * what the database gives back, on PGlite and on a PostgreSQL server alike:
 * - `seq` is a JSON string of decimal digits: it is an int8, beyond the 2^53 range JSON numbers are
 *   safe in (I-JSON, RFC 7493 §2.2, recommends strings for such integers);
 * - `ts` is ISO 8601 UTC with exactly three fraction digits (`Date.prototype.toISOString`): the
 *   timestamps written are JS Dates (millisecond precision), timestamptz keeps microseconds, so a
 *   stored value round-trips exactly; a stored value with sub-millisecond digits was not written here.
 * `detail` is stored as jsonb, which reorders keys (harmless: JCS sorts them) and keeps numbers as
 * numeric (harmless for values that came from JS numbers). The constraint on detail is therefore:
 * JSON-safe values only — strings without U+0000 (jsonb refuses it), finite numbers, booleans, null,
 * arrays and plain objects. `normaliseDetail` enforces it by a JSON round trip before hashing.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../context';
import { canonicalJson, CanonicalJsonError } from './canonical';
import { AuditError } from './errors';

export const GENESIS_HASH = '0'.repeat(64);
export const HASH_RE = /^[0-9a-f]{64}$/;

export const OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** What a caller reports; the chain fields (seq, ts, hashes) are added by appendAudit. */
export interface AuditInput {
  action: string;
  outcome: Outcome;
  actor?: Actor | null;
  resourceType?: string;
  resourceId?: string;
  /** Defaults to the actor's session purpose when left undefined; null records "no purpose". */
  purpose?: string | null;
  legalBasis?: string | null;
  requestId?: string;
  detail?: Record<string, unknown>;
}

/** The hashed fields of one audit row, keyed by column name. */
export interface AuditContent {
  seq: string;
  ts: string;
  actor_id: string | null;
  actor_agency: string | null;
  actor_country: string | null;
  action: string;
  outcome: string;
  resource_type: string | null;
  resource_id: string | null;
  purpose: string | null;
  legal_basis: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
}

/** h_i from h_{i-1} and row i's content. Throws TypeError when `prevHash` is not 64 hex digits. */
export function chainHash(prevHash: string, content: AuditContent): string {
  if (!HASH_RE.test(prevHash)) throw new TypeError('previous hash is not 64 lower-case hex digits');
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(canonicalJson(content), 'utf8').digest('hex');
}

/** Like chainHash, but a row whose fields cannot be hashed (a tampered prev_hash) simply fails to match. */
export function rowHashMatches(prevHash: string, content: AuditContent, hash: string): boolean {
  try {
    return chainHash(prevHash, content) === hash;
  } catch (e) {
    if (e instanceof TypeError || e instanceof CanonicalJsonError) return false;
    throw e;
  }
}

const invalid = (field: string) => new AuditError('validation', 'audit.append.invalid', { field });
const MAX_TEXT = 1000;

function text(field: string, v: string | null | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length > MAX_TEXT || v.includes('\u0000')) throw invalid(field);
  return v;
}

function noNul(v: unknown): boolean {
  if (typeof v === 'string') return !v.includes('\u0000');
  if (Array.isArray(v)) return v.every(noNul);
  if (v && typeof v === 'object') return Object.entries(v).every(([k, x]) => !k.includes('\u0000') && noNul(x));
  return true;
}

/**
 * The detail object as the database will give it back: a JSON round trip (Dates become ISO strings,
 * undefined members disappear), then the jsonb and JCS constraints checked.
 */
export function normaliseDetail(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  if (detail === undefined) return {};
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(detail));
  } catch {
    throw invalid('detail');
  }
  if (!copy || typeof copy !== 'object' || Array.isArray(copy) || !noNul(copy)) throw invalid('detail');
  try {
    canonicalJson(copy);
  } catch {
    throw invalid('detail');
  }
  return copy as Record<string, unknown>;
}

/** ISO timestamp with milliseconds, the form hashed and stored. */
export function auditTimestamp(now: Date): string {
  const year = now.getUTCFullYear();
  if (Number.isNaN(now.getTime()) || year < 1 || year > 9999) throw invalid('ts');
  return now.toISOString();
}

/** Row content for an input, without its seq (known only under the chain lock). */
export function contentOf(input: AuditInput, now: Date): Omit<AuditContent, 'seq'> {
  if (typeof input.action !== 'string' || !input.action || input.action.length > 200) throw invalid('action');
  if (!OUTCOMES.includes(input.outcome)) throw invalid('outcome');
  const actor = input.actor ?? null;
  if (actor && !/^[A-Z]{2}$/.test(actor.country)) throw invalid('actor.country'); // char(2) would pad anything else
  const content = {
    ts: auditTimestamp(now),
    actor_id: text('actor.id', actor?.id),
    actor_agency: text('actor.agencyId', actor?.agencyId),
    actor_country: actor ? actor.country : null,
    action: text('action', input.action) as string,
    outcome: input.outcome,
    resource_type: text('resourceType', input.resourceType),
    resource_id: text('resourceId', input.resourceId),
    purpose: text('purpose', input.purpose !== undefined ? input.purpose : (actor?.purpose ?? null)),
    legal_basis: text('legalBasis', input.legalBasis),
    request_id: text('requestId', input.requestId),
    detail: normaliseDetail(input.detail),
  };
  // Every string also goes through JCS (lone surrogates would not survive UTF-8 storage).
  try {
    canonicalJson(content);
  } catch {
    throw invalid('text');
  }
  return content;
}
