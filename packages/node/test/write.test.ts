/**
 * The write path (services/write.ts): values stored as fragments keep their provenance across
 * re-imports (first seen kept, last seen advanced, new values added, none lost), the editor's
 * replacement withdraws exactly the values no longer given, and names and links follow.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadModel, type Entity, type RecordMeta } from '@puente/model';
import { openTestStore, storeKind } from './helpers/store';
import type { StoreHandle } from '../src/store/db';
import { mergeValues, seenValues, storedStatements, type SeenValue } from '../src/services/rows';
import { writeEntities } from '../src/services/write';
import { fetchStatements } from '../src/services/records';

const model = loadModel();
const META: RecordMeta = {
  ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'node', legalBasis: 'test', purposes: ['criminal_investigation'],
  retentionUntil: '2031-12-31', dataset: 'd1', originNode: 'mx-node',
};
const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-02-01T00:00:00.000Z';
const T3 = '2026-03-01T00:00:00.000Z';

describe('fragment values (pure)', () => {
  const valueArb = fc.record({
    prop: fc.constantFrom('name', 'alias', 'country'), value: fc.constantFrom('a', 'b', 'c', 'd'),
    first: fc.constantFrom(T1, T2), last: fc.constantFrom(T2, T3),
  }).map((v): SeenValue => ({ ...v }));
  const values = () => fc.uniqueArray(valueArb, { selector: (v) => `${v.prop}|${v.value}` });
  test('the stored form reads back to the same values and spans', () => {
    fc.assert(fc.property(values(), (vs) => {
      const { first, last, statements } = storedStatements({ values: vs });
      assert.deepEqual(seenValues(statements, first, last), vs);
    }));
  });
  test('merging never loses a value, keeps the earliest first seen and the latest last seen', () => {
    fc.assert(fc.property(values(), values(), (held, stated) => {
      const merged = mergeValues(held, stated);
      const key = (v: SeenValue) => `${v.prop}|${v.value}`;
      assert.deepEqual(new Set(merged.map(key)), new Set([...held, ...stated].map(key)));
      for (const m of merged) {
        const all = [...held, ...stated].filter((v) => key(v) === key(m));
        assert.equal(m.first, all.map((v) => v.first).sort()[0]);
        assert.equal(m.last, all.map((v) => v.last).sort().at(-1));
      }
    }));
  });
  test('replacing a property withdraws the values not stated again, and only those', () => {
    const held: SeenValue[] = [
      { prop: 'name', value: 'a', first: T1, last: T1 }, { prop: 'name', value: 'b', first: T1, last: T1 },
      { prop: 'country', value: 'mx', first: T1, last: T1 },
    ];
    const merged = mergeValues(held, [{ prop: 'name', value: 'b', first: T2, last: T2 }, { prop: 'name', value: 'c', first: T2, last: T2 }], new Set(['name']));
    assert.deepEqual(merged.map((v) => `${v.prop}=${v.value} ${v.first.slice(5, 7)}-${v.last.slice(5, 7)}`), ['name=b 01-02', 'country=mx 01-01', 'name=c 02-02']);
  });
});

describe(`write path on the store (${storeKind})`, () => {
  let store: StoreHandle;
  before(async () => { store = await openTestStore(); });
  after(async () => { await store.close(); });
  const write = (entities: Entity[], now: string, opts: { fresh?: Set<string>; replaceProps?: Set<string> } = {}) =>
    store.db.transaction().execute((tx) => writeEntities(tx, model, entities, now, { store: store.kind, skipRowTriggers: true, ...opts }));
  const person = (props: Record<string, string[]>, meta: Partial<RecordMeta> = {}, seen?: string): Entity => ({
    id: 'w-1', schema: 'Person', properties: props, meta: { ...META, ...meta }, ...(seen ? { firstSeen: seen, lastSeen: seen } : {}),
  });

  test('a re-import keeps first seen, advances last seen, adds values; another dataset gets its own fragment', async () => {
    await write([person({ name: ['Ana Ruiz'], nationality: ['mx'] }, {}, T1)], T1, { fresh: new Set(['w-1']) });
    await write([person({ name: ['Ana Ruiz', 'Ana Ruiz Soto'] }, {}, T2)], T2);
    await write([person({ alias: ['La Güera'] }, { dataset: 'd2', ownerAgency: 'mx-fgr' }, T3)], T3);
    const got = (await fetchStatements(store.db, ['w-1'])).map((s) => `${s.dataset} ${s.origin_agency} ${s.prop}=${s.value} ${s.first_seen.slice(5, 7)}-${s.last_seen.slice(5, 7)}`);
    assert.deepEqual(got, [
      'd1 mx-uif name=Ana Ruiz 01-02', 'd1 mx-uif nationality=mx 01-01', 'd1 mx-uif name=Ana Ruiz Soto 02-02',
      'd2 mx-fgr alias=La Güera 03-03',
    ]);
    const row = await store.db.selectFrom('entities').select(['names', 'first_seen', 'last_seen']).where('id', '=', 'w-1').executeTakeFirstOrThrow();
    assert.deepEqual([...row.names].sort(), ['Ana Ruiz', 'Ana Ruiz Soto', 'La Güera']);
    assert.equal(new Date(row.first_seen).toISOString(), T1);
    assert.equal(new Date(row.last_seen).toISOString(), T3);
  });

  test('the editor replaces the given properties in every fragment and leaves the rest', async () => {
    await write([person({ name: ['Ana Ruiz Soto'], alias: [] }, {}, T3)], T3, { replaceProps: new Set(['name', 'alias']) });
    const got = (await fetchStatements(store.db, ['w-1'])).map((s) => `${s.dataset} ${s.prop}=${s.value}`);
    assert.deepEqual(got, ['d1 nationality=mx', 'd1 name=Ana Ruiz Soto'], 'd2 lost its only value and with it its fragment');
    const frags = await store.db.selectFrom('fragments').select('dataset').where('entity_id', '=', 'w-1').execute();
    assert.deepEqual(frags.map((f) => f.dataset), ['d1']);
    const row = await store.db.selectFrom('entities').select(['names', 'caption']).where('id', '=', 'w-1').executeTakeFirstOrThrow();
    assert.deepEqual(row.names, ['Ana Ruiz Soto']);
    assert.equal(row.caption, 'Ana Ruiz Soto');
  });

  test('links are rewritten with their record; data_version advances once per transaction', async () => {
    const version = async () => (await store.db.selectFrom('node_state').select('value').where('key', '=', 'data_version').executeTakeFirstOrThrow()).value;
    const v0 = Number(await version());
    await store.db.transaction().execute(async (tx) => {
      const own = { id: 'w-own', schema: 'Ownership', properties: { owner: ['w-1'], asset: ['w-co'] }, meta: META };
      const co = { id: 'w-co', schema: 'Company', properties: { name: ['Ruiz y Soto S.A. de C.V.'] }, meta: META };
      await writeEntities(tx, model, [co], T3, { store: store.kind });
      await writeEntities(tx, model, [own], T3, { store: store.kind });
    });
    assert.equal(Number(await version()), v0 + 1);
    const links = await store.db.selectFrom('links').select(['entity_id', 'prop', 'target']).where('entity_id', '=', 'w-own').orderBy('prop').execute();
    assert.deepEqual(links, [{ entity_id: 'w-own', prop: 'asset', target: 'w-co' }, { entity_id: 'w-own', prop: 'owner', target: 'w-1' }]);
    const changes = await store.db.selectFrom('entities').select(['id', 'change']).where('id', 'in', ['w-own', 'w-co']).execute();
    assert.deepEqual(changes.map((c) => Number(c.change)), [v0 + 1, v0 + 1]);
  });

  test('values with tabs, newlines and backslashes survive COPY and come back unchanged', async () => {
    const odd = ['tab\there', 'new\nline', 'back\\slash \\N', 'quote " and \'', 'ünïcödé ñ', '\\t literal'];
    await write([{ id: 'w-odd', schema: 'Person', properties: { name: ['Odd Values'], notes: odd }, meta: META }], T1, { fresh: new Set(['w-odd']) });
    const got = (await fetchStatements(store.db, ['w-odd'])).filter((s) => s.prop === 'notes').map((s) => s.value);
    assert.deepEqual(got, odd);
  });
});
