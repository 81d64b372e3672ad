/**
 * AML engine: funnel-account and mirror-trade detectors (explained, parameterised, causal), exchange rates as data
 * (lookup by date, AMLworld currency names, rate files) and structuring thresholds compared in one currency.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { amlWorld } from '../../demo/src/aml/index';
import {
  computeFeatures, scoreAml, trainAml, DAY, DEFAULT_DETECTORS, detect, FEATURE_COUNT, FEATURE_NAMES, parseRates, Rates, timeOrder, TxTableBuilder, TypologyState,
  type DetectorParams, type RateTable, type ThresholdRule, type TxRow, type TxTable,
} from '../src/aml/index';

const day0 = Date.UTC(2025, 0, 6) / 1000;
function tableOf(rows: Array<Omit<TxRow, 'id'>>): TxTable {
  const b = new TxTableBuilder();
  rows.forEach((r, i) => b.add({ id: String(i + 1), ...r }));
  return b.finish();
}
function runState(t: TxTable, opts: ConstructorParameters<typeof TypologyState>[0] = {}) {
  const st = new TypologyState(opts);
  const out = new Array(t.size);
  for (const i of timeOrder(t)) out[i] = st.step(t, i);
  return out as Array<ReturnType<TypologyState['step']>>;
}

/** Ordinary traffic between a few accounts, in one place: never a funnel or a mirror trade. */
const noise = (n: number) => Array.from({ length: n }, (_, i) => ({
  orig: `n${i % 7}`, bene: `m${(i * 3 + 1) % 5}`, amount: 2_000 + 37 * i, time: day0 + i * 3_600, type: 'TRANSFER', currency: 'USD', place: 'US/85001',
}));

describe('funnel accounts', () => {
  const deposits = (places: string[], amount = 4_000) => places.map((p, i) => ({ orig: `cash${i}`, bene: 'funnel', amount, time: day0 + i * DAY, type: 'CASH', currency: 'USD', place: `US/${p}` }));
  const wire = (days: number, amount: number, place = 'MX/Culiacán', extra: Partial<TxRow> = {}) => ({ orig: 'funnel', bene: 'mx-acct', amount, time: day0 + days * DAY, type: 'WIRE', currency: 'USD', place, ...extra });

  test('cash in at many places, then out across the border: flagged on the transfer out, explained', () => {
    const rows = [...noise(30), ...deposits(['78520', '79901', '92173', '85001']), wire(5, 15_000)];
    const d = runState(tableOf(rows));
    const hit = d.at(-1);
    assert.equal(hit?.typology, 'funnel');
    assert.equal(hit?.features.deposits, 4);
    assert.equal(hit?.features.distinct_places, 4);
    assert.equal(hit?.features.deposit_sum, 16_000);
    assert.equal(hit?.params.minPlaces, DEFAULT_DETECTORS.funnel.minPlaces);
    assert.match(hit!.reason, /4 cash deposits at 4 places/);
    assert.ok(d.slice(0, -1).every((x) => x === undefined));
  });
  test('not a funnel: deposits in one place, a transfer that stays in the country, deposits outside the window, too little sent on', () => {
    assert.equal(runState(tableOf([...deposits(['78520', '78520', '78520', '78520']), wire(5, 15_000)])).at(-1), undefined);
    assert.equal(runState(tableOf([...deposits(['78520', '79901', '92173']), wire(5, 15_000, 'US/10001')])).at(-1), undefined);
    assert.equal(runState(tableOf([...deposits(['78520', '79901', '92173']), wire(40, 15_000)])).at(-1), undefined);
    assert.equal(runState(tableOf([...deposits(['78520', '79901', '92173']), wire(5, 1_000)])).at(-1), undefined);
  });
  test('a transfer received in another currency counts as crossing the border; parameters are data', () => {
    const rows = [...deposits(['78520', '79901', '92173']), wire(5, 12_000, 'US/78520', { currencyReceived: 'MXN', amountReceived: 12_000 * 18.3 })];
    assert.equal(runState(tableOf(rows)).at(-1)?.typology, 'funnel');
    const strict: DetectorParams = { ...DEFAULT_DETECTORS, funnel: { ...DEFAULT_DETECTORS.funnel, minPlaces: 4 } };
    assert.equal(runState(tableOf(rows), { params: strict }).at(-1), undefined);
  });
  test('deposits in pesos are summed in the reporting currency', () => {
    const mxn = ['Tijuana', 'Mexicali', 'Tecate'].map((p, i) => ({ orig: `c${i}`, bene: 'funnel', amount: 70_000, time: day0 + i * DAY, type: 'CASH', currency: 'MXN', place: `MX/${p}` }));
    const hit = runState(tableOf([...mxn, { orig: 'funnel', bene: 'us', amount: 6_000, time: day0 + 4 * DAY, type: 'WIRE', currency: 'USD', place: 'US/92173' }])).at(-1);
    assert.equal(hit?.typology, 'funnel');
    // 210,000 MXN at 2025's table rate (0.0521 USD per MXN) = 10,941 USD
    assert.ok(Math.abs(hit!.features.deposit_sum - 210_000 * 0.0521) < 0.01);
  });
});

