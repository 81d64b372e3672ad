/**
 * `puente lists import`: a list version from an FtM file or an OFAC folder into the node's store, told in English
 * or Spanish; a bad spec or a bad line refused. The import itself runs in-process against a test node (the
 * command only opens the node around it); the registered command's help is checked by spawning the CLI once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActor } from '../src/identity/index';
import { describeImport, importListSpec, listIdOf } from '../src/cli/commands/lists';
import { makeT } from '../src/cli/lang';
import { CliError } from '../src/cli/shared';
import { PuenteError } from '../src/errors';
import { seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';
import { SCREENING_FIXTURES, seedScreeningRecords } from './helpers/screening';

const ROOT = new URL('../../../', import.meta.url).pathname;
const OFAC = new URL('./fixtures/ofac/sdn', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'screening-cli-'));

let t: TestNode;
before(async () => {
  t = await startTestNode();
  await seedFixture(t);
  await seedScreeningRecords(t);
});
after(async () => {
  await t?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe(`puente lists import (${storeKind})`, () => {
  const system = () => systemActor(t.node.ctx.node);

  test('an FtM file: a version, what it changed, the re-screen — in English and Spanish', async () => {
    assert.equal(listIdOf('/x/Designations-V1.ftm.jsonl'), 'designations-v1');
    assert.equal(listIdOf('lista uif.ndjson'), 'lista-uif');
    const r = await importListSpec(t.node.ctx, system(), `ftm:${SCREENING_FIXTURES}designations-v1.ftm.jsonl`, { label: '2025-03-01', listId: 'uif-lpb', title: 'UIF' });
    const en = describeImport(r, makeT('en'));
    assert.deepEqual(en, [
      'uif-lpb: version 1 with 4 entries (4 added, 0 changed, 0 removed)',
      `Re-screened ${r.rescreen!.records} records: ${r.rescreen!.hits} hits, 3 new alerts`,
    ]);
    const again = await importListSpec(t.node.ctx, system(), `ftm:${SCREENING_FIXTURES}designations-v1.ftm.jsonl`, { label: 'again', listId: 'uif-lpb' });
    assert.deepEqual(describeImport(again, makeT('es')), ['uif-lpb: los mismos registros que la versión 1 (2025-03-01); no se importó nada']);
  });

  test('an OFAC folder: one version per list it holds', async () => {
    const r = await importListSpec(t.node.ctx, system(), `ofac:${OFAC}`, { label: 'fixture' });
    assert.match(describeImport(r, makeT('es'))[0], /^us_ofac_sdn: versión 1 con \d+ registros/);
  });

  test('a bad spec, a missing file, a line with U+0000: refused, saying where', async () => {
    await assert.rejects(importListSpec(t.node.ctx, system(), 'csv:/x', { label: 'x' }), (e: unknown) => e instanceof CliError && e.key === 'screening.cli.error.listSpec');
    await assert.rejects(importListSpec(t.node.ctx, system(), 'ftm:/no/such/file', { label: 'x' }), (e: unknown) => e instanceof CliError && e.key === 'screening.cli.error.notFound');
    const nul = join(tmp, 'nul.ftm.jsonl');
    writeFileSync(nul, '{"id":"a","schema":"Person","properties":{"name":["Ana Fictional"]}}\n{"id":"b","schema":"Person","properties":{"name":["Be\\u0000to"]}}\n');
    await assert.rejects(importListSpec(t.node.ctx, system(), `ftm:${nul}`, { label: 'x' }), (e: unknown) => {
      assert.ok(e instanceof PuenteError && e.status === 400);
      assert.deepEqual([e.details?.line, e.details?.field], [2, 'properties']);
      assert.match(e.messages.es, /nul\.ftm\.jsonl, línea 2, campo properties: contiene el carácter U\+0000/);
      return true;
    });
  });

  test('the command is registered, with its help in Spanish', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/node/src/cli/main.ts'), 'lists', 'import', '--help', '--lang', 'es'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, PUENTE_LANG: '' }, timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /importa una nueva versión de una lista/);
    assert.match(r.stdout, /--label/);
  });
});
