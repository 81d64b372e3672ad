import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Entity } from '@puente/model';
import {
  AGENCY_PROFILES, DEMO_PASSWORD, DEMO_ROLES, LAYERS, generateWorld, referencesOf, worldForNode, type World,
} from '../src/index';
import { defaultWorld } from './helpers/world';

const PURPOSES = ['criminal_investigation', 'financial_intelligence', 'sanctions_screening', 'customs_targeting', 'firearms_tracing',
  'public_health', 'violence_prevention', 'search_for_missing', 'cyber_defence', 'oversight', 'administration'];
const prop = (e: Entity, p: string) => e.properties[p]?.[0];

test('the requested numbers of people and companies are generated', () => {
  const w = defaultWorld();
  assert.equal(w.entities.filter((e) => e.schema === 'Person').length, 2000);
  assert.equal(w.entities.filter((e) => e.schema === 'Company').length, 600);
  const small = generateWorld({ people: 37, companies: 11, seed: 4 });
  assert.equal(small.entities.filter((e) => e.schema === 'Person').length, 37);
  assert.equal(small.entities.filter((e) => e.schema === 'Company').length, 11);
  const onlyCompanies = generateWorld({ people: 0, companies: 9 });
  assert.equal(onlyCompanies.entities.filter((e) => e.schema === 'Company').length, 9);
  assert.equal(generateWorld({ people: 0, companies: 0 }).entities.length, 0);
});

test('the world holds every kind of record and link, with a few designations', () => {
  const counts = new Map<string, number>();
  for (const e of defaultWorld().entities) counts.set(e.schema, (counts.get(e.schema) ?? 0) + 1);
  for (const s of ['Person', 'Company', 'Address', 'BankAccount', 'Ownership', 'Directorship', 'Family', 'Associate', 'Sanction']) {
    assert.ok((counts.get(s) ?? 0) > 0, `no ${s}`);
  }
  const sanctions = counts.get('Sanction')!;
  assert.ok(sanctions >= 3 && sanctions <= 80, `${sanctions} sanctions`);
  assert.deepEqual(LAYERS.map((l) => l.id)[0], 'core');
});

test('ids are unique and every edge points at existing entities of the same case file', () => {
  const w = defaultWorld();
  const byId = new Map(w.entities.map((e) => [e.id, e]));
  assert.equal(byId.size, w.entities.length);
  for (const e of w.entities) {
    for (const r of referencesOf(e)) {
      const target = byId.get(r);
      assert.ok(target, `${e.id} → missing ${r}`);
      assert.equal(target.meta.originNode, e.meta.originNode, `${e.id} → ${r} crosses nodes`);
      assert.equal(target.meta.distribution, e.meta.distribution, `${e.id} → ${r} travels differently`);
    }
  }
});

test('links are dated, and never before their ends exist', () => {
  const w = defaultWorld();
  const byId = new Map(w.entities.map((e) => [e.id, e]));
  const born = (id: string) => {
    const e = byId.get(id)!;
    return prop(e, 'birthDate') ?? prop(e, 'incorporationDate') ?? prop(e, 'openingDate') ?? '0000';
  };
  for (const e of w.entities) {
    if (!['Ownership', 'Directorship', 'Family', 'Associate', 'Sanction'].includes(e.schema)) continue;
    const start = prop(e, 'startDate');
    assert.ok(start && /^\d{4}-\d{2}-\d{2}$/.test(start), `${e.id} has no startDate`);
    for (const r of referencesOf(e)) assert.ok(start >= born(r).slice(0, 10), `${e.id} starts ${start} before ${r}`);
    const end = prop(e, 'endDate');
    if (end) assert.ok(end >= start);
  }
  // Ownership percentages are numbers in (0, 100], and never sum above 100 per company.
  const held = new Map<string, number>();
  for (const e of w.entities.filter((x) => x.schema === 'Ownership')) {
    const pct = Number(prop(e, 'percentage'));
    assert.ok(pct > 0 && pct <= 100, `${e.id} percentage ${pct}`);
    const asset = prop(e, 'asset')!;
    held.set(asset, (held.get(asset) ?? 0) + pct);
  }
  for (const [asset, total] of held) assert.ok(total <= 100, `${asset} owned ${total} %`);
});