describe('mirror trades', () => {
  const leg = (orig: string, bene: string, amount: number, currency: string, place: string, days: number) => ({ orig, bene, amount, time: day0 + days * DAY, type: 'TRANSFER', currency, place });
  test('equal value back the other way in another currency and country within the window', () => {
    // 1,830,000 MXN in Mexico ≈ 95,343 USD at 0.0521; 95,000 USD back in the U.S. is 0.36 % apart
    const rows = [...noise(20), leg('client-mx', 'broker-mx', 1_830_000, 'MXN', 'MX', 1), leg('broker-mx', 'client-mx', 95_000, 'USD', 'US', 3)];
    const d = runState(tableOf(rows));
    const hit = d.at(-1);
    assert.equal(hit?.typology, 'mirror_trade');
    assert.equal(hit?.params.offsets, '21');
    assert.ok(hit!.features.difference < 0.02 && hit!.features.days_apart === 2);
    assert.ok(d.slice(0, -1).every((x) => x === undefined));
  });
  test('related accounts: the legs may use other accounts of the same two holders', () => {
    const holders = new Map([['client-mx', 1], ['client-uk', 1], ['broker-mx', 2], ['broker-uk', 2]]);
    const rows = [leg('client-mx', 'broker-mx', 1_000_000, 'EUR', 'DE', 0), leg('broker-uk', 'client-uk', 1_128_000, 'USD', 'GB', 1)];
    const t = tableOf(rows);
    assert.equal(runState(t).at(-1), undefined, 'unrelated accounts without holders');
    const holderOf = (a: number) => holders.get(t.accounts[a]!) ?? 1000 + a;
    assert.equal(runState(t, { holderOf }).at(-1)?.typology, 'mirror_trade');
  });
  test('not a mirror trade: same currency and country, unequal value, too late, or the same direction', () => {
    const none = (rows: Array<Omit<TxRow, 'id'>>) => assert.equal(runState(tableOf(rows)).at(-1), undefined);
    none([leg('a', 'b', 50_000, 'USD', 'US', 0), leg('b', 'a', 50_000, 'USD', 'US', 1)]);
    none([leg('a', 'b', 1_000_000, 'MXN', 'MX', 0), leg('b', 'a', 80_000, 'USD', 'US', 1)]);
    none([leg('a', 'b', 1_000_000, 'MXN', 'MX', 0), leg('b', 'a', 52_100, 'USD', 'US', 30)]);
    none([leg('a', 'b', 1_000_000, 'MXN', 'MX', 0), leg('a', 'b', 52_100, 'USD', 'US', 1)]);
  });
});

