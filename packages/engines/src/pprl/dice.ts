/**
 * Dice coefficient of bit vectors: 2·|a ∧ b| / (|a| + |b|). The scalar version counts bits with the SWAR
 * popcount on 32-bit words; the scan used for matching is a small WebAssembly function (built below from its
 * opcodes, no toolchain needed) that uses the CPU's 64-bit popcount over one left filter and a run of right
 * filters, unrolled for the filter length, and returns the indices whose Dice reaches the threshold.
 */

/** Bits set in a 32-bit word (Hacker's Delight 5-2). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function words(a: Uint8Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.byteLength >>> 2);
}

export function popcount(a: Uint8Array): number {
  const w = words(a);
  let c = 0;
  for (let i = 0; i < w.length; i++) c += popcount32(w[i]);
  return c;
}

/** Dice coefficient of two equal-length filters; 0 when both are empty. */
export function dice(a: Uint8Array, b: Uint8Array): number {
  if (a.byteLength !== b.byteLength) throw new Error('filters of different lengths');
  const wa = words(a), wb = words(b);
  let both = 0, na = 0, nb = 0;
  for (let i = 0; i < wa.length; i++) {
    both += popcount32(wa[i] & wb[i]);
    na += popcount32(wa[i]);
    nb += popcount32(wb[i]);
  }
  return na + nb === 0 ? 0 : (2 * both) / (na + nb);
}

// ---- WebAssembly scanner --------------------------------------------------------------------------------------

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
const vec = (items: number[][]) => [...leb(items.length), ...items.flat()];
const str = (s: string) => [...leb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/**
 * (func $scan (param $a i32) (param $pa i32) (param $b i32) (param $pops i32) (param $n i32) (param $t f64)
 *             (param $out i32) (result i32)
 *   for j in 0..n: c = Σ_w popcnt(a[w] & b[w]); if 2c ≥ t·(pa + pops[j]) then out[found++] = j; b += bytes
 *   return found)
 */
function scannerModule(nWords64: number): Uint8Array {
  const [A, PA, B, POPS, N, T, OUT, J, C, FOUND] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const I32 = 0x7f, I64 = 0x7e, F64 = 0x7c;
  const get = (l: number) => [0x20, l], set = (l: number) => [0x21, l];
  const i32c = (v: number) => [0x41, ...sleb(v)];
  const body: number[] = [];
  body.push(0x02, 0x40, 0x03, 0x40); // block loop
  body.push(...get(J), ...get(N), 0x4f, 0x0d, 1); // j >= n → br_if 1
  for (let w = 0; w < nWords64; w++) {
    body.push(...get(A), 0x29, 3, ...leb(8 * w), ...get(B), 0x29, 3, ...leb(8 * w), 0x83, 0x7b);
    if (w) body.push(0x7c);
  }
  body.push(...set(C));
  body.push(...get(C), 0x42, 1, 0x86, 0xba); // f64(c << 1)
  body.push(...get(T), ...get(PA), ...get(POPS), ...get(J), ...i32c(2), 0x74, 0x6a, 0x28, 2, 0, 0x6a, 0xb8, 0xa2, 0x66);
  body.push(0x04, 0x40, ...get(OUT), ...get(FOUND), ...i32c(2), 0x74, 0x6a, ...get(J), 0x36, 2, 0,
    ...get(FOUND), ...i32c(1), 0x6a, ...set(FOUND), 0x0b);
  body.push(...get(B), ...i32c(8 * nWords64), 0x6a, ...set(B));
  body.push(...get(J), ...i32c(1), 0x6a, ...set(J));
  body.push(0x0c, 0, 0x0b, 0x0b); // br 0, end loop, end block
  body.push(...get(FOUND), 0x0b);
  const locals = vec([[1, I32], [1, I64], [1, I32]]);
  const func = [...locals, ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [F64], [I32]]), ...vec([[I32]])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([[...str('mem'), 0x02, 0], [...str('scan'), 0x00, 0]])),
    ...section(10, vec([[...leb(func.length), ...func]])),
  ]);
}
function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

