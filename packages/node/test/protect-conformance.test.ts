/**
 * Protect on the real public files in ../shared/data (read in place; skipped with a message when absent):
 *  - CDC VSRR provisional overdose deaths: every row read, the U.S. 12-month total ending Nov 2018 = 66,986
 *    (PROVENANCE.md), imported through the node;
 *  - SESNSP Guanajuato (wide layout): imported, then the node's Gi* and global Moran over 2024 on the INEGI
 *    municipality boundaries equal the spdep reference (hotspot-ref/) within 1e-9, neighbour counts included;
 *  - SESNSP national (long layout): read and imported (2,463 matched municipalities).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ingest as ingestCdc } from '../src/sources/cdc/index';
import { ingest as ingestSesnsp } from '../src/sources/sesnsp/index';
import { importCaseCountBatch } from '../src/services/protect/import';
import { hotspots } from '../src/services/protect/hotspots';
import { mapValues } from '../src/services/protect/series';
import { systemActor } from '../src/identity/index';
import { monthKey } from '../src/services/protect/periods';
import { startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

const root = new URL('../../../', import.meta.url).pathname;
const data = process.env.PUENTE_DATA ?? join(root, '../shared/data');
const overdose = join(data, 'overdose', 'VSRR_Provisional_Drug_Overdose_Death_Counts_2019-07.csv');
const gto = join(data, 'violence', 'sesnsp_gto_homicidio_municipal_2020_2025_raw.csv');
const national = join(data, 'violence', 'sesnsp_homicidio_municipal_mensual_2024_2025.csv');
const ref = join(data, 'violence', 'hotspot-ref');
const skip = (p: string) => (existsSync(p) ? false : `real data not found at ${p}: skipped`);

let t: TestNode;
before(async () => { t = await startTestNode(); });
after(async () => { await t?.close(); });

describe(`protect on the shared real data (${storeKind})`, () => {
  test('CDC VSRR: all rows, the U.S. total, states with populations; imported', { skip: skip(overdose) }, async () => {
    const b = ingestCdc(overdose);
    const skipped = Object.values(b.skipped).reduce((s, n) => s + n, 0);
    assert.equal(b.points.length + skipped, 13_912, 'every data row is either a point or a skipped indicator');
    const us = b.points.find((p) => p.placeCode === 'US-US' && p.indicator === 'overdose_deaths_12m' && p.period === monthKey(2018, 11))!;
    assert.equal(us.value, 66_986);
    assert.equal(b.places.filter((p) => p.level === 'state' && p.population).length, 51, '50 states and DC with 2015 populations');
    const r = await importCaseCountBatch(t.node.ctx, systemActor(t.node.ctx.node), b);
    assert.equal(r.points, b.points.length);
  });

  test('SESNSP Guanajuato → Gi* and global Moran equal spdep on 2024 (1e-9)', { skip: skip(gto) || skip(join(data, 'violence', 'mx_municipios.topojson')) }, async () => {
    const ctx = t.node.ctx;
    const system = { ...systemActor(ctx.node), purpose: 'violence_prevention' as const };
    const b = ingestSesnsp(gto);
    assert.equal(b.places.filter((p) => p.level === 'municipality').length, 46);
    await importCaseCountBatch(ctx, system, b);
    const h = await hotspots(ctx, system, { indicator: 'homicidio_doloso', set: 'mx-municipios', period: '2024-12', window: 12, measure: 'count' });
    assert.deepEqual([h.from, h.to], ['2024-01', '2024-12']);
    const rows = parse(readFileSync(join(ref, 'gto_homicidio_doloso_2024_hotspot.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    assert.equal(h.places.length, rows.length);
    const mine = new Map(h.places.map((p) => [p.code, p]));
    for (const r of rows) {
      const p = mine.get(`MX-${r.id}`)!;
      assert.equal(p.value, Number(r.value), `${r.id} value`);
      assert.equal(p.neighbours, Number(r.n_neighbors), `${r.id} neighbours`);
      assert.ok(Math.abs(p.z! - Number(r.GiStar_z_binary)) < 1e-9, `${r.id} Gi* ${p.z} vs ${r.GiStar_z_binary}`);
    }
    const gm = parse(readFileSync(join(ref, 'gto_homicidio_doloso_2024_global_moran.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const w = gm.find((x) => x.weights.startsWith('W'))!;
    for (const [k, col] of [['I', 'moran_I'], ['expected', 'expectation'], ['variance', 'variance'], ['z', 'z'], ['pGreater', 'p_greater']] as const) {
      assert.ok(Math.abs(h.moran![k] - Number(w[col])) < 1e-9, `Moran ${k}`);
    }
    // The map of the same data: rates per 100,000 from the INEGI 2020 census.
    const m = await mapValues(ctx, system, { indicator: 'homicidio_doloso', set: 'mx-municipios', period: '2024-06' });
    const leon = m.values.find((v) => v.code === 'MX-11020')!;
    assert.equal(leon.population, 1_721_215);
    assert.ok(leon.rate !== null && leon.count !== null && Math.abs(leon.rate - (leon.count / 1_721_215) * 1e5) < 1e-9);
  });

  test('SESNSP national long layout: read and imported', { skip: skip(national) }, async () => {
    const b = ingestSesnsp(national);
    assert.equal(b.places.filter((p) => p.level === 'municipality').length, 2_463);
    const r = await importCaseCountBatch(t.node.ctx, systemActor(t.node.ctx.node), b);
    assert.ok(r.series >= 2_463 * 3 - 10);
  });
});
