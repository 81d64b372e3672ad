/**
 * The Protect HTTP API against a real node with the demo world: every route answers with its schema,
 * shows in /api/openapi.json, refuses the anonymous (401), the unauthorised (403), hides cases outside the
 * sharing circle (404), and reports a bad import line in the one error shape (file, line, field, en + es).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { json, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

let t: TestNode;
let analyst: string;
let admin: string;
before(async () => {
  t = await startTestNode({ demo: true });
  analyst = await t.login('mx.analyst');
  admin = await t.login('mx.admin', 'administration');
});
after(async () => { await t?.close(); });

describe(`protect API (${storeKind})`, () => {
  test('OpenAPI lists the Protect routes', async () => {
    const doc = await json<{ paths: Record<string, unknown> }>(await t.request('/api/openapi.json'));
    for (const p of ['/api/protect/indicators', '/api/protect/map', '/api/protect/series/{id}', '/api/protect/import', '/api/protect/rules',
      '/api/protect/detect', '/api/protect/alerts', '/api/protect/inbox', '/api/protect/subscriptions', '/api/protect/hotspots', '/api/protect/knox',
      '/api/protect/boundaries/{set}', '/api/protect/practices', '/api/protect/cases/{id}', '/api/protect/cases/{id}/links']) {
      assert.ok(p in doc.paths, p);
    }
  });

  test('401 without a session, 403 for an administrator alone', async () => {
    assert.equal((await t.request('/api/protect/indicators')).status, 401);
    const r = await json<{ error: { code: string; message: { en: string; es: string } } }>(await t.request('/api/protect/indicators', { cookie: admin }), 403);
    assert.equal(r.error.code, 'forbidden');
  });

  test('indicators say what is counted (SESNSP: investigation files, not victims)', async () => {
    const { indicators } = await json<{ indicators: Array<{ code: string; unit: { en: string; es: string }; note: { en: string }; series: number }> }>(await t.request('/api/protect/indicators', { cookie: analyst }));
    const h = indicators.find((i) => i.code === 'homicidio_doloso')!;
    assert.equal(h.unit.es, 'carpetas de investigación');
    assert.match(h.note.en, /not victims/);
    assert.equal(h.series, 120);
  });

  test('map, boundaries, series, hot spots and Knox', async () => {
    const sets = await json<{ sets: Array<{ id: string; available: boolean }> }>(await t.request('/api/protect/boundaries', { cookie: analyst }));
    assert.ok(sets.sets.find((s) => s.id === 'demo')!.available);
    const geo = await json<{ type: string; features: Array<{ properties: { code: string } }> }>(await t.request('/api/protect/boundaries/demo', { cookie: analyst }));
    assert.equal(geo.type, 'FeatureCollection');
    assert.equal(geo.features.length, 200);
    const map = await json<{ periods: string[]; period: string; values: Array<{ code: string; rate: number | null; seriesId: string }> }>(await t.request('/api/protect/map?indicator=overdose_emergency_visits&set=demo&period=2025-01', { cookie: analyst }));
    assert.equal(map.period, '2025-01');
    assert.equal(map.values.length, 200);
    const s = await json<{ points: Array<{ upperBound: number | null; alarm: boolean | null }>; method: string }>(await t.request(`/api/protect/series/${map.values[0].seriesId}?method=cusum&params=${encodeURIComponent('{"k":1,"h":3}')}`, { cookie: analyst }));
    assert.equal(s.method, 'cusum');
    assert.equal(s.points.length, 60);
    await json(await t.request(`/api/protect/series/${map.values[0].seriesId}?params=${encodeURIComponent('{"nope":1}')}`, { cookie: analyst }), 400);
    await json(await t.request('/api/protect/series/999999999', { cookie: analyst }), 404);
    const h = await json<{ places: Array<{ class: number }>; moran: { I: number } }>(await t.request('/api/protect/hotspots?indicator=homicidio_doloso&set=demo&measure=rate', { cookie: analyst }));
    assert.ok(h.places.some((p) => p.class === 3));
    const k = await json<{ observed: number[][]; rows: string[] }>(await t.request('/api/protect/knox?spatialBandwidth=200&spatialBands=2&temporalBandwidth=7&temporalBands=2&iterations=19', { cookie: analyst }));
    assert.equal(k.rows.length, 4);
  });

  test('import: a bad line is a 400 naming file, line and field in both languages; a good file lands', async () => {
    const bad = await json<{ error: { code: string; message: { en: string; es: string }; details: { line: number; field: string } } }>(
      await t.request('/api/protect/import', { cookie: analyst, body: { format: 'csv', file: 'x.csv', text: 'place,indicator,period,count\nMX-D01001,treatment_admissions,2026-13,1\n' } }), 400);
    assert.deepEqual([bad.error.code, bad.error.details.line, bad.error.details.field], ['validation', 2, 'period']);
    assert.match(bad.error.message.es, /x\.csv, línea 2, campo period/);
    const ok = await json<{ series: number }>(await t.request('/api/protect/import', { cookie: analyst, body: { format: 'csv', file: 'y.csv', text: 'place,indicator,period,count\nMX-D01001,drug_seizures,2026-05,4\n' } }));
    assert.equal(ok.series, 1);
  });

  test('rules, detection, alerts, notes, inbox and subscriptions', async () => {
    const rule = await json<{ id: string }>(await t.request('/api/protect/rules', { cookie: analyst, body: { name: 'Homicide C2', indicator: 'homicidio_doloso', method: 'ears-c2', params: { lookback: 3 } } }));
    await json(await t.request('/api/protect/rules', { cookie: analyst, body: { name: 'x', indicator: 'homicidio_doloso', method: 'ears-c9' } }), 400);
    const run = await json<{ rules: number; series: number }>(await t.request('/api/protect/detect', { cookie: analyst, body: { ruleIds: [rule.id] } }));
    assert.deepEqual([run.rules, run.series], [1, 120]);
    const { alerts, total } = await json<{ total: number; alerts: Array<{ id: string; explanation: Record<string, unknown> }> }>(await t.request('/api/protect/alerts?limit=5', { cookie: analyst }));
    assert.ok(total > 0 && alerts.length > 0);
    const note = await json<{ substance: string }>(await t.request(`/api/protect/alerts/${alerts[0].id}/notes`, { cookie: analyst, body: { kind: 'substance', substance: 'nitazene', text: 'Lab confirmed' } }));
    assert.equal(note.substance, 'nitazene');
    const one = await json<{ notes: unknown[] }>(await t.request(`/api/protect/alerts/${alerts[0].id}`, { cookie: analyst }));
    assert.equal(one.notes.length, 1);
    const box = await json<{ unread: number; alerts: unknown[] }>(await t.request('/api/protect/inbox', { cookie: analyst }));
    assert.ok(box.alerts.length > 0, 'demo subscriptions delivered alerts');
    await json(await t.request('/api/protect/inbox/read', { cookie: analyst, body: { alertIds: 'all' } }));
    assert.equal((await json<{ unread: number }>(await t.request('/api/protect/inbox', { cookie: analyst }))).unread, 0);
    const sub = await json<{ id: string }>(await t.request('/api/protect/subscriptions', { cookie: analyst, body: { indicator: 'treatment_admissions', placeCode: 'MX-D01' } }));
    assert.equal((await t.request(`/api/protect/subscriptions/${sub.id}`, { cookie: analyst, method: 'DELETE' })).status, 200);
    const st = await json<{ status: string }>(await t.request(`/api/protect/alerts/${alerts[0].id}`, { cookie: analyst, method: 'PATCH', body: { status: 'acknowledged' } }));
    assert.equal(st.status, 'acknowledged');
  });

  test('practices and cases', async () => {
    const found = await json<{ total: number }>(await t.request('/api/protect/practices?q=violencia', { cookie: analyst }));
    assert.ok(found.total >= 1);
    await json(await t.request('/api/protect/practices', { cookie: analyst, body: { title: { en: 'Only English' } } }), 400);
    const { cases } = await json<{ cases: Array<{ id: string }> }>(await t.request('/api/protect/cases', { cookie: analyst }));
    assert.equal(cases.length, 1);
    const c = await json<{ linked: Array<{ kind: string; entity: { caption: string } | null }> }>(await t.request(`/api/protect/cases/${cases[0].id}`, { cookie: analyst }));
    assert.equal(c.linked.filter((l) => l.kind === 'suspect' && l.entity).length, 2);
    const health = await t.login('mx.analyst', 'public_health');
    await json(await t.request(`/api/protect/cases/${cases[0].id}`, { cookie: health }), 403);
    await json(await t.request('/api/protect/cases/no-such-case', { cookie: analyst }), 404);
  });
});
