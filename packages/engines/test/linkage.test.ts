/**
 * Fellegi–Sunter linkage engine: string tools, comparison levels for Mexican and U.S. names and dates, EM
 * recovering known m and λ, weights that add up to the score, blocking that keeps true pairs, clusterPairs
 * honouring cannot-links (property test).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fold, jaroWinkler, osa, soundex } from '../src/linkage/text';
import { COMPARISONS, prepare, parseDob, sameState } from '../src/linkage/compare';
import { Patterns, rng, runEm } from '../src/linkage/model';
import { clusterPairs, dedupeRecords, explainPair, fitModel, linkRecords, type LinkRecord } from '../src/linkage/index';

const rec = (id: string, values: LinkRecord['values']): LinkRecord => ({ id, values });
const level = (name: string, a: LinkRecord['values'], b: LinkRecord['values']) => {
  const c = COMPARISONS.find((x) => x.name === name)!;
  return c.levels[c.compare(prepare(rec('a', a)), prepare(rec('b', b)))];
};

test('text tools: folding, Soundex, Jaro–Winkler, OSA', () => {
  assert.equal(fold('  José LUIS  Núñez-Peña '), 'jose luis nunez pena');
  assert.equal(soundex('robert'), 'R163');
  assert.equal(soundex('rupert'), 'R163');
  assert.equal(soundex('gonzalez'), 'G524');
  assert.ok(Math.abs(jaroWinkler('martha', 'marhta') - 0.9611) < 1e-4);
  assert.ok(Math.abs(jaroWinkler('dixon', 'dicksonx') - 0.8133) < 1e-4);
  assert.equal(jaroWinkler('', 'a'), 0);
  assert.equal(osa('19800102', '19800120'), 1);
  assert.equal(osa('abc', 'xyz', 1), 2);
  assert.ok(sameState('tx', 'texas') && sameState('cdmx', 'ciudad de mexico') && !sameState('tx', 'tamaulipas'));
});

test('comparison levels understand Mexican and U.S. naming', () => {
  assert.equal(level('given_name', { given_name: 'Jose' }, { given_name: 'José Luis' }), 'first_token');
  assert.equal(level('given_name', { given_name: 'JOSÉ' }, { given_name: 'jose' }), 'exact');
  for (const [n, f] of [['Pepe', 'José'], ['Paco', 'Francisco'], ['Lupe', 'Guadalupe'], ['Chuy', 'Jesús'], ['Memo', 'Guillermo'], ['Beto', 'Roberto'], ['Beto', 'Alberto'], ['Nacho', 'Ignacio'], ['Kike', 'Enrique'], ['Bill', 'William']]) {
    assert.equal(level('given_name', { given_name: n }, { given_name: f }), 'nickname', `${n}/${f}`);
  }
  assert.equal(level('given_name', { given_name: 'Gonzalez', surname: 'Jose' }, { given_name: 'Jose', surname: 'Gonzalez' }), 'surname_swapped');
  assert.equal(level('given_name', { given_name: 'Jose' }, { given_name: 'Juan Carlos' }), 'different');
  assert.equal(level('surname', { surname: 'Gonzalez' }, { surname: 'González', second_surname: 'Hernández' }), 'paternal');
  assert.equal(level('surname', { surname: 'Gonzalez-Hernandez' }, { surname: 'González', second_surname: 'Hernández' }), 'exact');
  assert.equal(level('surname', { surname: 'Hernandez Gonzalez' }, { surname: 'González', second_surname: 'Hernández' }), 'exact');
  assert.equal(level('surname', { given_name: 'Carmen Garcia', surname: 'Ruiz' }, { given_name: 'Carmen', surname: 'García', second_surname: 'Ruiz' }), 'moved_to_given');
  assert.equal(level('surname', { surname: 'Ruiz' }, { surname: 'García', second_surname: 'Ruiz' }), 'one_surname');
  assert.equal(level('surname', { surname: 'Nuñez' }, { surname: 'NUNEZ' }), 'exact');
  assert.equal(level('date_of_birth', { date_of_birth: '1975-03-08' }, { date_of_birth: '19750308' }), 'exact');
  assert.equal(level('date_of_birth', { date_of_birth: '1975-03-08' }, { date_of_birth: '08/03/1975' }), 'exact');
  assert.equal(level('date_of_birth', { date_of_birth: '1975-03-08' }, { date_of_birth: '1975-08-03' }), 'day_month_swapped');
  assert.equal(level('date_of_birth', { date_of_birth: '1975-03-08' }, { date_of_birth: '1976-03-08' }), 'year_1');
  assert.equal(level('date_of_birth', { date_of_birth: '1975-03-08' }, { date_of_birth: '1975-03-09' }), 'levenshtein_1');
  assert.equal(level('date_of_birth', { date_of_birth: '1975-03-08' }, { date_of_birth: '1975-11-08' }), 'one_component');
  assert.equal(level('date_of_birth', { date_of_birth: '1975-03-08' }, {}), 'missing');
  assert.equal(parseDob('garbage'), null);
  // generational suffixes: taken out of the surname; a father and his son "Jr." born a generation apart
  const sr = { given_name: 'Alexander', surname: 'Russell', date_of_birth: '1966-05-14' };
  assert.equal(level('surname', sr, { surname: 'Russell Jr.' }), 'exact');
  assert.equal(level('generation', sr, { surname: 'Russell Jr.', date_of_birth: '1989-08-23' }), 'parent_child');
  assert.equal(level('generation', sr, { surname: 'Russell Jr.', date_of_birth: '1967-05-14' }), 'same_generation');
  assert.equal(level('generation', { ...sr, surname: 'Russell Sr.' }, { surname: 'Russell, Jr', date_of_birth: '1990-01-01' }), 'parent_child');
  assert.equal(level('generation', { ...sr, surname: 'Russell III' }, { surname: 'Russell III', date_of_birth: '1999-01-01' }), 'same_generation');
  assert.equal(level('generation', sr, { surname: 'Russell', date_of_birth: '1990-01-01' }), 'missing');
  assert.equal(level('generation', sr, { surname: 'Russell Jr.' }), 'missing');
  assert.equal(level('given_name', { given_name: 'Junior' }, { given_name: 'Junior' }), 'exact');
  const home = { street_number: '45', address_1: 'Calle Hidalgo', city: 'Monterrey', postcode: '64000', state: 'NL' };
  assert.equal(level('address', home, { address_1: 'CALLE HIDALGO 45', city: 'Monterrey', postcode: '64000', state: 'Nuevo León' }), 'same_address');
  assert.equal(level('address', home, { address_1: 'Av Juarez 10', city: 'Monterrey', postcode: '64000' }), 'same_postcode_place');
  assert.equal(level('address', home, { address_1: 'Main St 10', city: 'Houston', postcode: '77001', state: 'TX' }), 'different');
  assert.equal(level('phone', { phone: '+52 81 5555 0142' }, { phone: '(81) 5555-0142' }), 'exact');
});

test('EM recovers known m and λ from comparison patterns (u fixed)', () => {
  const codec = new Patterns(COMPARISONS);
  const K = COMPARISONS.length;
  const rand = rng(42);
  // true parameters: m concentrated on agreement, u on disagreement
  const trueM = COMPARISONS.map((c) => { const v = c.levels.map((_, l): number => (l === 0 ? 0 : l === 1 ? 6 : 1)); v[v.length - 1] = 0.3; const s = v.reduce((a, b) => a + b); return v.map((x) => x / s); });
  const trueU = COMPARISONS.map((c) => { const v = c.levels.map((_, l): number => (l === 0 ? 0 : l === c.levels.length - 1 ? 200 : 1)); const s = v.reduce((a, b) => a + b); return v.map((x) => x / s); });
  const draw = (p: number[]) => { let r = rand(); for (let l = 1; l < p.length; l++) { r -= p[l]; if (r <= 0) return l; } return p.length - 1; };
  const patterns = new Map<number, number>();
  const matches = 3000, nonMatches = 30000;
  const lv = new Uint8Array(K);
  for (let i = 0; i < matches + nonMatches; i++) {
    const p = i < matches ? trueM : trueU;
    for (let k = 0; k < K; k++) lv[k] = draw(p[k]);
    let code = 0;
    for (let k = 0; k < K; k++) code += lv[k] * codec.radix[k];
    patterns.set(code, (patterns.get(code) ?? 0) + 1);
  }
  // the candidates are a sample of all pairs: 3,000 matches among 10 million pairs
  const totalPairs = 1e7;
  const em = runEm({ patterns, codec, u: trueU, totalPairs, lambda0: 1e-5, household: false });
  assert.ok(em.converged);
  assert.ok(Math.abs(em.lambda * totalPairs - matches) / matches < 0.03, `matches ${em.lambda * totalPairs}`);
  // levels with an upper bound on m (Comparison.maxM) are held at it, the others rescaled to sum to 1
  const bounded = (k: number): number[] => {
    const m = trueM[k], caps = COMPARISONS[k].maxM ?? {};
    const capped = m.map((v, l) => (l > 0 && COMPARISONS[k].levels[l] in caps && v > caps[COMPARISONS[k].levels[l]] ? caps[COMPARISONS[k].levels[l]] : null));
    const fixed = capped.reduce<number>((a, v) => a + (v ?? 0), 0);
    const rest = m.reduce((a, v, l) => a + (l > 0 && capped[l] === null ? v : 0), 0);
    return m.map((v, l) => (l === 0 ? 0 : capped[l] ?? (v * (1 - fixed)) / rest));
  };
  for (let k = 0; k < K; k++) {
    const wantM = bounded(k);
    for (let l = 1; l < trueM[k].length; l++) {
      const want = wantM[l];
      assert.ok(Math.abs(em.m[k][l] - want) < 0.03, `${COMPARISONS[k].name}/${COMPARISONS[k].levels[l]}: ${em.m[k][l]} vs ${want}`);
    }
  }
});

/** A small deterministic population with typos, for link and dedupe. */
function population(n: number, seed: number): { left: LinkRecord[]; right: LinkRecord[] } {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const given = ['jose', 'juan', 'maria', 'ana', 'luis', 'carlos', 'rosa', 'pedro', 'laura', 'miguel', 'sofia', 'diego', 'elena', 'jorge', 'lucia', 'pablo', 'irma', 'raul', 'nora', 'hugo'];
  const sur = ['garcia', 'lopez', 'perez', 'ruiz', 'diaz', 'soto', 'vega', 'rios', 'mora', 'cano', 'luna', 'rojas', 'nava', 'leon', 'ortiz', 'pena', 'salas', 'ibarra', 'mejia', 'ochoa', 'solis', 'tapia', 'urias', 'zamora'];
  const typo = (s: string) => (s.length > 3 && r() < 0.3 ? s.slice(0, 2) + s[3] + s[2] + s.slice(4) : s);
  const left: LinkRecord[] = [], right: LinkRecord[] = [];
  for (let i = 0; i < n; i++) {
    const v = {
      given_name: pick(given), surname: `${pick(sur)} ${pick(sur)}`,
      date_of_birth: `${1940 + Math.floor(r() * 60)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
      postcode: String(10000 + Math.floor(r() * 80000)), address_1: `${pick(sur)} ${Math.floor(r() * 900) + 1}`,
    };
    left.push(rec(`l${i}`, v));
    if (i % 2 === 0) right.push(rec(`r${i}`, { ...v, given_name: typo(v.given_name), surname: r() < 0.5 ? v.surname.split(' ')[0] : v.surname }));
    else right.push(rec(`r${i}`, { given_name: pick(given), surname: `${pick(sur)} ${pick(sur)}`, date_of_birth: `${1940 + Math.floor(r() * 60)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`, postcode: String(10000 + Math.floor(r() * 80000)) }));
  }
  return { left, right };
}

test('link: weights add up to the score, explanation only for returned pairs, true pairs found', async () => {
  const { left, right } = population(400, 7);
  const res = await linkRecords(left, right);
  const found = new Set(res.pairs.map((p) => `${p.left}|${p.right}`));
  let tp = 0;
  for (let i = 0; i < 400; i += 2) if (found.has(`l${i}|r${i}`)) tp++;
  assert.ok(tp >= 195, `recall ${tp}/200`);
  assert.ok(res.pairs.length - tp <= 3, `false pairs ${res.pairs.length - tp}`);
  for (const p of res.pairs) {
    const sum = p.fields.reduce((s, f) => s + f.weight, p.prior);
    assert.ok(Math.abs(sum - p.weight) < 1e-9);
    assert.ok(Math.abs(p.probability - 2 ** p.weight / (1 + 2 ** p.weight)) < 1e-9);
    assert.ok(p.probability >= 0.5);
    for (const f of p.fields) if (f.level === 'missing') assert.equal(f.weight, 0);
  }
  // explainPair reproduces the engine's score; the model is plain JSON
  const model = JSON.parse(JSON.stringify(res.model));
  const p0 = res.pairs[0];
  const e = explainPair(model, left.find((x) => x.id === p0.left)!, right.find((x) => x.id === p0.right)!);
  assert.ok(Math.abs(e.weight - p0.weight) < 1e-9);
  // a fitted model can be reused
  const again = await linkRecords(left, right, { model: fitModel(left, right), explain: false });
  assert.equal(again.pairs.length, res.pairs.length);
});

test('dedupe: pairs with left < right', async () => {
  const { left, right } = population(200, 9);
  const records = [...left, ...right.filter((_, i) => i % 2 === 0)];
  const res = await dedupeRecords(records);
  for (const p of res.pairs) assert.ok(p.left < p.right);
  const found = new Set(res.pairs.map((p) => `${p.left}|${p.right}`));
  let tp = 0;
  for (let i = 0; i < 200; i += 2) if (found.has(`l${i}|r${i}`)) tp++;
  assert.ok(tp >= 95, `recall ${tp}/100`);
});

test('clusterPairs: every id in one cluster, cannot-links never together, must-links honoured', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const pairs = [{ left: 'a', right: 'b', probability: 0.99 }, { left: 'b', right: 'c', probability: 0.9 }, { left: 'd', right: 'e', probability: 0.4 }];
  const cl = clusterPairs(ids, pairs, { threshold: 0.5, cannotLink: [['a', 'c']], mustLink: [['d', 'e']] });
  const norm = cl.map((c) => [...c].sort().join('')).sort();
  assert.deepEqual(norm, ['ab', 'c', 'de']);
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.nat(11), fc.nat(11), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 40 }),
    fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 8 }),
    fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 4 }),
    (ps, cannot, must) => {
      const id = (i: number) => `id${i}`;
      const all = Array.from({ length: 12 }, (_, i) => id(i));
      const cannotLink = cannot.filter(([x, y]) => x !== y).map(([x, y]) => [id(x), id(y)] as [string, string]);
      const clusters = clusterPairs(all, ps.map(([x, y, p]) => ({ left: id(x), right: id(y), probability: p })), { threshold: 0.5, cannotLink, mustLink: must.map(([x, y]) => [id(x), id(y)] as [string, string]) });
      const where = new Map<string, number>();
      clusters.forEach((c, k) => c.forEach((x) => { assert.ok(!where.has(x)); where.set(x, k); }));
      assert.equal(where.size, 12);
      for (const [x, y] of cannotLink) assert.notEqual(where.get(x), where.get(y));
    },
  ), { numRuns: 300 });
});

test('tiny inputs: an obvious pair is still found (u has a weak prior), empty inputs give no pairs', async () => {
  assert.equal((await linkRecords([], [])).pairs.length, 0);
  assert.equal((await dedupeRecords([rec('a', { given_name: 'jose' })])).pairs.length, 0);
  const one = await linkRecords(
    [rec('a', { given_name: 'Jose', surname: 'Gonzalez', date_of_birth: '1970-01-02' })],
    [rec('b', { given_name: 'José Luis', surname: 'González', second_surname: 'Hernández', date_of_birth: '1970-01-02' })],
  );
  assert.deepEqual(one.pairs.map((p) => [p.left, p.right]), [['a', 'b']]);
});
