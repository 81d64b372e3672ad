/**
 * The demo world's designation list (packages/demo layers/screening.ts) and what a demo node makes of it: the
 * list is deterministic and holds two versions with every kind of change; a node started with the demo world has
 * both versions, alerts for true matches (the birth date agrees) and for innocent namesakes (it does not), and
 * the second version's re-screen alerted only what it brought.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld } from '@puente/demo';
import { designationList, DEMO_LIST_ID } from '../../demo/src/layers/screening';
import { diffLists } from '../../engines/src/screening/index';
import { readFtmListLines } from '../src/services/screening-lists';
import { listAlerts } from '../src/services/screening';
import { loadDemoScreening } from '../src/services/screening-demo';
import { systemActor } from '../src/identity/index';
import { sdb } from '../src/services/screening-store';
import { startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

describe('the demo designation list', () => {
  const world = generateWorld();
  const list = designationList(world);

  test('is deterministic, and a different world gives a different list', () => {
    assert.equal(JSON.stringify(designationList(generateWorld())), JSON.stringify(list));
    assert.notEqual(JSON.stringify(designationList(generateWorld({ seed: 7 }))), JSON.stringify(list));
    assert.equal(list.id, DEMO_LIST_ID);
    assert.ok(list.versions[0].label < list.versions[1].label);
  });

  test('lists every designated person and company of the world, with the birth date the records hold', async () => {
    const entries = await readFtmListLines(list.versions[1].entities.map((e) => JSON.stringify(e)), 'demo.jsonl', DEMO_LIST_ID);
    const byId = new Map(world.entities.map((e) => [e.id, e]));
    const designated = world.entities.filter((e) => e.schema === 'Sanction').map((s) => byId.get(s.properties.entity[0])!);
    assert.ok(designated.length > 5);
    for (const d of designated.filter((e) => e.schema === 'Person')) {
      assert.ok(entries.some((e) => e.birthDates?.includes(d.properties.birthDate[0]) && e.schema === 'Person'), d.caption);
    }
    assert.ok(entries.every((e) => e.programs?.length), 'every entry has its programme');
    assert.ok(entries.every((e) => e.birthDates!.every((b) => b < '2001-12-31' || e.schema !== 'Person')), 'listed people are adults');
  });

  test('version 2 adds, changes and removes entries', async () => {
    const [v1, v2] = await Promise.all(list.versions.map((v) => readFtmListLines(v.entities.map((e) => JSON.stringify(e)), 'v.jsonl', DEMO_LIST_ID)));
    const d = diffLists(v1, v2);
    assert.equal(d.added.length, 3);
    assert.equal(d.removed.length, 2);
    assert.deepEqual(d.changed.map((c) => c.fields.join(',')).sort(), ['birthDates', 'names']);
  });
});

describe(`a demo node's screening (${storeKind})`, () => {
  let t: TestNode;
  before(async () => { t = await startTestNode({ demo: true }); });
  after(async () => { await t?.close(); });

  test('has both versions, alerts for true matches and namesakes, and alerted only new hits on version 2', async () => {
    const ctx = t.node.ctx;
    const versions = await sdb(ctx.db).selectFrom('screening_list_versions').selectAll().where('list_id', '=', DEMO_LIST_ID).orderBy('seq').execute();
    assert.deepEqual(versions.map((v) => [v.seq, v.added > 0]), [[1, true], [2, true]]);
    assert.ok(versions[1].changed > 0 && versions[1].removed > 0);
    const runs = await sdb(ctx.db).selectFrom('screening_runs').selectAll().where('kind', '=', 'rescreen').orderBy('created_at').execute();
    assert.equal(runs.length, 2);
    assert.ok(runs[0].alerts > 5, `${runs[0].alerts} alerts on version 1`);
    assert.ok(runs[1].alerts >= 1 && runs[1].alerts < runs[1].hits, 'version 2 alerts only what it brought');
    const job = { ...systemActor(ctx.node), purpose: 'sanctions_screening' as const };
    const { alerts } = await listAlerts(ctx, job, { status: 'open', limit: 500, offset: 0 });
    const features = (a: (typeof alerts)[number]) => a.hit.explanation.features.map((f) => f.feature);
    assert.ok(alerts.some((a) => features(a).includes('dob_match')), 'true matches');
    assert.ok(alerts.some((a) => features(a).includes('dob_year_mismatch')), 'innocent namesakes');
    assert.equal(await loadDemoScreening(ctx, job, generateWorld()), null, 'loading again changes nothing');
  });
});
