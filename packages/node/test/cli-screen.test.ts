/**
 * `puente screen` end to end: the standalone runner is spawned on fixture lists (OFAC CSV folder, FtM JSON lines)
 * and a fixture query file; the output CSV is read back and checked against the contract
 * (query_id,rank,entry_id,entry_name,matched_name,score,explanation). Errors exit non-zero with the file, line and
 * field, in English or Spanish.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { csvField, readFtmList, readQueries } from '../src/cli/commands/screen';
import { CliError } from '../src/cli/shared';
import { ListParseError } from '../src/sources/ofac/index';

const ROOT = new URL('../../../', import.meta.url).pathname;
const FIX = new URL('./fixtures/ofac/', import.meta.url).pathname;
const RUNNER = join(ROOT, 'packages/node/src/cli/main.ts');
const tmp = mkdtempSync(join(tmpdir(), 'screen-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', RUNNER, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', PUENTE_LANG: '', ...env }, timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Row = Record<'query_id' | 'rank' | 'entry_id' | 'entry_name' | 'matched_name' | 'score' | 'explanation', string>;
const readOut = (file: string) => parse(readFileSync(file), { columns: true }) as Row[];

describe('puente screen', () => {
  const out = join(tmp, 'results.csv');
  const base = ['screen', '--list', `ofac:${join(FIX, 'sdn')}`, '--list', `ftm:${join(FIX, 'watchlist.ftm.jsonl')}`, '--input', join(FIX, 'queries.csv'), '--output', out];
  let rows: Row[] = [];

  test('writes the contract columns, one row per hit, best first, ranks from 1', () => {
    const r = run(base);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Loaded 1[0-9] entries/);
    const header = readFileSync(out, 'utf8').split('\n')[0];
    assert.equal(header, 'query_id,rank,entry_id,entry_name,matched_name,score,explanation');
    rows = readOut(out);
    const byQuery = new Map<string, Row[]>();
    for (const row of rows) byQuery.set(row.query_id, [...(byQuery.get(row.query_id) ?? []), row]);
    for (const [q, hits] of byQuery) {
      hits.forEach((h, i) => {
        assert.equal(Number(h.rank), i + 1, q);
        assert.ok(Number(h.score) >= 0.8 && Number(h.score) <= 1, `${q} ${h.score}`);
        if (i) assert.ok(Number(hits[i - 1].score) >= Number(h.score));
        assert.ok(h.explanation.startsWith('name '), h.explanation);
      });
      assert.ok(hits.length <= 5);
    }
    const first = (q: string) => byQuery.get(q)?.[0];
    assert.equal(first('q1')?.entry_id, '101');
    assert.equal(first('q1')?.entry_name, 'ARRIAGA QUINTERO, Evaristo', 'a name with a comma survives CSV quoting');
    assert.match(first('q1')!.explanation, /country_match/);
    assert.equal(first('q2')?.entry_id, '101');
    assert.equal(first('q2')?.matched_name, 'Zarco', 'the weak alias from Remarks');
    assert.equal(first('q3')?.entry_id, '102', 'the spelled-out legal form');
    assert.equal(first('q4')?.entry_id, 'mx-uif-0001', 'the FtM entity, corroborated by its birth date');
    assert.ok(byQuery.get('q4')!.some((h) => h.entry_id === '103'));
    assert.equal(byQuery.get('q5'), undefined, 'an innocent near-namesake');
    assert.equal(first('q7')?.entry_id, 'mx-uif-0002');
    assert.equal(first('q8')?.entry_id, '104');
    assert.equal(byQuery.get('q9'), undefined);
  });

  test('--threshold and --top', () => {
    const r = run([...base.slice(0, -1), join(tmp, 'top1.csv'), '--threshold', '0.5', '--top', '1']);
    assert.equal(r.code, 0, r.stderr);
    const top1 = readOut(join(tmp, 'top1.csv'));
    assert.ok(top1.every((h) => h.rank === '1' && Number(h.score) >= 0.5));
    assert.ok(top1.length >= new Set(rows.map((h) => h.query_id)).size);
  });

  test('worker threads give the same rows as one thread', () => {
    const r = run([...base.slice(0, -1), join(tmp, 'workers.csv'), '--workers', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readOut(join(tmp, 'workers.csv')), rows);
  });

  test('errors name the problem, in English or Spanish, and exit non-zero', () => {
    const badList = run(['screen', '--list', 'csv:/nowhere', '--input', join(FIX, 'queries.csv'), '--output', join(tmp, 'x.csv')]);
    assert.notEqual(badList.code, 0);
    assert.match(badList.stderr, /bad --list "csv:\/nowhere": use ofac:<folder> or ftm:<file>/);
    const es = run(['screen', '--list', 'csv:/nowhere', '--input', join(FIX, 'queries.csv'), '--output', join(tmp, 'x.csv'), '--lang', 'es']);
    assert.match(es.stderr, /--list "csv:\/nowhere" no válido/);
    const badOfac = run(['screen', '--list', `ofac:${join(FIX, 'bad-type')}`, '--input', join(FIX, 'queries.csv'), '--output', join(tmp, 'x.csv')]);
    assert.equal(badOfac.code, 1);
    assert.match(badOfac.stderr, /sdn\.csv, line 2, field SDN_Type: unknown value "robot"/);
    const badFtm = run(['screen', '--list', `ftm:${join(FIX, 'bad.ftm.jsonl')}`, '--input', join(FIX, 'queries.csv'), '--output', join(tmp, 'x.csv'), '--lang', 'es']);
    assert.match(badFtm.stderr, /bad\.ftm\.jsonl, línea 2, campo json/);
    const noName = join(tmp, 'noname.csv');
    writeFileSync(noName, 'id,nombre\n1,Juan\n');
    assert.match(run(['screen', '--list', `ofac:${join(FIX, 'sdn')}`, '--input', noName, '--output', join(tmp, 'x.csv')]).stderr, /must have the columns id and name/);
    const badRow = join(tmp, 'badrow.csv');
    writeFileSync(badRow, 'id,name,birth_date\n1,Juan,1970\n2,Ana,ayer\n');
    assert.match(run(['screen', '--list', `ofac:${join(FIX, 'sdn')}`, '--input', badRow, '--output', join(tmp, 'x.csv')]).stderr, /badrow\.csv, line 3, field birth_date: "ayer"/);
    assert.match(run([...base, '--threshold', '2']).stderr, /bad --threshold "2": expected a number from 0 to 1/);
    assert.match(run([...base, '--top', '0']).stderr, /bad --top "0"/);
    assert.match(run([...base.slice(0, -1), join(tmp, 'no', 'such', 'dir', 'out.csv')]).stderr, /not found: .*no\/such\/dir\/out\.csv/);
  });

  test('a query file saved as Windows-1252 (spreadsheets) is read as such', () => {
    const latin = join(tmp, 'latin1.csv');
    writeFileSync(latin, Buffer.from('id,name\r\n1,Evarísto Arriága Quintéro\r\n', 'latin1'));
    const r = run(['screen', '--list', `ofac:${join(FIX, 'sdn')}`, '--input', latin, '--output', join(tmp, 'latin1-out.csv')]);
    assert.equal(r.code, 0, r.stderr);
    const hits = readOut(join(tmp, 'latin1-out.csv'));
    assert.equal(hits[0]?.entry_id, '101');
    assert.equal(hits[0]?.score, '1.0000');
  });

  test('help in Spanish', () => {
    const r = run(['screen', '--help', '--lang', 'es']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /coteja nombres con listas de designados/);
  });
});

test('CSV fields are quoted as RFC 4180 wants', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('ARRIAGA QUINTERO, Evaristo'), '"ARRIAGA QUINTERO, Evaristo"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(0.9375), '0.9375');
});

test('fuzz: random bytes as a query file or an FtM list fail only with the parse error types', async () => {
  const t = (key: string) => key;
  let k = 0;
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, header) => {
    const file = join(tmp, `fuzz-${k++}`);
    writeFileSync(file, header ? Buffer.concat([Buffer.from('id,name,schema,country,birth_date\n'), bytes]) : bytes);
    try { await readQueries(file, t); } catch (e) { if (!(e instanceof CliError)) throw e; }
    try { await readFtmList(file); } catch (e) { if (!(e instanceof ListParseError)) throw e; }
  }), { numRuns: 200 });
});
