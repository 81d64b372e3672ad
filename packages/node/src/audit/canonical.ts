/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the byte string the audit chain hashes.
 *
 * The `canonicalize` package implements the scheme (ECMAScript number serialisation, object keys
 * sorted by UTF-16 code units, JSON.stringify string escaping). This wrapper adds the checks JCS
 * requires of its input and which the package leaves out:
 * - RFC 8785 §3.2.2.2: strings with lone surrogates MUST be rejected (they would not survive a
 *   UTF-8 round trip through the database, so a hash over them could never be re-verified);
 * - I-JSON (RFC 7493, which JCS builds on): no NaN/Infinity, no values JSON cannot express
 *   (bigint, functions, symbols, undefined at the top level).
 * Objects with `toJSON` (Date) are serialised as JSON.stringify would, as the package does.
 */
import canonicalize from 'canonicalize';

const LONE_SURROGATE = /\p{Surrogate}/u; // with the u flag only unpaired halves match

export class CanonicalJsonError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`not canonicalisable JSON at ${path || '$'}: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

function check(v: unknown, path: string, seen: Set<object>): void {
  switch (typeof v) {
    case 'string':
      if (LONE_SURROGATE.test(v)) throw new CanonicalJsonError(path, 'lone surrogate in string');
      return;
    case 'number':
      if (!Number.isFinite(v)) throw new CanonicalJsonError(path, `${v} is not a JSON number`);
      return;
    case 'boolean':
      return;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      throw new CanonicalJsonError(path, `${typeof v} is not a JSON value`);
    case 'object': {
      if (v === null) return;
      if (seen.has(v)) throw new CanonicalJsonError(path, 'cyclic structure');
      const withToJson = v as { toJSON?: unknown };
      if (typeof withToJson.toJSON === 'function') {
        check((withToJson.toJSON as () => unknown)(), path, seen);
        return;
      }
      seen.add(v);
      if (Array.isArray(v)) {
        // JSON.stringify turns undefined/functions in arrays into null; the package does the same
        // for undefined. Refuse both: an audit detail should say what it means.
        v.forEach((x, i) => check(x, `${path}[${i}]`, seen));
      } else {
        for (const [k, x] of Object.entries(v)) {
          if (LONE_SURROGATE.test(k)) throw new CanonicalJsonError(path, 'lone surrogate in key');
          if (x === undefined) continue; // dropped, as JSON.stringify drops it
          check(x, `${path}.${k}`, seen);
        }
      }
      seen.delete(v);
      return;
    }
  }
}

/** RFC 8785 canonical JSON text of `v`. Throws CanonicalJsonError for input JCS does not accept. */
export function canonicalJson(v: unknown): string {
  check(v, '', new Set());
  const text = canonicalize(v);
  if (text === undefined) throw new CanonicalJsonError('', 'no JSON text');
  return text;
}
