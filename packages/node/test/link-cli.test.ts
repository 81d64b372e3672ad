/**
 * `puente link` and `puente dedupe` run as commands on small U.S./Mexico fixtures: the output contract
 * (left_id,right_id,score, probabilities in [0, 1], at or above the threshold, dedupe left < right), the Mexican
 * name cases ("Jose Gonzalez" / "José Luis González Hernández", Pepe / José with day and month swapped), brothers
 * at the same address who must not match, bilingual help and one-line errors.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
const FIX = new URL('./fixtures/linkage/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'link-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

function puente(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'packages/node/src/cli/main.ts'), ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', LANG: 'en_US.UTF-8', PUENTE_LANG: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function readPairs(file: string): Array<{ left: string; right: string; score: number }> {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'left_id,right_id,score');
  return lines.slice(1).map((l) => {
    const [left, right, score] = l.split(',');
    return { left, right, score: Number(score) };
  });
}

const truth = readFileSync(join(FIX, 'truth.csv'), 'utf8').trim().split('\n').slice(1);

test('link: finds the people on both sides, including the Mexican name cases, and not the brothers', () => {
  const out = join(work, 'pairs.csv');
  const r = puente(['link', '--left', join(FIX, 'left.csv'), '--right', join(FIX, 'right.csv'), '--output', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /pairs at or above 0\.5/);
  const pairs = readPairs(out);
  for (const p of pairs) assert.ok(p.score >= 0.5 && p.score <= 1, `${p.left},${p.right},${p.score}`);
  const found = new Set(pairs.map((p) => `${p.left},${p.right}`));
  assert.ok(found.has('us-jose,mx-jose'), 'Jose Gonzalez = José Luis González Hernández');
  assert.ok(found.has('us-pepe,mx-pepe'), 'Pepe Ramirez = José Ramírez Soto, day and month swapped');
  for (const p of pairs) {
    assert.ok(!p.left.startsWith('us-bro') && !p.right.startsWith('mx-bro'), `a brother matched: ${p.left},${p.right}`);
  }
  const tp = truth.filter((k) => found.has(k)).length;
  assert.ok(tp >= truth.length - 1, `recall ${tp}/${truth.length}`);
  assert.ok(pairs.length - tp <= 1, `false pairs ${pairs.length - tp}`);

  // a threshold of 0 writes every candidate pair, of 1 only certain ones; scores stay in [0, 1]
  const all = join(work, 'all.csv');
  assert.equal(puente(['link', '--left', join(FIX, 'left.csv'), '--right', join(FIX, 'right.csv'), '--output', all, '--threshold', '0']).code, 0);
  const every = readPairs(all);
  assert.ok(every.length >= pairs.length);
  for (const p of every) assert.ok(p.score >= 0 && p.score <= 1);
  // one-to-one keeps at most one partner per record
  const one = join(work, 'one.csv');
  assert.equal(puente(['link', '--left', join(FIX, 'left.csv'), '--right', join(FIX, 'right.csv'), '--output', one, '--threshold', '0', '--one-to-one']).code, 0);
  const o = readPairs(one);
  assert.equal(new Set(o.map((p) => p.left)).size, o.length);
  assert.equal(new Set(o.map((p) => p.right)).size, o.length);
});

test('dedupe: corrupted copies found, left_id < right_id, brothers at one address kept apart', () => {
  const out = join(work, 'dups.csv');
  const r = puente(['dedupe', '--input', join(FIX, 'dedupe.csv'), '--output', out]);
  assert.equal(r.code, 0, r.err);
  const pairs = readPairs(out);
  for (const p of pairs) {
    assert.ok(p.left < p.right, `${p.left} < ${p.right}`);
    assert.ok(p.score >= 0.5 && p.score <= 1);
    assert.ok(!(p.left === 'us-bro2' && p.right === 'us-pepe') && !(p.left === 'us-pepe' && p.right === 'us-bro2'), 'brothers merged');
  }
  const dupIds = readFileSync(join(FIX, 'dedupe.csv'), 'utf8').split('\n').map((l) => l.split(',')[0]).filter((id) => id.endsWith('-dup'));
  const found = new Set(pairs.map((p) => `${p.left},${p.right}`));
  const hits = dupIds.filter((d) => found.has(`${d.slice(0, -4)},${d}`)).length;
  assert.ok(hits >= dupIds.length - 1, `${hits}/${dupIds.length} copies found`);
  assert.ok(pairs.length <= hits + 1, `${pairs.length - hits} false pairs`);
});

test('help in English and Spanish; bad input ends with one line and a non-zero code', () => {
  const en = puente(['link', '--help']);
  assert.equal(en.code, 0);
  assert.match(en.out, /--left <a\.csv>/);
  assert.match(en.out, /left_id,right_id,score/);
  const es = puente(['--lang', 'es', 'dedupe', '--help']);
  assert.match(es.out, /encuentra registros duplicados/);
  assert.match(es.out, /umbral/);

  const bad = join(work, 'bad.csv');
  writeFileSync(bad, 'rec_id,given_name\na,Jose\na,Pepe\n');
  const cases: Array<[string[], RegExp]> = [
    [['link', '--left', join(FIX, 'left.csv'), '--output', join(work, 'x.csv')], /missing option --right/],
    [['dedupe', '--input', bad, '--output', join(work, 'x.csv')], /bad\.csv, line 3, field rec_id: id a repeated/],
    [['dedupe', '--input', join(work, 'none.csv'), '--output', join(work, 'x.csv')], /file not found/],
    [['dedupe', '--input', join(FIX, 'dedupe.csv'), '--output', join(work, 'x.csv'), '--threshold', '1.5'], /invalid value for --threshold: 1\.5/],
    [['--lang', 'es', 'dedupe', '--input', bad, '--output', join(work, 'x.csv')], /línea 3, campo rec_id: id a repetido/],
  ];
  for (const [args, re] of cases) {
    const r = puente(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.err, re);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
});
