/**
 * Entity resolution on the demo world, each node's share as the node holds it (records mapped by
 * services/linkage/records.ts, the engine's defaults): the linkage layer put some people in two to four records
 * ("Jose Gonzalez" in a U.S. trace, "José Luis González Hernández" in a Mexican register, a bank report with day
 * and month swapped) and gave half of them a look-alike brother, sister or "Jr." son at the same address. The run
 * must find nearly all true pairs at its operating point, link no look-alike, and report few false pairs. The
 * world is seeded, but the bounds are the product's, not fitted to this draw: 95 % recall, 95 % precision.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorld, withLinkageDuplicates, worldForNode, type NodeId } from '@puente/demo';
import { DEFAULT_DEDUPE_THRESHOLD, dedupeRecords } from '../../engines/src/linkage/index';
import { linkRecordOf } from '../src/services/linkage/records';

const world = withLinkageDuplicates(generateWorld({}));
const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

describe('entity resolution on the demo world', () => {
  for (const node of ['mx-node', 'us-node'] as NodeId[]) {
    test(`${node}: true duplicates found, look-alike relatives kept apart`, async () => {
      const share = worldForNode(world, node);
      const byId = new Map(share.entities.map((e) => [e.id, e]));
      const people = share.entities.filter((e) => e.schema === 'Person');
      const records = people.map((e) => {
        const adr = e.properties.addressEntity?.[0];
        return linkRecordOf(e.id, e.properties, adr ? byId.get(adr)?.properties : undefined);
      });
      const held = new Set(people.map((p) => p.id));
      const truth = new Set<string>();
      const lookAlikes = new Set<string>();
      for (const g of world.duplicateGroups) {
        const mine = g.records.filter((r) => held.has(r));
        for (let i = 0; i < mine.length; i++) for (let j = i + 1; j < mine.length; j++) truth.add(key(mine[i]!, mine[j]!));
        for (const h of g.hardNegatives) for (const r of mine) if (held.has(h.id)) lookAlikes.add(key(r, h.id));
      }
      assert.ok(truth.size >= 10 && lookAlikes.size >= 5, `the share holds duplicates (${truth.size}) and look-alikes (${lookAlikes.size})`);
      const { pairs } = await dedupeRecords(records, { threshold: DEFAULT_DEDUPE_THRESHOLD });
      const found = pairs.filter((p) => truth.has(key(p.left, p.right))).length;
      const wrongRelatives = pairs.filter((p) => lookAlikes.has(key(p.left, p.right)));
      assert.ok(found / truth.size >= 0.95, `recall ${found}/${truth.size}`);
      assert.ok(found / pairs.length >= 0.95, `precision ${found}/${pairs.length}`);
      assert.deepEqual(wrongRelatives.map((p) => key(p.left, p.right)), [], 'no look-alike relative linked');
    });
  }
});
