/**
 * OFAC list source on fixtures written for these tests in OFAC's formats (legacy CSV set, Consolidated CSV,
 * sdn.xml, sdn_advanced.xml): what each file contributes to an entry, weak aliases from Remarks, continuation
 * of Remarks in sdn_comments.csv, and malformed lines reported with file, line and field in English and Spanish.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ingest, listEntries, ListParseError, parseDob, parseRemarks, countryCode, toListEntry } from '../src/sources/ofac/index';
import { xmlElements } from '../src/sources/ofac/xml';

const FIX = new URL('./fixtures/ofac/', import.meta.url).pathname;
const byId = async (dir: string) => {
  const r = await ingest(join(FIX, dir));
  return { r, e: new Map(r.lists.flatMap((l) => l.entries).map((e) => [e.entNum, e])) };
};

describe('legacy CSV set (sdn.csv, alt.csv, add.csv, sdn_comments.csv)', () => {
  test('entries, types, programmes, aliases, addresses', async () => {
    const { r, e } = await byId('sdn');
    assert.equal(r.lists.length, 1);
    assert.equal(r.lists[0].list, 'us_ofac_sdn');
    assert.equal(r.lists[0].format, 'csv');
    assert.equal(e.size, 10);
    const zarco = e.get('101')!;
    assert.equal(zarco.name, 'ARRIAGA QUINTERO, Evaristo');
    assert.equal(zarco.type, 'individual');
    assert.deepEqual(zarco.programs, ['SDNTK', 'ILLICIT-DRUGS-EO14059']);
    assert.deepEqual(zarco.aliases.map((a) => `${a.type}:${a.name}`), ['aka:ARRIAGA QUINTERO, Rosendo']);
    assert.deepEqual(zarco.addresses.map((a) => a.country), ['Mexico']);
    assert.equal(e.get('102')!.type, 'entity');
    assert.equal(e.get('104')!.type, 'vessel');
    assert.equal(e.get('104')!.callSign, 'ABCD1');
    assert.equal(e.get('104')!.vesselFlag, 'Panama');
    assert.deepEqual(e.get('104')!.aliases.map((a) => a.type), ['nka']);
    assert.equal(e.get('109')!.type, 'aircraft');
    assert.deepEqual(e.get('103')!.aliases.map((a) => a.type), ['fka']);
  });

  test('weak aliases come from Remarks only, apostrophes inside names included', async () => {
    const { e } = await byId('sdn');
    assert.deepEqual(e.get('101')!.weakAliases.map((w) => w.name), ['Zarco', 'EL SENOR DE LOS CERROS']);
    assert.deepEqual(e.get('107')!.weakAliases.map((w) => w.name), ["ABU 'ABD AL-'AZIZ", "O'NINNO", "'FUPI'"]);
    assert.deepEqual(e.get('105')!.weakAliases.map((w) => `${w.marker} ${w.name}`), ['f.k.a. AEROFIC']);
  });

  test('Remarks cut by OFAC continue, mid-word, in sdn_comments.csv', async () => {
    const { e } = await byId('sdn');
    const t = e.get('108')!;
    assert.match(t.remarks, /a\.k\.a\. 'LA RUTA DEL SOL'; a\.k\.a\. 'TDN'\.$/);
    assert.deepEqual(t.weakAliases.map((w) => w.name), ['TRANSNOR', 'LA RUTA DEL SOL', 'TDN']);
    assert.deepEqual(t.linkedTo, ['GRUPO XYZ, S.A. DE C.V', 'MAR ESMERALDA']);
  });

  test('facts in Remarks: birth dates, places, nationality, citizenship, gender, C.U.R.P. and R.F.C.', async () => {
    const { e } = await byId('sdn');
    const m = e.get('101')!;
    assert.deepEqual(m.birthDates, ['1968-02-23', '1967-02-23']);
    assert.deepEqual(m.birthPlaces, ['San Ficticio, Michoacan, Mexico']);
    assert.deepEqual(m.nationalities, ['MX']);
    assert.equal(m.gender, 'male');
    assert.deepEqual(e.get('103')!.identifiers, [{ type: 'C.U.R.P.', value: 'RAPL700101HSLMRS01', country: 'MX' }]);
    assert.deepEqual(e.get('102')!.identifiers.map((i) => i.type), ['Folio Mercantil No.', 'R.F.C.']);
    assert.deepEqual(e.get('106')!.birthDates, ['1979/1981'], 'circa 1980');
    assert.deepEqual(e.get('106')!.citizenships, ['US']);
    assert.deepEqual(e.get('110')!.birthDates, ['1975/1977']);
  });

  test('rows of companion files without an entry are skipped and reported', async () => {
    const { r } = await byId('sdn');
    assert.deepEqual(r.warnings.map((w) => [w.file, w.code, w.params.count]), [['sdn_comments.csv', 'orphan', 1], ['alt.csv', 'orphan', 1]]);
    assert.match(r.warnings[0].messages.es, /se ignoran/);
  });

  test('the screening view: schemata, every name, countries from addresses, nationality and birthplace', async () => {
    const { r } = await byId('sdn');
    const entries = listEntries(r);
    const m = entries.find((x) => x.id === '101')!;
    assert.equal(m.schema, 'Person');
    assert.deepEqual(m.names.map((n) => n.kind), ['primary', 'alias', 'weak', 'weak']);
    assert.deepEqual(m.countries, ['MX']);
    assert.equal(entries.find((x) => x.id === '104')!.schema, 'Vessel');
    assert.equal(entries.find((x) => x.id === '109')!.schema, 'Airplane');
    assert.equal(entries.find((x) => x.id === '102')!.schema, 'Organization');
    assert.deepEqual(toListEntry(r.lists[0].entries.find((x) => x.entNum === '103')!, 'x').names.map((n) => n.kind), ['primary', 'previous', 'weak']);
  });

  test('the Consolidated list uses the same layouts under cons_*.csv', async () => {
    const { r, e } = await byId('consolidated');
    assert.equal(r.lists[0].list, 'us_ofac_cons');
    assert.equal(e.size, 2);
    assert.deepEqual(e.get('501')!.aliases.map((a) => a.name), ['PETROEJEMPLO']);
    assert.deepEqual(e.get('502')!.birthDates, ['1985-12-12']);
  });
});

describe('XML formats', () => {
  test('sdn.xml: names rebuilt as "LAST, First", weak aliases marked by category', async () => {
    const { r, e } = await byId('xml');
    assert.equal(r.lists[0].format, 'xml');
    const m = e.get('101')!;
    assert.equal(m.name, 'ARRIAGA QUINTERO, Evaristo');
    assert.deepEqual(m.aliases.map((a) => a.name), ['ARRIAGA QUINTERO, Rosendo']);
    assert.deepEqual(m.weakAliases.map((w) => w.name), ['ZARCO']);
    assert.deepEqual(m.birthDates, ['1968-02-23', '1967']);
    assert.deepEqual(m.nationalities, ['MX']);
    assert.equal(e.get('104')!.name, 'MAR ESMERALDA & CIA', 'entities and CDATA decoded');
    assert.deepEqual(e.get('104')!.linkedTo, ['NAVIERA EJEMPLO']);
    assert.deepEqual(e.get('102')!.identifiers, [{ type: 'R.F.C.', value: 'GXY010101AB1', country: 'MX' }]);
  });

  test('sdn_advanced.xml: reference values, name parts, LowQuality aliases, features and programmes', async () => {
    const { r, e } = await byId('advanced');
    assert.equal(r.lists[0].format, 'advanced-xml');
    const m = e.get('101')!;
    assert.equal(m.type, 'individual');
    assert.equal(m.name, 'ARRIAGA QUINTERO, Evaristo');
    assert.deepEqual(m.aliases.map((a) => a.name), ['ARRIAGA QUINTERO, Rosendo']);
    assert.deepEqual(m.weakAliases.map((w) => w.name), ['Zarco']);
    assert.deepEqual(m.birthDates, ['1968-02-23']);
    assert.deepEqual(m.nationalities, ['MX']);
    assert.deepEqual(m.birthPlaces, ['San Ficticio, Michoacan, Mexico']);
    assert.equal(m.gender, 'male');
    assert.deepEqual(m.programs, ['SDNTK', 'ILLICIT-DRUGS-EO14059']);
    assert.equal(e.get('102')!.type, 'entity');
    assert.deepEqual(e.get('102')!.addresses.map((a) => a.country), ['Mexico']);
    assert.equal(e.get('104')!.type, 'vessel');
  });

  test('malformed XML is a ListParseError with the line', async () => {
    async function drain(xml: string) {
      async function* src() { yield xml; }
      for await (const _ of xmlElements(src(), () => true, 'x.xml')) { /* consume */ }
    }
    await assert.rejects(drain('<a>\n<b></a>'), (e: ListParseError) => e instanceof ListParseError && e.line === 2 && e.file === 'x.xml');
    await assert.rejects(drain('<a><b x="1></b></a>'), ListParseError);
    await assert.rejects(drain('<a>&bogus;</a>'), ListParseError);
    await assert.rejects(drain('<!DOCTYPE a [<!ENTITY x "y">]><a/>'), ListParseError, 'no internal DTD subsets (no XXE)');
  });
});