type ScanFn = (a: number, pa: number, b: number, pops: number, n: number, t: number, out: number) => number;

/**
 * Right-hand filters held in WebAssembly memory, sorted by popcount so that the length filter
 * (Dice ≥ t ⇒ t/(2−t)·|a| ≤ |b| ≤ (2−t)/t·|a|) selects one contiguous run per left filter.
 */
export class DiceScanner {
  private readonly mem: WebAssembly.Memory;
  private readonly scan: ScanFn;
  private readonly bytes: number;
  readonly order: Int32Array;
  readonly pops: Int32Array;
  private readonly offA: number;
  private readonly offB: number;
  private readonly offPops: number;
  private readonly offOut: number;
  comparisons = 0;

  constructor(right: Uint8Array[], bytes: number) {
    if (bytes % 8 !== 0) throw new Error('filter length must be a multiple of 64 bits');
    this.bytes = bytes;
    const n = right.length;
    const pops = right.map(popcount);
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => pops[x] - pops[y]);
    this.order = order;
    this.pops = Int32Array.from(order, (i) => pops[i]);
    this.offA = 0;
    this.offB = bytes;
    this.offPops = this.offB + n * bytes;
    this.offOut = this.offPops + 4 * n;
    const need = this.offOut + 4 * n + 16;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(scannerModule(bytes / 8) as Uint8Array<ArrayBuffer>));
    this.mem = instance.exports.mem as WebAssembly.Memory;
    const pages = Math.ceil(need / 65536);
    if (pages > 1) this.mem.grow(pages - 1);
    this.scan = instance.exports.scan as ScanFn;
    const m = new Uint8Array(this.mem.buffer);
    for (let j = 0; j < n; j++) {
      const r = right[order[j]];
      if (r.byteLength !== bytes) throw new Error('filters of different lengths');
      m.set(r, this.offB + j * bytes);
    }
    new Int32Array(this.mem.buffer, this.offPops, n).set(this.pops);
  }

  /** First index (in popcount order) whose popcount is ≥ p. */
  private lower(p: number): number {
    let lo = 0, hi = this.pops.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (this.pops[mid] < p) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /** Raw scan of right filters lo..hi (popcount order) without the length filter; returns how many reach t. */
  scanRange(a: Uint8Array, t: number, lo = 0, hi = this.pops.length): number {
    new Uint8Array(this.mem.buffer).set(a, this.offA);
    this.comparisons += hi - lo;
    return this.scan(this.offA, popcount(a), this.offB + lo * this.bytes, this.offPops + 4 * lo, hi - lo, t, this.offOut);
  }

  /**
   * Calls back with (original right index, Dice) for every right filter with Dice ≥ t against `a`
   * (t > 0; scores are recomputed exactly in double precision).
   */
  query(a: Uint8Array, t: number, hit: (right: number, score: number) => void): void {
    const pa = popcount(a);
    const lo = t > 0 ? this.lower(Math.ceil((t / (2 - t)) * pa - 1e-9)) : 0;
    const hi = t > 0 ? this.lower(Math.floor(((2 - t) / t) * pa + 1e-9) + 1) : this.pops.length;
    if (hi <= lo) return;
    new Uint8Array(this.mem.buffer).set(a, this.offA);
    const found = this.scan(this.offA, pa, this.offB + lo * this.bytes, this.offPops + 4 * lo, hi - lo, t - 1e-9, this.offOut);
    this.comparisons += hi - lo;
    if (!found) return;
    const out = new Int32Array(this.mem.buffer, this.offOut, found);
    const m = new Uint8Array(this.mem.buffer);
    for (let f = 0; f < found; f++) {
      const j = lo + out[f];
      const s = dice(a, m.subarray(this.offB + j * this.bytes, this.offB + (j + 1) * this.bytes));
      if (s >= t) hit(this.order[j], s);
    }
  }
}
