/**
 * A node started with the demo world: its users log in with the documented demo password, their
 * records are searchable, and loading again changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '@puente/demo';
import { systemActor } from '../src/identity/index';
import { loadDemoWorld } from '../src/demo/load';
import { TEST_PASSWORD, json, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

let t: TestNode;
before(async () => { t = await startTestNode({ demo: true }); });
after(async () => { await t?.close(); });

describe(`demo world (${storeKind})`, () => {
  test('demo users log in and find their records; agreements and provenance are in place', async () => {
    assert.equal(TEST_PASSWORD, DEMO_PASSWORD, 'the helper repeats the documented demo credential');
    const cookie = await t.login('mx.analyst');
    const me = await json(await t.request('/api/auth/me', { cookie }));
    assert.equal(me.user.country, 'MX');
    const r = await json(await t.request('/api/search?q=gonzalez&limit=5', { cookie }));
    assert.ok(r.total > 0);
    const v = await json(await t.request(`/api/entities/${r.results[0].id}`, { cookie }));
    assert.ok(v.statements.length > 0 && v.statements.every((s: any) => s.originNode && s.dataset));
    const agreements = await sql<{ n: string }>`select count(*) as n from agreements`.execute(t.node.ctx.db);
    assert.ok(Number(agreements.rows[0].n) > 0);
    for (const username of ['mx.supervisor', 'mx.auditor', 'mx.admin']) await t.login(username);
  });

  test('loading the demo world again is a no-op', async () => {
    const count = async () => Number((await sql<{ n: string }>`select count(*) as n from entities`.execute(t.node.ctx.db)).rows[0].n);
    const before = await count();
    const again = await loadDemoWorld(t.node.ctx, systemActor(t.node.ctx.node));
    assert.deepEqual(again, { agencies: 0, agreements: 0, users: 0, entities: 0 });
    assert.equal(await count(), before);
  });
});
