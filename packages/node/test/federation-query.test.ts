/**
 * Query sharing (issue 6, the eTrace pattern) across two real nodes over HTTP: Mexico on PGlite asks, the United
 * States on the PostgreSQL server owns a designation list, a firearm and a person. A question gets a minimal answer
 * (hit, count, band, opaque reference; nothing of the record); no agreement in force or a purpose it does not cover
 * is refused and audited on both sides; a disclosure request needs four eyes on the owning side (the reviewer may not
 * also approve) unless the agreement spares them for that kind of record, and an approved record arrives as a locked
 * copy readable by the asking agency alone.
 */
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Entity, RecordMeta } from '@puente/model';
import { deliverNow } from '../src/federation/index';
import { createAgency, createUser, systemActor } from '../src/identity/index';
import { importRecords } from '../src/services/import';
import { importFtmList } from '../src/services/screening-lists';
import { establishAgreements, frameworkAgreement, FRAMEWORK_SCHEMATA } from '../src/services/federation/agreements';
import { startFederatedPair, type FederatedPair } from './helpers/federation';
import { json, seedFixture, TEST_PASSWORD, type TestNode } from './helpers/node';
import { fixtureLines } from './helpers/screening';
import { describeAnswer } from '../src/cli/commands/federation-query';
import { makeT } from '../src/cli/lang';

const usMeta = (m: Partial<RecordMeta> = {}): RecordMeta => ({
  ownerCountry: 'US', ownerAgency: 'us-atf', distribution: 'node', legalBasis: '18 U.S.C. 923(g)(7)',
  purposes: ['firearms_tracing', 'criminal_investigation'], retentionUntil: '2031-12-31', dataset: 'atf-fixture', originNode: 'us-node', ...m,
});

/** The U.S. node's holdings the questions are about (invented). */
const US_RECORDS: Entity[] = [
  { id: 'us-fa-1', schema: 'Firearm', properties: { serialNumber: ['FX-2207-311'], manufacturer: ['Acme Arms'], model: ['AR-9 Fictional'], caliber: ['5.56x45mm'], weaponType: ['rifle'] }, meta: usMeta() },
  { id: 'us-fa-agency', schema: 'Firearm', properties: { serialNumber: ['KEEP-0001'], model: ['Agency Only'] }, meta: usMeta({ distribution: 'agency' }) },
  { id: 'us-p-1', schema: 'Person', properties: { name: ['Rosendo Fictício Lara'], idNumber: ['LARR700101HDFXXX09'], birthDate: ['1970-01-01'] }, meta: usMeta({ purposes: ['criminal_investigation'] }) },
];

const US_USERS = [
  { username: 'us.atf.analyst', roles: ['analyst' as const] },
  { username: 'us.atf.supervisor', roles: ['supervisor' as const] },
  { username: 'us.atf.supervisor2', roles: ['supervisor' as const] },
];

async function audits(t: TestNode, action: string, where: { outcome?: string; resourceId?: string } = {}) {
  const r = await sql<{ actor_id: string | null; outcome: string; purpose: string | null; legal_basis: string | null; resource_id: string | null; detail: any }>`
    select actor_id, outcome, purpose, legal_basis, resource_id, detail from audit_events where action = ${action}
    and (${where.outcome ?? null}::text is null or outcome = ${where.outcome ?? null})
    and (${where.resourceId ?? null}::text is null or resource_id = ${where.resourceId ?? null}) order by seq`.execute(t.node.ctx.db);
  return r.rows;
}

