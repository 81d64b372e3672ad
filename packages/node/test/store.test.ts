import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestStore, storeKind } from './helpers/store';
import { listMigrations, migrate } from '../src/store/migrate';

test(`migrations apply once, in order, with pg_trgm and unaccent (${storeKind})`, async () => {
  const store = await openTestStore();
  try {
    const rows = (await sql<{ version: number }>`select version from schema_migrations order by version`.execute(store.db)).rows;
    assert.deepEqual(rows.map((r) => Number(r.version)), listMigrations().map((m) => m.version));
    assert.deepEqual(await migrate(store.db), [], 'second run applies nothing');
    const r = (await sql<{ u: string; s: number }>`select unaccent('José Núñez') as u, similarity('gonzalez', 'gonzales') as s`.execute(store.db)).rows[0];
    assert.equal(r.u, 'Jose Nunez');
    assert.ok(Number(r.s) > 0.5);
  } finally {
    await store.close();
  }
});

test(`int8 comes back as a string on both stores (${storeKind})`, async () => {
  const store = await openTestStore();
  try {
    const r = (await sql<{ n: unknown }>`select 9007199254740993::int8 as n`.execute(store.db)).rows[0];
    assert.equal(r.n, '9007199254740993');
  } finally {
    await store.close();
  }
});

test(`affected-row counts agree on both stores (${storeKind})`, async () => {
  const store = await openTestStore();
  try {
    await store.db.insertInto('node_state').values([{ key: 'a', value: JSON.stringify(1) }, { key: 'b', value: JSON.stringify(2) }]).execute();
    const u = await store.db.updateTable('node_state').set({ value: JSON.stringify(3) }).where('key', 'in', ['a', 'b']).executeTakeFirst();
    assert.equal(Number(u.numUpdatedRows), 2);
    const d = await store.db.deleteFrom('node_state').where('key', '=', 'a').executeTakeFirst();
    assert.equal(Number(d.numDeletedRows), 1);
    const w = await sql`with x as (select 'b' as k) update node_state set value = '4' where key in (select k from x)`.execute(store.db);
    assert.equal(Number(w.numAffectedRows), 1);
  } finally {
    await store.close();
  }
});
