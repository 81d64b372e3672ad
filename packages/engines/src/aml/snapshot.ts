/**
 * Binary snapshots of the incremental scoring state (features.ts, neighbours.ts, detectors.ts), so a node scores a
 * new day of transactions from the state it kept after the previous day instead of recomputing history. Layout:
 * 'PAML', a format version, the length of a JSON header (meta and the list of arrays with their type and length),
 * the header, then each array's bytes at an 8-byte boundary. Restoring copies nothing but the header parse.
 */
export type StateArray = Float64Array<ArrayBuffer> | Float32Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;
export interface PackedState { meta: Record<string, unknown>; arrays: Record<string, StateArray> }

const MAGIC = 0x4c4d4150; // 'PAML' little-endian
const VERSION = 1;
const KINDS = { f64: Float64Array, f32: Float32Array, i32: Int32Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS;
const kindOf = (a: StateArray): Kind => (a instanceof Float64Array ? 'f64' : a instanceof Float32Array ? 'f32' : a instanceof Int32Array ? 'i32' : 'u8');
const pad8 = (n: number) => (n + 7) & ~7;

export function packState(p: PackedState): Uint8Array {
  const list = Object.entries(p.arrays).map(([name, a]) => ({ name, kind: kindOf(a), length: a.length }));
  const head = new TextEncoder().encode(JSON.stringify({ meta: p.meta, arrays: list }));
  let size = pad8(12 + head.length);
  for (const [, a] of Object.entries(p.arrays)) size += pad8(a.byteLength);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true); dv.setUint32(4, VERSION, true); dv.setUint32(8, head.length, true);
  out.set(head, 12);
  let off = pad8(12 + head.length);
  for (const [, a] of Object.entries(p.arrays)) { out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off); off += pad8(a.byteLength); }
  return out;
}

export function unpackState(bytes: Uint8Array): PackedState {
  const buf = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < 12 || dv.getUint32(0, true) !== MAGIC || dv.getUint32(4, true) !== VERSION) throw new Error('not a Puente AML scoring-state snapshot');
  const hl = dv.getUint32(8, true);
  const head = JSON.parse(new TextDecoder().decode(buf.subarray(12, 12 + hl))) as { meta: Record<string, unknown>; arrays: Array<{ name: string; kind: Kind; length: number }> };
  let off = buf.byteOffset + pad8(12 + hl);
  const arrays: Record<string, StateArray> = {};
  for (const a of head.arrays) {
    const C = KINDS[a.kind];
    arrays[a.name] = new C(buf.buffer.slice(off, off + a.length * C.BYTES_PER_ELEMENT) as ArrayBuffer);
    off += pad8(a.length * C.BYTES_PER_ELEMENT);
  }
  return { meta: head.meta, arrays };
}
