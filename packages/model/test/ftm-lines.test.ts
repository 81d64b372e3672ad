import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import {
  DISTRIBUTIONS, PURPOSES, ParseError, captionOf, linesOf, readFtmLines, toFtmLine,
  type Entity, type Model, type RecordMeta,
} from '../src/index';
import { SHARED_MISSING, UIF_DEFAULTS, fixtureModel, realModel } from './helpers';

const model = fixtureModel();
const FILE = 'uif-2025-03.ftm.json';

async function readAll(lines: string[], defaults: Partial<RecordMeta> = UIF_DEFAULTS, m: Model = model) {
  const out: Array<{ line: number; entity: Entity }> = [];
  for await (const x of readFtmLines(lines, { file: FILE, model: m, defaults })) out.push(x);
  return out;
}

async function parseError(lines: string[], defaults: Partial<RecordMeta> = UIF_DEFAULTS): Promise<ParseError> {
  try {
    await readAll(lines, defaults);
  } catch (err) {
    assert.ok(err instanceof ParseError, `expected ParseError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ParseError');
}

// Named fixture lines (a small made-up import).
const LINE_PERSON_ROSA = JSON.stringify({ id: 'p-rosa', schema: 'Person',
  properties: { name: ['Rosa Elena Quiñónez'], birthDate: ['1975-02-28'], nationality: ['mx'] } });
const LINE_COMPANY_FARO = JSON.stringify({ id: 'co-faro', schema: 'Company',
  properties: { name: ['Comercializadora El Faro S.A. de C.V.'], country: ['mx'] },
  puente: { owner_agency: 'mx-sat', distribution: 'node', purposes: ['financial_intelligence'] } });
const LINE_OWNERSHIP = JSON.stringify({ id: 'own-rosa-faro', schema: 'Ownership',
  properties: { owner: ['p-rosa'], asset: ['co-faro'], percentage: ['60'], startDate: ['2019-04'] } });

test('reads lines, numbering from 1 and skipping blank lines', async () => {
  const got = await readAll(['', LINE_PERSON_ROSA, '   ', LINE_COMPANY_FARO, '\t', LINE_OWNERSHIP, '']);
  assert.deepEqual(got.map((x) => [x.line, x.entity.id]), [[2, 'p-rosa'], [4, 'co-faro'], [6, 'own-rosa-faro']]);
  const rosa = got[0].entity;
  assert.equal(rosa.caption, 'Rosa Elena Quiñónez');
  assert.deepEqual(rosa.meta, UIF_DEFAULTS);
  assert.equal(got[2].entity.caption, 'Ownership');
});

test('defaults merge field by field: the line\'s puente object wins', async () => {
  const [, faro] = await readAll([LINE_PERSON_ROSA, LINE_COMPANY_FARO]);
  assert.deepEqual(faro.entity.meta, {
    ...UIF_DEFAULTS, ownerAgency: 'mx-sat', distribution: 'node', purposes: ['financial_intelligence'],
  });
  // Owner country is normalised to upper case; the dataset may come from FtM's own `datasets`.
  const { dataset: _d, ...noDataset } = UIF_DEFAULTS;
  const [x] = await readAll([JSON.stringify({ id: 'p-1', schema: 'Person', properties: { name: ['A'] },
    datasets: ['us_ofac_sdn'], puente: { owner_country: 'us' } })], noDataset);
  assert.equal(x.entity.meta.ownerCountry, 'US');
  assert.equal(x.entity.meta.dataset, 'us_ofac_sdn');
  // Defaults are copied, not shared between entities.
  const [a, b] = await readAll([LINE_PERSON_ROSA, LINE_OWNERSHIP]);
  assert.notEqual(a.entity.meta.purposes, b.entity.meta.purposes);
});

test('keeps caption, first_seen and last_seen from the line; ignores unknown top-level keys', async () => {
  const [x] = await readAll([JSON.stringify({ id: 'p-1', schema: 'Person', properties: { name: ['Ana'] },
    caption: 'Ana (OFAC)', first_seen: '2023-01-05T10:00:00', last_seen: '2024-06-01', target: true, referents: ['a'] })]);
  assert.equal(x.entity.caption, 'Ana (OFAC)');
  assert.equal(x.entity.firstSeen, '2023-01-05T10:00:00');
  assert.equal(x.entity.lastSeen, '2024-06-01');
});

test('errors name file, line and field in English and Spanish', async () => {
  const cases: Array<{ lines: string[]; defaults?: Partial<RecordMeta>; line: number; field: string; code: string; en: RegExp; es: RegExp }> = [
    { lines: [LINE_PERSON_ROSA, '', '{"id": "p-2", "schema": "Person",'], line: 3, field: 'json', code: 'invalid_json',
      en: /line 3, field json: the line is not valid JSON/, es: /línea 3, campo json: la línea no es JSON válido/ },
    { lines: ['[1, 2]'], line: 1, field: 'json', code: 'not_an_object', en: /must be one JSON object/, es: /debe ser un objeto JSON/ },
    { lines: [LINE_PERSON_ROSA, LINE_PERSON_ROSA.replace('1975-02-28', '1975-13-01')], line: 2, field: 'properties.birthDate',
      code: 'invalid_date', en: /invalid date "1975-13-01"/, es: /fecha no válida "1975-13-01"/ },
    { lines: [LINE_PERSON_ROSA], defaults: { ...UIF_DEFAULTS, ownerAgency: undefined }, line: 1, field: 'puente.owner_agency',
      code: 'missing_meta', en: /field puente\.owner_agency: missing/, es: /campo puente\.owner_agency: falta/ },
    { lines: [LINE_PERSON_ROSA.replace('"Person"', '"Persona"')], line: 1, field: 'schema', code: 'unknown_schema',
      en: /unknown schema "Persona"/, es: /esquema desconocido "Persona"/ },
    { lines: ['{"id":"t-1","schema":"Thing","properties":{"name":["x"]}}'], line: 1, field: 'schema', code: 'abstract_schema',
      en: /Thing is abstract/, es: /Thing es abstracto/ },
    { lines: ['{"id":"bad id","schema":"Person","properties":{"name":["x"]}}'], line: 1, field: 'id', code: 'invalid_id',
      en: /invalid id "bad id"/, es: /id no válido "bad id"/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"nationality":["Mexico"],"name":["x"]}}'], line: 1,
      field: 'properties.nationality', code: 'invalid_country', en: /country code "Mexico"/, es: /código de país no válido "Mexico"/ },
    { lines: ['{"id":"o-1","schema":"Ownership","properties":{"owner":["p-1"]}}'], line: 1, field: 'properties.asset',
      code: 'missing_required', en: /asset is required for Ownership/, es: /asset es obligatorio para Ownership/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"],"height":[1.7]}}'], line: 1, field: 'properties.height',
      code: 'not_a_string', en: /must be a string, not 1\.7/, es: /cadena de texto, no 1\.7/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"]},"puente":{"distribution":"public"}}'], line: 1,
      field: 'puente.distribution', code: 'invalid_distribution', en: /invalid distribution "public": use one of agency, node/, es: /distribución no válida "public"/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"]},"puente":{"purposes":["curiosity"]}}'], line: 1,
      field: 'puente.purposes', code: 'invalid_purpose', en: /invalid purpose "curiosity"/, es: /fin no válido "curiosity"/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"]},"puente":{"purposes":[]}}'], line: 1,
      field: 'puente.purposes', code: 'no_purposes', en: /at least one purpose/, es: /al menos a un fin/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"]},"puente":{"retention_until":"2030"}}'], line: 1,
      field: 'puente.retention_until', code: 'invalid_retention', en: /retention date "2030": use YYYY-MM-DD/, es: /conservación no válida "2030"/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"]},"puente":{"owner_country":"MEX"}}'], line: 1,
      field: 'puente.owner_country', code: 'invalid_owner_country', en: /owner country "MEX"/, es: /país propietario no válido "MEX"/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"]},"puente":{"distribution":"agreement"}}'], line: 1,
      field: 'puente.agreement_id', code: 'missing_meta', en: /agreement_id: missing/, es: /agreement_id: falta/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"]},"puente":{"locked":"yes"}}'], line: 1,
      field: 'puente.locked', code: 'meta_not_boolean', en: /true or false/, es: /true o false/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"]},"puente":"mx"}'], line: 1,
      field: 'puente', code: 'invalid_puente', en: /"puente" must be an object/, es: /"puente" debe ser un objeto/ },
    { lines: ['{"id":"p-1","schema":"Person","properties":{"name":["x"]},"first_seen":"2023"}'], line: 1,
      field: 'first_seen', code: 'invalid_timestamp', en: /invalid date "2023"/, es: /fecha no válida "2023"/ },
  ];
  for (const c of cases) {
    const err = await parseError(c.lines, c.defaults ?? UIF_DEFAULTS);
    const at = `${c.code} @ ${c.field}`;
    assert.equal(err.file, FILE, at);
    assert.equal(err.line, c.line, at);
    assert.equal(err.field, c.field, at);
    assert.equal(err.code, c.code, at);
    assert.match(err.messages.en, new RegExp(`^${FILE.replace(/\./g, '\\.')}, line ${c.line}, field `), at);
    assert.match(err.messages.es, new RegExp(`^${FILE.replace(/\./g, '\\.')}, línea ${c.line}, campo `), at);
    assert.match(err.messages.en, c.en, at);
    assert.match(err.messages.es, c.es, at);
    assert.ok(!/\{\{/.test(err.messages.en + err.messages.es), `${at}: unfilled placeholder`);
    assert.ok(err.message.includes(err.messages.en) && err.message.includes(err.messages.es));
  }
});

test('the read stops at the first bad line, after yielding the good ones before it', async () => {
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const x of readFtmLines([LINE_PERSON_ROSA, LINE_COMPANY_FARO, 'oops', LINE_OWNERSHIP],
      { file: FILE, model, defaults: UIF_DEFAULTS })) seen.push(x.line);
  }, (err: unknown) => err instanceof ParseError && err.line === 3);
  assert.deepEqual(seen, [1, 2]);
});

// ---------------------------------------------------------------------------------------------------------
// Round trip: toFtmLine → bytes in random chunks → linesOf → readFtmLines gives the entities back.

const idArb = fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/);
const textArb = fc.string({ unit: 'binary', maxLength: 30 });
const nonBlank = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '');
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dayArb = fc.tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`);
const ftmDateArb = fc.oneof(
  fc.integer({ min: 1000, max: 2999 }).map(String),
  fc.tuple(fc.integer({ min: 1000, max: 2999 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${pad(m)}`),
  dayArb,
  fc.tuple(dayArb, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([d, h, mi]) => `${d}T${pad(h)}:${pad(mi)}:00`),
);
const countryArb = fc.tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')).map(([a, b]) => a + b);
const CAS = ['50-00-0', '108-24-7', '64-19-7', '7664-93-9', '103-82-2'];

function valueArb(m: Model, schema: string, prop: string): fc.Arbitrary<string> {
  const p = m.getProperty(schema, prop)!;
  if (p.type === 'date') return ftmDateArb;
  if (p.type === 'country') return countryArb;
  if (p.type === 'entity') return idArb;
  if (p.format === 'boolean') return fc.constantFrom('true', 'false');
  if (p.format === 'cas') return fc.constantFrom(...CAS);
  if (p.format === 'hs') return fc.constantFrom('2915', '2915.24', '291524', '2933.39.90.73');
  return textArb;
}

function entityArb(m: Model): fc.Arbitrary<Entity> {
  const schemata = [...m.schemata.values()].filter((s) => !s.abstract);
  return fc.constantFrom(...schemata).chain((s) => {
    const settable = [...s.properties.values()].filter((p) => !p.stub).map((p) => p.name);
    const props = fc.uniqueArray(fc.constantFrom(...settable), { maxLength: 6 }).chain((names) => {
      const all = [...new Set([...s.required, ...names])];
      return fc.tuple(...all.map((n) => fc.array(valueArb(m, s.name, n), { minLength: s.required.includes(n) ? 1 : 0, maxLength: 3 })
        .map((vs) => s.required.includes(n) && vs.every((v) => v.trim() === '') ? ['x', ...vs] : vs)))
        .map((lists) => Object.fromEntries(all.map((n, i) => [n, lists[i]])));
    });
    const meta = fc.record({
      ownerCountry: fc.constantFrom('MX', 'US', 'GT'),
      ownerAgency: idArb,
      distribution: fc.constantFrom(...DISTRIBUTIONS),
      agreementId: fc.option(nonBlank, { nil: null }),
      legalBasis: nonBlank,
      purposes: fc.uniqueArray(fc.constantFrom(...PURPOSES), { minLength: 1, maxLength: 3 }),
      retentionUntil: dayArb,
      dataset: nonBlank,
      originNode: fc.constantFrom('mx-node', 'us-node'),
      locked: fc.boolean(),
    }, { noNullPrototype: true }).map((mm) => (mm.distribution === 'agreement' && mm.agreementId === null ? { ...mm, agreementId: 'bicentennial-2021' } : mm));
    return fc.record({
      id: idArb, properties: props, meta,
      caption: fc.option(textArb, { nil: undefined }),
      firstSeen: fc.option(dayArb, { nil: undefined }),
      lastSeen: fc.option(dayArb, { nil: undefined }),
    }, { noNullPrototype: true }).map(({ caption, firstSeen, lastSeen, ...e }) => {
      const entity: Entity = { ...e, schema: s.name };
      if (caption !== undefined) entity.caption = caption;
      if (firstSeen !== undefined) entity.firstSeen = firstSeen;
      if (lastSeen !== undefined) entity.lastSeen = lastSeen;
      return entity;
    });
  });
}

/** Splits bytes at the given cut points into a Readable of Buffers. */
function chunked(bytes: Buffer, cuts: number[]): Readable {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) { parts.push(bytes.subarray(prev, p)); prev = p; }
  return Readable.from(parts.filter((p) => p.length > 0));
}

for (const [label, getModel] of [['fixture model', () => model], ['real model', realModel]] as const) {
  test(`round trip: toFtmLine then readFtmLines gives the same entities (${label})`, async (t) => {
    const m = getModel();
    if (!m) return t.skip(`${SHARED_MISSING}; the fixture-model run covers the property`);
    await fc.assert(fc.asyncProperty(fc.array(entityArb(m), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }),
      fc.constantFrom('\n', '\r\n'), async (entities, cuts, eol) => {
        const text = entities.map(toFtmLine).join(eol) + eol;
        assert.ok(!entities.map(toFtmLine).some((l) => l.includes('\n')), 'one entity per line');
        const out: Entity[] = [];
        for await (const x of readFtmLines(linesOf(chunked(Buffer.from(text, 'utf8'), cuts)), { file: 'rt.ftm.json', model: m, defaults: {} })) {
          out.push(x.entity);
        }
        assert.deepEqual(out, entities.map((e) => ({ ...e, caption: e.caption ?? captionOf(m, e) })));
      }), { numRuns: 150 });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Fuzzing: whatever the lines, the reader ends, and the only error it throws is a ParseError.

const validLine = entityArb(model).map(toFtmLine);
/** A valid line with characters deleted, duplicated or replaced. */
const mutatedLine = fc.tuple(validLine, fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 6 }))
  .map(([line, edits]) => edits.reduce((s, [pos, op, ins]) => {
    const i = s.length ? pos % s.length : 0;
    return op === 0 ? s.slice(0, i) + s.slice(i + 1) : op === 1 ? s.slice(0, i) + ins + s.slice(i) : s.slice(0, i) + ins + s.slice(i + 1);
  }, line));
/** JSON of any shape, and objects that look like entities with wrong pieces. */
const oddObject = fc.record({
  id: fc.oneof(idArb, fc.anything()),
  schema: fc.oneof(fc.constantFrom('Person', 'Company', 'Ownership', 'Thing', 'Firearm', 'Trace', '__proto__', 'constructor'), fc.anything()),
  properties: fc.oneof(fc.dictionary(fc.constantFrom('name', 'birthDate', 'owner', 'country', '__proto__', 'toString', 'x'),
    fc.oneof(fc.array(fc.oneof(fc.string(), fc.anything())), fc.anything())), fc.anything()),
  puente: fc.oneof(fc.dictionary(fc.constantFrom('owner_country', 'distribution', 'purposes', 'retention_until', 'locked', 'agreement_id'),
    fc.anything()), fc.anything()),
  caption: fc.anything(), first_seen: fc.anything(), datasets: fc.anything(),
}, { requiredKeys: [] }).map((o) => JSON.stringify(o));
const anyLine = fc.oneof(validLine, mutatedLine, oddObject, fc.json().map(String), fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', ' ', '\uFEFF', '{', '}', 'null', '[]', '"x"', '{"__proto__":{"x":1}}', '\u2028'));

test('fuzz: random and malformed lines never throw anything but ParseError', { timeout: 120_000 }, async () => {
  await fc.assert(fc.asyncProperty(fc.array(anyLine, { maxLength: 8 }), fc.constantFrom<Partial<RecordMeta>>(UIF_DEFAULTS, {}),
    async (lines, defaults) => {
      let n = 0;
      try {
        for await (const x of readFtmLines(lines, { file: 'fuzz.ftm.json', model, defaults })) {
          assert.ok(x.line > n && x.line <= lines.length);
          n = x.line;
          assert.deepEqual((await readAll([toFtmLine(x.entity)], {}))[0].entity, x.entity, 'accepted entities re-read the same');
        }
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        assert.ok(err.line >= 1 && err.line <= lines.length && err.line > n);
        assert.ok(err.field.length > 0 && err.code.length > 0);
        // Every placeholder is filled (a `{{x}}` may only come from the input itself, quoted).
        for (const m of (err.messages.en + err.messages.es).match(/\{\{\s*\w+\s*\}\}/g) ?? []) {
          assert.ok(lines.some((l) => l.includes(m)), `unfilled ${m}: ${err.message}`);
        }
      }
    }), { numRuns: 1500 });
});

test('fuzz: byte streams of random bytes end in lines or a ParseError', { timeout: 120_000 }, async () => {
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 6 }), async (bytes, cuts) => {
    try {
      for await (const _x of readFtmLines(linesOf(chunked(Buffer.from(bytes), cuts), { file: 'bytes.bin' }),
        { file: 'bytes.bin', model, defaults: UIF_DEFAULTS })) { /* drain */ }
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      assert.equal(err.file, 'bytes.bin');
    }
  }), { numRuns: 1000 });
});
