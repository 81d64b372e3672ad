import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captionOf, validateEntity, type Model } from '../src/index';
import { SHARED_MISSING, fixtureModel, realModel } from './helpers';

// Named fixtures: small, made-up records of each Puente schema (no real persons).
const FIXTURE_AR15 = { id: 'fa-ar15-0001', schema: 'Firearm', properties: {
  manufacturer: ['Colt'], model: ['AR-15'], caliber: ['.223'], weaponType: ['rifle'],
  serialNumber: ['LGC012345'], serialObliterated: ['false'], countryOfManufacture: ['us'],
} };
const FIXTURE_OBLITERATED_PISTOL = { id: 'fa-pistol-0002', schema: 'Firearm', properties: {
  manufacturer: ['Glock'], model: ['19'], caliber: ['9mm'], serialObliterated: ['true'],
} };
const FIXTURE_TRACE_CULIACAN = { id: 'tr-2024-000187', schema: 'Trace', properties: {
  traceNumber: ['T20240187'], firearm: ['fa-ar15-0001'], requestingAgency: ['org-fgr'], purchaser: ['p-straw-01'],
  dealer: ['co-ffl-az-77'], dealerLicense: ['9-86-013-01-2A-04567'], purchaseDate: ['2023-05-02'],
  recoveryDate: ['2024-01-19'], recoveryPlace: ['Culiacán, Sinaloa'], recoveryCountry: ['mx'], timeToCrimeDays: ['262'],
} };
const FIXTURE_BL_MANZANILLO = { id: 'bl-medu1234567', schema: 'Shipment', properties: {
  billOfLadingNumber: ['MEDU1234567'], shipper: ['co-shanghai-chem'], consignee: ['co-importadora-gdl'],
  notifyParty: ['co-agente-aduanal'], portOfLoading: ['CNSHA'], portOfDischarge: ['MXZLO'],
  hsCode: ['2915.24', '291590'], goodsDescription: ['CHEMICAL PRODUCTS'], grossWeight: ['18400'], weightUnit: ['KGM'],
  shippedOnBoardDate: ['2024-02-03'], arrivalDate: ['2024-03-01'],
} };
const FIXTURE_ACETIC_ANHYDRIDE = { id: 'chem-108-24-7', schema: 'Chemical', properties: {
  name: ['Acetic anhydride'], alias: ['Anhídrido acético'], casNumber: ['108-24-7'], hsCode: ['2915.24'],
  unTable: ['Table I'], usControlStatus: ['List II'], mxControlStatus: ['LFCPQ Art. 4'],
} };
const FIXTURE_LEON_MARCH = { id: 'cc-11020-2024-03-hd', schema: 'CaseCount', properties: {
  placeCode: ['11020'], placeName: ['León'], country: ['mx'], period: ['2024-03'], indicator: ['homicidio_doloso'],
  value: ['57'], unit: ['carpetas'], source: ['SESNSP'],
} };
const FIXTURE_MISSING_MARIA = { id: 'mp-rnpdno-0001', schema: 'MissingPerson', properties: {
  name: ['María Guadalupe Hernández Ruiz'], firstName: ['María Guadalupe'], lastName: ['Hernández Ruiz'],
  birthDate: ['1998-07-14'], gender: ['female'], lastSeenDate: ['2023-11-02'], lastSeenPlace: ['Zapopan, Jalisco'],
  lastSeenCountry: ['mx'], reportAgency: ['org-cnb'], height: ['158'], hairColor: ['negro'],
  distinguishingMarks: ['tatuaje de golondrina en la muñeca izquierda'],
} };
const FIXTURE_REMAINS_SEMEFO = { id: 'ur-semefo-jal-0042', schema: 'UnidentifiedRemains', properties: {
  caseNumber: ['SEMEFO-JAL-2024-0042'], foundDate: ['2024-02-10'], foundPlace: ['Tlajomulco de Zúñiga, Jalisco'],
  foundCountry: ['mx'], estimatedSex: ['female'], estimatedAgeMin: ['20'], estimatedAgeMax: ['30'],
  forensicService: ['org-semefo-jal'], condition: ['skeletal'],
} };
const FIXTURES = [FIXTURE_AR15, FIXTURE_OBLITERATED_PISTOL, FIXTURE_TRACE_CULIACAN, FIXTURE_BL_MANZANILLO,
  FIXTURE_ACETIC_ANHYDRIDE, FIXTURE_LEON_MARCH, FIXTURE_MISSING_MARIA, FIXTURE_REMAINS_SEMEFO];

const PUENTE = ['CaseCount', 'Chemical', 'Firearm', 'MissingPerson', 'Shipment', 'Trace', 'UnidentifiedRemains'];

