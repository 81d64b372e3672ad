/**
 * `puente ew detect` and `puente hotspots` end to end (through the `puente` program of main.ts): real processes for the main flows, in-process runs for the error matrix.
 * Outputs are compared with the R references in ../shared/data where present (skipped with a message if not).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { main as protectMain } from '../src/cli/main';

const root = new URL('../../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'puente-protect-'));
after(() => rmSync(work, { recursive: true, force: true }));
const dataDir = process.env.PUENTE_DATA ?? join(root, '../shared/data');
const surv = join(dataDir, 'surveillance');
const viol = join(dataDir, 'violence');
const noSurv = existsSync(surv) ? false : `reference data not found at ${surv}: skipped`;
const noViol = existsSync(viol) ? false : `reference data not found at ${viol}: skipped`;
const csvText = (text: string) => parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const file = (name: string, text: string) => { const p = join(work, name); writeFileSync(p, text); return p; };

/** A real process, as a user runs it. */
function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'packages/node/src/cli/main.ts'), ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** In-process run capturing stdout/stderr (fast, for the error matrix). */
async function run(args: string[]) {
  let out = '';
  let err = '';
  const log = console.log;
  const write = process.stderr.write.bind(process.stderr);
  console.log = (...a: unknown[]) => { out += `${a.join(' ')}\n`; };
  process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
  try {
    const code = await protectMain(args);
    return { code, stdout: out, stderr: err };
  } finally {
    console.log = log;
    process.stderr.write = write;
  }
}

/** The Guanajuato monthly input in the CLI's long layout. */
function gtoSeriesCsv(units?: string[]): string {
  const rows = csvText(readFileSync(join(surv, 'gto_homicidio_doloso_mensual_input.csv'), 'utf8'));
  const all = Object.keys(rows[0]).filter((c) => c !== 't' && c !== 'month');
  const lines = ['series_id,period,count'];
  for (const u of units ?? all) for (const r of rows) lines.push(`${u},${r.month},${r[u]}`);
  return `${lines.join('\n')}\n`;
}

test('ew detect reproduces R (EARS C1/C3, original and improved Farrington) on the Guanajuato monthly series', { skip: noSurv }, () => {
  const input = file('gto.csv', gtoSeriesCsv());
  for (const [method, ref, rel] of [
    ['ears-c1', 'gto_homicidio_doloso_mensual_earsC_C1.csv', false],
    ['ears-c3', 'gto_homicidio_doloso_mensual_earsC_C3.csv', false],
    ['farrington', 'gto_homicidio_doloso_mensual_farringtonFlexible_original_b4w2.csv', true],
    ['farrington-noufaily', 'gto_homicidio_doloso_mensual_farringtonFlexible_nbPlugin_b4w2.csv', true],
  ] as const) {
    const output = join(work, `alarms-${method}.csv`);
    const r = cli(['ew', 'detect', '--method', method, '--input', input, '--output', output]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`47 series, \\d+ periods evaluated, \\d+ alarms \\(${method}\\)`));
    const text = readFileSync(output, 'utf8');
    assert.equal(text.split('\n')[0], 'series_id,period,count,expected,upper_bound,alarm');
    const ours = csvText(text);
    assert.equal(ours.length, 47 * 71);
    const byKey = new Map(ours.map((o) => [`${o.series_id}|${o.period}`, o]));
    const months = csvText(readFileSync(join(surv, 'gto_homicidio_doloso_mensual_input.csv'), 'utf8')).map((r) => r.month);
    const refRows = csvText(readFileSync(join(surv, ref), 'utf8'));
    for (const rr of refRows) {
      const o = byKey.get(`${rr.unit}|${months[Number(rr.t) - 1]}`)!;
      assert.equal(o.alarm, rr.alarm, `${method} ${rr.unit} t=${rr.t}`);
      if (rr.upperbound === 'NA') assert.equal(o.upper_bound, 'NA');
      else {
        const err = Math.abs(Number(o.upper_bound) - Number(rr.upperbound));
        assert.ok(rel ? err <= 1e-6 * Math.abs(Number(rr.upperbound)) : err <= 1e-9, `${method} ${rr.unit} t=${rr.t}: ${o.upper_bound} vs ${rr.upperbound}`);
      }
    }
    // Periods before the first evaluable one have empty cells.
    const first = byKey.get('11000_total|2020-01')!;
    assert.deepEqual([first.expected, first.upper_bound, first.alarm], ['', '', '']);
  }
});

