/**
 * Screening services on a real store (PGlite, or the server when DATABASE_URL is set): list versions and what
 * they changed, the index kept per version, one name and a CSV batch (parse errors with file, line and field in
 * English and Spanish), decisions (reason required, audited, append-only), and the re-screen of the node's own
 * records that raises one alert per new hit — never again for a pair already alerted or decided. Fixtures:
 * test/fixtures/screening (a fictional list in two versions) and helpers/screening.ts (the node's records).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Actor } from '../src/context';
import { queryAudit } from '../src/audit/index';
import { PuenteError } from '../src/errors';
import {
  importFtmList, importOfacDirectory, listLists, listVersions, versionChanges, versionEntries, readFtmListLines, contentHash,
} from '../src/services/screening-lists';
import { decideHit, getRun, listAlerts, listHits, listRuns, screenBatch, screenName } from '../src/services/screening';
import { queryNames } from '../src/services/screening-rescreen';
import { isIndexed } from '../src/services/screening-index';
import { sdb } from '../src/services/screening-store';
import { FIXTURE_AGENCIES, seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';
import { SCREENING_FIXTURES, fixtureLines, seedScreeningRecords } from './helpers/screening';

const FIX = SCREENING_FIXTURES;
const OFAC = new URL('./fixtures/ofac/sdn/', import.meta.url).pathname;
const lines = fixtureLines;

const user = (over: Partial<Actor> = {}): Actor => ({
  kind: 'user', id: 'u-mx-analyst', username: 'mx.analyst', agencyId: 'mx-uif', country: 'MX', roles: ['analyst'],
  purpose: 'sanctions_screening', ...over,
});
const analyst = user();
const supervisor = user({ id: 'u-mx-supervisor', username: 'mx.supervisor', roles: ['supervisor'] });
const fgrAnalyst = user({ id: 'u-fgr', username: 'mx.fgr.analyst', agencyId: 'mx-fgr' });

let t: TestNode;
before(async () => {
  t = await startTestNode();
  await seedFixture(t);
  assert.ok(FIXTURE_AGENCIES.some((a) => a.id === 'mx-fgr'));
  await seedScreeningRecords(t);
});
after(async () => { await t?.close(); });

const ctx = (requestId = 'screening-test') => ({ ...t.node.ctx, requestId });
const pairs = (alerts: Array<{ entity: { id: string }; hit: { entryId: string } }>) => alerts.map((a) => `${a.entity.id}→${a.hit.entryId}`).sort();

describe(`screening services (${storeKind})`, () => {
  let v1 = '';
  let v2 = '';

  test('which of a record\'s names are screened: not its parts, not a one-word nickname', () => {
    assert.deepEqual(queryNames('Aurelio Quintanar Bermúdez', ['Aurelio', 'Quintanar Bermúdez', 'Aurelio Quintanar Bermúdez', 'El Relojero', 'QUINTANAR BERMUDEZ, Aurelio', 'Lic. Aurelio Quintanar'], 'Person'),
      ['Aurelio Quintanar Bermúdez', 'Lic. Aurelio Quintanar']);
    assert.deepEqual(queryNames('Transportes Quintanar, S.A. de C.V.', [], 'Company'), ['Transportes Quintanar, S.A. de C.V.']);
  });

  test('FtM lines as a list: Sanction programmes attach to their entity; fragments unite; the content hash ignores order', async () => {
    const entries = await readFtmListLines(lines('designations-v1.ftm.jsonl'), 'v1.jsonl', 'fixture');
    assert.deepEqual(entries.map((e) => e.id), ['dl-001', 'dl-002', 'dl-003', 'dl-004']);
    assert.deepEqual(entries[0].programs, ['FICTIONAL-NARCO']);
    assert.deepEqual(entries[0].names.map((n) => n.kind), ['primary', 'weak']);
    const shuffled = [...entries].reverse().map((e) => ({ ...e, names: [...e.names].reverse() }));
    assert.equal(contentHash(shuffled), contentHash(entries));
    const frag = await readFtmListLines(['{"id":"a","schema":"Person","properties":{"name":["Uno Dos"]}}', '{"id":"a","schema":"Person","properties":{"alias":["Tres Cuatro"],"country":["Mexico"]}}'], 'f.jsonl');
    assert.equal(frag.length, 1);
    assert.deepEqual(frag[0].names.map((n) => n.text), ['Uno Dos', 'Tres Cuatro']);
    assert.deepEqual(frag[0].countries, ['MX']);
  });

  test('importing lists is for supervisors: an analyst is refused, and the refusal is audited', async () => {
    await assert.rejects(importFtmList(ctx('deny-import'), analyst, lines('designations-v1.ftm.jsonl'), { listId: 'fixture-list', label: 'v1', file: 'v1.jsonl' }),
      (e: unknown) => e instanceof PuenteError && e.status === 403);
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'screening.list.manage', limit: 1 });
    assert.equal(ev.outcome, 'denied');
    assert.equal(ev.actorId, analyst.id);
    assert.equal(ev.requestId, 'deny-import');
  });

  test('a bad line refuses the whole version, names file, line and field in both languages, and changes nothing', async () => {
    await assert.rejects(importFtmList(ctx(), supervisor, lines('designations-bad.ftm.jsonl'), { listId: 'fixture-list', label: 'bad', file: 'designations-bad.ftm.jsonl' }),
      (e: unknown) => {
        assert.ok(e instanceof PuenteError && e.status === 400);
        assert.deepEqual([e.details?.file, e.details?.line, e.details?.field], ['designations-bad.ftm.jsonl', 3, 'json']);
        assert.match(e.messages.en, /designations-bad\.ftm\.jsonl, line 3, field json/);
        assert.match(e.messages.es, /designations-bad\.ftm\.jsonl, línea 3, campo json/);
        return true;
      });
    assert.equal((await sdb(t.node.ctx.db).selectFrom('screening_list_versions').select('id').execute()).length, 0);
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'screening.list.import', limit: 1 });
    assert.equal(ev.outcome, 'failed');
    assert.equal(ev.detail.line, 3);
  });

  test('version 1: stored with every entry added; the node re-screens its records and raises an alert per hit', async () => {
    const r = await importFtmList(ctx(), supervisor, lines('designations-v1.ftm.jsonl'), { listId: 'fixture-list', title: 'Fixture list', label: '2025-03-01', file: 'designations-v1.ftm.jsonl' });
    assert.equal(r.versions.length, 1);
    const v = r.versions[0].version;
    v1 = v.id;
    assert.deepEqual([v.seq, v.entries, v.added, v.changed, v.removed, r.versions[0].unchanged], [1, 4, 4, 0, 0, false]);
    assert.ok(r.rescreen);
    assert.equal(r.rescreen.alerts, 3, JSON.stringify(r.rescreen));
    const alerts = await listAlerts(ctx(), analyst, { status: 'open', limit: 50, offset: 0 });
    assert.deepEqual(pairs(alerts.alerts), ['sc-company→dl-002', 'sc-designated→dl-001', 'sc-namesake→dl-001']);
    const byId = new Map(alerts.alerts.map((a) => [a.entity.id, a]));
    const designated = byId.get('sc-designated')!.hit;
    assert.ok(designated.explanation.features.some((f) => f.feature === 'dob_match'), 'the birth date corroborates');
    const namesake = byId.get('sc-namesake')!.hit;
    assert.ok(namesake.explanation.features.some((f) => f.feature === 'dob_year_mismatch'), 'the birth date tells the namesake apart');
    assert.ok(namesake.score < designated.score);
    // the re-screen is one audited event, stating its purpose
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'screening.rescreen', limit: 1 });
    assert.equal(ev.purpose, 'sanctions_screening');
    assert.equal(ev.detail.alerts, 3);
    assert.equal(ev.detail.triggeredBy, supervisor.id);
  });

  test('the same content again is not a new version', async () => {
    const r = await importFtmList(ctx(), supervisor, lines('designations-v1.ftm.jsonl').reverse(), { listId: 'fixture-list', label: 'again', file: 'v1-again.jsonl' });
    assert.equal(r.versions[0].unchanged, true);
    assert.equal(r.versions[0].version.id, v1);
    assert.equal(r.rescreen, null);
  });

  test('screening one name: ranked hits with explanations, stored as a run, audited with the name', async () => {
    const r = await screenName(ctx('one-name'), analyst, { name: 'Aurelio Quintanar Bermudez', schema: 'Person', country: 'mx', birthDate: '1968-05-12' });
    assert.equal(r.hits[0].entryId, 'dl-001');
    assert.equal(r.hits[0].listId, 'fixture-list');
    assert.ok(r.hits[0].score >= 0.95);
    const ex = r.hits[0].explanation;
    assert.ok(ex.name.pairs.length >= 2 && ex.name.pairs.every((p) => p.method && p.role && p.weight > 0));
    assert.deepEqual(ex.features.map((f) => f.feature).sort(), ['country_match', 'dob_match']);
    assert.equal(r.run.kind, 'single');
    assert.ok(isIndexed(v1), 'the version\'s index stays in memory');
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'screening.run', limit: 1 });
    assert.equal(ev.requestId, 'one-name');
    assert.equal((ev.detail.query as { name: string }).name, 'Aurelio Quintanar Bermudez');
    assert.equal(ev.purpose, 'sanctions_screening');
    const back = await getRun(ctx(), analyst, r.run.id);
    assert.deepEqual(back.hits.map((h) => h.id), r.hits.map((h) => h.id));
    await assert.rejects(getRun(ctx(), fgrAnalyst, r.run.id), (e: unknown) => e instanceof PuenteError && e.status === 404, "another agency's run");
    assert.ok((await listRuns(ctx(), analyst, { limit: 10 })).some((x) => x.id === r.run.id));
  });

  test('screening needs the purpose: an analyst investigating a crime is refused, and the refusal is audited', async () => {
    await assert.rejects(screenName(ctx('no-purpose'), user({ purpose: 'criminal_investigation' }), { name: 'Aurelio Quintanar' }),
      (e: unknown) => e instanceof PuenteError && e.status === 403);
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'screening.run', limit: 1 });
    assert.deepEqual([ev.outcome, ev.requestId, ev.purpose], ['denied', 'no-purpose', 'criminal_investigation']);
    await assert.rejects(screenName(ctx(), analyst, { name: '   ' }), (e: unknown) => e instanceof PuenteError && e.status === 400 && e.details?.field === 'name');
    await assert.rejects(screenName(ctx(), analyst, { name: 'X Y', birthDate: 'ayer' }), (e: unknown) => e instanceof PuenteError && e.details?.field === 'birthDate');
  });

  test('a CSV batch: a row per query with its hits; a bad row refuses the file with file, line and field in both languages', async () => {
    const r = await screenBatch(ctx(), analyst, { file: 'queries.csv', csv: readFileSync(`${FIX}queries.csv`, 'utf8') });
    assert.equal(r.rows.length, 4);
    assert.deepEqual(r.rows.map((x) => x.line), [2, 3, 4, 5]);
    assert.equal(r.rows[0].hits[0].entryId, 'dl-001');
    assert.equal(r.rows[1].hits[0].entryId, 'dl-002', 'the legal form spelled otherwise');
    assert.equal(r.rows[2].hits.length, 0);
    assert.equal(r.run.queries, 4);
    assert.equal(r.run.hits, r.rows.reduce((n, x) => n + x.hits.length, 0));
    await assert.rejects(screenBatch(ctx('bad-batch'), analyst, { file: 'queries-bad.csv', csv: readFileSync(`${FIX}queries-bad.csv`, 'utf8') }), (e: unknown) => {
      assert.ok(e instanceof PuenteError && e.status === 400);
      assert.deepEqual([e.details?.file, e.details?.line, e.details?.field], ['queries-bad.csv', 3, 'birth_date']);
      assert.equal(e.messages.en, 'queries-bad.csv, line 3, field birth_date: "ayer" — YYYY or YYYY-MM-DD');
      assert.equal(e.messages.es, 'queries-bad.csv, línea 3, campo birth_date: "ayer" — AAAA o AAAA-MM-DD');
      return true;
    });
    await assert.rejects(screenBatch(ctx(), analyst, { file: 'x.csv', csv: 'nombre\nJuan\n' }), (e: unknown) => e instanceof PuenteError && e.details?.field === 'header');
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'screening.run', limit: 1 });
    assert.deepEqual([ev.outcome, ev.detail.file], ['failed', 'x.csv']);
  });

  test('version 2: added, changed and removed entries; the re-screen alerts only new hits', async () => {
    const r = await importFtmList(ctx(), supervisor, lines('designations-v2.ftm.jsonl'), { listId: 'fixture-list', label: '2025-04-01', file: 'designations-v2.ftm.jsonl' });
    const v = r.versions[0].version;
    v2 = v.id;
    assert.deepEqual([v.seq, v.entries, v.added, v.changed, v.removed], [2, 4, 1, 1, 1]);
    assert.ok(!isIndexed(v1), 'the replaced version\'s index is dropped');
    const d = await versionChanges(ctx(), analyst, v2, { limit: 50, offset: 0 });
    assert.equal(d.previous?.id, v1);
    assert.deepEqual(d.changes.map((c) => `${c.change}:${c.entryId}`), ['added:dl-005', 'changed:dl-001', 'removed:dl-004']);
    assert.deepEqual(d.changes[1].fields, ['names']);
    assert.equal(d.changes[1].before?.names.length, 2);
    assert.equal(d.changes[1].after?.names.length, 3);
    assert.equal((await versionChanges(ctx(), analyst, v2, { change: 'removed', limit: 50, offset: 0 })).total, 1);
    // dl-001 changed, but its pairs were alerted already: only dl-005 raises alerts (in mx-uif's and mx-fgr's records)
    assert.equal(r.rescreen?.alerts, 2);
    const uif = await listAlerts(ctx(), analyst, { status: 'open', limit: 50, offset: 0 });
    assert.deepEqual(pairs(uif.alerts), ['sc-company→dl-002', 'sc-designated→dl-001', 'sc-late→dl-005', 'sc-namesake→dl-001']);
    const fgr = await listAlerts(ctx(), fgrAnalyst, { status: 'open', limit: 50, offset: 0 });
    // mx-uif's records are distributed to the whole node; mx-fgr's agency-only record stays with mx-fgr
    assert.deepEqual(pairs(fgr.alerts), [...pairs(uif.alerts), 'sc-fgr→dl-005'].sort(), 'an agency-only record\'s alert reaches its agency only');
    const lists = await listLists(ctx(), analyst);
    assert.deepEqual(lists.map((l) => [l.id, l.versions, l.current?.id]), [['fixture-list', 2, v2]]);
    assert.deepEqual((await listVersions(ctx(), analyst, 'fixture-list')).map((x) => x.seq), [2, 1]);
    const found = await versionEntries(ctx(), analyst, v2, { q: 'elizondo', limit: 10, offset: 0 });
    assert.deepEqual(found.entries.map((e) => e.id), ['dl-005']);
  });

  test('decisions: a reason is required; the decision is audited, closes the alert, and is never overwritten', async () => {
    const alerts = await listAlerts(ctx(), analyst, { status: 'open', limit: 50, offset: 0 });
    const namesake = alerts.alerts.find((a) => a.entity.id === 'sc-namesake')!;
    await assert.rejects(decideHit(ctx(), analyst, namesake.hit.id, { decision: 'false_positive', reason: '  ' }),
      (e: unknown) => e instanceof PuenteError && e.status === 400 && e.details?.field === 'reason');
    const r = await decideHit(ctx('decide'), analyst, namesake.hit.id, { decision: 'false_positive', reason: 'Born 1994; the listed person was born in 1968.' });
    assert.equal(r.decision.decision, 'false_positive');
    assert.equal(r.hit.decision?.reason, 'Born 1994; the listed person was born in 1968.');
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'screening.decide', limit: 1 });
    assert.deepEqual([ev.outcome, ev.requestId, ev.purpose, ev.legalBasis, ev.detail.decision, ev.detail.entityId],
      ['ok', 'decide', 'sanctions_screening', 'LFPIORPI art. 17', 'false_positive', 'sc-namesake']);
    const open = await listAlerts(ctx(), analyst, { status: 'open', limit: 50, offset: 0 });
    assert.ok(!open.alerts.some((a) => a.entity.id === 'sc-namesake'));
    const decided = await listAlerts(ctx(), analyst, { status: 'decided', limit: 50, offset: 0 });
    assert.equal(decided.alerts.find((a) => a.entity.id === 'sc-namesake')?.hit.decision?.decision, 'false_positive');
    await assert.rejects(sql`update screening_decisions set reason = 'changed'`.execute(t.node.ctx.db), /append-only/);
    // an auditor reads but does not decide; another agency cannot decide what it cannot read
    await assert.rejects(decideHit(ctx(), user({ roles: ['auditor'], purpose: 'oversight' }), namesake.hit.id, { decision: 'match', reason: 'x' }),
      (e: unknown) => e instanceof PuenteError && e.status === 403);
    const fgrAlert = (await listAlerts(ctx(), fgrAnalyst, { status: 'open', limit: 50, offset: 0 })).alerts.find((a) => a.entity.id === 'sc-fgr')!;
    await assert.rejects(decideHit(ctx(), analyst, fgrAlert.hit.id, { decision: 'match', reason: 'x' }),
      (e: unknown) => e instanceof PuenteError && e.status === 404);
    // hits of one-name and batch screenings: open until decided
    const hits = await listHits(ctx(), analyst, { status: 'open', limit: 100, offset: 0 });
    assert.ok(hits.total >= 3);
    await decideHit(ctx(), analyst, hits.hits[0].id, { decision: 'match', reason: 'Same birth date and nationality.' });
    assert.equal((await listHits(ctx(), analyst, { status: 'open', limit: 100, offset: 0 })).total, hits.total - 1);
    assert.equal((await listHits(ctx(), fgrAnalyst, { status: 'all', limit: 100, offset: 0 })).total, 0, "another agency's screenings");
  });

  test('a later version re-alerts nothing already alerted or decided; a delisted entry closes its open alerts', async () => {
    // v1's content again as version 3: dl-004 back, dl-005 gone, dl-001 without its alias
    const r = await importFtmList(ctx(), supervisor, lines('designations-v1.ftm.jsonl'), { listId: 'fixture-list', label: '2025-05-01', file: 'designations-v1.ftm.jsonl' });
    assert.deepEqual([r.versions[0].version.seq, r.versions[0].version.added, r.versions[0].version.changed, r.versions[0].version.removed], [3, 1, 1, 1]);
    assert.equal(r.rescreen?.alerts, 0);
    const delisted = await listAlerts(ctx(), analyst, { status: 'delisted', limit: 50, offset: 0 });
    assert.deepEqual(pairs(delisted.alerts), ['sc-late→dl-005']);
    const all = await listAlerts(ctx(), analyst, { status: 'all', limit: 50, offset: 0 });
    assert.equal(all.total, 4);
  });

  test('OFAC files import as their own lists (one version per list in the folder)', async () => {
    const r = await importOfacDirectory(ctx(), supervisor, OFAC, { label: 'fixture' });
    assert.deepEqual(r.versions.map((v) => v.version.listId), ['us_ofac_sdn']);
    assert.ok(r.versions[0].version.entries >= 4);
    const hit = await screenName(ctx(), analyst, { name: 'Zarco' });
    assert.equal(hit.hits[0]?.listId, 'us_ofac_sdn');
  });
});
