/**
 * Property tests for the access policy.
 *  (a) Cedar's entity.read decision equals `mayRead`, a plain reading of the rules in CONTRACTS.md
 *      written here independently of the .cedar files, so a typo in a policy file fails a test;
 *  (b) on a real store, `visibleEntitiesFilter` returns exactly the rows Cedar allows: the SQL
 *      prefilter never returns a record to a principal the policy denies, and hides none it allows;
 *  (c) the properties have teeth: mutated copies of the policies are caught.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DISTRIBUTIONS, type Purpose } from '@puente/model';
import { PolicyEngine, DEFAULT_POLICY_DIR, toRecordResource, visibleEntitiesFilter, type RecordResource } from '../src/authz/index';
import { ROLES, type Actor } from '../src/context';
import { openTestStore, storeKind } from './helpers/store';
import type { StoreHandle } from '../src/store/db';

// ---------------------------------------------------------------------------------------------
// The rules, restated from CONTRACTS.md "Domain rules" without looking at the policy files.
const PARTNER: Record<string, string> = { US: 'MX', MX: 'US' };

function distributionReaches(a: Actor, r: RecordResource): boolean {
  if (a.agencyId === r.ownerAgency) return true; // the owner agency always sees its own records
  switch (r.distribution) {
    case 'agency': return false;
    case 'node': return a.country === r.ownerCountry || r.locked; // a partner's copy: the holding node's agencies
    case 'bilateral': return a.country === r.ownerCountry || PARTNER[r.ownerCountry] === a.country;
    case 'agreement': return r.agreementParties.includes(a.country) || r.agreementParties.includes(a.agencyId);
  }
}

function mayRead(a: Actor, r: RecordResource): boolean {
  if (r.personalData && a.purpose === null) return false; // binds the system actor too
  if (a.kind === 'system') return true;
  const reader = a.roles.includes('analyst') || a.roles.includes('supervisor');
  const byPurpose = reader && a.purpose !== null && r.purposes.includes(a.purpose);
  const oversight = a.roles.includes('auditor') && a.purpose === 'oversight';
  return (byPurpose || oversight) && distributionReaches(a, r);
}

// ---------------------------------------------------------------------------------------------
// Generators: few values per field, so that matches (same agency, same purpose, listed party) are common.
const COUNTRIES = ['US', 'MX', 'CA'];
const AGENCIES = ['us-fincen', 'us-atf', 'mx-uif', 'mx-fgr', 'ca-fintrac'];
const SOME_PURPOSES: Purpose[] = ['criminal_investigation', 'financial_intelligence', 'public_health', 'oversight', 'administration'];
const PARTIES = [...COUNTRIES, ...AGENCIES];

const actorArb: fc.Arbitrary<Actor> = fc.record({
  kind: fc.constantFrom<Actor['kind']>('user', 'user', 'user', 'user', 'system'),
  id: fc.constantFrom('u1', 'u2', 'system'),
  username: fc.constant('someone'),
  agencyId: fc.constantFrom(...AGENCIES),
  country: fc.constantFrom(...COUNTRIES),
  roles: fc.subarray([...ROLES]),
  purpose: fc.option(fc.constantFrom(...SOME_PURPOSES), { nil: null, freq: 4 }),
});

const resourceArb: fc.Arbitrary<RecordResource> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  ownerCountry: fc.constantFrom(...COUNTRIES),
  ownerAgency: fc.constantFrom(...AGENCIES),
  distribution: fc.constantFrom(...DISTRIBUTIONS),
  agreementParties: fc.subarray(PARTIES, { maxLength: 3 }),
  purposes: fc.subarray(SOME_PURPOSES),
  personalData: fc.boolean(),
  locked: fc.boolean(),
});

/** (a) as a property over one actor and a batch of records, reusable on mutated policy sets. */
const agreesWithRules = (engine: PolicyEngine) => fc.property(actorArb, fc.array(resourceArb, { minLength: 1, maxLength: 20 }), (actor, records) => {
  for (const r of records) {
    const d = engine.decide(actor, 'entity.read', r);
    assert.deepEqual(d.errors, []);
    if (d.allowed !== mayRead(actor, r)) {
      throw new Error(`Cedar says ${d.allowed ? 'allow' : 'deny'} (${d.policies.join(',') || 'default'}) for ${JSON.stringify(actor)} on ${JSON.stringify(r)}`);
    }
  }
});