test('ew detect: every method runs on weekly, daily and index periods; C3 mode and options are honoured', async () => {
  const weeks: string[] = ['series_id,period,count'];
  const days: string[] = ['series_id,period,count'];
  const idx: string[] = ['series_id,period,count'];
  for (let i = 0; i < 300; i++) {
    const date = new Date(Date.UTC(2019, 0, 7) + i * 7 * 86_400_000).toISOString().slice(0, 10);
    weeks.push(`w,${date},${5 + (i % 4) + (i === 290 ? 25 : 0)}`);
    idx.push(`i,${i + 1},${i % 7 === 0 ? '' : 3 + (i % 5)}`);
  }
  for (let i = 0; i < 120; i++) days.push(`d,${new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},${20 + (i % 7) * 3 + (i === 119 ? 40 : 0)}`);
  const files = { weeks: file('weeks.csv', `${weeks.join('\n')}\n`), days: file('days.csv', `${days.join('\n')}\n`), idx: file('idx.csv', `${idx.join('\n')}\n`) };
  for (const method of ['ears-c1', 'ears-c2', 'ears-c3', 'cusum', 'farrington', 'farrington-noufaily', 'essence']) {
    for (const f of Object.values(files)) {
      const out = join(work, 'out.csv');
      const r = await run(['ew', 'detect', '--method', method, '--input', f, '--output', out]);
      assert.equal(r.code, 0, `${method} ${f}: ${r.stderr}`);
      const rows = csvText(readFileSync(out, 'utf8'));
      assert.ok(rows.every((row) => ['', '0', '1', 'NA'].includes(row.alarm)));
    }
  }
  const out = join(work, 'days-out.csv');
  assert.equal((await run(['ew', 'detect', '--method', 'essence', '--input', files.days, '--output', out])).code, 0);
  const last = csvText(readFileSync(out, 'utf8')).at(-1)!;
  assert.equal(last.alarm, '1'); // +40 on a stable weekly pattern
  const doc = await run(['ew', 'detect', '--method', 'ears-c3', '--c3', 'documented', '--input', files.weeks, '--output', out]);
  assert.equal(doc.code, 0);
  const w = await run(['ew', 'detect', '--method', 'farrington-noufaily', '--input', files.weeks, '--output', out, '--no-limit54', '--alpha', '0.01']);
  assert.equal(w.code, 0);
  assert.ok(!csvText(readFileSync(out, 'utf8')).some((row) => row.upper_bound === 'NA'));
});

test('ew detect errors name the file, the line and the field, in English and Spanish, on one line, exit code 1', async () => {
  const out = join(work, 'never.csv');
  const cases: Array<[string, RegExp, RegExp]> = [
    ['series_id,period,count\na,1,3\na,2,-4\n', /line 3, field count: not a non-negative number: -4/, /línea 3, campo count/],
    ['series_id,period,count\na,1,3\na,2,x\n', /line 3, field count/, /no es un número no negativo/],
    ['series_id,period\na,1\n', /line 1, field count: missing column/, /falta la columna/],
    ['series_id,period,count\na,2020-13,1\n', /line 2, field period: not an index, YYYY-MM or YYYY-MM-DD: 2020-13/, /AAAA-MM/],
    ['series_id,period,count\na,2020-01,1\na,3,2\n', /line 3, field period: 3 is not in the format of the first row/, /no tiene el formato/],
    ['series_id,period,count\na,1,1\na,1,2\n', /line 3, field period: 1 repeated in series a/, /repetido en la serie a/],
    ['series_id,period,count\na,1,1\na,3,2\n', /line 3, field period: series a is not regular \(1 then 3\)/, /no es regular/],
    ['series_id,period,count\na,2024-01-01,1\na,2024-01-03,2\n', /not regular/, /no es regular/],
    ['series_id,period,count\n,1,1\n', /line 2, field series_id: empty/, /campo series_id: vacío/],
    ['series_id,period,count\n"a,1,1\n', /line \d+: malformed CSV/, /CSV mal formado/],
    ['series_id,period,count\n', /no data rows/, /no hay filas de datos/],
  ];
  for (const [text, en, es] of cases) {
    const input = file('bad.csv', text);
    for (const [lang, re] of [['en', en], ['es', es]] as const) {
      const r = await run(['ew', 'detect', '--method', 'ears-c1', '--input', input, '--output', out, '--lang', lang]);
      assert.equal(r.code, 1, `${text} ${lang}`);
      assert.match(r.stderr, re);
      assert.ok(r.stderr.includes(input), 'names the file');
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    }
  }
  const good = file('good.csv', 'series_id,period,count\na,1,1\n');
  for (const [args, re] of [
    [['--method', 'ears-c9', '--input', good, '--output', out], /invalid value for --method: ears-c9/],
    [['--input', good, '--output', out], /missing option --method/],
    [['--method', 'cusum', '--input', join(work, 'nope.csv'), '--output', out], /file not found: .*nope\.csv/],
    [['--method', 'ears-c3', '--c3', 'weird', '--input', good, '--output', out], /invalid value for --c3: weird/],
    [['--method', 'ears-c1', '--alpha', '2', '--input', good, '--output', out], /invalid value for --alpha: 2/],
  ] as const) {
    const r = await run(['ew', 'detect', ...args]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, re);
  }
  assert.ok(!existsSync(out));
});

