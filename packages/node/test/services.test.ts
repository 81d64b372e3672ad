/**
 * Services below HTTP: the array literals the write path sends (fuzzed against the server's own parser),
 * fragment merging, policy-change recording at startup, and the guard's audit of denials.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Entity } from '@puente/model';
import { systemActor } from '../src/identity/index';
import { queryAudit } from '../src/audit/index';
import { pgArray } from '../src/services/sql';
import { mergeFragments } from '../src/services/rows';
import { recordPolicyChange } from '../src/services/policy';
import { authorize } from '../src/services/guard';
import { searchEntities, schemaFamily } from '../src/services/search';
import { PuenteError } from '../src/errors';
import { FIXTURE, seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

let t: TestNode;
before(async () => {
  t = await startTestNode();
  await seedFixture(t);
});
after(async () => { await t?.close(); });

describe(`services (${storeKind})`, () => {
  test('fuzz: any text array survives pgArray → text[] → rows unchanged', async () => {
    // U+0000 cannot be stored in PostgreSQL text at all (import rejects it with line and field).
    const text = fc.string({ unit: 'binary', maxLength: 30 }).map((s) => s.replace(/\u0000/g, ''));
    await fc.assert(fc.asyncProperty(fc.array(fc.option(text, { nil: null, freq: 8 }), { maxLength: 12 }), async (values) => {
      const r = await sql<{ v: string | null }>`select v from unnest(${pgArray(values)}::text[]) with ordinality as t(v, i) order by i`.execute(t.node.ctx.db);
      assert.deepEqual(r.rows.map((x) => x.v), values);
    }), { numRuns: 150 });
    for (const tricky of [['"', '\\', '{}', ',', 'NULL', ' ', ''], ['a"b\\"c', '{"x":1}', 'tab\there', 'línea\nnueva']]) {
      const r = await sql<{ v: string }>`select unnest(${pgArray(tricky)}::text[]) as v`.execute(t.node.ctx.db);
      assert.deepEqual(r.rows.map((x) => x.v), tricky);
    }
  });

  test('fragments of one entity merge: values united, dates widened, caption recomputed', () => {
    const base = FIXTURE[0];
    const merged = mergeFragments([
      { ...base, properties: { name: ['A'], alias: ['x'] }, caption: 'A', firstSeen: '2024-02-01T00:00:00Z', lastSeen: '2024-03-01T00:00:00Z' },
      { ...base, properties: { name: ['A', 'B'], birthDate: ['1970'] }, caption: 'B', firstSeen: '2024-01-01T00:00:00Z', lastSeen: '2024-02-15T00:00:00Z' },
      { ...FIXTURE[1] },
    ] as Entity[]);
    assert.equal(merged.length, 2);
    assert.deepEqual(merged[0].properties, { name: ['A', 'B'], alias: ['x'], birthDate: ['1970'] });
    assert.equal(merged[0].caption, undefined);
    assert.equal(merged[0].firstSeen, '2024-01-01T00:00:00Z');
    assert.equal(merged[0].lastSeen, '2024-03-01T00:00:00Z');
  });

  test('a policy change is audited once at startup, and again only when the policies differ', async () => {
    const ctx = t.node.ctx;
    const system = systemActor(ctx.node);
    assert.equal(await recordPolicyChange(ctx, system), false, 'startup already recorded this hash');
    await sql`update node_state set value = '{"hash":"0000"}'::jsonb where key = 'policy_hash'`.execute(ctx.db);
    assert.equal(await recordPolicyChange(ctx, system), true);
    const events = await queryAudit(ctx.db, { action: 'policy.change', limit: 10 });
    assert.equal(events.length, 2);
    assert.equal(events[0].detail.previous, '0000');
    assert.equal(events[0].detail.hash, ctx.policy.hash);
    assert.equal(events[1].detail.previous, null);
  });

  test('the guard audits a denial before refusing, with the determining context', async () => {
    const ctx = { ...t.node.ctx, requestId: 'guard-test-1' };
    const actor = { kind: 'user' as const, id: 'u-x', username: 'x', agencyId: 'mx-fgr', country: 'MX', roles: ['analyst' as const], purpose: null };
    await assert.rejects(authorize(ctx, actor, 'audit.read', { resourceType: 'audit' }), (e: unknown) => e instanceof PuenteError && e.status === 403);
    const [event] = await queryAudit(ctx.db, { actorId: 'u-x', limit: 1 });
    assert.equal(event.action, 'audit.read');
    assert.equal(event.outcome, 'denied');
    assert.equal(event.requestId, 'guard-test-1');
  });

  test('search: the query is folded, an empty one finds nothing, a schema takes its descendants', async () => {
    const ctx = t.node.ctx;
    const actor = { ...systemActor(ctx.node), purpose: 'criminal_investigation' as const };
    assert.deepEqual(await searchEntities(ctx, actor, { q: ' ¡¿!? ', limit: 10, offset: 0 }), { total: 0, results: [] });
    const r = await searchEntities(ctx, actor, { q: 'NÚÑEZ', limit: 10, offset: 0 });
    assert.ok(r.results.some((h) => h.id === 'fx-abarrotes'));
    const family = schemaFamily(ctx, 'LegalEntity');
    assert.ok(family.includes('Person') && family.includes('Company') && !family.includes('Ownership'));
    assert.deepEqual(schemaFamily(ctx, 'NoSuchSchema'), []);
    assert.equal((await searchEntities(ctx, actor, { q: 'nunez', schema: 'NoSuchSchema', limit: 10, offset: 0 })).total, 0);
  });
});
