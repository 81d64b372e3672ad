/**
 * Agreements and push sharing (issue 6) across two real nodes over HTTP: Mexico on PGlite, the United States on the
 * PostgreSQL server. An agreement proposed by one administrator and signed by the other is in force on both sides;
 * shareable records arrive as locked copies with their provenance and their distribution lowered; a node-only record
 * never leaves; the egress guard's refusals are audited; a U.S. analyst reads a copy and cannot edit it; updates,
 * retractions and retention expiry travel or apply; under an expired agreement nothing leaves and the receiver refuses.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Entity, RecordMeta } from '@puente/model';
import { deliverNow, enqueue, outboxStatus } from '../src/federation/index';
import { createAgency, createUser, systemActor } from '../src/identity/index';
import { importRecords } from '../src/services/import';
import { updateEntity } from '../src/services/entities';
import { frameworkAgreement, signedAgreements, type AgreementBody } from '../src/services/federation/agreements';
import { buildPackage } from '../src/services/federation/share';
import { sweepExpiredCopies } from '../src/services/federation/retention';
import { fetchEntityRows, fetchStatements } from '../src/services/records';
import { startFederatedPair, type FederatedPair } from './helpers/federation';
import { FIXTURE_AGENCIES, TEST_PASSWORD, json, seedFixture, type TestNode } from './helpers/node';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const meta = (m: Partial<RecordMeta>): RecordMeta => ({
  ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'bilateral', legalBasis: 'LFPIORPI art. 17',
  purposes: ['criminal_investigation'], retentionUntil: '2031-12-31', dataset: 'fixture', originNode: 'mx-node', ...m,
});

/** Records of the Mexican node added to the fixture for these tests. */
const EXTRA: Entity[] = [
  // bilateral, with a property the agreement's allow-list leaves home (notes)
  { id: 'fx-pedro', schema: 'Person', properties: { name: ['Pedro Páramo'], birthDate: ['1955-05-05'], notes: ['informante, no compartir'] }, meta: meta({}) },
  // bilateral but for public health only: the agreement does not cover the purpose, the guard refuses it
  { id: 'fx-salud', schema: 'Person', properties: { name: ['Susana San Juan'] }, meta: meta({ purposes: ['public_health'] }) },
  // bilateral, kept two days by its owner: its copy expires first
  { id: 'fx-breve', schema: 'Company', properties: { name: ['Comala Transportes'] }, meta: meta({ retentionUntil: day(2) }) },
  // a copy this node holds of a third node's record: never shared on
  { id: 'fx-copia', schema: 'Company', properties: { name: ['Maple Holdings Ltd.'] }, meta: meta({ ownerCountry: 'CA', ownerAgency: 'ca-fintrac', originNode: 'ca-node', locked: true, dataset: 'federation:ca-node' }) },
  // under a named agreement that expired
  { id: 'fx-viejo', schema: 'Company', properties: { name: ['Media Luna, S.A.'] }, meta: meta({ distribution: 'agreement', agreementId: 'agr-old' }) },
];

function framework(): AgreementBody {
  return frameworkAgreement({
    schemata: ['Person', 'Company', 'Ownership'],
    properties: { Person: ['name', 'birthDate', 'nationality'] },
    purposes: ['criminal_investigation', 'financial_intelligence'],
  });
}

const OLD: Omit<AgreementBody, 'version'> = {
  id: 'agr-old', title: { en: 'An old exchange', es: 'Un intercambio antiguo' },
  parties: [{ node: 'mx-node', country: 'MX', members: ['mx-uif'] }, { node: 'us-node', country: 'US', members: ['us-fincen'] }],
  schemata: ['Company'], purposes: ['criminal_investigation'], legalBasis: 'Memorandum 2020', retentionDays: 30,
  distributions: ['agreement'], approvalRequired: [], validFrom: '2020-01-01', validTo: '2021-12-31',
};

