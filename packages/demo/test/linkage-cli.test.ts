/**
 * `puente demo linkage` (packages/node/src/cli/commands/demo.ts), run as a process: the files it writes are the
 * generator's streams, and its help and errors are bilingual.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LINKAGE_CSV_HEADER, linkageCsvLine, linkageSide, linkageTruth } from '../src/linkage/index';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'packages/node/src/cli/main.ts');

function puente(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('puente demo linkage writes us.csv, mx.csv and truth.csv as the generator streams them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'puente-linkage-'));
  try {
    const out = join(dir, 'set');
    const r = puente(['demo', 'linkage', '--size', '300', '--out', out, '--seed', '17', '--overlap', '0.4']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /300 U\.S\. records, 300 Mexican records and 120 true pairs/);
    const opts = { perSide: 300, seed: 17, overlap: 0.4 };
    for (const side of ['us', 'mx'] as const) {
      const expected = [LINKAGE_CSV_HEADER, ...[...linkageSide(opts, side)].map(linkageCsvLine)].join('\n') + '\n';
      assert.equal(readFileSync(join(out, `${side}.csv`), 'utf8'), expected);
    }
    const truth = readFileSync(join(out, 'truth.csv'), 'utf8').trim().split('\n');
    assert.equal(truth[0], 'us_id,mx_id');
    assert.deepEqual(truth.slice(1), [...linkageTruth(opts)].map(([u, m]) => `${u},${m}`));
    // the same seed gives the same files (the default seed too)
    const again = puente(['demo', 'linkage', '--size', '300', '--out', join(dir, 'again'), '--seed', '17', '--overlap', '0.4']);
    assert.equal(again.code, 0, again.err);
    assert.equal(readFileSync(join(dir, 'again', 'mx.csv'), 'utf8'), readFileSync(join(out, 'mx.csv'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('puente demo linkage: bilingual help, and bad options refused in both languages', () => {
  const en = puente(['demo', 'linkage', '--help']);
  assert.equal(en.code, 0);
  assert.match(en.out, /--size <n>\s+records on each side/);
  assert.match(en.out, /--overlap <f>/);
  const es = puente(['--lang', 'es', 'demo', 'linkage', '--help']);
  assert.match(es.out, /registros de cada lado/);
  const dir = mkdtempSync(join(tmpdir(), 'puente-linkage-'));
  try {
    const bad = puente(['demo', 'linkage', '--size', '10', '--out', dir, '--overlap', '1.5']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /--overlap: 1\.5/);
    const malo = puente(['--lang', 'es', 'demo', 'linkage', '--size', 'diez', '--out', dir]);
    assert.notEqual(malo.code, 0);
    assert.match(malo.err, /valor no válido para --size: diez/);
    const missing = puente(['demo', 'linkage', '--out', dir]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.err, /--size/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
