/**
 * The demo world's money (services/aml/demo.ts) on a real store: the node's share of the generated world (its bank
 * accounts and holders) gets a season of transfers with planted rings, a model trained on the first three months,
 * and the last month scored — the queue starts with alerts, among them the funnel accounts and mirror trades the
 * rule detectors raise, each explained with the detector's features and parameters.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NOW, generateWorld, worldForNode, type NodeId } from '@puente/demo';
import { systemActor } from '../src/identity/index';
import { loadAmlDemo } from '../src/services/aml/demo';
import { amlDb } from '../src/services/aml/schema';
import { seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

let t: TestNode;
before(async () => { t = await startTestNode(); await seedFixture(t); });
after(async () => { await t?.close(); });

test(`the demo's transfers raise alerts, funnel accounts and mirror trades among them (${storeKind})`, async () => {
  const world = generateWorld({});
  const share = worldForNode(world, t.node.ctx.node.id as NodeId);
  await loadAmlDemo(t.node.ctx, systemActor(t.node.ctx.node), share, { seed: world.seed, now: DEFAULT_NOW });
  const db = amlDb(t.node.ctx.db);
  const alerts = await db.selectFrom('aml_alerts').select(['typology', 'explanation', 'orig', 'bene']).execute();
  assert.ok(alerts.length > 10, `${alerts.length} alerts`);
  const by = (typ: string) => alerts.filter((a) => a.typology === typ);
  assert.ok(by('funnel').length >= 1 && by('mirror_trade').length >= 1, `funnel ${by('funnel').length}, mirror ${by('mirror_trade').length}`);
  for (const a of [...by('funnel'), ...by('mirror_trade')]) {
    assert.ok(a.explanation.detector && Object.keys(a.explanation.detector.params ?? {}).length > 0, 'parameters used');
    assert.ok(Object.keys(a.explanation.detector.features ?? {}).length > 0, 'features seen');
  }
  assert.ok(by('funnel').every((a) => a.bene.includes('-abroad-')), 'funnels wire to accounts across the border');
});