function checkSchemata(model: Model) {
  for (const name of PUENTE) {
    const s = model.get(name);
    assert.ok(s, name);
    assert.equal(s.origin, 'puente');
    assert.equal(s.abstract, false);
  }
  assert.ok(model.isA('MissingPerson', 'Person'));
  assert.ok(model.isA('Firearm', 'Asset'), 'a firearm can be the asset of an Ownership');
  assert.ok(model.isA('Trace', 'Interval') && model.isA('Shipment', 'Interval') && model.isA('CaseCount', 'Interval'));
  assert.equal(model.get('Trace')?.edge, undefined, 'a trace links several parties: not an edge');
  assert.deepEqual(model.get('Shipment')?.edge,
    { source: 'shipper', target: 'consignee', label: 'ships to', directed: true, caption: ['goodsDescription', 'date'] });
  // Reverse stubs land on the range schema and its descendants.
  assert.equal(model.getProperty('Firearm', 'traces')?.stub, true);
  assert.equal(model.getProperty('Company', 'tracesRequested')?.range, 'Trace');
  assert.equal(model.getProperty('Person', 'tracesAsPurchaser')?.reverse, 'purchaser');
  // MissingPerson inherits Person's physical descriptors and keeps Person's date extent.
  assert.equal(model.getProperty('MissingPerson', 'hairColor')?.schema, 'Person');
  assert.deepEqual(model.get('MissingPerson')?.temporalExtent, { start: ['birthDate'], end: ['deathDate'] });
  assert.deepEqual(model.get('Trace')?.temporalExtent, { start: ['purchaseDate', 'date'], end: ['recoveryDate'] });
}

function checkPersonal(model: Model) {
  for (const name of ['Person', 'MissingPerson', 'UnidentifiedRemains']) assert.equal(model.isPersonal(name), true, name);
  for (const name of ['Company', 'Organization', 'Address', 'Ownership', 'Firearm', 'Trace', 'Shipment', 'Chemical', 'CaseCount', 'Nope']) {
    assert.equal(model.isPersonal(name), false, name);
  }
}

function checkFixtures(model: Model) {
  for (const e of FIXTURES) assert.deepEqual(validateEntity(model, e), [], e.id);
  assert.equal(captionOf(model, FIXTURE_AR15), 'LGC012345');
  assert.equal(captionOf(model, FIXTURE_OBLITERATED_PISTOL), '19');
  assert.equal(captionOf(model, FIXTURE_TRACE_CULIACAN), 'T20240187');
  assert.equal(captionOf(model, FIXTURE_BL_MANZANILLO), 'MEDU1234567');
  assert.equal(captionOf(model, FIXTURE_MISSING_MARIA), 'María Guadalupe Hernández Ruiz');
  assert.equal(captionOf(model, FIXTURE_REMAINS_SEMEFO), 'SEMEFO-JAL-2024-0042');
  assert.equal(captionOf(model, FIXTURE_LEON_MARCH), 'homicidio_doloso');
}

function checkInvariants(model: Model) {
  const with_ = <T extends { properties: Record<string, string[]> }>(e: T, props: Record<string, string[]>) =>
    ({ ...e, properties: { ...e.properties, ...props } });
  const first = (e: object) => validateEntity(model, e)[0];
  assert.deepEqual(first(with_(FIXTURE_ACETIC_ANHYDRIDE, { casNumber: ['108-24-8'] })),
    { field: 'properties.casNumber', code: 'invalid_cas', params: { prop: 'casNumber', value: '108-24-8' } });
  assert.equal(first(with_(FIXTURE_ACETIC_ANHYDRIDE, { hsCode: ['29152'] }))?.code, 'invalid_hs_code');
  assert.equal(first(with_(FIXTURE_AR15, { serialObliterated: ['yes'] }))?.code, 'invalid_boolean');
  assert.equal(first(with_(FIXTURE_TRACE_CULIACAN, { purchaseDate: ['02/05/2023'] }))?.field, 'properties.purchaseDate');
  const { value: _value, ...noValue } = FIXTURE_LEON_MARCH.properties;
  assert.deepEqual(first({ ...FIXTURE_LEON_MARCH, properties: noValue }),
    { field: 'properties.value', code: 'missing_required', params: { prop: 'value', schema: 'CaseCount' } });
  const { consignee: _c, ...noConsignee } = FIXTURE_BL_MANZANILLO.properties;
  assert.equal(first({ ...FIXTURE_BL_MANZANILLO, properties: noConsignee })?.field, 'properties.consignee');
  assert.equal(first(with_(FIXTURE_REMAINS_SEMEFO, { estimatedSex: ['female'], foundCountry: ['Mexico'] }))?.code, 'invalid_country');
}

test('Puente schemata load on the real FtM model', (t) => {
  const model = realModel();
  if (!model) return t.skip(SHARED_MISSING);
  checkSchemata(model);
  checkPersonal(model);
});

test('Puente schemata load on the committed FtM fixture model', () => {
  checkSchemata(fixtureModel());
  checkPersonal(fixtureModel());
});

test('named Puente fixtures validate and caption as declared (real model)', (t) => {
  const model = realModel();
  if (!model) return t.skip(SHARED_MISSING);
  checkFixtures(model);
  checkInvariants(model);
});

test('named Puente fixtures validate and caption as declared (fixture model)', () => {
  checkFixtures(fixtureModel());
  checkInvariants(fixtureModel());
});
