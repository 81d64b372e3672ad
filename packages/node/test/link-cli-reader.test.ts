/**
 * The linkage record CSV reader: columns by name (case-insensitive, FEBRL's space after comma), BOM,
 * Windows-1252, errors naming file, line and field in both languages; fuzzing: bad input gives a
 * LinkRecordsError, never another exception.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { LinkRecordsError, decodeText, parseLinkRecordsCsv, readLinkRecordsCsv } from '../src/sources/linkage-csv/index';

test('reads FEBRL-style files: space after comma, case-insensitive names, unknown columns ignored, empty = absent', () => {
  const text = 'rec_id, Given_Name, surname, age, date_of_birth\nrec-1-org, jose, gonzalez, 40, 19800102\nrec-2-org, , lopez, ,\n';
  const recs = parseLinkRecordsCsv(text, 'a.csv');
  assert.deepEqual(recs, [
    { id: 'rec-1-org', values: { given_name: 'jose', surname: 'gonzalez', date_of_birth: '19800102' } },
    { id: 'rec-2-org', values: { surname: 'lopez' } },
  ]);
});

test('id column may be "id"; BOM and Windows-1252 are handled; quoted commas kept', () => {
  const utf = parseLinkRecordsCsv('\uFEFFid,given_name,address_1\n7,José,"3, calle Ñandú"\n', 'b.csv');
  assert.deepEqual(utf, [{ id: '7', values: { given_name: 'José', address_1: '3, calle Ñandú' } }]);
  const cp1252 = Uint8Array.from([...Buffer.from('id,surname\n1,'), 0x4e, 0xfa, 0xf1, 0x65, 0x7a, 0x0a]);
  assert.equal(decodeText(cp1252), 'id,surname\n1,Núñez\n');
  assert.equal(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61])), 'a');
});

test('errors name file, line and field in English and Spanish', async () => {
  const cases: Array<[string, RegExp, RegExp]> = [
    ['given_name,surname\na,b\n', /x\.csv, line 1, field rec_id/, /línea 1, campo rec_id/],
    ['rec_id,surname\n1,a\n1,b\n', /x\.csv, line 3, field rec_id: id 1 repeated/, /línea 3, campo rec_id: id 1 repetido/],
    ['rec_id,surname\n1,a\n,b\n', /line 3, field rec_id: empty id/, /línea 3, campo rec_id: id vacío/],
    ['rec_id,surname\n1,"a\n', /x\.csv, line \d+, field .*malformed CSV/, /CSV mal formado/],
    ['', /x\.csv, line 1, field header/, /línea 1, campo encabezado/],
  ];
  for (const [text, en, es] of cases) {
    assert.throws(() => parseLinkRecordsCsv(text, 'x.csv'), (err: unknown) => {
      assert.ok(err instanceof LinkRecordsError, String(err));
      assert.match(err.messages.en, en);
      assert.match(err.messages.es, es);
      return true;
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'linkcsv-'));
  try {
    await assert.rejects(readLinkRecordsCsv(join(dir, 'missing.csv')), (err: unknown) => err instanceof LinkRecordsError && /not found/.test(err.messages.en));
    writeFileSync(join(dir, 'ok.csv'), 'rec_id,phone_number\nr1,07 123\n');
    assert.deepEqual(await readLinkRecordsCsv(join(dir, 'ok.csv')), [{ id: 'r1', values: { phone: '07 123' } }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const onlyReaderErrors = (text: string) => {
  try {
    const recs = parseLinkRecordsCsv(text, 'fuzz.csv');
    const ids = new Set(recs.map((r) => r.id));
    assert.equal(ids.size, recs.length);
    for (const r of recs) assert.ok(r.id.length > 0);
  } catch (err) {
    if (!(err instanceof LinkRecordsError)) throw err;
    assert.ok(err.file === 'fuzz.csv' && err.messages.en && err.messages.es && err.field !== undefined);
  }
};

test('fuzz: random text and mutated valid files parse or fail with LinkRecordsError', () => {
  const valid = 'rec_id, given_name, surname, date_of_birth\nrec-1-org, jose, gonzalez, 19800102\nrec-1-dup-0, pepe, "gonzalez, h", 19800201\n';
  const alphabet = fc.constantFrom(...'rec_id,given_name"\n\r ,ñé\uFEFF\u0000x1'.split(''));
  fc.assert(fc.property(fc.string({ unit: alphabet, maxLength: 200 }), onlyReaderErrors), { numRuns: 500 });
  fc.assert(fc.property(fc.string({ maxLength: 300 }), onlyReaderErrors), { numRuns: 300 });
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ unit: alphabet, maxLength: 5 })), { maxLength: 6 }), (edits) => {
    let s = valid;
    for (const [a, b, ins] of edits) s = s.slice(0, Math.min(a, b)) + ins + s.slice(Math.max(a, b));
    onlyReaderErrors(s);
  }), { numRuns: 500 });
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => onlyReaderErrors(decodeText(bytes))), { numRuns: 300 });
});
