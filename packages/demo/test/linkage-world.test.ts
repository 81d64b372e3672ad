import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Entity } from '@puente/model';
import { AGENCY_PROFILES, LAYERS, generateWorld, referencesOf, worldForNode } from '../src/index';
import { DUPLICATE_SHARE, linkageDuplicates, withLinkageDuplicates } from '../src/layers/linkage';
import { stripAccents } from '../src/core/util';
import { defaultWorld } from './helpers/world';

const prop = (e: Entity, p: string) => e.properties[p]?.[0];

test('the linkage layer is registered and leaves the core world as it was', () => {
  assert.ok(LAYERS.some((l) => l.id === 'linkage'));
  const w = defaultWorld();
  assert.equal(w.entities.filter((e) => e.schema === 'Person').length, 2000);
  assert.deepEqual(generateWorld({ layers: ['core'] }).entities.length, w.entities.length);
});

test('deterministic: the same world gives the same added records and groups', () => {
  const a = linkageDuplicates(defaultWorld());
  const b = linkageDuplicates(generateWorld());
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  const c = linkageDuplicates(generateWorld({ seed: 3 }));
  assert.notEqual(JSON.stringify(a.groups), JSON.stringify(c.groups));
  assert.deepEqual(linkageDuplicates(generateWorld({ people: 0, companies: 0 })), { entities: [], groups: [] });
});

test('true groups: every record of a subject is one person, written as each source writes it', () => {
  const w = defaultWorld();
  const d = linkageDuplicates(w);
  assert.equal(d.groups.length, Math.round(2000 * DUPLICATE_SHARE));
  const byId = new Map([...w.entities, ...d.entities].map((e) => [e.id, e]));
  const seen = new Set<string>();
  const templates = new Map<string, number>();
  const variations = new Set<string>();
  for (const g of d.groups) {
    assert.equal(g.records[0], g.subject);
    assert.equal(g.records.length, g.added.length + 1);
    assert.ok(g.added.length >= 2 && g.added.length <= 3, `${g.id}: second and third records`);
    const subject = byId.get(g.subject)!;
    const born = prop(subject, 'birthDate')!;
    for (const id of g.records) {
      assert.ok(!seen.has(id), `${id} in one group only`);
      seen.add(id);
    }
    for (const a of g.added) {
      const e = byId.get(a.id)!;
      assert.equal(e.schema, 'Person');
      assert.equal(e.meta.originNode, a.node);
      templates.set(a.template, (templates.get(a.template) ?? 0) + 1);
      for (const v of a.variations) variations.add(v);
      if (a.template === 'bank-report') {
        assert.equal(prop(e, 'birthDate'), `${born.slice(0, 4)}-${born.slice(8, 10)}-${born.slice(5, 7)}`, 'day and month swapped');
      } else assert.equal(prop(e, 'birthDate'), born);
      if (a.template === 'us-trace') {
        assert.equal(prop(e, 'name'), stripAccents(prop(e, 'name')!), 'a U.S. trace has no accents');
        assert.equal(e.meta.ownerCountry, 'US');
      }
      if (a.template === 'mx-register') {
        assert.equal(e.meta.ownerCountry, 'MX');
        if (prop(subject, 'motherName')) assert.equal(stripAccents(prop(e, 'motherName')!), stripAccents(prop(subject, 'motherName')!), 'both surnames');
      }
    }
    for (const h of g.hardNegatives) {
      const e = byId.get(h.id)!;
      const twin = byId.get(h.sameAddressAs)!;
      assert.ok(!g.records.includes(h.id), 'a look-alike is not a duplicate');
      assert.equal(prop(e, 'addressEntity'), prop(twin, 'addressEntity'), 'same address');
      assert.notEqual(prop(e, 'birthDate'), prop(twin, 'birthDate'));
      const last = (x: Entity) => stripAccents(prop(x, 'fatherName') ?? prop(x, 'lastName')!).replace(/ Jr\.$/, '');
      assert.equal(last(e), last(twin), 'same surname');
      const family = d.entities.find((f) => f.schema === 'Family' && prop(f, 'relative') === h.id);
      assert.ok(family && prop(family, 'person') === h.sameAddressAs && prop(family, 'relationship') === h.relation);
    }
  }
  for (const t of ['us-trace', 'mx-register', 'bank-report']) assert.ok((templates.get(t) ?? 0) > 3, `template ${t}`);
  for (const v of ['truncated', 'nickname', 'maternal:dropped', 'maternal:hyphenated', 'plain', 'dmySwap', 'accentsRestored']) {
    assert.ok(variations.has(v), `variation ${v}`);
  }
  const relations = new Set(d.groups.flatMap((g) => g.hardNegatives.map((h) => h.relation)));
  assert.ok(relations.has('brother') || relations.has('sister'));
});

test('added records are closed case files with valid metadata, and each node holds duplicates to find', () => {
  const w = withLinkageDuplicates(defaultWorld());
  const byId = new Map(w.entities.map((e) => [e.id, e]));
  assert.equal(byId.size, w.entities.length, 'ids are unique');
  const added = w.entities.slice(defaultWorld().entities.length);
  const agencies = new Map(AGENCY_PROFILES.map((a) => [a.id, a]));
  const index = new Map(w.entities.map((e, i) => [e.id, i]));
  for (const e of added) {
    const a = agencies.get(e.meta.ownerAgency)!;
    assert.ok(a, e.meta.ownerAgency);
    assert.equal(e.meta.ownerCountry, a.country);
    assert.equal(e.meta.originNode, a.node);
    assert.ok(Object.values(a.datasets).includes(e.meta.dataset), `${e.id} dataset ${e.meta.dataset}`);
    assert.ok(['bilateral', 'node'].includes(e.meta.distribution));
    assert.ok(e.meta.purposes.includes(a.purposes[0]!));
    for (const r of referencesOf(e)) {
      const t = byId.get(r)!;
      assert.ok(t, `${e.id} → ${r}`);
      assert.ok(index.get(r)! < index.get(e.id)!, 'referenced before');
      assert.equal(t.meta.originNode, e.meta.originNode);
      assert.equal(t.meta.dataset, e.meta.dataset);
      assert.equal(t.meta.distribution, e.meta.distribution);
    }
  }
  for (const node of ['mx-node', 'us-node'] as const) {
    const held = new Set(worldForNode(w, node).entities.map((e) => e.id));
    const findable = w.duplicateGroups.filter((g) => g.records.filter((id) => held.has(id)).length >= 2);
    assert.ok(findable.length >= 5, `${node}: ${findable.length} groups with two or more records`);
  }
});