describe('malformed lines: file, line, field, in English and Spanish', () => {
  // Our own fixture's first row (fixtures/ofac/sdn), then one broken row, in OFAC's legacy layout: CRLF lines and a
  // closing Ctrl-Z. Each case is written to a folder of its own.
  const ofacFile = (...rows: string[]) => rows.map((r) => `${r}\r\n`).join('') + '\u001a';
  const FERMIN = `101,"VALDERRAMA ORTIZ, Fermin","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 03 Mar 1971; POB Ciudad Ficticia, Sonora, Mexico; a.k.a. 'FERMO'."`;
  const GRUPO = `,"GRUPO XYZ, S.A. DE C.V.",-0- ,"SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Folio Mercantil No. 12345 (Mexico); R.F.C. GXY010101AB1 (Mexico)."`;
  const cases: Array<[string, Record<string, string>, string, number, string, RegExp, RegExp]> = [
    ['bad-columns', { 'sdn.csv': ofacFile(FERMIN, '111,"ONLY FOUR","individual","SDNTK"') },
      'sdn.csv', 2, 'columns', /expected 12 columns, found 4/, /se esperaban 12 columnas y hay 4/],
    ['bad-entnum', { 'sdn.csv': ofacFile(FERMIN, `10X2${GRUPO}`) }, 'sdn.csv', 2, 'ent_num', /not an integer: "10X2"/, /no es un número entero/],
    ['bad-type', {
      'sdn.csv': ofacFile(FERMIN, `103,"RAMIREZ PEREZ, Jose Luis","robot","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970; POB Culiacan, Sinaloa, Mexico; C.U.R.P. RAPL700101HSLMRS01 (Mexico); a.k.a. 'EL PROFE'."`),
    }, 'sdn.csv', 2, 'SDN_Type', /unknown value "robot"/, /valor desconocido "robot"/],
    ['bad-quote', { 'sdn.csv': ofacFile(FERMIN, '112,"UNCLOSED,"individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ') },
      'sdn.csv', 2, 'csv', /malformed CSV/, /CSV mal formado/],
    ['bad-alt', {
      'sdn.csv': ofacFile(FERMIN, `102${GRUPO}`),
      'alt.csv': ofacFile('101,201,"aka","VALDERRAMA ORTIS, Fermin",-0- ', '102,202,"alias","GRUPO",-0- '),
    }, 'alt.csv', 2, 'alt_type', /unknown value "alias"/, /valor desconocido "alias"/],
  ];
  for (const [name, files, file, line, field, en, es] of cases) {
    test(`${name}: ${file} line ${line}, ${field}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `ofac-${name}-`));
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text, 'latin1');
      await assert.rejects(ingest(dir).finally(() => rmSync(dir, { recursive: true, force: true })), (err: unknown) => {
        assert.ok(err instanceof ListParseError);
        assert.equal(err.file, file);
        assert.equal(err.line, line);
        assert.equal(err.field, field);
        assert.match(err.messages.en, new RegExp(`^${file}, line ${line}, field ${field}: `));
        assert.match(err.messages.es, new RegExp(`^${file}, línea ${line}, campo ${field}: `));
        assert.match(err.messages.en, en);
        assert.match(err.messages.es, es);
        return true;
      });
    });
  }
  test('a folder without OFAC files, and bytes that are not UTF-8', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ofac-'));
    try {
      await assert.rejects(ingest(dir), (e: ListParseError) => e.code === 'no_files' && /sdn\.csv/.test(e.messages.en));
      writeFileSync(join(dir, 'sdn.csv'), Buffer.from([0x31, 0x2c, 0x22, 0xff, 0xfe, 0x22, 0x0a]));
      await assert.rejects(ingest(dir), (e: ListParseError) => e.field === 'encoding' && e.line === 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Remarks and countries', () => {
  test('dates', () => {
    assert.equal(parseDob('23 Feb 1968'), '1968-02-23');
    assert.equal(parseDob('Jul 1966'), '1966-07');
    assert.equal(parseDob('1966'), '1966');
    assert.equal(parseDob('circa 1960'), '1959/1961');
    assert.equal(parseDob('1960 to 1962'), '1960/1962');
    assert.equal(parseDob('someday'), null);
  });
  test('a weak alias may be the last thing in the text, with or without a full stop', () => {
    assert.deepEqual(parseRemarks("a.k.a. 'El Zarco'; a.k.a. 'Zarco'").weakAliases.map((w) => w.name), ['El Zarco', 'Zarco']);
    assert.deepEqual(parseRemarks("Gender Male; a.k.a. 'EL PROFE'.").weakAliases.map((w) => w.name), ['EL PROFE']);
  });
  test("OFAC's country names", () => {
    for (const [name, code] of [['Mexico', 'MX'], ['Korea, North', 'KP'], ['Burma', 'MM'], ['Congo, Democratic Republic of the', 'CD'],
      ['Region: Crimea', 'UA'], ['United States', 'US'], ['Cote d Ivoire', 'CI'], ['Virgin Islands, British', 'VG'], ['México', 'MX']] as const) {
      assert.equal(countryCode(name), code, name);
    }
    assert.equal(countryCode('undetermined'), undefined);
  });
});
