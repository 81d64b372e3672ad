import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entityToStatements, type Entity } from '../src/index';
import { UIF_DEFAULTS } from './helpers';

const ENTITY_ROSA: Entity = {
  id: 'p-rosa', schema: 'Person', caption: 'Rosa Elena Quiñónez', meta: UIF_DEFAULTS,
  properties: { name: ['Rosa Elena Quiñónez', 'Rosa Quiñónez', 'Rosa Elena Quiñónez'], nationality: ['mx', ' '], birthDate: [] },
};

test('one statement per distinct non-blank value, with the record\'s provenance', () => {
  const now = '2025-03-01T12:00:00Z';
  const got = entityToStatements(ENTITY_ROSA, { originAgency: 'mx-uif', now });
  assert.deepEqual(got.map((s) => [s.prop, s.value]), [
    ['name', 'Rosa Elena Quiñónez'], ['name', 'Rosa Quiñónez'], ['nationality', 'mx'],
  ]);
  for (const s of got) {
    assert.deepEqual({ ...s, prop: undefined, value: undefined }, {
      entityId: 'p-rosa', schema: 'Person', prop: undefined, value: undefined, dataset: 'uif-reports', originNode: 'mx-node',
      originAgency: 'mx-uif', lang: null, firstSeen: now, lastSeen: now,
    });
  }
});

test('first and last seen come from the entity when it has them', () => {
  const got = entityToStatements({ ...ENTITY_ROSA, firstSeen: '2020-01-01', lastSeen: '2024-12-31' },
    { originAgency: 'mx-uif', now: '2025-03-01T12:00:00Z' });
  assert.ok(got.every((s) => s.firstSeen === '2020-01-01' && s.lastSeen === '2024-12-31'));
});
