/**
 * Case-count importers on small fixtures we wrote (test/fixtures/protect): CDC VSRR, SESNSP (wide and long
 * layouts), the generic CSV; every error names file, line and field in English and Spanish; fuzzing
 * (fast-check): random bytes and mutations of the fixtures either parse or fail with a CaseCountParseError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseVsrr, statePopulations } from '../src/sources/cdc/index';
import { mxPopulations, parseSesnsp } from '../src/sources/sesnsp/index';
import { parseCaseCountCsv } from '../src/services/protect/generic-csv';
import { CaseCountParseError } from '../src/services/protect/errors';
import { decodeText } from '../src/services/protect/model';
import { monthKey, parsePeriod, periodLabel, weekLabel } from '../src/services/protect/periods';

const FIX = new URL('./fixtures/protect/', import.meta.url).pathname;
const read = (f: string) => readFileSync(FIX + f, 'utf8');

function parseError(run: () => unknown): CaseCountParseError {
  try { run(); } catch (err) {
    assert.ok(err instanceof CaseCountParseError, `expected a CaseCountParseError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a parse error');
}

test('CDC VSRR: states by FIPS, the nation, New York City; 12-month-ending deaths; other indicators skipped', () => {
  const b = parseVsrr(read('vsrr.csv'), 'vsrr.csv', statePopulations(JSON.stringify({ features: [{ properties: { GEOID: '04', NAME: 'Arizona', total_pop_15: 6641928 } }] })));
  assert.deepEqual(b.places.map((p) => p.code).sort(), ['US-04', 'US-36', 'US-48', 'US-NYC', 'US-US']);
  const az = b.places.find((p) => p.code === 'US-04')!;
  assert.equal(az.population, 6641928);
  assert.equal(b.places.find((p) => p.code === 'US-NYC')!.parentCode, 'US-36');
  const azTotal = b.points.filter((p) => p.placeCode === 'US-04' && p.indicator === 'overdose_deaths_12m').map((p) => p.value);
  assert.deepEqual(azTotal, [1300, 1321, 1340], 'the thousands separator is read');
  assert.equal(b.points.find((p) => p.placeCode === 'US-48' && p.period === monthKey(2017, 2))!.value, null, 'suppressed = missing');
  assert.equal(b.points.find((p) => p.indicator === 'overdose_deaths_12m_heroin')!.value, 310);
  assert.equal(b.skipped['Number of Deaths'], 1);
  assert.equal(b.skipped['Percent with drugs specified'], 1);
  assert.equal(b.skipped['Natural & semi-synthetic opioids, incl. methadone (T40.2, T40.3)'], 1);
});

test('CDC VSRR: a bad month names file, line and field in both languages', () => {
  const e = parseError(() => parseVsrr(read('vsrr-bad-month.csv'), 'vsrr-bad-month.csv'));
  assert.equal(e.line, 3);
  assert.equal(e.field, 'Month');
  assert.match(e.messages.en, /vsrr-bad-month\.csv, line 3, field Month: unexpected value "Smarch"/);
  assert.match(e.messages.es, /vsrr-bad-month\.csv, línea 3, campo Month: valor inesperado "Smarch"/);
});

test('SESNSP wide layout: modalidades summed per municipality and month; unpublished trailing months dropped; other crimes skipped', () => {
  const pops = mxPopulations('"region","state_code","municipio_code","state_name","state_name_official","state_abbr","municipio_name","year","pop","pop_male","pop_female","afromexican","indigenous_language","metro_area","long","lat"\n"11007","11","007","Guanajuato","Guanajuato","GTO","Celaya",2020,531000,1,1,1,1,"Celaya",-100.8,20.5\n', 'pop.csv');
  const b = parseSesnsp(read('sesnsp-wide.csv'), 'sesnsp-wide.csv', pops);
  assert.deepEqual(b.places.map((p) => p.code).sort(), ['MX-11', 'MX-11007', 'MX-11020']);
  const celaya = b.places.find((p) => p.code === 'MX-11007')!;
  assert.equal(celaya.population, 531000);
  assert.equal(celaya.parentCode, 'MX-11');
  const dol = (place: string, y: number, m: number) => b.points.find((p) => p.placeCode === place && p.indicator === 'homicidio_doloso' && p.period === monthKey(y, m))?.value;
  assert.equal(dol('MX-11007', 2024, 1), 22, 'con arma de fuego 20 + con arma blanca 2');
  assert.equal(dol('MX-11007', 2025, 11), 20, '2025 cells written as floats');
  assert.equal(dol('MX-11007', 2025, 12), undefined, 'December 2025 not yet published');
  assert.equal(b.points.find((p) => p.placeCode === 'MX-11007' && p.indicator === 'feminicidio' && p.period === monthKey(2024, 1))?.value, 1);
  assert.equal(b.points.find((p) => p.indicator === 'homicidio_culposo' && p.period === monthKey(2024, 3))?.value, 6);
  assert.deepEqual(b.skipped, { 'Robo a casa habitación': 1 });
});

test('SESNSP long layout: one row per municipality and month; rows without an INEGI code skipped', () => {
  const b = parseSesnsp(read('sesnsp-long.csv'), 'sesnsp-long.csv');
  assert.equal(b.points.filter((p) => p.indicator === 'homicidio_doloso').length, 3);
  assert.equal(b.points.find((p) => p.placeCode === 'MX-11020' && p.indicator === 'homicidio_culposo')!.value, 9);
  assert.deepEqual(b.skipped, { no_municipality_code: 1 });
});

test('SESNSP: a bad count names its month column', () => {
  const e = parseError(() => parseSesnsp(read('sesnsp-bad-count.csv'), 'sesnsp-bad-count.csv'));
  assert.deepEqual([e.line, e.field], [3, 'Marzo']);
  assert.match(e.messages.es, /línea 3, campo Marzo: "cuarenta" no es un conteo/);
});

test('SESNSP: Windows-1252 bytes are read as such', () => {
  const bytes = new Uint8Array(Buffer.from(read('sesnsp-wide.csv'), 'latin1'));
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'the fixture is not UTF-8 once re-encoded');
  const b = parseSesnsp(decodeText(bytes), 'x.csv');
  assert.equal(b.places.find((p) => p.code === 'MX-11020')!.name, 'León');
});

test('generic CSV: months and ISO weeks, new places with names, missing counts', () => {
  const b = parseCaseCountCsv(read('counts.csv'), 'counts.csv');
  assert.deepEqual(b.places.map((p) => [p.code, p.name, p.level]), [
    ['MX-11', 'Guanajuato', 'state'], ['MX-11007', 'Celaya', 'municipality'], ['US-04', 'Arizona', 'state'],
  ]);
  const weeks = b.points.filter((p) => p.periodKind === 'week');
  assert.deepEqual(weeks.map((p) => periodLabel('week', p.period)), ['2024-W01', '2024-W02', '2024-W03']);
  assert.deepEqual(weeks.map((p) => p.value), [3, 5, null]);
  assert.equal(b.points.find((p) => p.period === monthKey(2024, 3))!.value, null);
});

test('generic CSV errors: bad period, bad place, duplicate, mixed kinds', () => {
  const head = 'place,indicator,period,count\n';
  let e = parseError(() => parseCaseCountCsv(`${head}MX-11,treatment_admissions,2024-13,1\n`, 'a.csv'));
  assert.deepEqual([e.line, e.field, e.problem], [2, 'period', 'bad_period']);
  e = parseError(() => parseCaseCountCsv(`${head}Guanajuato,treatment_admissions,2024-01,1\n`, 'a.csv'));
  assert.deepEqual([e.line, e.field, e.problem], [2, 'place', 'bad_code']);
  e = parseError(() => parseCaseCountCsv(`${head}MX-11,treatment_admissions,2024-01,1\nMX-11,treatment_admissions,2024-01,2\n`, 'a.csv'));
  assert.deepEqual([e.line, e.problem], [3, 'duplicate']);
  e = parseError(() => parseCaseCountCsv(`${head}MX-11,treatment_admissions,2024-01,1\nMX-11,treatment_admissions,2024-W02,2\n`, 'a.csv'));
  assert.deepEqual([e.line, e.problem], [3, 'mixed_periods']);
  e = parseError(() => parseCaseCountCsv('place,indicator,count\nMX-11,x,1\n', 'a.csv'));
  assert.deepEqual([e.line, e.field, e.problem], [1, 'period', 'missing_column']);
  e = parseError(() => parseCaseCountCsv(`${head}MX-11,treatment_admissions,2024-01,-3\n`, 'a.csv'));
  assert.deepEqual([e.line, e.field, e.problem], [2, 'count', 'bad_count']);
});

test('periods: months and ISO weeks round-trip; week 53 only in long years', () => {
  assert.equal(periodLabel('month', monthKey(2024, 3)), '2024-03');
  for (const w of ['2020-W53', '2021-W01', '2024-W01', '2026-W27']) assert.equal(weekLabel(parsePeriod(w)!.key), w);
  assert.equal(parsePeriod('2021-W53'), null);
  assert.equal(new Date(parsePeriod('2024-W01')!.key * 86_400_000).toISOString().slice(0, 10), '2024-01-01');
});

// ---- fuzzing ----
const mutated = (text: string) =>
  fc.array(fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 4 }), fc.constantFrom('"', ',', '\n', '\r', ';', 'NA', '-', '.', 'x', '9', '', '\u0000', 'é', 'W')), { minLength: 1, maxLength: 8 })
    .map((edits) => {
      let s = text;
      for (const [at, del, ins] of edits) {
        const i = Math.min(at, s.length);
        s = s.slice(0, i) + ins + s.slice(i + del);
      }
      return s;
    });

function onlyParseErrors(run: () => unknown) {
  try { run(); } catch (err) {
    if (!(err instanceof CaseCountParseError)) throw err;
    assert.ok(err.file && err.field && err.line >= 0 && err.messages.en && err.messages.es);
  }
}

test('fuzz: random bytes and text as any of the three formats', () => {
  fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => decodeText(b)), fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
    onlyParseErrors(() => parseVsrr(text, 'f.csv'));
    onlyParseErrors(() => parseSesnsp(text, 'f.csv'));
    onlyParseErrors(() => parseCaseCountCsv(text, 'f.csv'));
  }), { numRuns: 300 });
});

test('fuzz: mutated fixtures', () => {
  fc.assert(fc.property(mutated(read('vsrr.csv')), mutated(read('sesnsp-wide.csv')), mutated(read('sesnsp-long.csv')), mutated(read('counts.csv')), (a, b, c, d) => {
    onlyParseErrors(() => parseVsrr(a, 'vsrr.csv'));
    onlyParseErrors(() => parseSesnsp(b, 'sesnsp-wide.csv'));
    onlyParseErrors(() => parseSesnsp(c, 'sesnsp-long.csv'));
    onlyParseErrors(() => parseCaseCountCsv(d, 'counts.csv'));
  }), { numRuns: 300 });
});
