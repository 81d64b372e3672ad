/**
 * The in-memory catalog (catalog/): its trigram functions agree with pg_trgm itself, its search returns
 * what the same search written in SQL with pg_trgm returns, and it follows writes (its own and another
 * writer's) without serving a stale record.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import fc from 'fast-check';
import { foldText, loadModel, type Entity, type RecordMeta } from '@puente/model';
import { openTestStore, storeKind } from './helpers/store';
import type { StoreHandle } from '../src/store/db';
import { Catalog, type CatalogEntry } from '../src/catalog/catalog';
import { similarity, wordSimilarity } from '../src/catalog/trigram';
import { changeVersion, writeEntities } from '../src/services/write';
import { pgArray } from '../src/services/sql';
import { deleteCopies } from '../src/services/federation/receive';

const model = loadModel();
const WORDS = ['garcia', 'garcía', 'gonzalez', 'gonzález', 'josé', 'maria', 'maría', 'luis', 'pérez', 'lopez', 'de', 'la', 'cruz', 'del',
  'sa de cv', 'llc', 'smith', 'john', 'ana', 'ramirez', 'ramírez', 'ramires', 'hernandez', 'núñez', 'peña', 'o\'brien', 'inc', 'y', '2', 'x7'];

/** A name of 1–4 words from WORDS, some with a letter dropped or doubled (typos). */
const nameArb = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.nat(20), fc.constantFrom('keep', 'drop', 'double')), { minLength: 1, maxLength: 4 })
  .map((ws) => ws.map(([w, i, op]) => {
    const k = i % w.length;
    return op === 'drop' && w.length > 2 ? w.slice(0, k) + w.slice(k + 1) : op === 'double' ? w.slice(0, k) + w[k] + w.slice(k) : w;
  }).join(' '));

function meta(agency: string): RecordMeta {
  return {
    ownerCountry: 'MX', ownerAgency: agency, distribution: 'agency', legalBasis: 'test', purposes: ['criminal_investigation'],
    retentionUntil: '2031-12-31', dataset: 'test', originNode: 'mx-node',
  };
}

