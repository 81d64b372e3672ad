/**
 * Properties of the screening engine, checked on generated names (fast-check): scores stay in [0, 1], the
 * explanation always adds up to the score, folding is idempotent, accents and letter case never change a score,
 * word similarity is symmetric, and the index returns sorted hits above the threshold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ScreeningIndex, compareNames, scoreNames, pairSimilarity, parseName, foldText, wordSimilarity, phoneticKey,
  type ListEntry, type NameKind,
} from '../src/screening/index';

const WORDS = ['jose', 'maria', 'guadalupe', 'luis', 'gonzalez', 'hernandez', 'de', 'la', 'del', 'y', 'ceballos',
  'serrano', 'evaristo', 'perez', 'lic', 'don', 'sa', 'cv', 'grupo', 'el', 'zarco', 'juan', 'carlos', 'a', 'j', 'o',
  'vladimirovich', 'smith', 'john', 'garcia', 'garsia', 'llamas', 'yamas', 'ximenez', 'jimenez', 'pepe', '44'];
const word = fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[a-zñáéíóú]{1,9}$/));
const name = fc.array(word, { minLength: 1, maxLength: 6 }).chain((ws) =>
  fc.constantFrom(ws.join(' '), `${ws.slice(0, 2).join(' ').toUpperCase()}, ${ws.slice(2).join(' ')}`, ws.map((w, i) => (i % 2 ? w.toUpperCase() : w)).join(' ')));
const kind = fc.constantFrom<NameKind>('person', 'org', 'any', 'weak', 'object');

function compare(a: string, b: string, kb: NameKind, ka: NameKind = 'any') {
  const q = parseName(a, ka);
  const c = parseName(b, kb);
  return { q, c, cmp: compareNames(q, c, pairSimilarity(q, c)), fast: scoreNames(q, c, pairSimilarity(q, c)) };
}

test('scores are in [0, 1] and the fast path equals the explained one', () => {
  fc.assert(fc.property(name, name, kind, kind, (a, b, ka, kb) => {
    const { cmp, fast } = compare(a, b, kb, ka);
    assert.ok(cmp.score >= 0 && cmp.score <= 1, String(cmp.score));
    assert.equal(fast, cmp.score);
  }), { numRuns: 600 });
});

test('the explanation adds up: score = Σ w·sim / (Σ w + Σ unmatched w·cost) unless a shortcut decided', () => {
  fc.assert(fc.property(name, name, kind, (a, b, kb) => {
    const { cmp } = compare(a, b, kb);
    if (cmp.shortcut) return;
    const num = cmp.pairs.reduce((s, p) => s + p.weight * p.sim, 0);
    const den = cmp.pairs.reduce((s, p) => s + p.weight, 0) + cmp.unmatched.reduce((s, u) => s + u.weight * u.cost, 0);
    assert.ok(Math.abs(num - cmp.num) < 1e-9 && Math.abs(den - cmp.den) < 1e-9);
    assert.ok(Math.abs((den > 0 ? num / den : 0) - cmp.score) < 1e-9);
  }), { numRuns: 600 });
});

test('a name compared with itself scores 1', () => {
  fc.assert(fc.property(name, kind, (a, k) => {
    if (!parseName(a, k).parts.length) return;
    assert.equal(compare(a, a, k, k).cmp.score, 1);
  }), { numRuns: 300 });
});

test('folding is idempotent and never yields accents, capitals or punctuation in Latin text', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
    const f = foldText(s);
    assert.equal(foldText(f), f);
    assert.doesNotMatch(f, /[A-ZÁÉÍÓÚÑáéíóúñ.,;'"]/);
  }), { numRuns: 500 });
});

const ACCENT: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', n: 'ñ' };
test('accents and letter case of the query never change a score', () => {
  fc.assert(fc.property(name, name, kind, fc.boolean(), (a, b, kb, upper) => {
    const accented = a.replace(/[aeioun]/g, (c) => ACCENT[c]);
    const variant = upper ? accented.toUpperCase() : accented.toLowerCase();
    assert.equal(compare(variant, b, kb).cmp.score, compare(a, b, kb).cmp.score);
  }), { numRuns: 400 });
});

test('word similarity is symmetric and in [0, 1]', () => {
  fc.assert(fc.property(word, word, (a, b) => {
    const x = foldText(a) || 'x';
    const y = foldText(b) || 'y';
    const s1 = wordSimilarity(x, y, phoneticKey(x), phoneticKey(y));
    const s2 = wordSimilarity(y, x, phoneticKey(y), phoneticKey(x));
    assert.equal(s1.sim, s2.sim);
    assert.ok(s1.sim >= 0 && s1.sim <= 1);
  }), { numRuns: 1000 });
});

test('the index returns at most top hits, all above the threshold, best first', () => {
  const entries: ListEntry[] = WORDS.slice(0, 20).map((w, i) => ({
    id: String(i), schema: i % 3 ? 'Person' : 'Organization', caption: w,
    names: [{ text: `${w} ${WORDS[(i * 7) % WORDS.length]}`, kind: 'primary' }, { text: WORDS[(i * 3) % WORDS.length], kind: 'weak' }],
  }));
  const index = ScreeningIndex.build(entries);
  fc.assert(fc.property(name, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 5 }), (q, threshold, top) => {
    const hits = index.screen({ name: q }, { threshold, top });
    assert.ok(hits.length <= top);
    for (let i = 0; i < hits.length; i++) {
      assert.ok(hits[i].score >= threshold && hits[i].score <= 1);
      if (i) assert.ok(hits[i - 1].score >= hits[i].score);
    }
  }), { numRuns: 300 });
});
