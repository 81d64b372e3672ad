import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { generateEntities, generateWorld, streamEntities, Rng, referencesOf } from '../src/index';
import { defaultWorld, ftmText } from './helpers/world';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

test('the same seed gives byte-identical FtM output; a different seed gives a different world', async () => {
  const a = await ftmText(defaultWorld());
  const b = await ftmText(generateWorld());
  assert.equal(sha(a), sha(b));
  const c = await ftmText(generateWorld({ seed: 1 }));
  assert.notEqual(sha(a), sha(c));
  assert.equal(a.split('\n').length - 1, defaultWorld().entities.length);
});

test('property: for any seed, generation is deterministic and seeds are told apart', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 60 }), (seed, people) => {
      const opts = { seed, people, companies: Math.ceil(people / 3) };
      const x = JSON.stringify(generateWorld(opts).entities);
      assert.equal(JSON.stringify(generateWorld(opts).entities), x);
      assert.notEqual(JSON.stringify(generateWorld({ ...opts, seed: (seed + 1) >>> 0 }).entities), x);
    }),
    { numRuns: 25 },
  );
});

test('the PRNG is reproducible, forks are independent of draws, and floats stay in [0, 1)', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const seqA = Array.from({ length: 100 }, () => a.u32());
  assert.deepEqual(Array.from({ length: 100 }, () => b.u32()), seqA);
  // A fork depends on (seed, label) only, not on how much the parent has drawn.
  assert.deepEqual(new Rng(42).fork('x').u32(), a.fork('x').u32());
  assert.notEqual(new Rng(42).fork('x').u32(), new Rng(42).fork('y').u32());
  fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
    const r = new Rng(seed);
    for (let i = 0; i < 200; i++) {
      const f = r.float();
      assert.ok(f >= 0 && f < 1);
      const n = r.int(-3, 7);
      assert.ok(Number.isInteger(n) && n >= -3 && n <= 7);
    }
  }), { numRuns: 50 });
  // Rough uniformity: 10 buckets of 20,000 draws each stay within 10 % of the mean.
  const buckets = new Array(10).fill(0);
  const r = new Rng(7);
  for (let i = 0; i < 200_000; i++) buckets[Math.floor(r.float() * 10)]++;
  for (const count of buckets) assert.ok(Math.abs(count - 20_000) < 2_000, `bucket ${count}`);
});

test('generateEntities gives exactly n entities, none pointing outside the set, deterministically', () => {
  for (const n of [0, 1, 7, 1234]) {
    const list = generateEntities(n, 99);
    assert.equal(list.length, n);
    const ids = new Set(list.map((e) => e.id));
    assert.equal(ids.size, n, 'ids are unique');
    for (const e of list) for (const r of referencesOf(e)) assert.ok(ids.has(r), `${e.id} → ${r} outside the first ${n}`);
  }
  assert.equal(JSON.stringify(generateEntities(500, 5)), JSON.stringify(generateEntities(500, 5)));
});

test('every prefix of the entity stream is closed (an entity follows what it references)', () => {
  const seen = new Set<string>();
  for (const e of streamEntities({ seed: 3, people: 300, companies: 90 })) {
    for (const r of referencesOf(e)) assert.ok(seen.has(r), `${e.id} references ${r} before it was emitted`);
    seen.add(e.id);
  }
});

test('options are validated', () => {
  assert.throws(() => generateWorld({ people: -1 }), RangeError);
  assert.throws(() => generateWorld({ companies: 1.5 }), RangeError);
  assert.throws(() => generateWorld({ now: 'yesterday' }), RangeError);
  assert.throws(() => generateWorld({ layers: ['no-such-layer'] }), RangeError);
  assert.throws(() => generateEntities(-5), RangeError);
});