describe('federation queries and disclosures: MX (PGlite) asks, US (server) owns', () => {
  let p: FederatedPair;
  const ids: Record<string, string> = {};
  let mxScreen: string, mxTrace: string, mxHealth: string, mxFgr: string;
  const us: Record<string, string> = {};

  const ask = async (cookie: string, body: Record<string, unknown>) =>
    (await json<{ query: any }>(await p.mx.request('/api/federation/queries', { cookie, body }))).query;
  const deliverMx = async () => { const [r] = await deliverNow(p.mx.node.ctx, 'us-node'); assert.equal(r!.error, undefined); return r!; };
  const deliverUs = async () => { const [r] = await deliverNow(p.us.node.ctx, 'mx-node'); assert.equal(r!.error, undefined); return r!; };
  const owned = async (cookie: string) => (await json<{ disclosures: any[] }>(await p.us.request('/api/federation/disclosures?side=owned', { cookie }))).disclosures;
  const asked = async (cookie: string) => (await json<{ disclosures: any[] }>(await p.mx.request('/api/federation/disclosures?side=asked', { cookie }))).disclosures;
  const review = (cookie: string, id: string, decision: 'approve' | 'deny', note: string) =>
    p.us.request(`/api/federation/disclosures/${id}/review`, { cookie, body: { decision, note } });

  before(async () => {
    p = await startFederatedPair();
    await seedFixture(p.mx);
    const uctx = p.us.node.ctx;
    await createAgency(uctx.db, { id: 'us-atf', country: 'US', name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives', nameEn: 'ATF', nameEs: 'ATF' });
    for (const u of US_USERS) ids[u.username] = (await createUser(uctx.db, { ...u, agencyId: 'us-atf', displayName: u.username, password: TEST_PASSWORD })).id;
    await importRecords(uctx, systemActor(uctx.node), (async function* () {
      let line = 0;
      for (const entity of US_RECORDS) yield { line: ++line, entity };
    })(), { file: 'us-records' });
    await importFtmList(uctx, systemActor(uctx.node), fixtureLines('designations-v1.ftm.jsonl'), { listId: 'us-watchlist', label: 'v1', file: 'designations-v1.ftm.jsonl' });
    mxScreen = await p.mx.login('mx.analyst', 'sanctions_screening');
    mxTrace = await p.mx.login('mx.analyst', 'firearms_tracing');
    mxHealth = await p.mx.login('mx.analyst', 'public_health');
    mxFgr = await p.mx.login('mx.fgr.analyst', 'firearms_tracing');
    for (const u of US_USERS) us[u.username] = await p.us.login(u.username, 'firearms_tracing');
  });
  after(async () => { await p?.close(); });

  it('without an agreement in force the partner refuses the question, and both sides keep and audit it', async () => {
    const q = await ask(mxScreen, { partner: 'us-node', kind: 'screen-name', value: 'Aurelio Quintanar Bermúdez' });
    assert.equal(q.outcome, 'refused');
    assert.equal(q.reason, 'no_agreement');
    assert.deepEqual(q.answer, []);
    const [mine] = await audits(p.mx, 'federation.query.ask', { resourceId: q.id });
    assert.equal(mine!.outcome, 'denied');
    assert.equal(mine!.purpose, 'sanctions_screening');
    const [theirs] = await audits(p.us, 'federation.query.answer', { resourceId: q.id });
    assert.equal(theirs!.outcome, 'denied');
    assert.equal(theirs!.actor_id, 'partner:mx-node');
    assert.equal(theirs!.purpose, 'sanctions_screening');
    assert.equal(theirs!.detail.reason, 'no_agreement');
    const stored = await sql<{ outcome: string; partner: string }>`select outcome, partner from federation_queries where side = 'answered' and id = ${q.id}::uuid`.execute(p.us.node.ctx.db);
    assert.deepEqual(stored.rows, [{ outcome: 'refused', partner: 'mx-node' }]);
  });

  it('once the framework agreement is in force on both nodes, a name on the partner\'s list is a hit: a band and an opaque reference, nothing of the entry', async () => {
    await establishAgreements(p.mx.node.ctx, p.us.node.ctx, [frameworkAgreement({ schemata: [...FRAMEWORK_SCHEMATA, 'Firearm'] })]);
    const q = await ask(mxScreen, { partner: 'us-node', kind: 'screen-name', value: 'Aurelio Quintanar Bermúdez' });
    assert.equal(q.outcome, 'answered');
    assert.equal(q.hit, true);
    assert.ok(q.hits >= 1);
    assert.equal(q.answer.length, q.hits);
    assert.match(q.answer[0].token, /^ref_[A-Za-z0-9_-]{20,}$/);
    assert.equal(q.answer[0].band, 'high');
    assert.deepEqual(Object.keys(q.answer[0]).sort(), ['band', 'token']);
    assert.equal(q.agreementId, 'framework-bilateral');
    assert.match(q.legalBasis, /Bicentennial Framework/);
    // Nothing of the list entry crossed: not its id, birth date, alias or programme.
    const text = JSON.stringify(q);
    for (const secret of ['dl-001', '1968', 'Relojero', 'FICTIONAL-NARCO', 'us-watchlist']) assert.ok(!text.includes(secret), secret);
    // The owner maps the token to the entry; the asker has only the token.
    const ref = await sql<{ target_id: string; partner: string }>`select target_id, partner from federation_references where token = ${q.answer[0].token}`.execute(p.us.node.ctx.db);
    assert.match(ref.rows[0]!.target_id, /^us-watchlist\/.+\/dl-001$/);
    assert.equal(ref.rows[0]!.partner, 'mx-node');
    const [mine] = await audits(p.mx, 'federation.query.ask', { resourceId: q.id });
    assert.equal(mine!.outcome, 'ok');
    assert.match(mine!.legal_basis!, /Bicentennial Framework/);
    assert.equal(mine!.detail.value, 'Aurelio Quintanar Bermúdez');
    const [theirs] = await audits(p.us, 'federation.query.answer', { resourceId: q.id });
    assert.equal(theirs!.outcome, 'ok');
    assert.equal(theirs!.purpose, 'sanctions_screening');
    assert.equal(theirs!.detail.hits, q.hits);
  });

  it('puente federation query prints the minimal answer in English and Spanish; the routes are in the OpenAPI document', async () => {
    const { askPartner } = await import('../src/services/federation/queries');
    const ctx = p.mx.node.ctx;
    const q = await askPartner(ctx, systemActor(ctx.node), { partner: 'us-node', kind: 'screen-name', value: 'QUINTANAR BERMUDEZ Aurelio', purpose: 'sanctions_screening' });
    const en = describeAnswer(q, makeT('en'));
    assert.match(en[0]!, /^us-node holds 1 match\(es\) \(question [0-9a-f-]{36}\)$/);
    assert.match(en[1]!, /^  reference ref_\S+, score band high$/);
    const es = describeAnswer(q, makeT('es'));
    assert.match(es[0]!, /^us-node tiene 1 coincidencia/);
    assert.match(describeAnswer({ ...q, outcome: 'refused', reason: 'purpose' }, makeT('es'))[0]!, /rechazó la consulta: el acuerdo no cubre esta finalidad/);
    const ROOT = new URL('../../../', import.meta.url).pathname;
    const help = spawnSync(process.execPath, ['--import', 'tsx', `${ROOT}packages/node/src/cli/main.ts`, 'federation', 'query', '--help', '--lang', 'es'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, PUENTE_LANG: '' }, timeout: 120_000,
    });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /hacer una consulta al socio/);
    for (const option of ['--partner', '--kind', '--value', '--purpose', '--legal-basis']) assert.ok(help.stdout.includes(option), option);
    const doc = await (await p.mx.request('/api/openapi.json')).json();
    for (const path of ['/api/federation/queries', '/api/federation/disclosures', '/api/federation/disclosures/{id}/review']) assert.ok(doc.paths[path], path);
  });

  it('a name not on the list is no hit', async () => {
    const q = await ask(mxScreen, { partner: 'us-node', kind: 'screen-name', value: 'Eustaquio Zamarripa Yáñez' });
    assert.equal(q.outcome, 'answered');
    assert.equal(q.hit, false);
    assert.equal(q.hits, 0);
    assert.deepEqual(q.answer, []);
  });

  it('a firearm serial is looked up normalised; an unknown serial and an agency-only record are no hit', async () => {
    const q = await ask(mxTrace, { partner: 'us-node', kind: 'firearm-serial', value: 'fx 2207.311' });
    assert.equal(q.hit, true);
    assert.equal(q.hits, 1);
    assert.deepEqual(Object.keys(q.answer[0]), ['token']);
    assert.ok(!JSON.stringify(q).includes('us-fa-1'));
    assert.equal((await ask(mxTrace, { partner: 'us-node', kind: 'firearm-serial', value: 'FX-0000-000' })).hit, false);
    assert.equal((await ask(mxTrace, { partner: 'us-node', kind: 'firearm-serial', value: 'KEEP-0001' })).hit, false);
  });

  it('a person id is looked up exactly, for a purpose the record serves', async () => {
    const cookie = await p.mx.login('mx.analyst', 'criminal_investigation');
    assert.equal((await ask(cookie, { partner: 'us-node', kind: 'person-id', value: 'LARR700101HDFXXX09' })).hits, 1);
    assert.equal((await ask(cookie, { partner: 'us-node', kind: 'person-id', value: 'LARR700101HDFXXX10' })).hits, 0);
    // Held for criminal investigation only: a firearms-tracing question does not find it.
    assert.equal((await ask(mxTrace, { partner: 'us-node', kind: 'person-id', value: 'LARR700101HDFXXX09' })).hits, 0);
  });

  it('a purpose the agreement does not cover is refused by the partner and audited on both sides', async () => {
    const q = await ask(mxHealth, { partner: 'us-node', kind: 'screen-name', value: 'Aurelio Quintanar Bermúdez' });
    assert.equal(q.outcome, 'refused');
    assert.equal(q.reason, 'purpose');
    assert.equal((await audits(p.mx, 'federation.query.ask', { resourceId: q.id }))[0]!.outcome, 'denied');
    const [theirs] = await audits(p.us, 'federation.query.answer', { resourceId: q.id });
    assert.equal(theirs!.outcome, 'denied');
    assert.equal(theirs!.purpose, 'public_health');
    assert.ok(theirs!.detail.policies.length === 0, 'no policy permitted it');
    // Who may ask: not an auditor, and nobody without a purpose.
    const auditor = await p.mx.login('mx.auditor', 'oversight');
    assert.equal((await p.mx.request('/api/federation/queries', { cookie: auditor, body: { partner: 'us-node', kind: 'screen-name', value: 'X Y' } })).status, 403);
    // The questions each side keeps: the asker's agency sees its own; the owner's reviewers see the partner's.
    const mine = (await json<{ queries: any[] }>(await p.mx.request('/api/federation/queries', { cookie: mxScreen }))).queries;
    assert.ok(mine.some((x) => x.id === q.id && x.side === 'asked'));
    const theirsList = (await json<{ queries: any[] }>(await p.us.request('/api/federation/queries?side=answered', { cookie: us['us.atf.analyst']! }))).queries;
    assert.ok(theirsList.some((x) => x.id === q.id && x.partner === 'mx-node' && x.outcome === 'refused'));
  });

  it('an agreement between named agencies covers their questions only', async () => {
    await establishAgreements(p.mx.node.ctx, p.us.node.ctx, [{
      ...frameworkAgreement(), id: 'agr-test-cyber', title: { en: 'Cyber defence test agreement', es: 'Acuerdo de ciberdefensa de prueba' },
      parties: [{ node: 'mx-node', country: 'MX', members: ['mx-fgr'] }, { node: 'us-node', country: 'US', members: ['US'] }],
      purposes: ['cyber_defence'], distributions: ['agreement'],
    }]);
    const fgr = await p.mx.login('mx.fgr.analyst', 'cyber_defence');
    const uif = await p.mx.login('mx.analyst', 'cyber_defence');
    const covered = await ask(fgr, { partner: 'us-node', kind: 'screen-name', value: 'Aurelio Quintanar Bermúdez' });
    assert.equal(covered.outcome, 'answered');
    assert.equal(covered.agreementId, 'agr-test-cyber');
    const other = await ask(uif, { partner: 'us-node', kind: 'screen-name', value: 'Aurelio Quintanar Bermúdez' });
    assert.equal(other.outcome, 'refused');
    assert.equal(other.reason, 'purpose', 'the framework covers mx-uif, but not for cyber defence');
  });

  it('a partner that cannot be reached: the question fails with 502 in both languages, and is kept and audited as failed', async () => {
    const db = p.mx.node.ctx.db;
    await sql`update federation_partners set url = 'http://127.0.0.1:9' where node_id = 'us-node'`.execute(db);
    try {
      const res = await p.mx.request('/api/federation/queries', { cookie: mxScreen, body: { partner: 'us-node', kind: 'screen-name', value: 'Aurelio Quintanar Bermúdez' } });
      assert.equal(res.status, 502);
      const body = await res.json();
      assert.equal(body.error.code, 'partner_unavailable');
      assert.ok(body.error.message.es.includes('no se puede contactar'));
    } finally {
      await sql`update federation_partners set url = ${p.us.url} where node_id = 'us-node'`.execute(db);
    }
    const [failed] = (await json<{ queries: any[] }>(await p.mx.request('/api/federation/queries', { cookie: mxScreen }))).queries;
    assert.equal(failed.outcome, 'failed');
    assert.equal(failed.reason, 'partner_unavailable');
    assert.equal((await audits(p.mx, 'federation.query.ask', { resourceId: failed.id }))[0]!.outcome, 'failed');
  });

  it('disclosure: reviewed by A, refused to A again (four eyes), approved by supervisor B; the record arrives as a locked copy', async () => {
    const q = await ask(mxTrace, { partner: 'us-node', kind: 'firearm-serial', value: 'FX2207311' });
    const filed = (await json<{ disclosure: any }>(await p.mx.request('/api/federation/disclosures', {
      cookie: mxTrace, body: { queryId: q.id, legalBasis: 'MLAT (1987) art. 1; Bicentennial Framework', justification: 'Rifle recovered at a crime scene in Culiacán; trace of the first retail purchase' },
    }))).disclosure;
    assert.equal(filed.status, 'requested');
    assert.equal(filed.partner, 'us-node');
    assert.equal(filed.purpose, 'firearms_tracing');
    assert.equal(filed.reference, q.answer[0].token);
    assert.ok((await deliverMx()).delivered >= 1);

    const A = us['us.atf.supervisor']!, B = us['us.atf.supervisor2']!, analyst = us['us.atf.analyst']!;
    const pending = (await owned(A)).find((d) => d.id === filed.id);
    assert.equal(pending.status, 'pending');
    assert.equal(pending.requestedBy, 'mx.analyst');
    assert.equal(pending.requestedAgency, 'mx-uif');
    assert.deepEqual(pending.target, { type: 'entity', id: 'us-fa-1', schema: 'Firearm', caption: pending.target.caption });
    assert.equal(pending.nextStep, 'review');
    assert.equal(pending.fourEyes, true, 'the framework names firearm details for four eyes');
    const shown = (await audits(p.us, 'federation.disclosure.read')).at(-1)!;
    assert.equal(shown.actor_id, ids['us.atf.supervisor']);
    assert.equal(shown.purpose, 'firearms_tracing');
    assert.deepEqual(shown.detail.targets, ['us-fa-1']);

    // Stating a purpose the firearm is not held for, A may not read it, and so may not review its disclosure.
    const aScreening = await p.us.login('us.atf.supervisor', 'sanctions_screening');
    assert.equal((await review(aScreening, filed.id, 'approve', 'without reading it')).status, 403);
    const reviewed = (await json<{ disclosure: any }>(await review(A, filed.id, 'approve', 'Serial matches a 2019 retail sale; the request is within the agreement'))).disclosure;
    assert.equal(reviewed.status, 'reviewed');
    assert.equal(reviewed.review.by, ids['us.atf.supervisor']);
    assert.equal(reviewed.review.recommendation, 'approve');
    assert.equal(reviewed.nextStep, null, 'the reviewer has no next step');

    const again = await review(A, filed.id, 'approve', 'approving my own review');
    assert.equal(again.status, 409);
    const body = await again.json();
    assert.equal(body.error.details.reason, 'four_eyes');
    assert.ok(body.error.message.es.includes('cuatro ojos'));
    assert.equal((await review(analyst, filed.id, 'approve', 'an analyst cannot decide')).status, 403);
    assert.equal((await owned(B)).find((d) => d.id === filed.id).nextStep, 'decide');

    const approved = (await json<{ disclosure: any }>(await review(B, filed.id, 'approve', 'Approved under the framework agreement'))).disclosure;
    assert.equal(approved.status, 'approved');
    assert.equal(approved.decision.by, ids['us.atf.supervisor2']);
    assert.equal((await review(B, filed.id, 'deny', 'too late')).status, 409, 'decided once');
    assert.ok((await deliverUs()).delivered >= 1);

    const got = (await asked(mxTrace)).find((d) => d.id === filed.id);
    assert.equal(got.status, 'disclosed');
    assert.equal(got.recordId, 'us-node:us-fa-1');
    const expected = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    assert.ok(Math.abs(Date.parse(got.retentionUntil) - Date.parse(expected)) <= 86_400_000, got.retentionUntil);

    const copy = await json<{ entity: any; statements: any[] }>(await p.mx.request(`/api/entities/${encodeURIComponent(got.recordId)}`, { cookie: mxTrace }));
    assert.equal(copy.entity.schema, 'Firearm');
    assert.deepEqual(copy.entity.properties.serialNumber, ['FX-2207-311']);
    assert.equal(copy.entity.meta.locked, true);
    assert.equal(copy.entity.meta.originNode, 'us-node');
    assert.equal(copy.entity.meta.ownerAgency, 'mx-uif');
    assert.equal(copy.entity.meta.distribution, 'agency');
    assert.deepEqual(copy.entity.meta.purposes, ['firearms_tracing']);
    assert.ok(copy.statements.every((s) => s.dataset === `disclosure:${filed.id}` && s.originNode === 'us-node'));
    // Held for the asking agency alone, and not editable.
    assert.equal((await p.mx.request(`/api/entities/${encodeURIComponent(got.recordId)}`, { cookie: mxFgr })).status, 404);
    assert.equal((await p.mx.request(`/api/entities/${encodeURIComponent(got.recordId)}`, { method: 'PATCH', cookie: mxTrace, body: { properties: { model: ['edited'] } } })).status, 403);

    // Audited on both sides, with purpose and legal basis.
    const [req] = await audits(p.mx, 'federation.disclosure.request', { resourceId: filed.id });
    assert.equal(req!.outcome, 'ok');
    assert.equal(req!.purpose, 'firearms_tracing');
    assert.match(req!.legal_basis!, /MLAT/);
    const [recv] = await audits(p.mx, 'federation.disclosure.receive', { resourceId: 'us-node:us-fa-1' });
    assert.equal(recv!.outcome, 'ok');
    assert.equal(recv!.detail.disclosure, filed.id);
    const [theirReq] = await audits(p.us, 'federation.disclosure.request', { resourceId: filed.id });
    assert.equal(theirReq!.actor_id, 'partner:mx-node');
    assert.equal(theirReq!.purpose, 'firearms_tracing');
    assert.match(theirReq!.legal_basis!, /MLAT/);
    const steps = await audits(p.us, 'federation.disclosure.review', { resourceId: filed.id });
    assert.deepEqual(steps.map((s) => [s.actor_id, s.outcome, s.detail.step, s.detail.reason ?? null]), [
      [ids['us.atf.supervisor'], 'denied', 'review', 'record'],
      [ids['us.atf.supervisor'], 'ok', 'review', null],
      [ids['us.atf.supervisor'], 'denied', 'decide', 'four_eyes'],
      [ids['us.atf.analyst'], 'denied', 'decide', null],
      [ids['us.atf.supervisor2'], 'ok', 'decide', null],
    ]);
    const [sent] = await audits(p.us, 'federation.disclosure.send', { resourceId: 'us-fa-1' });
    assert.equal(sent!.outcome, 'ok');
    assert.equal(sent!.actor_id, ids['us.atf.supervisor2']);
    assert.equal(sent!.legal_basis, '18 U.S.C. 923(g)(7)');
    assert.equal(sent!.detail.disclosure, filed.id);
  });

  it('the same record disclosed to another agency of the asking node is a copy of its own; neither agency loses its copy', async () => {
    const q = await ask(mxFgr, { partner: 'us-node', kind: 'firearm-serial', value: 'FX-2207-311' });
    const filed = (await json<{ disclosure: any }>(await p.mx.request('/api/federation/disclosures', {
      cookie: mxFgr, body: { queryId: q.id, legalBasis: 'CNPP art. 131', justification: 'Same rifle, a separate federal investigation' },
    }))).disclosure;
    await deliverMx();
    await json(await review(us['us.atf.analyst']!, filed.id, 'approve', 'Same firearm as the earlier request'));
    await json(await review(us['us.atf.supervisor']!, filed.id, 'approve', 'Approved'));
    await deliverUs();
    const got = (await json<{ disclosures: any[] }>(await p.mx.request('/api/federation/disclosures?side=asked', { cookie: mxFgr }))).disclosures;
    assert.ok(got.every((d) => d.requestedAgency === 'mx-fgr'), 'each agency sees its own requests');
    const mine = got.find((d) => d.id === filed.id);
    assert.equal(mine.status, 'disclosed');
    assert.equal(mine.recordId, 'us-node:mx-fgr:us-fa-1');
    const fgrCopy = await json<{ entity: any }>(await p.mx.request(`/api/entities/${encodeURIComponent(mine.recordId)}`, { cookie: mxFgr }));
    assert.equal(fgrCopy.entity.meta.ownerAgency, 'mx-fgr');
    const uifCopy = await json<{ entity: any }>(await p.mx.request(`/api/entities/${encodeURIComponent('us-node:us-fa-1')}`, { cookie: mxTrace }));
    assert.equal(uifCopy.entity.meta.ownerAgency, 'mx-uif');
  });

  it('disclosure denied: the denial and its note go back; nothing is copied', async () => {
    const q = await ask(mxScreen, { partner: 'us-node', kind: 'screen-name', value: 'Aurelio Quintanar Bermúdez' });
    const filed = (await json<{ disclosure: any }>(await p.mx.request('/api/federation/disclosures', {
      cookie: mxScreen, body: { partner: 'us-node', reference: q.answer[0].token, legalBasis: 'LFPIORPI art. 17', justification: 'A client of a reporting entity shares the name' },
    }))).disclosure;
    assert.equal(filed.queryId, q.id, 'the question the reference came from');
    await deliverMx();
    const A = await p.us.login('us.atf.supervisor', 'sanctions_screening');
    const B = await p.us.login('us.atf.supervisor2', 'sanctions_screening');
    const pending = (await owned(A)).find((d) => d.id === filed.id);
    assert.equal(pending.target.type, 'list_entry');
    await json(await review(A, filed.id, 'deny', 'A namesake is likely; the birth date was not given'));
    const denied = (await json<{ disclosure: any }>(await review(B, filed.id, 'deny', 'Denied: give the birth date and ask again'))).disclosure;
    assert.equal(denied.status, 'denied');
    await deliverUs();
    const got = (await asked(mxScreen)).find((d) => d.id === filed.id);
    assert.equal(got.status, 'denied');
    assert.equal(got.reason, 'Denied: give the birth date and ask again');
    assert.equal(got.recordId, null);
    assert.equal((await audits(p.mx, 'federation.disclosure.result', { resourceId: filed.id }))[0]!.outcome, 'denied');
    const decided = (await audits(p.us, 'federation.disclosure.review', { resourceId: filed.id })).filter((s) => s.detail.step === 'decide');
    assert.deepEqual(decided.map((s) => [s.outcome, s.detail.decision]), [['ok', 'deny']]);
  });

  it('a reference the partner never gave this node is refused on arrival, and the refusal comes back', async () => {
    const filed = (await json<{ disclosure: any }>(await p.mx.request('/api/federation/disclosures', {
      cookie: mxTrace, body: { partner: 'us-node', reference: 'ref_madeUpReference000000', legalBasis: 'MLAT (1987)', justification: 'guessing' },
    }))).disclosure;
    await deliverMx();
    const there = await sql<{ status: string; reason: string }>`select status, reason from federation_disclosures where side = 'owned' and id = ${filed.id}::uuid`.execute(p.us.node.ctx.db);
    assert.deepEqual(there.rows, [{ status: 'refused', reason: 'reference' }]);
    assert.equal((await audits(p.us, 'federation.disclosure.request', { resourceId: filed.id }))[0]!.outcome, 'denied');
    assert.equal((await review(us['us.atf.supervisor']!, filed.id, 'approve', 'cannot')).status, 409);
    await deliverUs();
    const got = (await asked(mxTrace)).find((d) => d.id === filed.id);
    assert.equal(got.status, 'refused');
    assert.equal(got.reason, 'reference');
  });
  it('an agreement that names only Person records for four eyes lets one supervisor decide a firearm\'s disclosure', async () => {
    await establishAgreements(p.mx.node.ctx, p.us.node.ctx, [{
      ...frameworkAgreement({ schemata: [...FRAMEWORK_SCHEMATA, 'Firearm'] }), id: 'agr-test-health',
      title: { en: 'Public health test agreement', es: 'Acuerdo de salud pública de prueba' }, purposes: ['public_health'], approvalRequired: ['Person'],
    }]);
    const uctx = p.us.node.ctx;
    await importRecords(uctx, systemActor(uctx.node), (async function* () {
      yield { line: 1, entity: { id: 'us-fa-2', schema: 'Firearm', properties: { serialNumber: ['PH-0451-778'], model: ['Fictional 9'] }, meta: usMeta({ purposes: ['public_health'] }) } };
    })(), { file: 'us-records-2' });
    const q = await ask(mxHealth, { partner: 'us-node', kind: 'firearm-serial', value: 'PH-0451-778' });
    assert.equal(q.hits, 1);
    assert.equal(q.agreementId, 'agr-test-health');
    const filed = (await json<{ disclosure: any }>(await p.mx.request('/api/federation/disclosures', {
      cookie: mxHealth, body: { queryId: q.id, legalBasis: 'Bicentennial Framework, public health pillar', justification: 'Firearm found at an overdose cluster site' },
    }))).disclosure;
    await deliverMx();

    const A = await p.us.login('us.atf.supervisor', 'public_health'), analyst = await p.us.login('us.atf.analyst', 'public_health');
    const pending = (await owned(A)).find((d) => d.id === filed.id);
    assert.equal(pending.status, 'pending');
    assert.equal(pending.fourEyes, false);
    assert.equal(pending.nextStep, 'decide', 'a supervisor decides it at once');
    assert.equal((await owned(analyst)).find((d) => d.id === filed.id).nextStep, null, 'an analyst has no step: there is no review');
    assert.equal((await review(analyst, filed.id, 'approve', 'an analyst cannot decide')).status, 403);
    const approved = (await json<{ disclosure: any }>(await review(A, filed.id, 'approve', 'Within the public health agreement'))).disclosure;
    assert.equal(approved.status, 'approved');
    assert.equal(approved.review, null);
    assert.equal(approved.decision.by, ids['us.atf.supervisor']);
    await deliverUs();
    const got = (await asked(mxHealth)).find((d) => d.id === filed.id);
    assert.equal(got.status, 'disclosed');
    assert.equal(got.recordId, 'us-node:us-fa-2');
    assert.equal(got.fourEyes, null, 'the asking side does not keep the owner\'s steps');

    const [arrived] = await audits(p.us, 'federation.disclosure.request', { resourceId: filed.id });
    assert.equal(arrived!.detail.fourEyes, false);
    assert.equal(arrived!.detail.agreement, 'agr-test-health');
    const steps = await audits(p.us, 'federation.disclosure.review', { resourceId: filed.id });
    assert.deepEqual(steps.map((s) => [s.actor_id, s.outcome, s.detail.step]), [[ids['us.atf.analyst'], 'denied', 'decide'], [ids['us.atf.supervisor'], 'ok', 'decide']]);
  });
});
