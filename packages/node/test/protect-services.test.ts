/**
 * Protect services below HTTP, on the store under test (PGlite, or the server when DATABASE_URL is set):
 * imports are one transaction (a bad line changes nothing) and merge into the series arrays; alert rules
 * run the engines and explain every alert; subscriptions fill the inbox and the e-mail outbox; hot spots
 * find the demo's injected cluster; Knox sees its near repeats; practices are searched in both languages;
 * task-force cases follow the case policy and audit reads with purpose.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { DEFAULT_NOW, DEFAULT_SEED } from '@puente/demo';
import { generateProtectWorld } from '../../demo/src/layers/protect';
import type { Actor } from '../src/context';
import { systemActor } from '../src/identity/index';
import { PuenteError } from '../src/errors';
import { importCaseCounts } from '../src/services/protect/import';
import { getSeries, listSeries, mapValues } from '../src/services/protect/series';
import { addNote, createRule, getAlert, inbox, listAlerts, outbox, runRules, subscribe, updateRule } from '../src/services/protect/alerts';
import { hotspots, knox } from '../src/services/protect/hotspots';
import { publishPractice, searchPractices, updatePractice, type PracticeInput } from '../src/services/protect/practices';
import { getCase, linkToCase, listCases, openCase } from '../src/services/protect/cases';
import { startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

const FIX = new URL('./fixtures/protect/', import.meta.url).pathname;
const read = (f: string) => readFileSync(FIX + f, 'utf8');

let t: TestNode;
const user = async (username: string, purpose: Actor['purpose'] = 'criminal_investigation'): Promise<Actor> => {
  const u = await t.node.ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return { kind: 'user', id: u.id, username: u.username, agencyId: u.agency_id, country: u.country as 'MX', roles: u.roles as Actor['roles'], purpose };
};
const world = generateProtectWorld({ seed: DEFAULT_SEED, now: DEFAULT_NOW });

before(async () => { t = await startTestNode({ demo: true }); });
after(async () => { await t?.close(); });

async function rejects(run: () => Promise<unknown>, status: number) {
  await assert.rejects(run, (err: unknown) => err instanceof PuenteError && err.status === status);
}

describe(`protect services (${storeKind})`, () => {
  test('the demo world is loaded: places, boundaries, series, rules, alerts, practices, a case', async () => {
    const db = t.node.ctx.db;
    const n = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);
    assert.equal(await n('protect_places'), world.places.length);
    assert.equal(await n('protect_boundaries'), world.boundaries.length);
    assert.equal(await n('protect_series'), world.series.length);
    assert.equal(await n('protect_practices'), 6);
    assert.equal(await n('protect_cases'), 1);
    assert.ok(await n('protect_alerts') > 0);
  });

  test('detection finds the injected overdose outbreak, with explanations', async () => {
    const analyst = await user('mx.analyst');
    const { alerts } = await listAlerts(t.node.ctx, analyst, { indicator: 'overdose_emergency_visits', limit: 500 });
    const outbreak = new Set(world.injected.outbreak.places);
    const hits = alerts.filter((a) => outbreak.has(a.placeCode) && world.injected.outbreak.months.includes(a.period));
    assert.ok(new Set(hits.map((a) => a.placeCode)).size >= 4, `outbreak places alerted: ${hits.map((a) => a.placeCode).join(' ')}`);
    for (const a of alerts) {
      assert.ok(a.upperBound !== null && a.observed > a.upperBound, 'observed above the bound');
      assert.equal(a.method, 'ears-c2');
      assert.deepEqual(a.params, { baseline: 7, minSigma: 2, alpha: 0.001 });
      for (const k of ['observed', 'expected', 'upperBound', 'method', 'params', 'period', 'evaluated']) assert.ok(k in a.explanation, k);
    }
  });

  test('a series view gives bounds and alarms, rates, and the demand indicators of the same place', async () => {
    const analyst = await user('mx.analyst');
    const code = world.injected.outbreak.places[0];
    const [s] = await listSeries(t.node.ctx, analyst, { place: code, indicator: 'overdose_emergency_visits' });
    const v = await getSeries(t.node.ctx, analyst, s.id);
    assert.equal(v.method, 'ears-c2', 'the rule that covers the series');
    assert.equal(v.points.length, 60);
    assert.ok(v.points.slice(-3).some((p) => p.alarm === true));
    assert.equal(v.points[0].upperBound, null, 'not evaluated before the baseline');
    assert.ok(v.ratePer100k);
    assert.ok(v.related.some((r) => r.indicator === 'treatment_admissions' && r.domain === 'demand'));
    const f = await getSeries(t.node.ctx, analyst, s.id, { method: 'farrington-noufaily', params: {} });
    assert.equal(f.points.filter((p) => p.upperBound !== null).length, 10, 'Farrington, monthly b = 4, w = 2: the last 10 of 60 months');
  });

  test('the map reads one period across places, and the time slider has every month', async () => {
    const analyst = await user('mx.analyst');
    const m = await mapValues(t.node.ctx, analyst, { indicator: 'homicidio_doloso', set: 'demo' });
    assert.equal(m.periods.length, 60);
    assert.equal(m.period, m.periods.at(-1));
    assert.equal(m.values.length, 120);
    const first = await mapValues(t.node.ctx, analyst, { indicator: 'homicidio_doloso', set: 'demo', period: m.periods[0] });
    const s = world.series.find((x) => x.placeCode === first.values[0].code && x.indicator === 'homicidio_doloso')!;
    assert.equal(first.values[0].count, s.values[0]);
    assert.ok(Math.abs(first.values[0].rate! - (s.values[0] / first.values[0].population!) * 1e5) < 1e-9);
  });

  test('Gi* finds the injected homicide cluster (hot) and the low-violence block (cold); global Moran is positive', async () => {
    const analyst = await user('mx.analyst');
    const h = await hotspots(t.node.ctx, analyst, { indicator: 'homicidio_doloso', set: 'demo', measure: 'rate' });
    assert.equal(h.places.length, 120);
    const cls = new Map(h.places.map((p) => [p.code, p.class]));
    const hot = world.injected.hotspot.filter((c) => (cls.get(c) ?? 0) >= 2);
    assert.ok(hot.length >= 5, `hot-spot members at 95 %: ${hot.length}/9`);
    assert.ok(world.injected.coldspot.some((c) => (cls.get(c) ?? 0) < 0), 'some cold-spot member below zero');
    assert.ok(h.moran && h.moran.I > 0 && h.moran.pGreater < 0.05);
  });

  test('Knox near-repeat on the demo homicide points: close in space and time pairs above expectation', async () => {
    const analyst = await user('mx.analyst');
    const k = await knox(t.node.ctx, analyst, { spatialBandwidth: 200, spatialBands: 2, temporalBandwidth: 7, temporalBands: 2, iterations: 49 });
    assert.equal(k.events, world.events.length);
    assert.ok(k.observed[1][0] > k.expected[1][0], 'same week, within 200 m: more pairs than by chance');
    assert.ok(k.pValue[1][0] <= 0.05);
  });

  test('import: generic CSV merges into series; a bad line changes nothing; failures are audited', async () => {
    const analyst = await user('mx.analyst');
    const ctx = t.node.ctx;
    const r = await importCaseCounts(ctx, analyst, { format: 'csv', data: read('counts.csv'), file: 'counts.csv' });
    assert.deepEqual([r.places, r.series, r.points], [3, 3, 7]);
    const [s] = await listSeries(ctx, analyst, { place: 'MX-11', indicator: 'treatment_admissions' });
    assert.deepEqual([s.first, s.last, s.length], ['2024-01', '2024-03', 3]);
    // A later file extends the series backwards and overwrites a month.
    await importCaseCounts(ctx, analyst, { format: 'csv', data: 'place,indicator,period,count\nMX-11,treatment_admissions,2023-11,99\nMX-11,treatment_admissions,2024-03,140\n', file: 'more.csv' });
    const v = await getSeries(ctx, analyst, s.id);
    assert.deepEqual(v.points.map((p) => [p.period, p.count]), [['2023-11', 99], ['2023-12', null], ['2024-01', 120], ['2024-02', 131], ['2024-03', 140]]);
    const before = await sql<{ n: string }>`select count(*) as n from protect_series`.execute(ctx.db);
    for (const [file, line, field] of [['counts-unknown-indicator.csv', 3, 'indicator'], ['counts-unknown-place.csv', 2, 'place']] as const) {
      await assert.rejects(importCaseCounts(ctx, analyst, { format: 'csv', data: read(file), file }), (err: unknown) => {
        assert.ok(err instanceof PuenteError && err.status === 400);
        assert.deepEqual([err.details?.line, err.details?.field], [line, field]);
        assert.match(err.messages.es, new RegExp(`${file}, línea ${line}`));
        return true;
      });
    }
    await assert.rejects(importCaseCounts(ctx, analyst, { format: 'sesnsp', data: read('sesnsp-bad-count.csv'), file: 'sesnsp-bad-count.csv' }));
    const afterN = await sql<{ n: string }>`select count(*) as n from protect_series`.execute(ctx.db);
    assert.equal(afterN.rows[0].n, before.rows[0].n, 'nothing written');
    assert.equal((await ctx.db.selectFrom('protect_places' as never).select('code' as never).where('code' as never, '=', 'MX-11' as never).execute()).length, 1);
    const failed = await ctx.db.selectFrom('audit_events').select(['detail']).where('action', '=', 'protect.import').where('outcome', '=', 'failed').execute();
    assert.equal(failed.length, 3);
    // SESNSP and CDC fixtures through the same path.
    const w = await importCaseCounts(ctx, analyst, { format: 'sesnsp', data: read('sesnsp-wide.csv'), file: 'sesnsp-wide.csv' });
    assert.equal(w.skipped['Robo a casa habitación'], 1);
    const c = await importCaseCounts(ctx, analyst, { format: 'cdc', data: read('vsrr.csv'), file: 'vsrr.csv' });
    assert.ok(c.series >= 5);
    await rejects(() => importCaseCounts(ctx, { ...analyst, roles: ['auditor'] }, { format: 'csv', data: read('counts.csv'), file: 'x' }), 403);
  });

  test('rules: parameters checked; a run on new data raises alerts once and delivers them to subscribers (inbox + outbox)', async () => {
    const ctx = t.node.ctx;
    const analyst = await user('mx.analyst');
    const supervisor = await user('mx.supervisor');
    await rejects(() => createRule(ctx, analyst, { name: 'x', indicator: 'homicidio_doloso', method: 'ears-c2', params: { alpha: 2 } }), 400);
    await rejects(() => createRule(ctx, analyst, { name: 'x', indicator: 'nope', method: 'ears-c2' }), 400);
    await rejects(() => createRule(ctx, { ...analyst, roles: ['auditor'] }, { name: 'x', indicator: 'homicidio_doloso', method: 'ears-c2' }), 403);
    // A weekly series with a spike in the last week.
    const rows = ['place,place_name,indicator,period,count'];
    for (let w = 1; w <= 30; w++) rows.push(`MX-11007,Celaya,toxicology_findings,2025-W${String(w).padStart(2, '0')},${w === 30 ? 14 : 2 + (w % 3)}`);
    await importCaseCounts(ctx, analyst, { format: 'csv', data: rows.join('\n'), file: 'tox.csv' });
    await subscribe(ctx, supervisor, { indicator: 'toxicology_findings', placeCode: 'MX-11', email: 'sup@example.org' });
    const rule = await createRule(ctx, analyst, { name: 'Toxicology C1', indicator: 'toxicology_findings', placeCode: 'MX-11', method: 'ears-c1', params: { lookback: 4 } });
    const run = await runRules(ctx, analyst, { ruleIds: [rule.id] });
    assert.deepEqual([run.series, run.alerts], [1, 1]);
    assert.ok(run.delivered >= 1 && run.queued === 1);
    const again = await runRules(ctx, analyst, { ruleIds: [rule.id] });
    assert.equal(again.alerts, 0, 'an alert is raised once');
    const box = await inbox(ctx, supervisor, {});
    const a = box.alerts.find((x) => x.ruleId === rule.id)!;
    assert.equal(a.period, '2025-W30');
    assert.equal(a.read, false);
    assert.equal(a.explanation.observed, 14);
    const mail = (await outbox(ctx, analyst, { limit: 5000 })).find((m) => m.alertId === a.id)!;
    assert.equal(mail.to, 'sup@example.org');
    assert.match(mail.body, /Celaya/);
    assert.match(mail.subject, /Alerta de Puente/);
    const note = await addNote(ctx, analyst, a.id, { kind: 'substance', substance: 'xylazine', text: 'Found in 3 of 5 samples' });
    assert.equal(note.substance, 'xylazine');
    const detail = await getAlert(ctx, supervisor, a.id);
    assert.equal(detail.notes.length, 1);
    assert.equal((await inbox(ctx, supervisor, {})).alerts.find((x) => x.id === a.id)!.read, true, 'opening marks it read');
    const edited = await updateRule(ctx, analyst, rule.id, { enabled: false });
    assert.equal(edited.enabled, false);
  });

  test('practices: published in both languages, searched without accents in either', async () => {
    const ctx = t.node.ctx;
    const analyst = await user('mx.analyst');
    const input: PracticeInput = {
      title: { en: 'School mediation', es: 'Mediación escolar' }, programme: { en: 'Peer mediators in secondary schools.', es: 'Mediadores entre pares en secundarias.' },
      place: 'Celaya', placeCode: 'MX-11007', country: 'MX', population: { en: 'Students 12–15', es: 'Estudiantes de 12 a 15 años' },
      evidenceLevel: 'emerging', evidence: { en: 'Pilot', es: 'Piloto' }, outcomeMeasures: ['fights per term'],
      contacts: [{ name: 'Coordinación', organisation: 'Secretaría de Educación (fixture)', email: 'med@example.mx' }],
    };
    const p = await publishPractice(ctx, analyst, input);
    assert.equal(p.ownerAgency, analyst.agencyId);
    assert.equal((await searchPractices(ctx, analyst, { q: 'MEDIACION escolar' })).practices[0].id, p.id);
    assert.equal((await searchPractices(ctx, analyst, { q: 'peer mediators' })).practices[0].id, p.id);
    assert.equal((await searchPractices(ctx, analyst, { q: 'interruptores' })).total, 1, 'a demo practice');
    assert.equal((await searchPractices(ctx, analyst, { q: 'zzzz' })).total, 0);
    const other = await user('mx.fgr.analyst');
    await rejects(() => updatePractice(ctx, other, p.id, input), 403);
  });

  test('task-force cases: the demo case links homicides, suspects, a lab request and a prosecution; reads need a purpose and are audited', async () => {
    const ctx = t.node.ctx;
    const analyst = await user('mx.analyst');
    const [c] = await listCases(ctx, analyst);
    assert.equal(c.id, world.taskForce.id);
    assert.deepEqual(c.links, { homicide: 3, suspect: 2, lab_request: 2, prosecution: 1 });
    const v = await getCase(ctx, analyst, c.id);
    assert.ok(v.linked.filter((l) => l.kind === 'suspect').every((l) => l.entity && !l.restricted));
    assert.ok(v.linked.filter((l) => l.kind === 'homicide').every((l) => l.event));
    const audited = await ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'protect.case.read').where('resource_id', '=', c.id).where('outcome', '=', 'ok').execute();
    assert.equal(audited.at(-1)!.purpose, 'criminal_investigation');
    assert.equal(audited.at(-1)!.legal_basis, world.taskForce.legalBasis);
    await rejects(() => getCase(ctx, { ...analyst, purpose: 'public_health' }, c.id), 403);
    await rejects(() => getCase(ctx, { ...analyst, purpose: null }, c.id), 403);
    assert.equal((await listCases(ctx, { ...analyst, purpose: 'public_health' })).length, 0);
    // A new case of the analyst's own agency, kept within it: hidden (404) from another agency.
    const mine = await openCase(ctx, analyst, { title: 'Fixture case', openedOn: '2026-06-01', legalBasis: 'CNPP art. 131', purposes: ['criminal_investigation'] });
    const fgr = await user('mx.fgr.analyst');
    await rejects(() => getCase(ctx, fgr, mine.id), 404);
    await rejects(() => linkToCase(ctx, analyst, c.id, { kind: 'lab_request', label: 'x' }), 403);
    const linked = await linkToCase(ctx, analyst, mine.id, { kind: 'prosecution', label: 'Causa 1/2026', status: 'filed', onDate: '2026-06-20' });
    assert.equal(linked.links.prosecution, 1);
    await rejects(() => linkToCase(ctx, analyst, mine.id, { kind: 'suspect', entityId: 'no-such-record', label: 'x' }), 400);
  });

  test('system actor loads and detects; auditors read aggregates but may not manage rules', async () => {
    const ctx = t.node.ctx;
    const auditor = await user('mx.auditor', 'oversight');
    assert.ok((await listAlerts(ctx, auditor, {})).total > 0);
    await rejects(() => runRules(ctx, auditor), 403);
    const r = await runRules(ctx, systemActor(ctx.node));
    assert.equal(r.alerts, 0, 'the demo run already raised everything');
  });
});