test('every record has valid metadata consistent with its owner agency', () => {
  const w = defaultWorld();
  const now = '2026-07-01';
  const agencies = new Map(AGENCY_PROFILES.map((a) => [a.id, a]));
  const dist = new Map<string, number>();
  for (const e of w.entities) {
    const m = e.meta;
    const a = agencies.get(m.ownerAgency);
    assert.ok(a, `${e.id}: unknown agency ${m.ownerAgency}`);
    assert.equal(m.ownerCountry, a.country);
    assert.equal(m.originNode, a.node);
    assert.ok(e.id.startsWith(a.node.slice(0, 2) + '-'));
    assert.ok(m.purposes.length > 0 && m.purposes.every((p) => a.purposes.includes(p) && PURPOSES.includes(p)), `${e.id} purposes`);
    assert.equal(m.purposes[0], a.purposes[0]);
    assert.ok(a.legalBases.some((b) => m.legalBasis.startsWith(b)), `${e.id} legal basis ${m.legalBasis}`);
    assert.ok(/^\d{4}-\d{2}-\d{2}$/.test(m.retentionUntil) && m.retentionUntil > now, `${e.id} retention ${m.retentionUntil}`);
    assert.ok(m.dataset && Object.values(a.datasets).includes(m.dataset));
    assert.ok(!m.locked);
    if (m.distribution === 'agreement') {
      const agr = w.agreements.find((x) => x.id === m.agreementId);
      assert.ok(agr, `${e.id}: agreement ${m.agreementId} missing`);
      assert.ok(agr.parties.includes(a.id) || agr.parties.includes(a.country), `${a.id} not party to ${agr.id}`);
    } else {
      assert.equal(m.agreementId, undefined);
    }
    assert.ok(e.firstSeen && e.lastSeen && e.firstSeen <= e.lastSeen && e.lastSeen.slice(0, 10) <= now);
    dist.set(m.distribution, (dist.get(m.distribution) ?? 0) + 1);
  }
  // A realistic mix: every level is used, none dominates.
  for (const d of ['agency', 'node', 'bilateral', 'agreement']) {
    const share = (dist.get(d) ?? 0) / w.entities.length;
    assert.ok(share > 0.03 && share < 0.7, `${d} share ${share}`);
  }
  // Both nodes hold records, and every agency with case files holds some.
  for (const a of AGENCY_PROFILES.filter((x) => x.caseWeight > 0)) {
    assert.ok(w.entities.some((e) => e.meta.ownerAgency === a.id), `${a.id} holds nothing`);
  }
});

test('agencies are bilingual and demo users exist for every role in both countries', () => {
  const w = defaultWorld();
  for (const a of w.agencies) {
    assert.ok(a.name && a.nameEn && a.nameEs);
    assert.ok(a.id.startsWith(a.country.toLowerCase() + '-'));
  }
  for (const cc of ['mx', 'us']) {
    for (const role of DEMO_ROLES) {
      const u = w.users.find((x) => x.username === `${cc}.${role}`);
      assert.ok(u, `${cc}.${role} missing`);
      assert.deepEqual(u.roles, [role]);
      assert.equal(u.password, DEMO_PASSWORD);
      assert.ok(u.agencyId.startsWith(`${cc}-`));
    }
  }
  assert.equal(w.users.find((u) => u.username === 'mx.analyst')!.agencyId, 'mx-uif');
  assert.equal(w.users.find((u) => u.username === 'us.analyst')!.agencyId, 'us-fincen');
  assert.equal(w.users.find((u) => u.username === 'mx.fgr.analyst')!.agencyId, 'mx-fgr');
  assert.equal(w.users.find((u) => u.username === 'us.atf.analyst')!.agencyId, 'us-atf');
  assert.equal(new Set(w.users.map((u) => u.username)).size, w.users.length);
  for (const u of w.users) {
    assert.ok(w.agencies.some((a) => a.id === u.agencyId));
    assert.ok(u.displayName && !u.displayName.includes('demo.'), `untranslated display name ${u.displayName}`);
  }
  assert.match(w.users.find((u) => u.username === 'mx.analyst')!.displayName, /Analista/);
});

