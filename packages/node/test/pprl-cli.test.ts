/**
 * `puente pprl encode` and `puente pprl match`, run as real commands on small fixtures: the output contract,
 * match without the secret (the key file is deleted before matching), refusal of incompatible files, and
 * one-line bilingual errors naming the file and line.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;
const RUNNER = join(ROOT, 'packages/node/src/cli/main.ts');
const FIX = new URL('./fixtures/pprl/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'pprl-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', RUNNER, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, PUENTE_LANG: '' }, timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function encode(input: string, output: string, key: string) {
  const r = run('pprl', 'encode', '--secret-file', key, '--input', input, '--output', output);
  assert.equal(r.status, 0, r.stderr);
  return r;
}

describe('puente pprl', () => {
  const key = join(tmp, 'secret.key');
  const left = join(tmp, 'left.clk.jsonl'), right = join(tmp, 'right.clk.jsonl');

  test('encode writes a schema header (no key) and one line per record', () => {
    copyFileSync(join(FIX, 'secret.key'), key);
    const r = encode(join(FIX, 'left.csv'), left, key);
    assert.match(r.stdout, /4 records encoded/);
    encode(join(FIX, 'right.csv'), right, key);
    const lines = readFileSync(left, 'utf8').trim().split('\n');
    assert.equal(lines.length, 5);
    const header = JSON.parse(lines[0]);
    assert.equal(header.type, 'puente-clk-header');
    assert.equal(header.schema.bits, 1024);
    assert.match(header.key_check, /^[0-9a-f]{16}$/);
    assert.ok(!readFileSync(left, 'utf8').includes('fixture-secret'));
    const rec = JSON.parse(lines[1]);
    assert.equal(rec.id, 'L1');
    assert.equal(Buffer.from(rec.clk, 'base64').length, 128);
    // Same secret, same input → same file.
    const again = join(tmp, 'again.clk.jsonl');
    encode(join(FIX, 'left.csv'), again, key);
    assert.equal(readFileSync(again, 'utf8'), readFileSync(left, 'utf8'));
  });

  test('match runs without the secret (key file deleted) and writes left_id,right_id,score', () => {
    rmSync(key);
    const out = join(tmp, 'pairs.csv');
    const r = run('pprl', 'match', '--left', left, '--right', right, '--output', out);
    assert.equal(r.status, 0, r.stderr);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'left_id,right_id,score');
    const pairs = rows.slice(1).map((l) => l.split(','));
    assert.deepEqual(pairs.map(([a, b]) => `${a}-${b}`).sort(), ['L1-R1', 'L2-R2', 'L4-R4']);
    for (const [, , s] of pairs) assert.ok(Number(s) >= 0.6 && Number(s) <= 1);
    const low = run('pprl', 'match', '--left', left, '--right', right, '--output', out, '--threshold', '0.01');
    assert.equal(low.status, 0, low.stderr);
    const all = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    assert.ok(all.length > 3);
    for (const l of all) { const s = Number(l.split(',')[2]); assert.ok(s >= 0.01 && s <= 1); }
    const one = run('pprl', 'match', '--left', left, '--right', right, '--output', out, '--threshold', '0.01', '--one-to-one');
    assert.equal(one.status, 0, one.stderr);
    assert.equal(readFileSync(out, 'utf8').trim().split('\n').length - 1, 4);
  });

  test('files from different secrets or schemas are refused', () => {
    const other = join(tmp, 'other.key');
    writeFileSync(other, 'a completely different secret key\n');
    const foreign = join(tmp, 'foreign.clk.jsonl');
    encode(join(FIX, 'right.csv'), foreign, other);
    const r = run('pprl', 'match', '--left', left, '--right', foreign, '--output', join(tmp, 'x.csv'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /different secrets/);
    const lines = readFileSync(right, 'utf8').split('\n');
    const h = JSON.parse(lines[0]);
    h.schema.hardening.xorFold = false;
    const changed = join(tmp, 'changed.clk.jsonl');
    writeFileSync(changed, [JSON.stringify(h), ...lines.slice(1)].join('\n'));
    const r2 = run('pprl', 'match', '--left', left, '--right', changed, '--output', join(tmp, 'x.csv'), '--lang', 'es');
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /esquemas distintos/);
  });

  test('bad input: one-line error naming file and line, in English and Spanish', () => {
    const lines = readFileSync(right, 'utf8').split('\n');
    const bad = join(tmp, 'bad.clk.jsonl');
    writeFileSync(bad, [lines[0], lines[1], '{"id": "R9", "clk": "not base64!"}', lines[2]].join('\n'));
    const r = run('pprl', 'match', '--left', left, '--right', bad, '--output', join(tmp, 'x.csv'));
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /bad\.clk\.jsonl, line 3: field "clk"/);
    writeFileSync(bad, [lines[0], '{broken'].join('\n'));
    const es = run('pprl', 'match', '--left', left, '--right', bad, '--output', join(tmp, 'x.csv'), '--lang', 'es');
    assert.match(es.stderr, /bad\.clk\.jsonl, línea 2: no es JSON válido/);
    writeFileSync(bad, [lines[0], lines[1], lines[1]].join('\n'));
    assert.match(run('pprl', 'match', '--left', left, '--right', bad, '--output', join(tmp, 'x.csv')).stderr, /line 3: field "id": duplicate id R1/);
    writeFileSync(bad, 'rec_id,given_name\n');
    assert.match(run('pprl', 'match', '--left', bad, '--right', right, '--output', join(tmp, 'x.csv')).stderr, /line 1: not a Puente CLK file/);
    const t = run('pprl', 'match', '--left', left, '--right', right, '--output', join(tmp, 'x.csv'), '--threshold', '1.5');
    assert.equal(t.status, 1);
    assert.match(t.stderr, /--threshold/);
    const short = join(tmp, 'short.key');
    writeFileSync(short, 'tooshort\n');
    const s = run('pprl', 'encode', '--secret-file', short, '--input', join(FIX, 'left.csv'), '--output', join(tmp, 'y.jsonl'));
    assert.equal(s.status, 1);
    assert.match(s.stderr, /at least 16/);
    const missing = run('pprl', 'encode', '--secret-file', join(FIX, 'secret.key'), '--input', join(tmp, 'nope.csv'), '--output', join(tmp, 'y.jsonl'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.csv/);
  });

  test('help in Spanish', () => {
    const r = run('pprl', 'match', '--help', '--lang', 'es');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /nunca lee la clave\s+secreta/);
    assert.match(r.stdout, /left_id,right_id,score/);
  });
});