const engine = PolicyEngine.load(undefined, { cacheSize: 0 });

test('(a) Cedar entity.read equals the rules as written in the contract', () => {
  fc.assert(agreesWithRules(engine), { numRuns: 1000 });
});

test('(a) the cached engine answers as Cedar does on repeated attribute combinations', () => {
  const cached = PolicyEngine.load();
  fc.assert(fc.property(fc.array(fc.tuple(actorArb, resourceArb), { minLength: 1, maxLength: 30 }), (pairs) => {
    for (const [a, r] of [...pairs, ...pairs]) assert.deepEqual(cached.decide(a, 'entity.read', r), engine.decide(a, 'entity.read', r));
  }), { numRuns: 100 });
});

// ---------------------------------------------------------------------------------------------
// (c) Mutation testing: each edit below is a plausible policy mistake; the property must find it.
describe('(c) the property catches policy mistakes', () => {
  const mutations: Array<[string, string, string, string]> = [
    ['bilateral partner dropped one way', '10-entity-read.cedar', '(resource.owner_country == "MX" && principal.country == "US")', 'false'],
    ['node level ignores the country', '10-entity-read.cedar', '(resource.distribution == "node" && (resource.owner_country == principal.country || resource.locked))', '(resource.distribution == "node")'],
    ['agreement parties by country only', '10-entity-read.cedar', 'containsAny([principal.country, principal.agency])', 'contains(principal.country)'],
    ['oversight purpose misspelt', '10-entity-read.cedar', 'principal.purpose == "oversight"', 'principal.purpose == "oversight "'],
    ['supervisor forgotten as reader', '10-entity-read.cedar', 'containsAny(["analyst", "supervisor"]) &&\n  principal has purpose', 'contains("analyst") &&\n  principal has purpose'],
    ['personal-data forbid exempts the system actor', '10-entity-read.cedar', 'resource.personal_data && !(principal has purpose)', 'resource.personal_data && principal.kind == "user" && !(principal has purpose)'],
    ['owner agency loses its agreement records', '10-entity-read.cedar', 'resource.owner_agency == principal.agency ||', ''],
    ['admin allowed to read', '10-entity-read.cedar', 'principal.roles.contains("auditor") &&', '(principal.roles.contains("auditor") || principal.roles.contains("admin")) &&'],
  ];
  for (const [name, file, from, to] of mutations) {
    test(name, () => {
      const dir = mkdtempSync(join(tmpdir(), 'puente-mutant-'));
      try {
        cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
        const text = readFileSync(join(dir, file), 'utf8');
        assert.ok(text.includes(from), 'the mutation applies');
        writeFileSync(join(dir, file), text.replace(from, to));
        const mutant = PolicyEngine.load(dir, { cacheSize: 0 });
        const r = fc.check(agreesWithRules(mutant), { numRuns: 3000 });
        assert.equal(r.failed, true, 'mutant survived');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// (b) The SQL prefilter on a real store.
interface StoredRecord { resource: Omit<RecordResource, 'agreementParties'>; agreementId: string | null }
const AGREEMENT_IDS = ['agr-1', 'agr-2', 'agr-3'];

const storedArb: fc.Arbitrary<StoredRecord> = fc.record({
  resource: fc.record({
    id: fc.constant(''), // numbered on insert
    ownerCountry: fc.constantFrom(...COUNTRIES),
    ownerAgency: fc.constantFrom(...AGENCIES),
    distribution: fc.constantFrom(...DISTRIBUTIONS),
    purposes: fc.subarray(SOME_PURPOSES),
    personalData: fc.boolean(),
    locked: fc.boolean(),
  }),
  // agr-missing: an agreement the node does not hold; null: none named.
  agreementId: fc.option(fc.constantFrom(...AGREEMENT_IDS, 'agr-missing'), { nil: null, freq: 5 }),
});
const worldArb = fc.record({
  agreements: fc.tuple(...AGREEMENT_IDS.map(() => fc.subarray(PARTIES, { maxLength: 3 }))),
  records: fc.array(storedArb, { minLength: 1, maxLength: 40 }),
  actors: fc.array(actorArb, { minLength: 1, maxLength: 8 }),
});

describe(`(b) visibleEntitiesFilter returns exactly what Cedar allows (${storeKind})`, () => {
  let store: StoreHandle;
  before(async () => { store = await openTestStore(); });
  after(async () => { await store?.close(); });

  test('random actors, records and agreements', async () => {
    const db = () => store.db;
    let nonTrivial = 0;
    await fc.assert(fc.asyncProperty(worldArb, async ({ agreements, records, actors }) => {
      await db().deleteFrom('entities').execute();
      await db().deleteFrom('agreements').execute();
      await db().insertInto('agreements').values(AGREEMENT_IDS.map((id, i) => ({
        id, title: id, parties: agreements[i], valid_from: '2026-01-01',
      }))).execute();
      await db().insertInto('entities').values(records.map(({ resource: r, agreementId }, i) => ({
        id: `r${i}`, schema: r.personalData ? 'Person' : 'Company', caption: `record ${i}`,
        owner_country: r.ownerCountry, owner_agency: r.ownerAgency, distribution: r.distribution, agreement_id: agreementId,
        legal_basis: 'test', purposes: r.purposes, retention_until: '2030-12-31', dataset: 'test', origin_node: 'mx-node',
        locked: r.locked, personal_data: r.personalData, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-01T00:00:00Z',
      }))).execute();

      // Resources built the way services build them: from the stored row and the agreement's parties.
      const parties = new Map((await db().selectFrom('agreements').select(['id', 'parties']).execute()).map((a) => [a.id, a.parties]));
      const rows = await db().selectFrom('entities').selectAll().execute();
      const resources = rows.map((row) => toRecordResource(row, row.agreement_id ? parties.get(row.agreement_id) ?? [] : []));

      for (const actor of actors) {
        const byCedar = resources.filter((r) => engine.decide(actor, 'entity.read', r).allowed).map((r) => r.id).sort();
        const byRules = resources.filter((r) => mayRead(actor, r)).map((r) => r.id).sort();
        const bySql = (await db().selectFrom('entities').select('id').where(visibleEntitiesFilter(actor)).execute()).map((r) => r.id).sort();
        assert.deepEqual(bySql, byCedar, `SQL and Cedar differ for ${JSON.stringify(actor)}`);
        assert.deepEqual(byCedar, byRules);
        if (bySql.length > 0 && bySql.length < rows.length) nonTrivial++;
      }
    }), { numRuns: storeKind === 'pglite' ? 60 : 80 });
    assert.ok(nonTrivial > 20, `the generated cases separate visible from hidden rows (${nonTrivial})`);
  });

  test('the filter composes with joins (screening joins the entity_names view)', async () => {
    await store.db.deleteFrom('entities').execute();
    await store.db.insertInto('entities').values(['mx-uif', 'mx-fgr'].map((agency, i) => ({
      id: `j${i}`, schema: 'Person', caption: 'Juan Pérez', owner_country: 'MX', owner_agency: agency, distribution: 'agency' as const,
      agreement_id: null, legal_basis: 'test', purposes: ['criminal_investigation'], retention_until: '2030-12-31', dataset: 'test',
      origin_node: 'mx-node', personal_data: true, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-01T00:00:00Z',
      names: ['Juan Pérez'],
    }))).execute();
    const actor: Actor = { kind: 'user', id: 'u', username: 'mx.analyst', agencyId: 'mx-uif', country: 'MX', roles: ['analyst'], purpose: 'criminal_investigation' };
    const rows = await store.db.selectFrom('entity_names')
      .innerJoin('entities', 'entities.id', 'entity_names.entity_id')
      .select(['entities.id', 'entity_names.name'])
      .where('entity_names.name', 'like', '%Pérez%')
      .where(visibleEntitiesFilter(actor))
      .execute();
    assert.deepEqual(rows, [{ id: 'j0', name: 'Juan Pérez' }]);
  });
});