/** Checks that a node's holdings are exactly what it may hold. */
function checkHoldings(w: World, nodeId: 'mx-node' | 'us-node') {
  const h = worldForNode(w, nodeId);
  const node = w.nodes.find((n) => n.id === nodeId)!;
  const partner = nodeId === 'mx-node' ? 'us-node' : 'mx-node';
  const original = new Map(w.entities.map((e) => [e.id, e]));
  const ids = new Set(h.entities.map((e) => e.id));
  assert.equal(ids.size, h.entities.length, 'no record twice');
  let copies = 0;
  for (const e of h.entities) {
    const o = original.get(e.id)!;
    assert.ok(o, `${e.id} is not in the world`);
    if (e.meta.originNode === nodeId) {
      assert.equal(e.meta.ownerCountry, node.country);
      assert.ok(!e.meta.locked);
      assert.deepEqual(e, o);
    } else {
      copies++;
      assert.equal(e.meta.originNode, partner);
      assert.equal(e.meta.locked, true, `${e.id} copy not locked`);
      assert.equal(e.meta.ownerAgency, o.meta.ownerAgency);
      assert.deepEqual(e.properties, o.properties);
      if (o.meta.distribution === 'bilateral') assert.equal(e.meta.distribution, 'node', 'bilateral copies are lowered one hop');
      else {
        assert.equal(o.meta.distribution, 'agreement', `${e.id}: a ${o.meta.distribution} record left its node`);
        const agr = w.agreements.find((a) => a.id === o.meta.agreementId)!;
        const ours = w.agencies.filter((a) => a.country === node.country).map((a) => a.id);
        assert.ok(agr.parties.includes(node.country) || agr.parties.some((p) => ours.includes(p)), `${nodeId} is no party to ${agr.id}`);
      }
    }
    for (const r of referencesOf(e)) assert.ok(ids.has(r), `${nodeId}: ${e.id} → ${r} not held`);
  }
  // Everything the node owns is there, and the copies do not alias the world's objects.
  assert.equal(h.entities.length - copies, w.entities.filter((e) => e.meta.originNode === nodeId).length);
  assert.ok(h.users.every((u) => h.agencies.some((a) => a.id === u.agencyId)));
  assert.ok(h.agencies.every((a) => a.country === node.country));
  return { h, copies };
}

test('worldForNode gives each node its own records and locked, lowered copies of what may travel', () => {
  const w = defaultWorld();
  for (const n of ['mx-node', 'us-node'] as const) {
    const { h, copies } = checkHoldings(w, n);
    assert.ok(copies > 0, `${n} holds no copies`);
    assert.ok(copies < h.entities.length / 2, `${n}: copies should be the smaller part`);
    const copy = h.entities.find((e) => e.meta.locked)!;
    copy.meta.purposes.push('oversight');
    assert.ok(!w.entities.find((e) => e.id === copy.id)!.meta.purposes.includes('oversight'), 'copies do not alias');
    copy.meta.purposes.pop();
  }
  // Agency-only and node-only records of the partner never travel.
  const original = new Map(w.entities.map((e) => [e.id, e]));
  const mx = worldForNode(w, 'mx-node');
  assert.ok(!mx.entities.some((e) => e.meta.originNode === 'us-node' && ['agency', 'node'].includes(original.get(e.id)!.meta.distribution)));
});

test('property: for any seed and size, node holdings are closed and allowed', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 30 }), (seed, people, companies) => {
      const w = generateWorld({ seed, people, companies });
      checkHoldings(w, 'mx-node');
      checkHoldings(w, 'us-node');
    }),
    { numRuns: 30 },
  );
});

test('describeWorld speaks both languages from the catalogue', async () => {
  const { describeWorld } = await import('../src/index');
  const w = generateWorld({ seed: 2, people: 40, companies: 12 });
  const en = describeWorld(w, 'en');
  const es = describeWorld(w, 'es');
  assert.equal(en.length, es.length);
  assert.match(en[0]!, /40 people, 12 companies/);
  assert.match(es[0]!, /40 personas, 12 empresas/);
  assert.ok(en.some((l) => l.includes(DEMO_PASSWORD) && l.includes('mx.analyst')));
  for (const line of [...en, ...es]) assert.ok(!/\{\{|demo\./.test(line.replace(/mx\.|us\./g, '')), `untranslated: ${line}`);
});