describe(`catalog (${storeKind})`, () => {
  let store: StoreHandle;
  before(async () => { store = await openTestStore(); });
  after(async () => { await store.close(); });

  test('similarity and word_similarity equal pg_trgm\'s on random names', async () => {
    await fc.assert(fc.asyncProperty(nameArb, nameArb, async (a, b) => {
      const [fa, fb] = [foldText(a), foldText(b)];
      const r = await sql<{ s: number; w: number }>`select similarity(${fb}, ${fa})::float8 as s, word_similarity(${fa}, ${fb})::float8 as w`.execute(store.db);
      assert.ok(Math.abs(similarity(fb, fa) - Number(r.rows[0].s)) < 1e-6, `similarity(${fb}, ${fa})`);
      assert.ok(Math.abs(wordSimilarity(fa, fb) - Number(r.rows[0].w)) < 1e-6, `word_similarity(${fa}, ${fb})`);
    }), { numRuns: storeKind === 'pglite' ? 600 : 400 });
  });

  test('search returns what pg_trgm\'s % and <% return, scored alike, only records accepted', async () => {
    const names = fc.sample(nameArb, { numRuns: 400, seed: 7 });
    const entities: Entity[] = names.map((name, i) => ({
      id: `cat-${i}`, schema: i % 5 === 0 ? 'Company' : 'Person', properties: { name: [name], ...(i % 7 === 0 ? { alias: [names[(i * 13) % names.length]] } : {}) },
      meta: meta(i % 3 === 0 ? 'mx-fgr' : 'mx-uif'),
    }));
    await store.db.transaction().execute((tx) => writeEntities(tx, model, entities, '2026-01-01T00:00:00.000Z', { store: store.kind }));
    const catalog = new Catalog();
    await catalog.refresh(store.db, { force: true });
    // The reference: every stored name, folded as the catalog folds it, matched by pg_trgm.
    const rows = await store.db.selectFrom('entity_names').select(['entity_id', 'name']).execute();
    await sql`create temporary table ref_names (entity_id text, folded text)`.execute(store.db).catch(() => undefined);
    await sql`delete from ref_names`.execute(store.db);
    await sql`insert into ref_names select * from unnest(${pgArray(rows.map((r) => r.entity_id))}::text[], ${pgArray(rows.map((r) => foldText(r.name)))}::text[])`.execute(store.db);
    const queries = [...fc.sample(nameArb, { numRuns: 25, seed: 11 }), 'garcia', 'maria jose', 'sa de cv', 'gonzales'];
    const accept = (e: { ownerAgency: string }) => e.ownerAgency === 'mx-uif';
    for (const q of queries) {
      const fq = foldText(q);
      const expected = (await sql<{ entity_id: string; score: number }>`
        select n.entity_id, max(greatest(similarity(n.folded, ${fq}), word_similarity(${fq}, n.folded)))::float8 as score
        from ref_names n join entities e on e.id = n.entity_id
        where (n.folded % ${fq} or ${fq} <% n.folded) and e.owner_agency = 'mx-uif'
        group by n.entity_id`.execute(store.db)).rows;
      const got = catalog.search(q, { accept, limit: 1000, offset: 0 });
      assert.equal(got.total, expected.length, `total for "${q}"`);
      const want = new Map(expected.map((r) => [r.entity_id, Number(r.score)]));
      for (const m of got.matches) {
        assert.ok(want.has(m.entry.id), `"${q}" found ${m.entry.id}`);
        assert.ok(Math.abs(m.score - want.get(m.entry.id)!) < 1e-6, `score of ${m.entry.id} for "${q}"`);
      }
      for (let i = 1; i < got.matches.length; i++) assert.ok(got.matches[i - 1].score >= got.matches[i].score, 'best first');
    }
  });

  test('refresh follows another writer; a changed record is never served from the record cache', async () => {
    const catalog = new Catalog(0);
    await catalog.refresh(store.db, { force: true });
    const id = 'cat-refresh';
    // Another writer (a second process on the same server would do the same).
    const write = (name: string) => store.db.transaction().execute((tx) =>
      writeEntities(tx, model, [{ id, schema: 'Person', properties: { name: [name] }, meta: meta('mx-uif') }], new Date().toISOString(), { store: store.kind }));
    await write('Zacarías Ortega Villalobos');
    assert.equal(catalog.search('zacarias ortega', { accept: () => true, limit: 5, offset: 0 }).total, 0, 'not yet refreshed');
    await catalog.refresh(store.db);
    assert.deepEqual(catalog.search('zacarias ortega', { accept: () => true, limit: 5, offset: 0 }).matches.map((m) => m.entry.id), [id]);

    const readCaption = async () => (await store.db.selectFrom('entities').select('caption').where('id', '=', id).executeTakeFirstOrThrow()).caption;
    assert.equal(await catalog.record(id, readCaption), 'Zacarías Ortega Villalobos');
    assert.equal(await catalog.record(id, async () => 'not read again'), 'Zacarías Ortega Villalobos', 'cached');
    await write('Zacarías Ortega Villalobos de la Fuente');
    await catalog.refresh(store.db);
    assert.equal(await catalog.record(id, readCaption), 'Zacarías Ortega Villalobos', 'a refresh keeps the first name as caption');
    const entry = catalog.get(id)!;
    assert.deepEqual([...entry.names].sort(), ['Zacarías Ortega Villalobos', 'Zacarías Ortega Villalobos de la Fuente']);
    assert.equal(catalog.search('ortega villalobos de la fuente', { accept: () => true, limit: 5, offset: 0 }).matches[0].name,
      'Zacarías Ortega Villalobos de la Fuente');
  });

  test('refresh follows another writer\'s deletions (tombstones), and a record written again after its deletion stays', async () => {
    const catalog = new Catalog(0);
    const copy = (id: string, name: string) => store.db.transaction().execute((tx) => writeEntities(tx, model,
      [{ id, schema: 'Person', properties: { name: [name] }, meta: { ...meta('mx-uif'), distribution: 'node', locked: true, originNode: 'us-node' } }],
      new Date().toISOString(), { store: store.kind }));
    await copy('cat-gone', 'Ezequiel Tombstone Arriaga');
    await copy('cat-back', 'Leocadia Tombstone Arriaga');
    await catalog.refresh(store.db, { force: true });
    const found = () => catalog.search('tombstone arriaga', { accept: () => true, limit: 5, offset: 0 }).matches.map((m) => m.entry.id).sort();
    assert.deepEqual(found(), ['cat-back', 'cat-gone']);
    // Another process retracts both copies, then receives one of them again.
    await store.db.transaction().execute((tx) => deleteCopies(tx, ['cat-gone', 'cat-back']));
    await copy('cat-back', 'Leocadia Tombstone Arriaga');
    await catalog.refresh(store.db);
    assert.deepEqual(found(), ['cat-back']);
    assert.equal(catalog.get('cat-gone'), undefined);
    const tomb = await sql<{ n: string }>`select count(*) as n from entity_deletions where id = 'cat-gone'`.execute(store.db);
    assert.equal(Number(tomb.rows[0].n), 1);
  });

  test('apply takes a transaction\'s records as written, and refreshes instead when a version is missing', async () => {
    const catalog = new Catalog(60_000);
    await catalog.refresh(store.db, { force: true });
    const writeCollect = async (id: string, name: string) => {
      const written: CatalogEntry[] = [];
      const version = await store.db.transaction().execute(async (tx) => {
        await writeEntities(tx, model, [{ id, schema: 'Person', properties: { name: [name] }, meta: meta('mx-uif') }], new Date().toISOString(),
          { store: store.kind, written });
        return changeVersion(tx);
      });
      return { written, version };
    };
    const a = await writeCollect('cat-apply-a', 'Anacleta Villaseñor');
    await catalog.apply(store.db, a.written, a.version);
    assert.equal(catalog.dataVersion, a.version);
    const loaded = new Catalog();
    await loaded.refresh(store.db, { force: true });
    assert.deepEqual(catalog.get('cat-apply-a'), loaded.get('cat-apply-a'), 'the entry as written equals the entry as read back');
    // A version this catalog never saw (another writer) makes apply read from the store.
    const b = await writeCollect('cat-apply-b', 'Bartolomé Villaseñor');
    const c = await writeCollect('cat-apply-c', 'Casimira Villaseñor');
    await catalog.apply(store.db, c.written, c.version);
    assert.equal(catalog.dataVersion, c.version);
    assert.deepEqual(catalog.search('villasenor', { accept: () => true, limit: 10, offset: 0 }).matches.map((m) => m.entry.id).sort(),
      ['cat-apply-a', 'cat-apply-b', 'cat-apply-c']);
    assert.ok(Number(b.version) < Number(c.version));
  });

  test('links are indexed both ways and follow rewrites', async () => {
    const catalog = new Catalog(0);
    const own = (target: string) => ({ id: 'cat-own', schema: 'Ownership', properties: { owner: ['cat-1'], asset: [target] }, meta: meta('mx-uif') });
    await store.db.transaction().execute((tx) => writeEntities(tx, model, [own('cat-0')], new Date().toISOString(), { store: store.kind }));
    await catalog.refresh(store.db, { force: true });
    assert.deepEqual(catalog.incomingOf('cat-0'), [{ source: 'cat-own', prop: 'asset' }]);
    assert.deepEqual(catalog.incomingOf('cat-1'), [{ source: 'cat-own', prop: 'owner' }]);
    // Reads cached for both ends and for the far end of a neighbour are dropped when the edge changes.
    for (const id of ['cat-0', 'cat-1', 'cat-5']) await catalog.record(id, async () => `cached ${id}`);
    await store.db.transaction().execute((tx) => writeEntities(tx, model, [own('cat-5')], new Date().toISOString(),
      { store: store.kind, replaceProps: new Set(['asset']) }));
    await catalog.refresh(store.db);
    assert.deepEqual(catalog.incomingOf('cat-0'), [], 'the replaced target no longer points back');
    assert.deepEqual(catalog.incomingOf('cat-5'), [{ source: 'cat-own', prop: 'asset' }]);
    for (const id of ['cat-0', 'cat-1', 'cat-5']) assert.equal(await catalog.record(id, async () => 'read again'), 'read again', `${id} read again`);
    // A caption change of a far end (cat-1, owner) drops the cached read of the near end (cat-5, asset).
    await catalog.record('cat-5', async () => 'cached again');
    await store.db.transaction().execute((tx) => writeEntities(tx, model, [{ id: 'cat-1', schema: 'Person', properties: { name: ['Nuevo Nombre'] }, meta: meta('mx-uif') }],
      new Date().toISOString(), { store: store.kind, replaceProps: new Set(['name']) }));
    await catalog.refresh(store.db);
    assert.equal(await catalog.record('cat-5', async () => 'fresh'), 'fresh');
  });
});
