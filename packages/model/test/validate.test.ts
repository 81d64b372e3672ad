import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { captionOf, foldText, isFtmDate, validateEntity } from '../src/index';
import { fixtureModel } from './helpers';

const model = fixtureModel();
const PERSON_ROSA = { id: 'p-rosa', schema: 'Person', properties: { name: ['Rosa Elena Quiñónez'], birthDate: ['1975-02-28'], nationality: ['mx'] } };

test('a valid entity has no issues', () => {
  assert.deepEqual(validateEntity(model, PERSON_ROSA), []);
});

test('schema problems: missing, not a name, unknown, abstract', () => {
  assert.deepEqual(validateEntity(model, { id: 'x', properties: {} }), [{ field: 'schema', code: 'missing_schema' }]);
  assert.deepEqual(validateEntity(model, { id: 'x', schema: 7, properties: {} }), [{ field: 'schema', code: 'invalid_schema', params: { value: '7' } }]);
  assert.deepEqual(validateEntity(model, { id: 'x', schema: 'Persona', properties: {} }), [{ field: 'schema', code: 'unknown_schema', params: { schema: 'Persona' } }]);
  assert.deepEqual(validateEntity(model, { id: 'x', schema: 'Thing', properties: {} }), [{ field: 'schema', code: 'abstract_schema', params: { schema: 'Thing' } }]);
  // Not inherited from Object.prototype: lookups are map hits.
  assert.equal(validateEntity(model, { id: 'x', schema: 'constructor', properties: {} })[0]?.code, 'unknown_schema');
});

test('id problems: FtM ids are 1–200 of [A-Za-z0-9._:-]', () => {
  const issue = (id: unknown) => validateEntity(model, { ...PERSON_ROSA, id })[0];
  assert.deepEqual(issue(undefined), { field: 'id', code: 'missing_id' });
  assert.deepEqual(issue(''), { field: 'id', code: 'missing_id' });
  assert.equal(issue('a b')?.code, 'invalid_id');
  assert.equal(issue('x'.repeat(201))?.code, 'invalid_id');
  assert.equal(issue(42)?.code, 'invalid_id');
  assert.equal(issue('x'.repeat(200)), undefined);
  assert.equal(issue('NK-abc.1:2_3-Q7747'), undefined);
});

test('property problems name the property as the field', () => {
  const first = (properties: unknown) => validateEntity(model, { ...PERSON_ROSA, properties })[0];
  assert.deepEqual(first({ ...PERSON_ROSA.properties, birthDate: ['1975-02-30'] }),
    { field: 'properties.birthDate', code: 'invalid_date', params: { prop: 'birthDate', value: '1975-02-30' } });
  assert.deepEqual(first({ ...PERSON_ROSA.properties, nationality: ['MEX'] }),
    { field: 'properties.nationality', code: 'invalid_country', params: { prop: 'nationality', value: 'MEX' } });
  assert.equal(first({ ...PERSON_ROSA.properties, nationality: ['MX'] }), undefined, 'either case');
  assert.deepEqual(first({ ...PERSON_ROSA.properties, colour: ['red'] }),
    { field: 'properties.colour', code: 'unknown_property', params: { prop: 'colour', schema: 'Person' } });
  assert.deepEqual(first({ ...PERSON_ROSA.properties, ownershipOwner: ['own-1'] }),
    { field: 'properties.ownershipOwner', code: 'stub_property', params: { prop: 'ownershipOwner', schema: 'Person', range: 'Ownership' } });
  assert.deepEqual(first({ ...PERSON_ROSA.properties, name: 'Rosa' }), { field: 'properties.name', code: 'not_a_list', params: { prop: 'name' } });
  assert.deepEqual(first({ ...PERSON_ROSA.properties, height: [170] }),
    { field: 'properties.height', code: 'not_a_string', params: { prop: 'height', value: '170' } });
  assert.deepEqual(first([]), { field: 'properties', code: 'invalid_properties' });
  assert.deepEqual(first({ name: [] }), { field: 'properties.name', code: 'missing_required', params: { prop: 'name', schema: 'Person' } });
  assert.deepEqual(first({ name: ['  '] }), { field: 'properties.name', code: 'missing_required', params: { prop: 'name', schema: 'Person' } });
});

