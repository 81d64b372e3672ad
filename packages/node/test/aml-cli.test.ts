/**
 * `puente aml train|score` end to end on small fixtures written by packages/demo/src/aml (generic CSV, with and
 * without labels, and the same world in AMLSim's format): the exact contract (tran_id,score,flag,typology for
 * every row dated on or after --from), labels never read by score, bilingual errors naming file, line and field.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { detectFormat, readTransactions } from '../src/sources/aml-csv/index';
import { AmlSourceError, parseTimestamp } from '../src/sources/aml-csv/common';
import { amlWorld, amlWorldCsv } from '../../demo/src/aml/index';
import { checkModel, dateSeconds, scoreAml, TYPOLOGIES, type AmlModel } from '../../engines/src/aml/index';

const ROOT = new URL('../../../', import.meta.url).pathname;
const FIX = new URL('./fixtures/aml/', import.meta.url).pathname;
const RUNNER = join(ROOT, 'packages/node/src/cli/main.ts');
const tmp = mkdtempSync(join(tmpdir(), 'aml-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', RUNNER, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', PUENTE_LANG: '', ...env }, timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
type Row = { tran_id: string; score: string; flag: string; typology: string };
const readOut = (file: string) => parse(readFileSync(file), { columns: true }) as Row[];
const FROM = '2024-03-01';

describe('puente aml', () => {
  const model = join(tmp, 'model.json');
  test('train writes a JSON model with its validation period and threshold', () => {
    const r = run(['aml', 'train', '--transactions', join(FIX, 'generic.csv'), '--until', FROM, '--model', model]);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(readFileSync(model, 'utf8'));
    assert.equal(m.kind, 'puente-aml-risk');
    assert.equal(m.training.until, FROM);
    assert.ok(m.threshold > 0 && m.threshold < 1);
    assert.match(r.stdout, /validation/);
  });

  test('a large file is scored on two cores with exactly the scores of one', async () => {
    const big = join(tmp, 'big.csv'), out = join(tmp, 'big-scores.csv');
    writeFileSync(big, amlWorldCsv(amlWorld({ accounts: 3000, days: 180, patterns: 40, seed: 11 }), false));
    const r = run(['aml', 'score', '--model', model, '--transactions', big, '--from', '2024-04-01', '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(readFileSync(model, 'utf8')) as AmlModel;
    checkModel(m);
    const { table } = await readTransactions(big, { labels: false });
    assert.ok(table.size >= 50_000, `${table.size} rows: the two-core path`);
    const one = scoreAml(m, table, dateSeconds('2024-04-01'), { keepFeatures: false });
    const expected = Array.from(one.rows.keys()).sort((a, b) => one.rows[a] - one.rows[b])
      .map((k) => `${table.ids[one.rows[k]]},${one.score[k].toFixed(6)},${one.flag[k]},${one.typology[k] >= 0 ? TYPOLOGIES[one.typology[k]] : ''}`);
    assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n').slice(1), expected);
  });

  test('score: one row per transaction dated on or after --from, the contract columns, labels never read', () => {
    const out = join(tmp, 's1.csv'), out2 = join(tmp, 's2.csv');
    const a = run(['aml', 'score', '--model', model, '--transactions', join(FIX, 'generic.csv'), '--from', FROM, '--output', out]);
    assert.equal(a.code, 0, a.stderr);
    const b = run(['aml', 'score', '--model', model, '--transactions', join(FIX, 'generic-unlabelled.csv'), '--from', FROM, '--output', out2]);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(readFileSync(out, 'utf8'), readFileSync(out2, 'utf8'));
    assert.equal(readFileSync(out, 'utf8').split('\n')[0], 'tran_id,score,flag,typology');
    const input = parse(readFileSync(join(FIX, 'generic.csv')), { columns: true }) as Array<Record<string, string>>;
    const expected = input.filter((r) => r.timestamp >= FROM).map((r) => r.tran_id);
    const rows = readOut(out);
    assert.deepEqual(rows.map((r) => r.tran_id), expected);
    for (const r of rows) {
      const s = Number(r.score);
      assert.ok(s >= 0 && s <= 1);
      assert.ok(r.flag === '0' || r.flag === '1');
    }
    // labels with all values flipped give the same scores: they are never read
    const flipped = join(tmp, 'flipped.csv');
    const text = readFileSync(join(FIX, 'generic.csv'), 'utf8').split('\n').map((l, i) => (i === 0 || !l ? l : l.replace(/,([01]),([a-z_]*)$/, (_, v, t) => `,${1 - Number(v)},${t ? '' : 'cycle'}`))).join('\n');
    writeFileSync(flipped, text);
    const out3 = join(tmp, 's3.csv');
    assert.equal(run(['aml', 'score', '--model', model, '--transactions', flipped, '--from', FROM, '--output', out3]).code, 0);
    assert.equal(readFileSync(out3, 'utf8'), readFileSync(out, 'utf8'));
    // the planted laundering is found: most flagged rows are laundering, most laundering is flagged
    const lab = new Map(input.map((r) => [r.tran_id, r.is_laundering]));
    const tp = rows.filter((r) => r.flag === '1' && lab.get(r.tran_id) === '1').length;
    const pos = rows.filter((r) => lab.get(r.tran_id) === '1').length;
    const flagged = rows.filter((r) => r.flag === '1').length;
    assert.ok(tp / pos > 0.6 && tp / flagged > 0.6, `tp ${tp} pos ${pos} flagged ${flagged}`);
    // planted structuring (cash just under the US $10,000 threshold, several depositors into one account) is named
    const planted = rows.filter((r) => input.find((x) => x.tran_id === r.tran_id)?.typology === 'structuring');
    assert.ok(planted.length >= 6);
    assert.ok(planted.filter((r) => r.typology === 'structuring').length >= planted.length / 2);
    assert.ok(rows.filter((r) => r.typology === 'structuring').every((r) => lab.get(r.tran_id) === '1'));
  });

  test('the typology column names funnel accounts and mirror trades (amounts compared in dollars at the date\'s rate)', () => {
    // the fixture plus: cash into F at three border ZIP codes, then a wire out to Mexico; pesos from H to K in Mexico
    // and, two days later, the same value back from K to H in dollars in the U.S.
    const extra = [
      'f1,2024-03-10T10:00:00Z,C1,F,4000,USD,CASH,US,78520',
      'f2,2024-03-11T10:00:00Z,C2,F,4500,USD,CASH,US,79901',
      'f3,2024-03-12T10:00:00Z,C3,F,3900,USD,CASH,US,92173',
      'f4,2024-03-13T10:00:00Z,F,MXB,11000,USD,WIRE,MX,Culiacán',
      'm1,2024-03-14T10:00:00Z,H,K,1000000,MXN,TRANSFER,MX,',
      'm2,2024-03-16T10:00:00Z,K,H,54500,USD,TRANSFER,US,',
    ];
    const lines = readFileSync(join(FIX, 'generic-unlabelled.csv'), 'utf8').trim().split('\n');
    const file = join(tmp, 'typologies.csv'), out = join(tmp, 's-typ.csv');
    writeFileSync(file, [`${lines[0]},place`, ...lines.slice(1).map((l) => `${l},`), ...extra].join('\n') + '\n');
    const r = run(['aml', 'score', '--model', model, '--transactions', file, '--from', FROM, '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    const typ = new Map(readOut(out).map((x) => [x.tran_id, x.typology]));
    assert.equal(typ.get('f4'), 'funnel');
    assert.equal(typ.get('m2'), 'mirror_trade');
    assert.notEqual(typ.get('f3'), 'funnel');
    assert.notEqual(typ.get('m1'), 'mirror_trade');
  });

  test('AMLSim format (day timestamps, is_sar/alert_id optional) with explanations', () => {
    const m2 = join(tmp, 'm2.json'), out = join(tmp, 'amlsim-scores.csv'), ex = join(tmp, 'ex.csv');
    assert.equal(run(['aml', 'train', '--transactions', join(FIX, 'amlsim.csv'), '--until', FROM, '--model', m2, '--seed', '3']).code, 0);
    const noLabels = join(tmp, 'amlsim-nolabels.csv');
    writeFileSync(noLabels, readFileSync(join(FIX, 'amlsim.csv'), 'utf8').split('\n').map((l) => l.split(',').slice(0, 6).join(',')).join('\n'));
    const r = run(['aml', 'score', '--model', m2, '--transactions', noLabels, '--from', FROM, '--output', out, '--explanations', ex]);
    assert.equal(r.code, 0, r.stderr);
    const rows = readOut(out);
    assert.ok(rows.length > 100);
    const exRows = parse(readFileSync(ex), { columns: true }) as Array<Record<string, string>>;
    assert.equal(exRows.length, 5 * rows.filter((x) => x.flag === '1').length);
  });

  test('errors are bilingual and name the file, line and field', () => {
    const bad = join(tmp, 'bad.csv');
    const lines = readFileSync(join(FIX, 'generic.csv'), 'utf8').split('\n');
    lines[3] = lines[3].replace(/^([^,]*),([^,]*),([^,]*),([^,]*),([^,]*)/, '$1,$2,$3,$4,12x');
    writeFileSync(bad, lines.join('\n'));
    const en = run(['aml', 'train', '--transactions', bad, '--until', FROM, '--model', join(tmp, 'x.json')]);
    assert.equal(en.code, 1);
    assert.match(en.stderr, /bad\.csv, line 4, field amount/);
    const es = run(['aml', 'train', '--transactions', bad, '--until', FROM, '--model', join(tmp, 'x.json'), '--lang', 'es']);
    assert.match(es.stderr, /bad\.csv, línea 4, campo amount/);
    const date = run(['aml', 'score', '--model', model, '--transactions', bad, '--from', '2024-02-30', '--output', join(tmp, 'y.csv')]);
    assert.equal(date.code, 1);
    assert.match(date.stderr, /--from/);
    const missing = run(['aml', 'score', '--model', model, '--transactions', join(tmp, 'nope.csv'), '--from', FROM, '--output', join(tmp, 'y.csv')]);
    assert.match(missing.stderr, /nope\.csv/);
    const help = run(['aml', 'score', '--help', '--lang', 'es']);
    assert.match(help.stdout, /puntúa/);
  });

  test('--rates: a rate file is kept in the model; a bad one is named by file and line in both languages', () => {
    const rates = join(tmp, 'rates.csv');
    writeFileSync(rates, '# our own test rates\ncurrency,from,rate\nMXN,2020-01-01,0.05\nEUR,2020-01-01,1.1\n');
    const withRates = join(tmp, 'model-rates.json');
    const r = run(['aml', 'train', '--transactions', join(FIX, 'generic.csv'), '--until', FROM, '--model', withRates, '--rates', rates]);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(readFileSync(withRates, 'utf8'));
    assert.deepEqual(m.rates.rates.map((x: { currency: string; rate: number }) => [x.currency, x.rate]), [['MXN', 0.05], ['EUR', 1.1]]);
    writeFileSync(rates, 'currency,from,rate\nMXN,2020-13-01,0.05\n');
    const en = run(['aml', 'train', '--transactions', join(FIX, 'generic.csv'), '--until', FROM, '--model', withRates, '--rates', rates]);
    assert.equal(en.code, 1);
    assert.match(en.stderr, /rates\.csv, line 2/);
    const es = run(['aml', 'train', '--transactions', join(FIX, 'generic.csv'), '--until', FROM, '--model', withRates, '--rates', rates, '--lang', 'es']);
    assert.match(es.stderr, /rates\.csv, línea 2/);
  });
});

describe('importers', () => {
  test('format detection from the header', () => {
    assert.equal(detectFormat(['tran_id', 'orig_acct', 'bene_acct', 'tx_type', 'base_amt', 'tran_timestamp', 'is_sar', 'alert_id']), 'amlsim');
    assert.equal(detectFormat(['Timestamp', 'From Bank', 'Account', 'To Bank', 'Account.1', 'Amount Received', 'Receiving Currency', 'Amount Paid', 'Payment Currency', 'Payment Format', 'Is Laundering']), 'amlworld');
    assert.equal(detectFormat(['tran_id', 'timestamp', 'orig_acct', 'bene_acct', 'amount']), 'generic');
    assert.equal(detectFormat(['sourceNodeId', 'targetNodeId', 'value', 'time']), 'amlsim-sample');
    assert.equal(detectFormat(['a', 'b']), undefined);
  });
  test('AMLworld rows: accounts keyed by bank, two currencies, labels only on request', async () => {
    const f = join(tmp, 'hi.csv');
    writeFileSync(f, 'Timestamp,From Bank,Account,To Bank,Account.1,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering\n'
      + '2022/09/01 00:20,10,8000EBD30,10,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,Reinvestment,0\n'
      + '2022/09/01 00:20,3208,8000F4580,1,8000F5340,0.01,Euro,0.01,US Dollar,Cheque,1\n');
    const { table, format } = await readTransactions(f, { labels: true });
    assert.equal(format, 'amlworld');
    assert.equal(table.size, 2);
    assert.deepEqual(table.ids, ['1', '2']);
    assert.equal(table.accounts[table.orig[1]], '3208:8000F4580');
    assert.equal(table.currencies[table.currencyReceived[1]], 'Euro');
    assert.equal(table.time[0], Date.UTC(2022, 8, 1, 0, 20) / 1000);
    assert.deepEqual(Array.from(table.label), [0, 1]);
    const unl = await readTransactions(f, { labels: false });
    assert.deepEqual(Array.from(unl.table.label), [-1, -1]);
  });
  test('timestamps: ISO dates, date-times with offsets, AMLworld style; invalid dates refused', async () => {
    assert.equal(parseTimestamp('2017-01-01T00:00:00Z'), Date.UTC(2017, 0, 1) / 1000);
    assert.equal(parseTimestamp('2017-01-01'), Date.UTC(2017, 0, 1) / 1000);
    assert.equal(parseTimestamp('2017-01-01T06:00:00-06:00'), Date.UTC(2017, 0, 1, 12) / 1000);
    assert.ok(Number.isNaN(parseTimestamp('2017-02-30')));
    const f = join(tmp, 'ts.csv');
    writeFileSync(f, 'tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp\n1,a,b,TRANSFER,1,2017-01-01T00:00:00Z\n2,a,b,TRANSFER,1,yesterday\n');
    await assert.rejects(readTransactions(f, { labels: false }), (e: unknown) => e instanceof AmlSourceError && /ts\.csv, line 3, field tran_timestamp/.test(e.messages.en) && /línea 3, campo tran_timestamp/.test(e.messages.es));
    writeFileSync(f, 'tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp\n1,a,b,TRANSFER,1,2017-01-01\n1,a,b,TRANSFER,1,2017-01-01\n');
    await assert.rejects(readTransactions(f, { labels: false }), /line 3, field tran_id: duplicate/);
  });
});