async function seedUs(t: TestNode): Promise<void> {
  const { db } = t.node.ctx;
  for (const a of FIXTURE_AGENCIES) await createAgency(db, a);
  await createUser(db, { username: 'us.analyst', agencyId: 'us-fincen', roles: ['analyst'], displayName: 'us.analyst', password: TEST_PASSWORD });
  await createUser(db, { username: 'us.admin', agencyId: 'us-fincen', roles: ['admin'], displayName: 'us.admin', password: TEST_PASSWORD });
}

async function count(t: TestNode, q: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return (await q.execute(t.node.ctx.db)).rows[0]!.n;
}

const audits = (t: TestNode, action: string, outcome: string, resourceId: string) => count(t, sql<{ n: number }>`
  select count(*)::int as n from audit_events where action = ${action} and outcome = ${outcome} and resource_id = ${resourceId}`);

describe('federation sharing: agreements and push sync between MX (PGlite) and US (server)', () => {
  let p: FederatedPair;
  let mxAdmin: string, usAdmin: string;

  before(async () => {
    p = await startFederatedPair();
    await seedFixture(p.mx);
    const ctx = p.mx.node.ctx;
    await importRecords(ctx, systemActor(ctx.node), (async function* () {
      let line = 0;
      for (const entity of EXTRA) yield { line: ++line, entity };
    })(), { file: 'extra' });
    await seedUs(p.us);
    mxAdmin = await p.mx.login('mx.admin', null);
    usAdmin = await p.us.login('us.admin', null);
  });
  after(async () => { await p?.close(); });

  it('an agreement proposed by one administrator and signed by the other is in force on both nodes', async () => {
    const proposed = await json(await p.mx.request('/api/federation/agreements', { cookie: mxAdmin, body: framework() }));
    assert.equal(proposed.agreement.status, 'proposed');
    assert.equal(proposed.agreement.active, false);
    assert.deepEqual(proposed.agreement.awaiting, ['us-node']);
    assert.equal(proposed.agreement.signatures[0].username, 'mx.admin');
    assert.equal(proposed.agreement.signatures[0].valid, true);
    // an analyst may look, not propose
    const analyst = await p.mx.login('mx.analyst');
    assert.equal((await p.mx.request('/api/federation/agreements', { cookie: analyst, body: { ...framework(), id: 'x-other' } })).status, 403);

    await json(await p.mx.request('/api/federation/partners/us-node/deliver', { cookie: mxAdmin, method: 'POST' }));
    const there = (await json(await p.us.request('/api/federation/agreements', { cookie: usAdmin }))).agreements;
    assert.equal(there.length, 1);
    assert.equal(there[0].active, false);
    assert.equal(there[0].bodyHash, proposed.agreement.bodyHash);
    assert.deepEqual(there[0].signatures.map((s: any) => [s.node, s.valid]), [['mx-node', true]]);

    const signed = await json(await p.us.request('/api/federation/agreements/framework-bilateral/sign', { cookie: usAdmin, body: {} }));
    assert.equal(signed.agreement.active, true);
    assert.deepEqual(signed.agreement.awaiting, []);
    // signing twice is refused
    assert.equal((await p.us.request('/api/federation/agreements/framework-bilateral/sign', { cookie: usAdmin, body: {} })).status, 409);
    await deliverNow(p.us.node.ctx, 'mx-node');
    const here = (await json(await p.mx.request('/api/federation/agreements', { cookie: mxAdmin }))).agreements;
    assert.equal(here[0].active, true);
    assert.deepEqual(here[0].signatures.map((s: any) => [s.node, s.username, s.valid]), [['mx-node', 'mx.admin', true], ['us-node', 'us.admin', true]]);

    // both write it where the record policy reads agreements
    for (const t of [p.mx, p.us]) {
      const r = await sql<{ parties: string[] }>`select parties from agreements where id = 'framework-bilateral'`.execute(t.node.ctx.db);
      assert.deepEqual([...r.rows[0]!.parties].sort(), ['MX', 'US', 'mx-node', 'us-node']);
    }
  });

  it('a tampered signature does not make an agreement active', async () => {
    // the stored U.S. signature altered on the Mexican side: the agreement is no longer in force there
    const db = p.mx.node.ctx.db;
    const before = await sql<{ signatures: any[] }>`select signatures from federation_agreements where id = 'framework-bilateral'`.execute(db);
    const sigs = before.rows[0]!.signatures;
    const altered = sigs.map((s: any) => (s.node === 'us-node' ? { ...s, username: 'someone.else' } : s));
    await sql`update federation_agreements set signatures = ${JSON.stringify(altered)}::jsonb where id = 'framework-bilateral'`.execute(db);
    const view = (await json(await p.mx.request('/api/federation/agreements', { cookie: mxAdmin }))).agreements[0];
    assert.equal(view.active, false);
    assert.deepEqual(view.awaiting, ['us-node']);
    await sql`update federation_agreements set signatures = ${JSON.stringify(sigs)}::jsonb where id = 'framework-bilateral'`.execute(db);
  });

  it('sync: shareable records arrive as locked copies with provenance; node-only records never leave; the guard refuses and audits', async () => {
    const r = await json(await p.mx.request('/api/federation/sync', { cookie: mxAdmin, body: {} }));
    const s = r.partners[0];
    assert.equal(s.partner, 'us-node');
    // fx-abarrotes, fx-pedro, fx-breve go; fx-salud (public health only) and fx-copia (a copy) are refused
    assert.equal(s.upserts, 3);
    assert.equal(s.refused, 2);
    assert.equal(s.delivery.error, undefined);
    assert.equal(s.delivery.pending, 0);

    const us = p.us.node.ctx.db;
    const [copy] = await fetchEntityRows(us, ['fx-abarrotes']);
    assert.ok(copy, 'the bilateral company arrived');
    assert.equal(copy.locked, true);
    assert.equal(copy.origin_node, 'mx-node');
    assert.equal(copy.owner_country.trim(), 'MX');
    assert.equal(copy.owner_agency, 'mx-uif');
    assert.equal(copy.distribution, 'node', 'bilateral lowered one hop');
    assert.equal(copy.dataset, 'federation:mx-node');
    assert.equal(String(copy.retention_until).slice(0, 10), day(365), 'retention capped by the agreement');
    const st = await fetchStatements(us, ['fx-abarrotes']);
    assert.deepEqual([...new Set(st.map((x) => x.dataset))], ['federation:mx-node/fixture']);
    assert.ok(st.every((x) => x.origin_node === 'mx-node' && x.origin_agency === 'mx-uif'));
    assert.ok(st.some((x) => x.prop === 'name' && x.value === 'Abarrotes Núñez, S.A. de C.V.'));

    // the allow-list: Pedro's notes stayed home
    const pedro = await fetchStatements(us, ['fx-pedro']);
    assert.ok(pedro.some((x) => x.prop === 'name'));
    assert.ok(!pedro.some((x) => x.prop === 'notes'));
    assert.equal(String((await fetchEntityRows(us, ['fx-breve']))[0]!.retention_until).slice(0, 10), day(2), "the owner's earlier retention kept");

    // node-only and agency-only records, and the refused one, are not there and never were queued
    assert.deepEqual((await fetchEntityRows(us, ['fx-jose', 'fx-maria', 'fx-own-jose', 'fx-salud'])).map((x) => x.id), []);
    const queued = await sql<{ id: string }>`select body->'entity'->>'id' as id from federation_outbox where partner = 'us-node' and type = 'share.upsert'`.execute(p.mx.node.ctx.db);
    assert.deepEqual(queued.rows.map((x) => x.id).sort(), ['fx-abarrotes', 'fx-breve', 'fx-pedro']);

    // the refusal is audited on the sending side, naming the policy
    const denied = await sql<{ detail: any }>`select detail from audit_events where action = 'federation.share' and outcome = 'denied' and resource_id = 'fx-salud'`.execute(p.mx.node.ctx.db);
    assert.equal(denied.rows.length, 1);
    assert.deepEqual(denied.rows[0]!.detail.policies, ['federation-share-purpose']);
    const copia = await sql<{ detail: any }>`select detail from audit_events where action = 'federation.share' and outcome = 'denied' and resource_id = 'fx-copia'`.execute(p.mx.node.ctx.db);
    assert.ok(copia.rows[0]!.detail.policies.includes('federation-share-no-resharing'));
    assert.deepEqual(await fetchEntityRows(us, ['fx-copia']), []);
    // every receipt audited on the receiving side
    assert.equal(await audits(p.us, 'federation.receive', 'ok', 'fx-abarrotes'), 1);

    // a second sync sends nothing again and audits the refusal no second time
    const again = (await json(await p.mx.request('/api/federation/sync', { cookie: mxAdmin, body: {} }))).partners[0];
    assert.equal(again.upserts, 0);
    assert.equal(again.delivery.delivered, 0);
    assert.equal(await audits(p.mx, 'federation.share', 'denied', 'fx-salud'), 1);

    // what was shared, both ways
    const out = await json(await p.mx.request('/api/federation/shared?direction=out', { cookie: mxAdmin }));
    assert.equal(out.total, 5);
    assert.equal(out.items.find((x: any) => x.entityId === 'fx-salud').state, 'refused');
    assert.equal(out.items.find((x: any) => x.entityId === 'fx-abarrotes').caption, null, 'an administrator does not read records');
    const usAnalyst = await p.us.login('us.analyst');
    const inn = await json(await p.us.request('/api/federation/shared?direction=in', { cookie: usAnalyst }));
    assert.equal(inn.total, 3);
    assert.equal(inn.items.find((x: any) => x.entityId === 'fx-abarrotes').caption, 'Abarrotes Núñez, S.A. de C.V.');
  });

  it('a U.S. analyst reads the copy with its provenance, finds it by name, and cannot edit it', async () => {
    const cookie = await p.us.login('us.analyst');
    const view = await json(await p.us.request('/api/entities/fx-abarrotes', { cookie }));
    assert.equal(view.entity.meta.locked, true);
    assert.equal(view.entity.meta.originNode, 'mx-node');
    assert.ok(view.statements.every((s: any) => s.originNode === 'mx-node'));
    const found = await json(await p.us.request('/api/search?q=abarrotes', { cookie }));
    assert.ok(JSON.stringify(found).includes('fx-abarrotes'));
    const edit = await p.us.request('/api/entities/fx-abarrotes', { cookie, method: 'PATCH', body: { properties: { name: ['Otro nombre'] } } });
    assert.equal(edit.status, 403);
    assert.equal((await fetchEntityRows(p.us.node.ctx.db, ['fx-abarrotes']))[0]!.caption, 'Abarrotes Núñez, S.A. de C.V.');
  });

  it('an update travels and replaces the copy', async () => {
    const ctx = p.mx.node.ctx;
    await updateEntity(ctx, systemActor(ctx.node), 'fx-abarrotes', { properties: { name: ['Abarrotes Núñez Hermanos'] } });
    const s = (await json(await p.mx.request('/api/federation/sync', { cookie: mxAdmin, body: {} }))).partners[0];
    assert.equal(s.upserts, 1);
    assert.equal(s.delivery.delivered, 1);
    const names = (await fetchStatements(p.us.node.ctx.db, ['fx-abarrotes'])).filter((x) => x.prop === 'name').map((x) => x.value);
    assert.deepEqual(names, ['Abarrotes Núñez Hermanos'], 'the old name is withdrawn from the copy');
    const cookie = await p.us.login('us.analyst');
    const view = await json(await p.us.request('/api/entities/fx-abarrotes', { cookie }));
    assert.deepEqual(view.entity.properties.name, ['Abarrotes Núñez Hermanos']);
    const receipts = await sql<{ kind: string }>`select detail->>'kind' as kind from audit_events where action = 'federation.receive' and resource_id = 'fx-abarrotes' order by seq`.execute(p.us.node.ctx.db);
    assert.deepEqual(receipts.rows.map((x) => x.kind), ['create', 'update']);
  });

  it('a record that stops being shareable is retracted: the copy is deleted', async () => {
    const ctx = p.mx.node.ctx;
    const cookie = await p.us.login('us.analyst');
    assert.equal((await p.us.request('/api/entities/fx-pedro', { cookie })).status, 200);
    await updateEntity(ctx, systemActor(ctx.node), 'fx-pedro', { meta: { distribution: 'node' } });
    const s = (await json(await p.mx.request('/api/federation/sync', { cookie: mxAdmin, body: {} }))).partners[0];
    assert.equal(s.retracts, 1);
    assert.equal(s.upserts, 0);
    assert.deepEqual(await fetchEntityRows(p.us.node.ctx.db, ['fx-pedro']), []);
    assert.equal((await p.us.request('/api/entities/fx-pedro', { cookie })).status, 404);
    assert.ok(!JSON.stringify(await json(await p.us.request('/api/search?q=pedro%20paramo', { cookie }))).includes('fx-pedro'));
    const r = await sql<{ detail: any }>`select detail from audit_events where action = 'federation.receive' and resource_id = 'fx-pedro' order by seq desc limit 1`.execute(p.us.node.ctx.db);
    assert.equal(r.rows[0]!.detail.kind, 'retract');
    assert.equal(r.rows[0]!.detail.held, true);
  });

  it('retention: an expired copy is deleted and the deletion audited', async () => {
    const us = p.us.node.ctx;
    const cookie = await p.us.login('us.analyst');
    assert.equal((await p.us.request('/api/entities/fx-breve', { cookie })).status, 200);
    assert.equal((await sweepExpiredCopies(us)).deleted, 0, 'nothing has expired today');
    const r = await sweepExpiredCopies(us, day(3)); // three days on: fx-breve's copy (kept until day 2) has expired
    assert.deepEqual(r.ids, ['fx-breve']);
    assert.deepEqual(await fetchEntityRows(us.db, ['fx-breve']), []);
    assert.equal(await audits(p.us, 'federation.retention', 'ok', 'fx-breve'), 1);
    assert.equal((await p.us.request('/api/entities/fx-breve', { cookie })).status, 404);
    assert.ok((await fetchEntityRows(us.db, ['fx-abarrotes'])).length, 'copies still within retention stay');
  });

  it('an expired agreement: nothing leaves under it, and the receiver refuses a package sent anyway', async () => {
    // signed by both, but its validity ended in 2021
    const proposed = await json(await p.mx.request('/api/federation/agreements', { cookie: mxAdmin, body: OLD }));
    assert.equal(proposed.agreement.version, 1);
    await deliverNow(p.mx.node.ctx, 'us-node');
    await json(await p.us.request('/api/federation/agreements/agr-old/sign', { cookie: usAdmin, body: { version: 1 } }));
    await deliverNow(p.us.node.ctx, 'mx-node');
    const view = (await json(await p.mx.request('/api/federation/agreements', { cookie: mxAdmin }))).agreements.find((a: any) => a.id === 'agr-old');
    assert.equal(view.status, 'signed');
    assert.equal(view.expired, true);
    assert.equal(view.active, false);

    const s = (await json(await p.mx.request('/api/federation/sync', { cookie: mxAdmin, body: {} }))).partners[0];
    assert.equal(s.upserts, 0);
    const queued = await count(p.mx, sql<{ n: number }>`select count(*)::int as n from federation_outbox where body->'entity'->>'id' = 'fx-viejo'`);
    assert.equal(queued, 0, 'nothing left under the expired agreement');

    // A sender that ignores its guard (or whose clock is wrong) sends it anyway: the receiver refuses and audits, and
    // the queue goes on (a later message is applied).
    const mx = p.mx.node.ctx;
    const [row] = await fetchEntityRows(mx.db, ['fx-viejo']);
    const old = (await signedAgreements(mx, mx.db, 'us-node')).find((a) => a.id === 'agr-old')!;
    const pkg = buildPackage(row!, await fetchStatements(mx.db, ['fx-viejo']), old);
    await mx.db.transaction().execute(async (trx) => {
      await enqueue(mx, trx, 'us-node', 'share.upsert', pkg);
      await enqueue(mx, trx, 'us-node', 'share.retract', { id: 'fx-never-held', agreement: null });
    });
    const d = await deliverNow(mx, 'us-node');
    assert.equal(d[0]!.error, undefined);
    assert.equal((await outboxStatus(mx.db, 'us-node')).pending, 0);
    assert.deepEqual(await fetchEntityRows(p.us.node.ctx.db, ['fx-viejo']), []);
    const refused = await sql<{ detail: any }>`select detail from audit_events where action = 'federation.receive' and outcome = 'denied' and resource_id = 'fx-viejo'`.execute(p.us.node.ctx.db);
    assert.equal(refused.rows.length, 1);
    assert.equal(refused.rows[0]!.detail.reason, 'agreement_inactive');
    assert.equal(await audits(p.us, 'federation.receive', 'ok', 'fx-never-held'), 1);
  });

  it('a new version, once both have signed it, supersedes the old one and the records travel again under it', async () => {
    const v2 = { ...framework(), version: undefined, purposes: ['criminal_investigation'] };
    const proposed = await json(await p.mx.request('/api/federation/agreements', { cookie: mxAdmin, body: v2 }));
    assert.equal(proposed.agreement.version, 2);
    await deliverNow(p.mx.node.ctx, 'us-node');
    // until the partner signs, version 1 stays in force
    const before = (await json(await p.mx.request('/api/federation/agreements', { cookie: mxAdmin }))).agreements.filter((a: any) => a.id === 'framework-bilateral');
    assert.deepEqual(before.map((a: any) => [a.version, a.status, a.active]), [[1, 'signed', true], [2, 'proposed', false]]);
    await json(await p.us.request('/api/federation/agreements/framework-bilateral/sign', { cookie: usAdmin, body: { version: 2 } }));
    await deliverNow(p.us.node.ctx, 'mx-node');
    for (const t of [p.mx, p.us]) {
      const list = (await json(await t.request('/api/federation/agreements', { cookie: t === p.mx ? mxAdmin : usAdmin }))).agreements.filter((a: any) => a.id === 'framework-bilateral');
      assert.deepEqual(list.map((a: any) => [a.version, a.status, a.active]), [[1, 'superseded', false], [2, 'signed', true]]);
    }
    const s = (await json(await p.mx.request('/api/federation/sync', { cookie: mxAdmin, body: {} }))).partners[0];
    assert.ok(s.upserts >= 1);
    assert.equal(s.delivery.error, undefined);
    const [copy] = await fetchEntityRows(p.us.node.ctx.db, ['fx-abarrotes']);
    assert.deepEqual(copy!.purposes, ['criminal_investigation'], "the copy serves only the new version's purposes");
    const held = await sql<{ v: number }>`select agreement_version as v from federation_copies where entity_id = 'fx-abarrotes'`.execute(p.us.node.ctx.db);
    assert.equal(Number(held.rows[0]!.v), 2);
  });

  it('the receiver refuses a package for a record it owns (an id collision)', async () => {
    const mx = p.mx.node.ctx;
    const us = p.us.node.ctx;
    await importRecords(us, systemActor(us.node), (async function* () {
      yield { line: 1, entity: { id: 'fx-ours', schema: 'Company', properties: { name: ['Ours Inc.'] }, meta: meta({ ownerCountry: 'US', ownerAgency: 'us-fincen', originNode: 'us-node', distribution: 'node' }) } };
    })(), { file: 'us' });
    const [abarrotes] = await fetchEntityRows(mx.db, ['fx-abarrotes']);
    const fw = (await signedAgreements(mx, mx.db, 'us-node')).find((a) => a.id === 'framework-bilateral')!;
    const pkg = buildPackage({ ...abarrotes!, id: 'fx-ours' }, [], fw);
    await mx.db.transaction().execute((trx) => enqueue(mx, trx, 'us-node', 'share.upsert', pkg));
    await deliverNow(mx, 'us-node');
    const [ours] = await fetchEntityRows(us.db, ['fx-ours']);
    assert.equal(ours!.locked, false);
    assert.equal(ours!.caption, 'Ours Inc.');
    const r = await sql<{ detail: any }>`select detail from audit_events where action = 'federation.receive' and outcome = 'denied' and resource_id = 'fx-ours'`.execute(us.db);
    assert.equal(r.rows[0]!.detail.reason, 'id_collision');
  });
});
