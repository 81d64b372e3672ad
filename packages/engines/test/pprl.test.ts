/**
 * PPRL engine: CLK encodings (normalisation, keyed hashing, XOR folding), the WebAssembly Dice scanner against a
 * naive computation, matching, greedy one-to-one, the worker pool, and the frequency attacks.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ClkEncoder, DEFAULT_CLK_SCHEMA, DEFAULT_PPRL_THRESHOLD, DiceScanner, dice, encodeRecords, frequentEncodingAttack,
  greedyOneToOne, keyCheck, lshCandidates, matchClks, matchClksParallel, normaliseDate, normaliseText, patternMiningAttack,
  popcount, qgrams, schemaMismatch, type ClkSchema,
} from '../src/pprl/index';
import type { LinkRecord } from '../src/linkage/record';
import { LEFT, RIGHT } from './fixtures/pprl/people';

const SECRET = new TextEncoder().encode('test secret: 0123456789abcdef');
const OTHER = new TextEncoder().encode('another secret: fedcba9876543210');

/** Deterministic PRNG (mulberry32) for property tests. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32; };
}
function randomFilter(r: () => number, bytes: number, density: number): Uint8Array {
  const a = new Uint8Array(bytes);
  for (let i = 0; i < bytes * 8; i++) if (r() < density) a[i >>> 3] |= 1 << (i & 7);
  return a;
}
function naiveDice(a: Uint8Array, b: Uint8Array): number {
  let both = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length * 8; i++) {
    const x = (a[i >>> 3] >> (i & 7)) & 1, y = (b[i >>> 3] >> (i & 7)) & 1;
    both += x & y; na += x; nb += y;
  }
  return na + nb ? (2 * both) / (na + nb) : 0;
}

describe('normalisation', () => {
  test('accents, ñ, case and punctuation folded; dates as YYYYMMDD digits', () => {
    assert.equal(normaliseText('  Núñez-Peña, José '), 'nunezpenajose');
    assert.equal(normaliseText('MÜLLER'), 'muller');
    assert.equal(normaliseDate('1978-03-12'), '19780312');
    assert.equal(normaliseDate('19780312'), '19780312');
    assert.equal(normaliseDate('12/03/1978'), '19780312');
    assert.equal(normaliseDate('2/3/1978'), '19780302');
    assert.deepEqual(qgrams('ana', 2), ['_a', 'an', 'na', 'a_']);
    assert.deepEqual(qgrams('', 2), []);
  });
});

describe('CLK encoding', () => {
  test('1,024 bits; same secret → same encoding; spelling variants that normalise alike → same encoding', () => {
    const [a] = encodeRecords([LEFT[0]], SECRET);
    const [b] = encodeRecords([LEFT[0]], SECRET);
    assert.equal(a.clk.byteLength, 128);
    assert.deepEqual(a.clk, b.clk);
    const [c] = encodeRecords([{ id: 'x', values: { ...LEFT[0].values, given_name: 'JOSE LUIS', surname: 'Gonzalez' } }], SECRET);
    assert.deepEqual(c.clk, a.clk);
  });

  test('different secret → unrelated encoding (Dice near that of random filters)', () => {
    const a = encodeRecords(LEFT, SECRET), b = encodeRecords(LEFT, OTHER);
    for (let i = 0; i < LEFT.length; i++) {
      const fill = (popcount(a[i].clk) + popcount(b[i].clk)) / 2 / 1024;
      assert.ok(dice(a[i].clk, b[i].clk) < fill + 0.15, `record ${i}: ${dice(a[i].clk, b[i].clk)} vs fill ${fill}`);
    }
    assert.notEqual(keyCheck(SECRET), keyCheck(OTHER));
    assert.match(keyCheck(SECRET), /^[0-9a-f]{16}$/);
  });

  test('the same person spelt differently scores high, other people low', () => {
    const a = encodeRecords(LEFT, SECRET), b = encodeRecords(RIGHT, SECRET);
    assert.ok(dice(a[0].clk, b[0].clk) > 0.95);
    assert.ok(dice(a[1].clk, b[1].clk) > 0.95);
    assert.ok(dice(a[3].clk, b[3].clk) > 0.95);
    assert.ok(dice(a[2].clk, b[2].clk) < DEFAULT_PPRL_THRESHOLD);
    assert.ok(dice(a[0].clk, b[1].clk) < 0.5);
  });

  test('a day/month swap keeps most of the date; an empty record is all zeros', () => {
    const base = { given_name: 'Juan', surname: 'Pérez', date_of_birth: '1980-05-09' };
    const [x, y] = encodeRecords([{ id: 'x', values: base }, { id: 'y', values: { ...base, date_of_birth: '1980-09-05' } }], SECRET);
    assert.ok(dice(x.clk, y.clk) > 0.75);
    const [e] = encodeRecords([{ id: 'e', values: {} }], SECRET);
    assert.equal(popcount(e.clk), 0);
  });

  test('XOR folding changes the bit-frequency profile of a population', () => {
    const r = rng(3);
    const names = ['maria', 'jose', 'juan', 'guadalupe', 'luis', 'ana'];
    const pop: LinkRecord[] = Array.from({ length: 600 }, (_, i) => ({ id: String(i), values: { given_name: names[Math.floor(r() ** 2 * names.length)], date_of_birth: `19${50 + Math.floor(r() * 50)}0101` } }));
    const profile = (schema: ClkSchema) => {
      const f = new Float64Array(1024);
      for (const e of encodeRecords(pop, SECRET, schema)) for (let p = 0; p < 1024; p++) f[p] += (e.clk[p >>> 3] >> (p & 7)) & 1;
      return Array.from(f, (v) => v / pop.length);
    };
    const plain = profile({ ...DEFAULT_CLK_SCHEMA, hardening: { xorFold: false, saltedFields: [] } });
    const folded = profile(DEFAULT_CLK_SCHEMA);
    // Unhardened: the positions of the most frequent bigrams are set in (almost) every record, the rest never;
    // folded: those always-set positions are XORed with others and no longer stand out as fully set.
    const always = (f: number[]) => f.filter((v) => v > 0.99).length;
    assert.ok(always(plain) > 20, `plain always-set ${always(plain)}`);
    assert.ok(always(folded) < always(plain) / 2, `folded ${always(folded)} vs plain ${always(plain)}`);
  });

  test('schema mismatch is reported', () => {
    assert.deepEqual(schemaMismatch(DEFAULT_CLK_SCHEMA, DEFAULT_CLK_SCHEMA), []);
    assert.ok(schemaMismatch(DEFAULT_CLK_SCHEMA, { ...DEFAULT_CLK_SCHEMA, bits: 2048 }).length);
    assert.ok(schemaMismatch(DEFAULT_CLK_SCHEMA, { ...DEFAULT_CLK_SCHEMA, hardening: { xorFold: false, saltedFields: [] } }).length);
  });

  test('salting by birth year: same name, other year → different bits', () => {
    const schema: ClkSchema = { ...DEFAULT_CLK_SCHEMA, fields: [{ field: 'given_name', kind: 'name', k: 15 }], hardening: { xorFold: false, saltedFields: ['given_name'] } };
    const enc = new ClkEncoder(SECRET, schema);
    const a = enc.encode({ id: 'a', values: { given_name: 'Maria', date_of_birth: '1970-01-01' } });
    const b = enc.encode({ id: 'b', values: { given_name: 'Maria', date_of_birth: '1970-06-06' } });
    const c = enc.encode({ id: 'c', values: { given_name: 'Maria', date_of_birth: '1971-01-01' } });
    assert.deepEqual(a.clk, b.clk);
    assert.ok(dice(a.clk, c.clk) < 0.3);
  });
});

describe('Dice', () => {
  test('property: scalar and WebAssembly Dice equal a naive bit-by-bit computation', () => {
    const r = rng(42);
    for (const bytes of [8, 128, 256]) {
      const right = Array.from({ length: 60 }, () => randomFilter(r, bytes, r()));
      right.push(new Uint8Array(bytes));
      const scanner = new DiceScanner(right, bytes);
      for (let q = 0; q < 20; q++) {
        const a = randomFilter(r, bytes, r());
        const t = 0.05 + r() * 0.9;
        const got = new Map<number, number>();
        scanner.query(a, t, (j, s) => got.set(j, s));
        right.forEach((b, j) => {
          const d = naiveDice(a, b);
          assert.equal(dice(a, b), d);
          assert.equal(got.has(j), d >= t, `bytes ${bytes} j ${j} d ${d} t ${t}`);
          if (got.has(j)) assert.equal(got.get(j), d);
        });
      }
    }
  });

  test('property: Dice is symmetric, in [0, 1], 1 on itself', () => {
    const r = rng(7);
    for (let i = 0; i < 100; i++) {
      const a = randomFilter(r, 128, r()), b = randomFilter(r, 128, r());
      const d = dice(a, b);
      assert.equal(d, dice(b, a));
      assert.ok(d >= 0 && d <= 1);
      if (popcount(a)) assert.equal(dice(a, a), 1);
    }
  });
});

describe('matching', () => {
  test('pairs at or above the threshold, without the secret; greedy one-to-one', () => {
    const a = encodeRecords(LEFT, SECRET), b = encodeRecords(RIGHT, SECRET);
    const pairs = matchClks(a, b);
    const keys = pairs.map((p) => `${p.left}-${p.right}`).sort();
    assert.deepEqual(keys, ['a1-b1', 'a2-b2', 'a4-b4']);
    for (const p of pairs) assert.equal(p.score, dice(a.find((x) => x.id === p.left)!.clk, b.find((x) => x.id === p.right)!.clk));
    const low = matchClks(a, b, { threshold: 0.05 });
    const one = greedyOneToOne(low);
    assert.equal(new Set(one.map((p) => p.left)).size, one.length);
    assert.equal(new Set(one.map((p) => p.right)).size, one.length);
    assert.ok(one.some((p) => p.left === 'a1' && p.right === 'b1'));
    assert.throws(() => matchClks(a, b, { threshold: 0 }));
  });

  test('property: matchClks equals brute force on random filters; LSH candidates ⊆ all pairs', () => {
    const r = rng(11);
    const mk = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ id: `${tag}${i}`, clk: randomFilter(r, 128, 0.2 + r() * 0.4) }));
    const L = mk(40, 'l'), R = mk(50, 'r');
    R.push({ id: 'copy', clk: L[3].clk.slice() });
    const t = 0.4;
    const got = new Set(matchClks(L, R, { threshold: t }).map((p) => `${p.left}|${p.right}`));
    const want = new Set<string>();
    for (const l of L) for (const x of R) if (naiveDice(l.clk, x.clk) >= t) want.add(`${l.id}|${x.id}`);
    assert.deepEqual([...got].sort(), [...want].sort());
    const cands = lshCandidates(L.map((x) => x.clk), R.map((x) => x.clk), 8, 8);
    assert.ok(cands[3].includes(R.length - 1), 'an identical filter is always an LSH candidate');
    const lsh = matchClks(L, R, { threshold: t, blocking: 'lsh', lshBands: 8, lshBits: 8 });
    for (const p of lsh) assert.ok(want.has(`${p.left}|${p.right}`));
  });

  test('worker threads give the same pairs as one thread', async () => {
    const r = rng(5);
    const mk = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ id: `${tag}${i}`, clk: randomFilter(r, 128, 0.3) }));
    const L = mk(600, 'l'), R = mk(300, 'r');
    const one = matchClks(L, R, { threshold: 0.35 });
    const many = await matchClksParallel(L, R, { threshold: 0.35, workers: 2 });
    const key = (ps: typeof one) => ps.map((p) => `${p.left}|${p.right}|${p.score}`).sort();
    assert.deepEqual(key(many), key(one));
  });
});

describe('frequency attacks', () => {
  const r = rng(9);
  const names = ['maria', 'jose', 'juan', 'guadalupe', 'luis', 'ana', 'carlos', 'rosa', 'pedro', 'elena'];
  const draw = (n: number): LinkRecord[] => Array.from({ length: n }, (_, i) => {
    const g = names[Math.min(names.length - 1, Math.floor(-Math.log(1 - r()) * 2.5))];
    return { id: String(i), values: { given_name: g, date_of_birth: `19${40 + Math.floor(r() * 60)}0${1 + Math.floor(r() * 9)}1${Math.floor(r() * 9)}` } };
  });
  const pop = draw(1500), ref = draw(1500);
  const nameOnly = (hardened: boolean): ClkSchema => ({ ...DEFAULT_CLK_SCHEMA, fields: [{ field: 'given_name', kind: 'name', k: 15 }], hardening: { xorFold: hardened, saltedFields: hardened ? ['given_name'] : [] } });

  test('frequent-encoding alignment recovers names from unhardened field-level filters, not from hardened ones', () => {
    const plain = encodeRecords(pop, SECRET, nameOnly(false)).map((e) => e.clk);
    const hard = encodeRecords(pop, SECRET, nameOnly(true)).map((e) => e.clk);
    const a = frequentEncodingAttack(plain, pop, ref, nameOnly(false), { top: 10 });
    const b = frequentEncodingAttack(hard, pop, ref, nameOnly(true), { top: 10 });
    assert.ok(a.recovered >= 0.5, `unhardened ${a.recovered}`);
    assert.ok(b.recovered <= 0.1, `hardened ${b.recovered}`);
  });

  test('pattern mining runs and reports a share in [0, 1]', () => {
    const enc = encodeRecords(pop.slice(0, 400), SECRET).map((e) => e.clk);
    const res = patternMiningAttack(enc, pop.slice(0, 400), ref, DEFAULT_CLK_SCHEMA, { top: 10 });
    assert.ok(res.recovered >= 0 && res.recovered <= 1);
    assert.equal(res.attack, 'pattern-mining');
  });
});
