import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Entity } from '@puente/model';
import { ftmLine, generateWorld, worldForNode } from '../src/index';
import { defaultWorld, ftmText } from './helpers/world';
import { ftmSchemaDir, loadFtmSchemata } from './helpers/ftm-schemata';

const schemata = loadFtmSchemata();
const skip = schemata ? false : `FtM schema folder ${ftmSchemaDir()} is absent; schema conformance not checked`;
if (skip) console.log(`# skipped: ${skip}`);

const VALUE_SHAPES: Record<string, RegExp> = {
  date: /^\d{4}(-\d{2}(-\d{2})?)?$/,
  country: /^[a-z]{2}$/,
  gender: /^(male|female|other)$/,
  number: /^-?\d+(\.\d+)?$/,
  email: /^[^@\s]+@[^@\s]+\.[a-z]+$/,
  phone: /^\+\d[\d ]+$/,
  identifier: /^\S.*$/,
};

function conform(entities: Entity[]) {
  const s = schemata!;
  const byId = new Map(entities.map((e) => [e.id, e]));
  for (const e of entities) {
    const schema = s.get(e.schema);
    assert.ok(schema, `${e.id}: ${e.schema} is not an FtM schema`);
    assert.ok(!schema.abstract, `${e.id}: ${e.schema} is abstract`);
    for (const [name, values] of Object.entries(e.properties)) {
      const property = schema.properties.get(name);
      assert.ok(property, `${e.id}: ${e.schema} has no property ${name}`);
      assert.ok(Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'string' && v.trim() === v && v !== ''));
      const shape = VALUE_SHAPES[property.type];
      for (const v of values) {
        if (shape) assert.match(v, shape, `${e.id}.${name} (${property.type})`);
        if (property.type === 'entity') {
          const target = byId.get(v);
          assert.ok(target, `${e.id}.${name} → ${v} missing`);
          if (property.range) assert.ok(s.get(target.schema)!.ancestors.has(property.range), `${e.id}.${name}: ${target.schema} is not a ${property.range}`);
        }
      }
    }
    // FtM's required properties (e.g. Ownership: owner, asset).
    if (['Ownership', 'Directorship'].includes(e.schema)) {
      const edge = e.schema === 'Ownership' ? ['owner', 'asset'] : ['director', 'organization'];
      for (const r of edge) assert.ok(e.properties[r], `${e.id}: ${r} missing`);
    }
    if (['Person', 'Company'].includes(e.schema)) assert.ok(e.properties.name, `${e.id}: name is required`);
  }
}

test('every entity uses FtM schema and property names, with values of the property type', { skip }, () => {
  conform(defaultWorld().entities);
  conform(generateWorld({ seed: 12345, people: 400, companies: 150 }).entities);
});

test('each node\'s holdings conform too (copies included)', { skip }, () => {
  const w = defaultWorld();
  for (const n of ['mx-node', 'us-node'] as const) conform(worldForNode(w, n).entities);
});

test('FtM JSON lines follow the wire format and round-trip the metadata', async () => {
  const w = defaultWorld();
  const text = await ftmText(w);
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  assert.equal(lines.length, w.entities.length);
  lines.forEach((line, i) => {
    const e = w.entities[i]!;
    assert.equal(line, ftmLine(e));
    const o = JSON.parse(line);
    assert.deepEqual(Object.keys(o).slice(0, 3), ['id', 'schema', 'properties']);
    assert.equal(o.id, e.id);
    assert.equal(o.schema, e.schema);
    assert.deepEqual(o.properties, e.properties);
    assert.deepEqual(o.datasets, [e.meta.dataset]);
    const m = e.meta;
    const expected: Record<string, unknown> = {
      owner_country: m.ownerCountry, owner_agency: m.ownerAgency, distribution: m.distribution,
      ...(m.agreementId ? { agreement_id: m.agreementId } : {}),
      legal_basis: m.legalBasis, purposes: m.purposes, retention_until: m.retentionUntil, dataset: m.dataset, origin_node: m.originNode,
    };
    assert.deepEqual(o.puente, expected);
    assert.equal(o.first_seen, e.firstSeen);
  });
  // A copy is written as locked.
  const copy = worldForNode(w, 'mx-node').entities.find((e) => e.meta.locked)!;
  assert.equal(JSON.parse(ftmLine(copy)).puente.locked, true);
});

test('writeWorldFtm honours back-pressure on a slow stream and writes every line once', async () => {
  const { Writable } = await import('node:stream');
  const { writeWorldFtm } = await import('../src/index');
  const w = generateWorld({ seed: 8, people: 300, companies: 100 });
  let received = '';
  let pending = 0;
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk, _enc, cb) {
      received += chunk.toString();
      pending++;
      setImmediate(() => { pending--; cb(); });
    },
  });
  const n = await writeWorldFtm(w, slow);
  await new Promise<void>((r) => slow.end(r));
  assert.equal(n, w.entities.length);
  assert.equal(pending, 0);
  assert.equal(received, w.entities.map((e) => ftmLine(e) + '\n').join(''));
});
