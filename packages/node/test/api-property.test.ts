/**
 * Property (fast-check) at the API level: for random actors — agency, country, role, stated purpose —
 * over random records — owner, distribution, agreement, purposes, personal or not, linked at random —
 * no record that the PolicyEngine denies the actor ever appears in search, entity read (record,
 * relationships, references), graph or export results; and what it allows is found.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Entity, Purpose, RecordMeta } from '@puente/model';
import type { Actor, Role } from '../src/context';
import type { RecordResource } from '../src/authz/index';
import { createAgency, createUser, systemActor } from '../src/identity/index';
import { importRecords } from '../src/services/import';
import { pgArray } from '../src/services/sql';
import { TEST_PASSWORD, json, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

const AGENCIES = [
  { id: 'mx-uif', country: 'MX' }, { id: 'mx-fgr', country: 'MX' },
  { id: 'us-fincen', country: 'US' }, { id: 'us-dea', country: 'US' },
] as const;
const ROLES: Role[] = ['analyst', 'supervisor', 'auditor', 'admin'];
const PURPOSES: Purpose[] = ['criminal_investigation', 'financial_intelligence', 'public_health', 'oversight'];
const AGREEMENTS = [{ id: 'agr-uif-dea', parties: ['mx-uif', 'us-dea'] }, { id: 'agr-mx', parties: ['MX'] }];
const SEED = 20261128;

let t: TestNode;
let records: Entity[] = [];
const users = new Map<string, { id: string; agencyId: string; country: string; roles: Role[] }>();
const cookies = new Map<string, string>();

const recordArb = fc.record({
  person: fc.boolean(),
  agency: fc.constantFrom(...AGENCIES),
  distribution: fc.constantFrom('agency', 'node', 'bilateral', 'agreement' as const),
  agreement: fc.constantFrom(...AGREEMENTS.map((a) => a.id)),
  purposes: fc.subarray(PURPOSES.slice(0, 3), { minLength: 1 }),
  surname: fc.constantFrom('Ramírez', 'Núñez', 'Smith', 'O’Brien', 'Muñoz'),
});

function build(): Entity[] {
  const specs = fc.sample(recordArb, { numRuns: 60, seed: SEED });
  const out: Entity[] = specs.map((s, i) => ({
    id: `pr-${String(i).padStart(3, '0')}`,
    schema: s.person ? 'Person' : 'Company',
    properties: { name: [`Zeta ${s.surname} ${i}`] },
    meta: meta(s.agency, s.distribution, s.agreement, s.purposes),
  }));
  const companies = out.filter((e) => e.schema === 'Company');
  const links = fc.sample(fc.record({ owner: fc.nat(out.length - 1), asset: fc.nat(companies.length - 1), spec: recordArb }), { numRuns: 45, seed: SEED + 1 });
  links.forEach((l, i) => {
    if (out[l.owner].id === companies[l.asset].id) return;
    out.push({
      id: `pr-own-${String(i).padStart(3, '0')}`, schema: 'Ownership',
      properties: { owner: [out[l.owner].id], asset: [companies[l.asset].id] },
      meta: meta(l.spec.agency, l.spec.distribution, l.spec.agreement, l.spec.purposes),
    });
  });
  return out;
}

function meta(agency: { id: string; country: string }, distribution: RecordMeta['distribution'], agreement: string, purposes: Purpose[]): RecordMeta {
  return {
    ownerCountry: agency.country, ownerAgency: agency.id, distribution, agreementId: distribution === 'agreement' ? agreement : null,
    legalBasis: 'test', purposes, retentionUntil: '2031-12-31', dataset: 'property', originNode: agency.country === 'MX' ? 'mx-node' : 'us-node',
  };
}

function resource(e: Entity): RecordResource {
  return {
    id: e.id, ownerCountry: e.meta.ownerCountry, ownerAgency: e.meta.ownerAgency, distribution: e.meta.distribution,
    agreementParties: e.meta.agreementId ? AGREEMENTS.find((a) => a.id === e.meta.agreementId)!.parties : [],
    purposes: e.meta.purposes, personalData: t.node.node.model.isPersonal(e.schema), locked: false,
  };
}

before(async () => {
  t = await startTestNode();
  const db = t.node.ctx.db;
  for (const a of AGENCIES) await createAgency(db, { ...a, name: a.id, nameEn: a.id, nameEs: a.id });
  for (const a of AGREEMENTS) {
    await sql`insert into agreements (id, title, parties, valid_from) values (${a.id}, ${a.id}, ${pgArray(a.parties)}::text[], '2024-01-01')`.execute(db);
  }
  for (const a of AGENCIES) {
    for (const role of ROLES) {
      const u = await createUser(db, { username: `${a.id}.${role}`, displayName: role, agencyId: a.id, roles: [role], password: TEST_PASSWORD });
      users.set(u.username, { id: u.id, agencyId: u.agencyId, country: u.country, roles: u.roles });
    }
  }
  records = build();
  await importRecords(t.node.ctx, systemActor(t.node.ctx.node), (async function* () {
    let line = 0;
    for (const entity of records) yield { line: ++line, entity };
  })(), { file: 'property' });
});
after(async () => { await t?.close(); });

describe(`policy holds at the API (${storeKind})`, () => {
  test('no denied record in search, entity read, graph or export; allowed records are found', async () => {
    const byId = new Map(records.map((r) => [r.id, r]));
    const usernames = [...users.keys()];
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...usernames),
      fc.option(fc.constantFrom(...PURPOSES), { nil: null }),
      fc.subarray(records.map((r) => r.id), { minLength: 3, maxLength: 6 }),
      async (username, purpose, probe) => {
        const key = `${username}|${purpose}`;
        let cookie = cookies.get(key);
        if (!cookie) { cookie = await t.login(username, purpose); cookies.set(key, cookie); }
        const u = users.get(username)!;
        const actor: Actor = { kind: 'user', id: u.id, username, agencyId: u.agencyId, country: u.country, roles: u.roles, purpose };
        const allowed = new Set(records.filter((r) => t.node.node.policy.decide(actor, 'entity.read', resource(r)).allowed).map((r) => r.id));
        const mustAllow = (id: string, where: string) => assert.ok(allowed.has(id), `${where}: ${username}/${purpose} got ${id}`);

        // Search: everything named Zeta that is allowed, nothing else.
        const found = new Set<string>();
        for (let offset = 0; ; offset += 100) {
          const r = await json(await t.request(`/api/search?q=zeta&limit=100&offset=${offset}`, { cookie }));
          for (const h of r.results) { mustAllow(h.id, 'search'); found.add(h.id); }
          if (offset + 100 >= r.total) break;
        }
        const named = [...allowed].filter((id) => byId.get(id)!.schema !== 'Ownership');
        assert.deepEqual([...found].sort(), named.sort(), 'search finds every allowed named record');

        // Entity read and graph of a few records.
        for (const id of probe) {
          const res = await t.request(`/api/entities/${id}`, { cookie });
          if (!allowed.has(id)) {
            assert.ok(res.status === 403 || res.status === 404, `read of denied ${id} gave ${res.status}`);
            await res.arrayBuffer();
            const g = await t.request(`/api/entities/${id}/graph?depth=2`, { cookie });
            assert.ok(g.status === 403 || g.status === 404);
            await g.arrayBuffer();
            continue;
          }
          const v = await json(res);
          for (const r of v.relationships) { mustAllow(r.id, 'relationship'); if (r.other) mustAllow(r.other.id, 'relationship end'); }
          for (const r of v.references) mustAllow(r.id, 'reference');
          const g = await json(await t.request(`/api/entities/${id}/graph?depth=2`, { cookie }));
          for (const n of g.nodes) mustAllow(n.id, 'graph node');
          for (const e of g.edges) {
            mustAllow(e.source, 'graph edge source');
            mustAllow(e.target, 'graph edge target');
            if (byId.has(e.id)) mustAllow(e.id, 'graph edge entity');
          }
        }

        // Export: exactly the allowed records (when the actor may export at all).
        const res = await t.request('/api/export', { cookie });
        if (res.status === 200) {
          const ids = (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l).id as string);
          for (const id of ids) mustAllow(id, 'export');
          assert.deepEqual(ids.sort(), [...allowed].sort(), 'export holds every allowed record');
        } else {
          assert.equal(res.status, 403);
          await res.arrayBuffer();
        }
      },
    ), { numRuns: 30, seed: SEED });
  });
});
