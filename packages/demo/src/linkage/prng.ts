/**
 * Random access to the linkage generator's randomness: every person and every record has its own stream,
 * derived from (seed, stream, index) alone, so the U.S. side, the Mexican side and the truth can each be
 * streamed on their own, in any order, in bounded memory, and still agree.
 */
import { Rng } from '../rng';

/** murmur3's 32-bit finaliser: a bijection of 32-bit words with good avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A key for one named stream of one seed. */
export function streamKey(seed: number, stream: number): number {
  return fmix32((fmix32(seed >>> 0) + Math.imul(stream + 1, 0x9e3779b9)) >>> 0);
}

/**
 * The random stream of item `index` of a stream. For a fixed key the seed word is a bijection of the index
 * (index + key, then fmix32), so two items of one stream never share their numbers.
 */
export function itemRng(key: number, index: number): Rng {
  return new Rng(fmix32((index + key) >>> 0));
}

/**
 * A seeded permutation of [0, n): a four-round Feistel network on the smallest even number of bits that
 * covers n, with cycle walking. `forward` and `inverse` take O(1) memory, so a record's position on one side
 * and the person behind it can be computed from each other without tables.
 */
export class Permutation {
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: number[];
  constructor(readonly n: number, key: number) {
    let bits = 2;
    while (2 ** bits < n) bits += 2;
    this.half = bits / 2;
    this.mask = (1 << this.half) - 1;
    this.keys = [fmix32(key ^ 0x1b873593), fmix32(key ^ 0x27d4eb2f), fmix32(key ^ 0x165667b1), fmix32(key ^ 0x61c88647)];
  }
  private round(r: number, i: number): number {
    return fmix32((r ^ this.keys[i]!) >>> 0) & this.mask;
  }
  private enc(x: number): number {
    let l = Math.floor(x / (this.mask + 1));
    let r = x & this.mask;
    for (let i = 0; i < 4; i++) {
      const t = r;
      r = (l ^ this.round(r, i)) & this.mask;
      l = t;
    }
    return l * (this.mask + 1) + r;
  }
  private dec(x: number): number {
    let l = Math.floor(x / (this.mask + 1));
    let r = x & this.mask;
    for (let i = 3; i >= 0; i--) {
      const t = l;
      l = (r ^ this.round(l, i)) & this.mask;
      r = t;
    }
    return l * (this.mask + 1) + r;
  }
  forward(x: number): number {
    let y = this.enc(x);
    while (y >= this.n) y = this.enc(y);
    return y;
  }
  inverse(y: number): number {
    let x = this.dec(y);
    while (x >= this.n) x = this.dec(x);
    return x;
  }
}