test('help documents the columns in English and Spanish; errors from a real process are one line', () => {
  const en = cli(['ew', 'detect', '--help']);
  assert.equal(en.code, 0);
  assert.match(en.stdout, /series_id,period,count/);
  assert.match(en.stdout, /series_id,period,count,expected,upper_bound,alarm/);
  assert.match(en.stdout, /R-compatible mode/);
  const es = cli(['hotspots', '--help', '--lang', 'es']);
  assert.equal(es.code, 0);
  assert.match(es.stdout, /Opciones:/);
  assert.match(es.stdout, /id,value,z,p/);
  assert.match(es.stdout, /from,to\[,weight\]/);
  const bad = cli(['hotspots', '--method', 'gi', '--input', join(work, 'none.csv'), '--neighbors', join(work, 'none.csv'), '--output', join(work, 'z.csv')], { LANG: 'es_MX.UTF-8' });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error: archivo no encontrado: .*none\.csv\n$/);
});

test('hotspots reproduces spdep (Gi, Gi*, local Moran) on Guanajuato 2024 and prints the global Moran', { skip: noViol }, () => {
  const ref = csvText(readFileSync(join(viol, 'hotspot-ref/gto_homicidio_doloso_2024_hotspot.csv'), 'utf8'));
  const values = file('values.csv', `id,value\n${ref.map((r) => `${r.id},${r.value}`).join('\n')}\n`);
  const edges = join(viol, 'hotspot-ref/gto_homicidio_doloso_2024_neighbors_queen.csv');
  for (const [method, col, style] of [['gi', 'Gi_z_binary', 'B'], ['gistar', 'GiStar_z_rowstd', 'W'], ['moran', 'localMoran_ZIi', 'W']] as const) {
    const out = join(work, `z-${method}.csv`);
    const r = cli(['hotspots', '--method', method, '--input', values, '--neighbors', edges, '--output', out, '--style', style]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /46 areas, 204 links/);
    if (method === 'moran') assert.match(r.stdout, /Global Moran's I = -0\.0481726 .*z = -0\.3069/);
    const text = readFileSync(out, 'utf8');
    assert.equal(text.split('\n')[0], 'id,value,z,p');
    const rows = csvText(text);
    rows.forEach((row, i) => {
      assert.equal(row.id, ref[i].id);
      assert.ok(Math.abs(Number(row.z) - Number(ref[i][col])) <= 1e-9, `${method} ${row.id}`);
    });
  }
});

test('hotspots: permutations add p_sim; isolates give NA; input errors name file, line and field', async () => {
  const values = file('v.csv', 'id,value\na,1\nb,5\nc,9\nd,2\ne,7\n');
  const edges = file('e.csv', 'from,to,weight\na,b,1\nb,a,1\nb,c,2\nc,b,2\nc,d,1\nd,c,1\n');
  const out = join(work, 'z.csv');
  const r = await run(['hotspots', '--method', 'gistar', '--input', values, '--neighbors', edges, '--output', out, '--permutations', '99', '--seed', '7']);
  assert.equal(r.code, 0, r.stderr);
  const rows = csvText(readFileSync(out, 'utf8'));
  assert.deepEqual(Object.keys(rows[0]), ['id', 'value', 'z', 'p', 'p_sim']);
  assert.equal(rows[4].p_sim, 'NA'); // e has no neighbours: no permutation distribution
  const gi = await run(['hotspots', '--method', 'gi', '--input', values, '--neighbors', edges, '--output', out]);
  assert.equal(gi.code, 0);
  assert.equal(csvText(readFileSync(out, 'utf8'))[4].z, 'NA');
  const cases: Array<[string, string, RegExp]> = [
    ['id,value\na,1\nb,x\nc,3\n', 'from,to\na,b\n', /v2\.csv, line 3, field value: not a finite number: x/],
    ['id,value\na,1\na,2\nc,3\n', 'from,to\na,c\n', /line 3, field id: a repeated/],
    ['id,value\na,1\nb,2\nc,3\n', 'from,to\na,b\nb,q\n', /e2\.csv, line 3, field to: q is not an id of the values file/],
    ['id,value\na,1\nb,2\nc,3\n', 'from,to\na,a\n', /line 2, field to: an area cannot be its own neighbour/],
    ['id,value\na,1\nb,2\nc,3\n', 'from,to\na,b\na,b\n', /line 3, field to: link a → b repeated/],
    ['id,value\na,1\nb,2\nc,3\n', 'from,to,weight\na,b,-1\n', /line 2, field weight: not a non-negative number: -1/],
    ['id,value\na,1\nb,2\nc,3\n', 'source,target\na,b\n', /line 1, field from: missing column/],
    ['id,value\na,1\nb,2\n', 'from,to\na,b\n', /at least 3 areas/],
  ];
  for (const [v, e, re] of cases) {
    const vf = file('v2.csv', v);
    const ef = file('e2.csv', e);
    const res = await run(['hotspots', '--method', 'gi', '--input', vf, '--neighbors', ef, '--output', out]);
    assert.equal(res.code, 1, v + e);
    assert.match(res.stderr, re);
    const es = await run(['hotspots', '--method', 'gi', '--input', vf, '--neighbors', ef, '--output', out, '--lang', 'es']);
    assert.match(es.stderr, /línea|campo|al menos 3/);
  }
  const bad = await run(['hotspots', '--method', 'getis', '--input', values, '--neighbors', edges, '--output', out]);
  assert.match(bad.stderr, /invalid value for --method: getis/);
});
