/**
 * The screening API over HTTP against a real node (startTestNode): list imports by a supervisor, one name and a
 * CSV batch by an analyst stating the purpose, list versions and their changes, alerts and decisions, the one
 * error shape (bilingual, with file/line/field for a bad file), and the OpenAPI document.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { json, seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';
import { fixtureText, seedScreeningRecords } from './helpers/screening';

const OFAC = new URL('./fixtures/ofac/sdn/', import.meta.url).pathname;

let t: TestNode;
let analyst = '';
let supervisor = '';
before(async () => {
  t = await startTestNode();
  await seedFixture(t);
  await seedScreeningRecords(t);
  analyst = await t.login('mx.analyst', 'sanctions_screening');
  supervisor = await t.login('mx.supervisor', 'sanctions_screening');
});
after(async () => { await t?.close(); });

const post = (path: string, cookie: string, body: unknown, headers: Record<string, string> = {}) => t.request(`/api/screening${path}`, { cookie, body, headers });
const get = (path: string, cookie: string, headers: Record<string, string> = {}) => t.request(`/api/screening${path}`, { cookie, headers });

describe(`screening API (${storeKind})`, () => {
  test('without a session: 401; without a list: 409 in both languages', async () => {
    assert.equal((await post('/screen', '', { name: 'Aurelio Quintanar' })).status, 401);
    const body = await json(await post('/screen', analyst, { name: 'Aurelio Quintanar' }), 409);
    assert.equal(body.error.code, 'conflict');
    assert.match(body.error.message.en, /No designation list/);
    assert.match(body.error.message.es, /ninguna lista de designados/);
  });

  test('a supervisor imports a version (FtM lines); the answer tells what changed and what the re-screen raised', async () => {
    const denied = await json(await post('/imports', analyst, { format: 'ftm', listId: 'fixture-list', label: 'v1', content: fixtureText('designations-v1.ftm.jsonl') }), 403);
    assert.equal(denied.error.code, 'forbidden');
    const bad = await json(await post('/imports', supervisor, { format: 'ftm', listId: 'fixture-list', label: 'bad', file: 'bad.jsonl', content: fixtureText('designations-bad.ftm.jsonl') }), 400);
    assert.deepEqual([bad.error.details.file, bad.error.details.line, bad.error.details.field], ['bad.jsonl', 3, 'json']);
    assert.match(bad.error.message.es, /línea 3, campo json/);
    const r = await json(await post('/imports', supervisor, {
      format: 'ftm', listId: 'fixture-list', title: 'Fixture list', label: '2025-03-01', file: 'designations-v1.ftm.jsonl', content: fixtureText('designations-v1.ftm.jsonl'),
    }));
    assert.deepEqual([r.versions[0].version.seq, r.versions[0].version.added], [1, 4]);
    assert.equal(r.rescreen.alerts, 3);
    const r2 = await json(await post('/imports', supervisor, { format: 'ftm', listId: 'fixture-list', label: '2025-04-01', content: fixtureText('designations-v2.ftm.jsonl') }));
    assert.deepEqual([r2.versions[0].version.added, r2.versions[0].version.changed, r2.versions[0].version.removed], [1, 1, 1]);
  });

  test('OFAC files as text, by their OFAC names', async () => {
    const files = Object.fromEntries(['sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv'].map((f) => [f, readFileSync(`${OFAC}${f}`, 'utf8')]));
    const r = await json(await post('/imports', supervisor, { format: 'ofac', label: 'fixture', files }));
    assert.equal(r.versions[0].version.listId, 'us_ofac_sdn');
    assert.equal((await post('/imports', supervisor, { format: 'ofac', label: 'x', files: { 'evil/../../x.csv': 'a' } })).status, 400);
  });

  test('one name: ranked hits with explanations, in the list order of scores', async () => {
    const r = await json(await post('/screen', analyst, { name: 'Aurelio Quintanar Bermudez', schema: 'Person', country: 'MX', birthDate: '1968-05-12' }));
    assert.equal(r.hits[0].entryId, 'dl-001');
    assert.equal(r.hits[0].rank, 1);
    assert.ok(r.hits[0].explanation.name.pairs.length >= 2);
    assert.ok(r.hits[0].explanation.features.some((f: { feature: string }) => f.feature === 'dob_match'));
    for (let i = 1; i < r.hits.length; i++) assert.ok(r.hits[i - 1].score >= r.hits[i].score);
    const run = await json(await get(`/runs/${r.run.id}`, analyst));
    assert.equal(run.hits.length, r.hits.length);
    const weak = await json(await post('/screen', analyst, { name: 'Zarco', lists: ['us_ofac_sdn'] }));
    assert.equal(weak.hits[0].explanation.nameKind, 'weak');
  });

  test('screening states its purpose: an analyst investigating a crime is refused (403, both languages)', async () => {
    const other = await t.login('mx.analyst', 'criminal_investigation');
    const body = await json(await post('/screen', other, { name: 'Aurelio Quintanar' }), 403);
    assert.ok(body.error.message.en && body.error.message.es);
    const invalid = await json(await post('/screen', analyst, { name: 'Aurelio', birthDate: 'ayer' }), 400);
    assert.equal(invalid.error.details.field, 'birthDate');
  });

  test('a CSV batch, and a bad file refused with file, line and field', async () => {
    const r = await json(await post('/batch', analyst, { file: 'queries.csv', csv: fixtureText('queries.csv') }));
    assert.equal(r.rows.length, 4);
    assert.equal(r.rows[0].hits[0].entryId, 'dl-001');
    const es = await json(await post('/batch', analyst, { file: 'queries-bad.csv', csv: fixtureText('queries-bad.csv') }, { 'accept-language': 'es' }), 400);
    assert.deepEqual([es.error.details.line, es.error.details.field], [3, 'birth_date']);
    assert.equal(es.error.message.es, 'queries-bad.csv, línea 3, campo birth_date: "ayer" — AAAA o AAAA-MM-DD');
    assert.equal(es.error.message.en, 'queries-bad.csv, line 3, field birth_date: "ayer" — YYYY or YYYY-MM-DD');
  });

  test('lists, versions, and what a version changed', async () => {
    const { lists } = await json(await get('/lists', analyst));
    const fixture = lists.find((l: { id: string }) => l.id === 'fixture-list');
    assert.equal(fixture.versions, 2);
    const { versions } = await json(await get('/lists/fixture-list/versions', analyst));
    assert.deepEqual(versions.map((v: { seq: number }) => v.seq), [2, 1]);
    const d = await json(await get(`/versions/${versions[0].id}/changes`, analyst));
    assert.deepEqual(d.changes.map((c: { change: string; entryId: string }) => `${c.change}:${c.entryId}`), ['added:dl-005', 'changed:dl-001', 'removed:dl-004']);
    assert.equal(d.previous.id, versions[1].id);
    const e = await json(await get(`/versions/${versions[0].id}/entries?q=quintanar`, analyst));
    assert.deepEqual(e.entries.map((x: { id: string }) => x.id).sort(), ['dl-001', 'dl-002']);
    assert.equal((await get('/versions/no-such-version/changes', analyst)).status, 404);
    assert.equal((await get('/lists/no-such-list/versions', analyst)).status, 404);
  });

  test('alerts on the node\'s records; a decision needs a reason and closes the alert', async () => {
    const open = await json(await get('/alerts', analyst));
    assert.equal(open.total, 4);
    const namesake = open.alerts.find((a: { entity: { id: string } }) => a.entity.id === 'sc-namesake');
    assert.ok(namesake.hit.explanation.features.some((f: { feature: string }) => f.feature === 'dob_year_mismatch'));
    const noReason = await json(await post(`/hits/${namesake.hit.id}/decision`, analyst, { decision: 'false_positive', reason: ' ' }), 400);
    assert.equal(noReason.error.details.field, 'reason');
    assert.match(noReason.error.message.es, /motivo/);
    const d = await json(await post(`/hits/${namesake.hit.id}/decision`, analyst, { decision: 'false_positive', reason: 'Different birth date (1994 vs 1968).' }));
    assert.equal(d.hit.decision.decision, 'false_positive');
    assert.equal((await json(await get('/alerts', analyst))).total, 3);
    const decided = await json(await get('/alerts?status=decided', analyst));
    assert.equal(decided.alerts[0].hit.decision.reason, 'Different birth date (1994 vs 1968).');
    assert.equal((await post('/hits/no-such-hit/decision', analyst, { decision: 'match', reason: 'x' })).status, 404);
    // an auditor stating oversight reads, but does not decide
    const auditor = await t.login('mx.auditor', 'oversight');
    assert.equal((await json(await get('/alerts?status=all', auditor))).total, 4);
    assert.equal((await post(`/hits/${namesake.hit.id}/decision`, auditor, { decision: 'match', reason: 'x' })).status, 403);
    const hits = await json(await get('/hits?status=open', analyst));
    assert.ok(hits.total >= 3);
  });

  test('the routes are in the OpenAPI document', async () => {
    const doc = await json(await t.request('/api/openapi.json'));
    for (const p of ['/api/screening/screen', '/api/screening/batch', '/api/screening/lists', '/api/screening/lists/{listId}/versions',
      '/api/screening/versions/{versionId}/changes', '/api/screening/alerts', '/api/screening/hits', '/api/screening/hits/{hitId}/decision',
      '/api/screening/imports', '/api/screening/runs/{runId}']) {
      assert.ok(doc.paths[p], p);
    }
    assert.ok(doc.paths['/api/screening/screen'].post.responses['200']);
  });
});