test('entity-type values must be ids; edges need both ends', () => {
  const own = { id: 'own-1', schema: 'Ownership', properties: { owner: ['p-rosa'], asset: ['co-1'], percentage: ['51'] } };
  assert.deepEqual(validateEntity(model, own), []);
  assert.deepEqual(validateEntity(model, { ...own, properties: { ...own.properties, asset: [''] } })[0],
    { field: 'properties.asset', code: 'invalid_entity_ref', params: { prop: 'asset', value: '' } });
  assert.deepEqual(validateEntity(model, { ...own, properties: { owner: ['p-rosa'] } }),
    [{ field: 'properties.asset', code: 'missing_required', params: { prop: 'asset', schema: 'Ownership' } }]);
  // `required` is the schema's own: an Address needs no name (FtM: Address does not require Thing's name).
  assert.deepEqual(validateEntity(model, { id: 'addr-1', schema: 'Address', properties: { full: ['Av. Juárez 10, CDMX'] } }), []);
});

test('FtM dates: prefixes of ISO 8601 with real calendar days', () => {
  for (const ok of ['2021', '2021-02', '2021-02-16', '2021-02-16T21', '2021-02-16T21:48', '2021-02-16T21:48:52',
    '2021-02-16T21:48:52.123Z', '2021-02-16T21:48:52+05:30', '2024-02-29']) assert.ok(isFtmDate(ok), ok);
  for (const bad of ['', '21', '2021-2', '2021-13', '2021-00', '2021-02-30', '2023-02-29', '2021/02/16', '16-02-2021',
    '2021-02-16 21:48', '2021-02-16T24:00', ' 2021', '2021-02-16T21:48:52+25:00']) assert.ok(!isFtmDate(bad), bad);
});

test('captionOf: first value of the first caption property, else the schema label, never the id', () => {
  assert.equal(captionOf(model, PERSON_ROSA), 'Rosa Elena Quiñónez');
  assert.equal(captionOf(model, { schema: 'Person', properties: { lastName: ['Quiñónez'], email: ['r@example.mx'] } }), 'Quiñónez');
  assert.equal(captionOf(model, { schema: 'Person', properties: { name: [], email: ['r@example.mx'] } }), 'r@example.mx');
  assert.equal(captionOf(model, { schema: 'Ownership', properties: { owner: ['p-rosa'] } }), 'Ownership');
  assert.equal(captionOf(model, { schema: 'Address', properties: { name: ['Casa'], full: ['Av. Juárez 10'] } }), 'Av. Juárez 10');
});

test('foldText folds accents, case, punctuation and spaces', () => {
  assert.equal(foldText('  José  Ñúñez-Peña, S.A. de C.V. '), 'jose nunez pena s a de c v');
  assert.equal(foldText('MÜLLER & Söhne'), 'muller sohne');
  assert.equal(foldText('İstanbul ﬁnance Ⅻ'), 'istanbul finance xii');
  assert.equal(foldText('O\u2019Brien\tGARCÍA\n'), 'o brien garcia');
  assert.equal(foldText('...'), '');
});

test('foldText is idempotent and yields only lower-case letters, digits and single spaces', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
    const f = foldText(s);
    assert.equal(foldText(f), f);
    assert.ok(!/\s{2}|^\s|\s$/.test(f), JSON.stringify(f));
    assert.ok(!/\p{M}/u.test(f));
    assert.ok(!/[^\p{L}\p{N} ]/u.test(f));
    assert.equal(f, f.toLowerCase());
  }), { numRuns: 500 });
});
