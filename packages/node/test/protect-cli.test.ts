/**
 * `puente protect import` and `puente protect detect` as a user runs them (real processes, a node of their own:
 * a data folder with PGlite, or a fresh database on the server when DATABASE_URL is set): imports land, a bad
 * line is one bilingual line naming file, line and field with exit code 1 and changes nothing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServerDatabase } from './helpers/store';

const root = new URL('../../../', import.meta.url).pathname;
const FIX = new URL('./fixtures/protect/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'puente-protect-cli-'));
const dataDir = join(work, 'node');
// On the server, the CLI's node gets a database of its own, dropped at the end.
const server = await createServerDatabase('puente_pcli');
const dbUrl = server?.url;
after(async () => {
  rmSync(work, { recursive: true, force: true });
  await server?.drop();
});

function puente(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'packages/node/src/cli/main.ts'), ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: dbUrl ?? '', LOG_LEVEL: 'warn', LANG: 'en_US.UTF-8', PUENTE_LANG: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('protect import: a file lands, a bad one is refused whole with file, line and field; detect runs the rules', () => {
  const ok = puente(['protect', 'import', '--format', 'csv', join(FIX, 'counts.csv'), '--data', dataDir]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /counts\.csv: 3 places, 3 series, 7 counts imported/);
  const bad = puente(['--lang', 'es', 'protect', 'import', '--format', 'sesnsp', join(FIX, 'sesnsp-bad-count.csv'), '--data', dataDir]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /sesnsp-bad-count\.csv, línea 3, campo Marzo/);
  assert.equal(bad.err.trim().split('\n').length, 1, 'one line');
  const unknown = join(work, 'unknown.csv');
  writeFileSync(unknown, 'place,indicator,period,count\nMX-11,treatment_admissions,2024-04,5\nMX-99999,treatment_admissions,2024-04,1\n');
  const refused = puente(['protect', 'import', '--format', 'csv', unknown, '--data', dataDir]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /unknown\.csv, line 3, field place: unknown place "MX-99999"/);
  const badFormat = puente(['protect', 'import', '--format', 'xls', unknown, '--data', dataDir]);
  assert.equal(badFormat.code, 1);
  const det = puente(['protect', 'detect', '--data', dataDir]);
  assert.equal(det.code, 0, det.err);
  assert.match(det.out, /0 rules over 0 series/);
  const help = puente(['--lang', 'es', 'protect', 'import', '--help']);
  assert.match(help.out, /cdc \| sesnsp \| csv/);
});