describe('rates as data', () => {
  const table: RateTable = {
    reporting: 'USD', source: 'test table', rates: [
      { currency: 'MXN', from: '2024-01-01', rate: 0.05 }, { currency: 'MXN', from: '2024-07-01', rate: 0.06 }, { currency: 'EUR', from: '2024-01-01', rate: 1.1 },
    ],
  };
  const r = new Rates(table);
  test('the rate of a date is the last entry at or before it; names as AMLworld writes them', () => {
    assert.equal(r.rate('MXN', Date.UTC(2024, 5, 30) / 1000), 0.05);
    assert.equal(r.rate('MXN', Date.UTC(2024, 6, 1) / 1000), 0.06);
    assert.equal(r.rate('Mexican Peso', Date.UTC(2025, 0, 1) / 1000), 0.06);
    assert.equal(r.rate('MXN', Date.UTC(2020, 0, 1) / 1000), 0.05, 'before the table: its first rate');
    assert.ok(Math.abs(r.convert(100, 'Euro', Date.UTC(2024, 2, 1) / 1000) - 110) < 1e-9);
    assert.equal(r.convert(100, 'US Dollar', 0), 100);
    assert.ok(Number.isNaN(r.rate('Yen', 0)));
    assert.equal(r.convert(100, 'Yen', 0), 100, 'unknown currency: the amount as it is');
  });
  test('a rate file is read by its header; a bad line is named', () => {
    const t = parseRates('# monthly\ndate,rate,currency\n2024-01-01,0.055,MXN\n2024-02-01,0.058,Mexican Peso\n', 'USD', 'file');
    assert.deepEqual(t.rates.map((x) => [x.currency, x.rate]), [['MXN', 0.055], ['MXN', 0.058]]);
    assert.throws(() => parseRates('currency,from,rate\nMXN,2024-13-01,0.05\n'), /line 2/);
    assert.throws(() => parseRates('currency,rate\nMXN,0.05\n'), /header/);
  });
  test('structuring: a threshold in dollars applies to peso cash by its equivalent; a threshold in pesos to dollar cash', () => {
    const at = Date.UTC(2025, 2, 3) / 1000;
    const gapOf = (rows: Array<Omit<TxRow, 'id'>>, thresholds: ThresholdRule[]) => {
      const t = tableOf(rows);
      const X = computeFeatures(t, timeOrder(t), { thresholds });
      return { X, gap: (i: number) => X[i * FEATURE_COUNT + FEATURE_NAMES.indexOf('threshold_gap')] };
    };
    const usd: ThresholdRule[] = [{ name: 'CTR', country: 'US', currency: 'USD', types: ['cash'], amount: 10_000 }];
    // 185,000 MXN at 0.0521 = 9,638.5 USD: 3.6 % under the CTR, in the U.S.
    const peso = [0, 1, 2].map((k) => ({ orig: 'smurf', bene: `b${k}`, amount: 185_000, time: at + k * 3_600, type: 'CASH', currency: 'MXN', place: 'US/78520' }));
    const a = gapOf(peso, usd);
    assert.ok(Math.abs(a.gap(0) - (10_000 - 185_000 * 0.0521) / 10_000) < 1e-6);
    assert.equal(detect(a.X, 2 * FEATURE_COUNT)?.typology, 'structuring');
    // the same in transfers (not cash): no rule applies
    assert.ok(Number.isNaN(gapOf(peso.map((x) => ({ ...x, type: 'WIRE' })), usd).gap(0)));
    // a threshold written in pesos (as Mexican rules in UMA or pesos are) applies to dollars by their peso value
    const mx: ThresholdRule[] = [{ name: 'MX pesos', country: 'MX', currency: 'MXN', types: ['CASH'], amount: 100_000 }];
    const dollars = [{ orig: 'x', bene: 'y', amount: 5_000, time: at, type: 'CASH', currency: 'USD', place: 'MX/Juárez' }];
    assert.ok(Math.abs(gapOf(dollars, mx).gap(0) - (100_000 * 0.0521 - 5_000) / (100_000 * 0.0521)) < 1e-6);
    // paidIn restricts a rule to cash in given currencies
    const onlyUsd: ThresholdRule[] = [{ ...mx[0]!, paidIn: ['USD'] }];
    assert.ok(Number.isNaN(gapOf(peso.map((x) => ({ ...x, place: 'MX/Juárez' })), onlyUsd).gap(0)));
    assert.ok(!Number.isNaN(gapOf(dollars, onlyUsd).gap(0)));
  });
  test('a model keeps the rate table it was trained with, and scoring converts with it', () => {
    const w = amlWorld({ accounts: 150, days: 60, patterns: 18, seed: 9 });
    const b = new TxTableBuilder();
    for (const x of w) b.add({ id: x.tran_id, orig: x.orig_acct, bene: x.bene_acct, amount: x.amount, time: Date.parse(x.timestamp) / 1000, type: x.tx_type, place: x.country, currency: x.currency, label: x.is_laundering });
    b.add({ id: 'peso', orig: 'A1', bene: 'A2', amount: 1_000, time: Date.parse(w.at(-1)!.timestamp) / 1000 + 60, currency: 'MXN', type: 'TRANSFER', place: 'MX' });
    const t = b.finish();
    const until = Date.UTC(2024, 0, 1) / 1000 + 40 * DAY;
    const model = trainAml(t, { until, seed: 1, gbdt: { trees: 20 }, rates: table });
    assert.deepEqual(JSON.parse(JSON.stringify(model)).rates, table);
    const res = scoreAml(model, t, until, { keepFeatures: true });
    const r = res.rows.length - 1;
    assert.equal(t.ids[res.rows[r]!], 'peso');
    // 1,000 MXN at the table's rate for February 2024 (0.05 USD per MXN) = 50 USD
    assert.ok(Math.abs(res.X[r * res.width + FEATURE_NAMES.indexOf('amount_log')]! - Math.log1p(50)) < 1e-5);
  });
});

describe('planted in a generated world (packages/demo/src/aml, extra patterns)', () => {
  test('every planted funnel and mirror trade is found, and nothing in the ordinary traffic', () => {
    const w = amlWorld({ accounts: 300, days: 90, patterns: 12, seed: 21, extra: { funnel: 6, mirror: 6 } });
    const b = new TxTableBuilder();
    for (const x of w) {
      b.add({ id: x.tran_id, orig: x.orig_acct, bene: x.bene_acct, amount: x.amount, time: Date.parse(x.timestamp) / 1000, type: x.tx_type, currency: x.currency, place: x.place ? `${x.country}/${x.place}` : x.country });
    }
    const t = b.finish();
    const d = runState(t);
    const found = (typ: string) => w.filter((x, i) => d[i]?.typology === typ).map((x) => x.typology);
    // one hit per funnel (its wire out) and one per mirror trade (its second leg), all on planted rows
    assert.deepEqual(found('funnel'), Array(6).fill('funnel'));
    assert.deepEqual(found('mirror_trade'), Array(6).fill('mirror_trade'));
    assert.ok(w.every((x, i) => !d[i] || x.is_laundering === 1));
  });
});
