/**
 * The `puente` command end to end: real processes, a real embedded store in a temporary folder
 * (or a fresh database on the server when DATABASE_URL is set), bilingual help and one-line errors.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/db';
import { sql } from 'kysely';
import { createServerDatabase } from './helpers/store';

const root = new URL('../../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'puente-cli-'));
const dataDir = join(work, 'node');

// On the server, the CLI's node gets a database of its own, dropped at the end.
const server = await createServerDatabase('puente_cli');
const dbUrl = server?.url;
after(async () => {
  rmSync(work, { recursive: true, force: true });
  await server?.drop();
});

function puente(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'packages/node/src/cli/main.ts'), ...args], {
    cwd: root, input, encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: dbUrl ?? '', LOG_LEVEL: 'warn', LANG: 'en_US.UTF-8', PUENTE_LANG: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('help in English and in Spanish', () => {
  const en = puente(['--help']);
  assert.equal(en.code, 0);
  assert.match(en.out, /Usage:/);
  assert.match(en.out, /Commands:/);
  assert.match(en.out, /start a node/);
  const es = puente(['--lang', 'es', '--help']);
  assert.equal(es.code, 0);
  assert.match(es.out, /Uso:/);
  assert.match(es.out, /Comandos:/);
  assert.match(es.out, /inicia un nodo/);
  const sub = puente(['import', '--help', '--lang', 'es']);
  assert.match(sub.out, /dependencia propietaria/);
});

test('bad input: non-zero exit and one line on stderr, in the chosen language', () => {
  const missing = puente(['import', join(work, 'nope.jsonl'), '--data', dataDir]);
  assert.equal(missing.code, 1);
  assert.equal(missing.err.trim().split('\n').length, 1);
  assert.match(missing.err, /file not found/);
  const es = puente(['import', join(work, 'nope.jsonl'), '--lang', 'es']);
  assert.match(es.err, /archivo no encontrado/);
  const badPort = puente(['start', '--port', 'x']);
  assert.notEqual(badPort.code, 0);
  assert.match(badPort.err, /--port/);
});

test('demo file → import → export → audit verify; a bad line changes nothing; tampering is caught', async () => {
  const file = join(work, 'world.ftm.jsonl');
  const demo = puente(['demo', '--out', file, '--people', '40', '--companies', '12', '--seed', '7']);
  assert.equal(demo.code, 0, demo.err);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.ok(lines.length > 50);

  const imp = puente(['import', file, '--data', dataDir]);
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.out, new RegExp(`Imported ${lines.length} entities`));

  // A file whose third line is broken: the whole import is refused, naming line and field.
  const bad = join(work, 'bad.jsonl');
  const first = JSON.parse(lines[0]);
  const broken = { ...first, id: 'new-1', properties: { ...first.properties, birthDate: ['31/02/1990'] } };
  writeFileSync(bad, [JSON.stringify({ ...first, id: 'new-0' }), JSON.stringify({ ...first, id: 'new-2' }), JSON.stringify(broken)].join('\n'));
  const failed = puente(['import', bad, '--data', dataDir, '--lang', 'es']);
  assert.equal(failed.code, 1);
  assert.match(failed.err, /línea 3|line 3/i);
  assert.match(failed.err, /birthDate/);

  const out = join(work, 'export.jsonl');
  const exp = puente(['export', '--out', out, '--data', dataDir, '--purpose', 'oversight']);
  assert.equal(exp.code, 0, exp.err);
  const exported = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id as string);
  assert.equal(exported.length, lines.length, 'the failed import added nothing');
  assert.ok(!exported.includes('new-0'));

  const ok = puente(['audit', 'verify', '--data', dataDir]);
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.match(ok.out, /intact/);

  // Tamper with the audit log directly, as a database superuser would.
  const store = await openStore({ databaseUrl: dbUrl ?? null, pgliteDir: dbUrl ? null : join(dataDir, 'pgdata'), migrate: false });
  try {
    await sql`alter table audit_events disable trigger all`.execute(store.db);
    await sql`update audit_events set action = 'entity.read' where seq = 2`.execute(store.db);
    await sql`alter table audit_events enable trigger all`.execute(store.db);
  } finally {
    await store.close();
  }
  const tampered = puente(['audit', 'verify', '--data', dataDir]);
  assert.equal(tampered.code, 1);
  assert.match(tampered.out, /TAMPERED/);
  assert.match(tampered.out, /#2 altered/);
});
