/**
 * One test per rule of the policy (CONTRACTS.md "Domain rules"), plus the loader's refusals.
 * The exhaustive comparison with the rules and with the SQL prefilter is in authz-property.test.ts.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasKey } from '@puente/i18n';
import { PolicyEngine, PolicyLoadError, DEFAULT_POLICY_DIR, ACTIONS, type Action, type RecordResource, type DecisionContext } from '../src/authz/index';
import type { Actor, Role } from '../src/context';
import { systemActor } from '../src/identity/index';

const engine = PolicyEngine.load(undefined, { cacheSize: 0 });

const user = (over: Partial<Actor> = {}): Actor => ({
  kind: 'user', id: 'u1', username: 'mx.analyst', agencyId: 'mx-uif', country: 'MX', roles: ['analyst'],
  purpose: 'criminal_investigation', ...over,
});
const rec = (over: Partial<RecordResource> = {}): RecordResource => ({
  id: 'r1', ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'agency', agreementParties: [],
  purposes: ['criminal_investigation'], personalData: true, locked: false, ...over,
});
const allowed = (a: Actor, action: Action, r?: RecordResource) => engine.decide(a, action, r).allowed;

describe('entity.read', () => {
  test('analyst or supervisor with a purpose the record serves', () => {
    const d = engine.decide(user(), 'entity.read', rec());
    assert.deepEqual(d, { allowed: true, policies: ['entity-read-by-purpose'], errors: [] });
    assert.ok(allowed(user({ roles: ['supervisor'] }), 'entity.read', rec()));
    assert.ok(!allowed(user({ purpose: 'public_health' }), 'entity.read', rec()), 'purpose the record does not serve');
    assert.deepEqual(engine.decide(user({ purpose: 'public_health' }), 'entity.read', rec()).policies, [], 'default deny names no policy');
  });

  test('no purpose: personal data refused by a forbid, other records by default deny', () => {
    const d = engine.decide(user({ purpose: null }), 'entity.read', rec());
    assert.equal(d.allowed, false);
    assert.deepEqual(d.policies, ['personal-data-needs-purpose']);
    assert.deepEqual(engine.decide(user({ purpose: null }), 'entity.read', rec({ personalData: false })).policies, []);
  });

  test('auditor reads for oversight only, whatever the record serves', () => {
    const auditor = user({ roles: ['auditor'], purpose: 'oversight' });
    assert.deepEqual(engine.decide(auditor, 'entity.read', rec({ purposes: ['public_health'] })).policies, ['entity-read-oversight']);
    assert.ok(!allowed(user({ roles: ['auditor'], purpose: 'criminal_investigation' }), 'entity.read', rec()));
    assert.ok(!allowed(user({ roles: ['analyst'], purpose: 'oversight' }), 'entity.read', rec()), 'oversight is the auditor path');
  });

  test('admin alone cannot read records', () => {
    assert.ok(!allowed(user({ roles: ['admin'] }), 'entity.read', rec()));
    assert.ok(!allowed(user({ roles: ['admin'], purpose: 'oversight' }), 'entity.read', rec()));
  });

  test('distribution: agency', () => {
    assert.ok(allowed(user(), 'entity.read', rec()));
    const d = engine.decide(user({ agencyId: 'mx-fgr' }), 'entity.read', rec());
    assert.deepEqual(d, { allowed: false, policies: ['entity-read-distribution'], errors: [] });
  });

  test('distribution: node is every agency of the owner country', () => {
    assert.ok(allowed(user({ agencyId: 'mx-fgr' }), 'entity.read', rec({ distribution: 'node' })));
    assert.ok(!allowed(user({ agencyId: 'us-fincen', country: 'US' }), 'entity.read', rec({ distribution: 'node' })));
  });

  test('distribution: bilateral reaches the partner country (US <-> MX) and no other', () => {
    const mxRecord = rec({ distribution: 'bilateral' });
    const usRecord = rec({ distribution: 'bilateral', ownerCountry: 'US', ownerAgency: 'us-fincen' });
    assert.ok(allowed(user({ agencyId: 'us-fincen', country: 'US' }), 'entity.read', mxRecord));
    assert.ok(allowed(user({ agencyId: 'mx-fgr' }), 'entity.read', usRecord));
    assert.ok(allowed(user({ agencyId: 'mx-fgr' }), 'entity.read', mxRecord));
    assert.ok(!allowed(user({ agencyId: 'ca-fintrac', country: 'CA' }), 'entity.read', mxRecord));
    assert.ok(!allowed(user({ agencyId: 'us-atf', country: 'US' }), 'entity.read', rec({ distribution: 'bilateral', ownerCountry: 'CA', ownerAgency: 'ca-x' })));
    assert.equal(engine.partnerOf('US'), 'MX');
    assert.equal(engine.partnerOf('MX'), 'US');
    assert.equal(engine.partnerOf('CA'), '');
  });

  test('distribution: agreement parties by country code or agency id; the owner agency keeps access', () => {
    const byCountry = rec({ distribution: 'agreement', agreementParties: ['US'] });
    const byAgency = rec({ distribution: 'agreement', agreementParties: ['us-atf'] });
    assert.ok(allowed(user({ agencyId: 'us-fincen', country: 'US' }), 'entity.read', byCountry));
    assert.ok(!allowed(user({ agencyId: 'us-fincen', country: 'US' }), 'entity.read', byAgency));
    assert.ok(allowed(user({ agencyId: 'us-atf', country: 'US' }), 'entity.read', byAgency));
    assert.ok(!allowed(user({ agencyId: 'mx-fgr' }), 'entity.read', byAgency), 'same country as the owner is not enough');
    assert.ok(allowed(user(), 'entity.read', byAgency), 'owner agency');
    assert.ok(!allowed(user({ agencyId: 'mx-fgr' }), 'entity.read', rec({ distribution: 'agreement' })), 'no agreement found');
  });

  test('agreement parties do not widen other distribution levels', () => {
    assert.ok(!allowed(user({ agencyId: 'us-atf', country: 'US' }), 'entity.read', rec({ distribution: 'node', agreementParties: ['us-atf', 'US'] })));
  });
});

describe('writes', () => {
  test('create and update: analyst or supervisor of the owner agency', () => {
    for (const action of ['entity.create', 'entity.update'] as const) {
      assert.deepEqual(engine.decide(user(), action, rec()).policies, ['entity-write-own-agency']);
      assert.ok(allowed(user({ roles: ['supervisor'] }), action, rec()));
      assert.ok(!allowed(user({ agencyId: 'mx-fgr' }), action, rec({ distribution: 'node' })), 'another agency');
      assert.ok(!allowed(user({ roles: ['auditor', 'admin'] }), action, rec()));
      assert.ok(allowed(user({ purpose: null }), action, rec()), 'writing needs no purpose');
    }
  });

  test('delete: supervisor of the owner agency only', () => {
    assert.deepEqual(engine.decide(user({ roles: ['supervisor'] }), 'entity.delete', rec()).policies, ['entity-delete-supervisor']);
    assert.ok(!allowed(user(), 'entity.delete', rec()));
    assert.ok(!allowed(user({ roles: ['supervisor'], agencyId: 'mx-fgr' }), 'entity.delete', rec()));
  });

  test('locked copies are not writable by users, whatever their role', () => {
    for (const action of ['entity.create', 'entity.update', 'entity.delete'] as const) {
      const d = engine.decide(user({ roles: ['analyst', 'supervisor'] }), action, rec({ locked: true }));
      assert.deepEqual(d, { allowed: false, policies: ['locked-copy-read-only'], errors: [] });
    }
    assert.ok(allowed(user(), 'entity.read', rec({ locked: true })), 'locked copies are readable');
  });
});

describe('node actions', () => {
  const cases: Array<[Action, Role[]]> = [
    ['entity.import', ['analyst', 'supervisor']], ['entity.export', ['analyst', 'supervisor']],
    ['audit.read', ['auditor']], ['audit.verify', ['auditor']],
    ['user.manage', ['admin']], ['agency.manage', ['admin']], ['policy.read', ['admin', 'auditor']],
  ];
  for (const [action, roles] of cases) {
    test(`${action}: ${roles.join(' or ')}`, () => {
      for (const role of ['analyst', 'supervisor', 'auditor', 'admin'] as const) {
        assert.equal(allowed(user({ roles: [role] }), action), roles.includes(role), `${role}`);
      }
      assert.ok(!allowed(user({ roles: [] }), action));
    });
  }
});

describe('system actor', () => {
  const sys = systemActor({ id: 'mx-node', country: 'MX', dataDir: '/tmp/x' });
  // The actions whose schema declares a request context (federation: the egress guard and a partner's question).
  const contexts: Partial<Record<(typeof ACTIONS)[number], DecisionContext>> = {
    'federation.share': { schema: 'Person', agreement: { id: 'a', active: false, parties: [], schemata: [], purposes: [], distributions: [] } },
    'federation.query.answer': { kind: 'screen-name', agreement_active: false, agreement_purposes: [] },
    'federation.disclosure.review': { step: 'decide' },
  };
  test('may do everything', () => {
    for (const action of ACTIONS) {
      const d = engine.decide(sys, action, rec({ ownerAgency: 'us-fincen', ownerCountry: 'US', locked: true, personalData: false }), contexts[action]);
      assert.ok(d.allowed, action);
      assert.ok(d.policies.includes('system-actor'));
    }
  });
  test('except read personal data without a purpose', () => {
    assert.deepEqual(engine.decide(sys, 'entity.read', rec()).policies, ['personal-data-needs-purpose']);
    assert.ok(!allowed(sys, 'entity.read', rec()));
    assert.ok(allowed({ ...sys, purpose: 'administration' }, 'entity.read', rec({ ownerAgency: 'us-x', ownerCountry: 'US' })));
  });
});

test('record actions without a record are denied with an error, not decided', () => {
  const d = engine.decide(user(), 'entity.read');
  assert.equal(d.allowed, false);
  assert.equal(d.errors.length, 1);
  assert.equal(engine.decide(user(), 'no.such' as Action).allowed, false);
});

test('the decision cache gives the same answers as Cedar, and callers cannot corrupt it', () => {
  const cached = PolicyEngine.load();
  const actors = [user(), user({ purpose: null }), user({ roles: ['auditor'], purpose: 'oversight', agencyId: 'us-x', country: 'US' })];
  const recs = [rec(), rec({ distribution: 'bilateral', personalData: false }), rec({ locked: true })];
  for (let round = 0; round < 3; round++) {
    for (const a of actors) for (const r of recs) for (const action of ACTIONS) {
      const d = cached.decide(a, action, r);
      assert.deepEqual(d, engine.decide(a, action, r));
      d.policies.push('tampered');
    }
  }
});

test('every policy has an explanation in both languages', () => {
  assert.ok(engine.policyIds.length >= 10);
  for (const id of engine.policyIds) assert.ok(hasKey(`auth.policy.${id}`), id);
});

test('hash covers the schema and every policy file; texts are what was loaded', () => {
  assert.match(engine.hash, /^[0-9a-f]{64}$/);
  assert.equal(engine.texts[0].file, 'schema.cedarschema');
  for (const { file, text } of engine.texts) assert.equal(text, readFileSync(join(DEFAULT_POLICY_DIR, file), 'utf8'));
  assert.equal(PolicyEngine.load().hash, engine.hash, 'stable');
});

describe('the loader refuses doubtful policies', () => {
  function withPolicies(change: (dir: string) => void): () => PolicyEngine {
    const dir = mkdtempSync(join(tmpdir(), 'puente-policies-'));
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    change(dir);
    return () => { try { return PolicyEngine.load(dir); } finally { rmSync(dir, { recursive: true, force: true }); } };
  }
  const edit = (file: string, from: string | RegExp, to: string) => (dir: string) => {
    const p = join(dir, file);
    const before = readFileSync(p, 'utf8');
    const after = before.replace(from, to);
    assert.notEqual(after, before, 'the edit applies');
    writeFileSync(p, after);
  };
  const refuses = (name: string, change: (dir: string) => void, pattern: RegExp) => test(name, () => {
    const load = withPolicies(change);
    assert.throws(load, (e: unknown) => e instanceof PolicyLoadError && pattern.test(e.problems.join('\n')) && /políticas/.test(e.messages.es));
  });

  refuses('a misspelt attribute (schema validation)', edit('10-entity-read.cedar', 'resource.owner_agency == principal.agency', 'resource.owner_agncy == principal.agency'), /entity-read-distribution/);
  refuses('a type error (schema validation)', edit('20-entity-write.cedar', 'resource.locked &&', 'resource.owner_country &&'), /locked-copy-read-only/);
  refuses('an unknown action', edit('30-node.cedar', 'Puente::Action::"audit.verify"', 'Puente::Action::"audit.verfy"'), /audit-auditor|audit\.verfy/);
  refuses('a syntax error', edit('30-node.cedar', 'when { principal.roles.contains("admin") };', 'when { principal.roles.contains("admin") '), /30-node\.cedar/);
  refuses('a policy without @id', edit('30-node.cedar', '@id("manage-admin")\n', ''), /needs @id/);
  refuses('a duplicate @id', edit('30-node.cedar', '@id("manage-admin")', '@id("audit-auditor")'), /already used/);
  refuses('a policy that names one entity', (dir) => writeFileSync(join(dir, '40-extra.cedar'),
    '@id("one-user")\npermit (principal == Puente::User::"alice", action == Puente::Action::"audit.read", resource is Puente::Node);\n'), /attribute-based/);
  refuses('a template', (dir) => writeFileSync(join(dir, '40-extra.cedar'),
    '@id("tpl")\npermit (principal == ?principal, action == Puente::Action::"audit.read", resource is Puente::Node);\n'), /templates/);
  refuses('a missing schema', (dir) => unlinkSync(join(dir, 'schema.cedarschema')), /missing/);
  refuses('a broken schema', edit('schema.cedarschema', 'entity Node;', 'entity Node'), /schema/);
});

test('decide() throughput, reported (not asserted): per-row use in search and export', (t) => {
  const cached = PolicyEngine.load();
  const agencies = ['mx-uif', 'mx-fgr', 'us-fincen', 'us-atf'];
  const rows = Array.from({ length: 20_000 }, (_, i) => rec({
    id: `r${i}`, ownerAgency: agencies[i % 4], ownerCountry: agencies[i % 4].slice(0, 2).toUpperCase(),
    distribution: (['agency', 'node', 'bilateral', 'agreement'] as const)[(i >> 2) % 4],
    agreementParties: i % 3 ? ['MX'] : ['us-atf'], purposes: i % 5 ? ['criminal_investigation'] : ['public_health'],
    personalData: i % 2 === 0, locked: i % 7 === 0,
  }));
  const rate = (e: PolicyEngine, n: number) => {
    const start = performance.now();
    let allowedRows = 0;
    for (let i = 0; i < n; i++) if (e.decide(user(), 'entity.read', rows[i]).allowed) allowedRows++;
    assert.ok(allowedRows > 0 && allowedRows < n);
    return Math.round(n / ((performance.now() - start) / 1000));
  };
  t.diagnostic(`decide() entity.read: ${rate(engine, 2_000)} calls/s uncached (Cedar per call), ${rate(cached, 20_000)} calls/s with the decision cache`);
});
