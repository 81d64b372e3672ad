import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelError, PUENTE_SCHEMA_DIR, defaultFtmDir, loadModel, type Property } from '../src/index';
import { renderSchemataTs } from '../src/codegen';
import { FIXTURE_FTM_DIR, SHARED_MISSING, realModel } from './helpers';

interface JsonProp {
  label: string; type: string; range?: string; reverse?: string; stub?: boolean; hidden?: boolean;
  matchable?: boolean; maxLength: number; format?: string; deprecated?: boolean;
}
interface JsonSchema {
  label: string; plural: string; abstract?: boolean; matchable?: boolean; hidden?: boolean; generated?: boolean;
  deprecated?: boolean; extends?: string[]; schemata: string[]; featured?: string[]; caption?: string[];
  required?: string[]; edge?: { source: string; target: string; label: string; directed: boolean; caption: string[] };
  temporalExtent?: { start: string[]; end: string[] }; properties: Record<string, JsonProp>;
}

const sorted = (xs: string[]) => [...xs].sort();

test('resolved schemata match FtM\'s compiled defaultModel.json', (t) => {
  const model = realModel();
  if (!model) return t.skip(SHARED_MISSING);
  const compiled = JSON.parse(readFileSync(join(defaultFtmDir(), 'defaultModel.json'), 'utf8')) as {
    schemata: Record<string, JsonSchema>;
  };
  const names = Object.keys(compiled.schemata);
  assert.equal(names.length, 70);
  for (const name of names) {
    const want = compiled.schemata[name];
    const got = model.get(name);
    assert.ok(got, `${name} missing`);
    assert.equal(got.origin, 'ftm');
    assert.equal(got.label, want.label, `${name}.label`);
    assert.equal(got.plural, want.plural, `${name}.plural`);
    assert.equal(got.abstract, !!want.abstract, `${name}.abstract`);
    assert.equal(got.matchable, !!want.matchable, `${name}.matchable`);
    assert.equal(!!got.hidden, !!want.hidden, `${name}.hidden`);
    assert.equal(!!got.generated, !!want.generated, `${name}.generated`);
    assert.equal(!!got.deprecated, !!want.deprecated, `${name}.deprecated`);
    assert.deepEqual(sorted(got.extends), sorted(want.extends ?? []), `${name}.extends`);
    assert.deepEqual(sorted(got.schemata), sorted(want.schemata), `${name}.schemata`);
    assert.deepEqual(got.featured, want.featured ?? [], `${name}.featured`);
    assert.deepEqual(got.caption, want.caption ?? [], `${name}.caption`);
    assert.deepEqual(got.required, want.required ?? [], `${name}.required`);
    assert.deepEqual(got.edge, want.edge, `${name}.edge`);
    assert.deepEqual(got.temporalExtent, want.temporalExtent, `${name}.temporalExtent`);

    // defaultModel.json lists each schema's own properties (stubs included); a schema has those of all
    // its ancestors. Reverse stubs that Puente's schemata add to FtM's (Address.firearmRecoveries …)
    // are not FtM's and are left out of the comparison.
    const expected = new Set(want.schemata.flatMap((a) => Object.keys(compiled.schemata[a].properties)));
    const ftmProps: Array<[string, Property]> = [...got.properties].filter(([, p]) => !(p.stub && model.get(p.range!)?.origin === 'puente'));
    assert.deepEqual(sorted(ftmProps.map(([n]) => n)), sorted([...expected]), `${name} property names`);
    for (const [pname, p] of ftmProps) {
      const def = compiled.schemata[p.schema]?.properties[pname];
      assert.ok(def, `${name}.${pname}: declared by ${p.schema} in defaultModel.json`);
      assert.ok(want.schemata.includes(p.schema), `${name}.${pname}: ${p.schema} is an ancestor`);
      const at = `${name}.${pname}`;
      assert.equal(p.label, def.label, `${at}.label`);
      assert.equal(p.type, def.type, `${at}.type`);
      assert.equal(p.range, def.range, `${at}.range`);
      assert.equal(p.reverse, def.reverse, `${at}.reverse`);
      assert.equal(!!p.stub, !!def.stub, `${at}.stub`);
      assert.equal(!!p.hidden, !!def.hidden, `${at}.hidden`);
      assert.equal(p.matchable, !!def.matchable, `${at}.matchable`);
      assert.equal(p.maxLength, def.maxLength, `${at}.maxLength`);
      assert.equal(p.format, def.format, `${at}.format`);
      assert.equal(!!p.deprecated, !!def.deprecated, `${at}.deprecated`);
      assert.equal(p.qname, `${p.schema}:${pname}`);
    }
  }
});

test('spotlight: Person, Company, Ownership, Payment and Sanction resolve as FtM does', (t) => {
  const model = realModel();
  if (!model) return t.skip(SHARED_MISSING);
  const person = model.get('Person')!;
  assert.deepEqual(person.schemata, ['Person', 'LegalEntity', 'Thing']);
  assert.equal(person.properties.get('birthDate')?.type, 'date');
  assert.equal(person.properties.get('name')?.schema, 'Thing');
  // A reverse stub created on LegalEntity by Ownership.owner, inherited by Person.
  assert.deepEqual(
    { ...person.properties.get('ownershipOwner') },
    { ...model.getProperty('LegalEntity', 'ownershipOwner') },
  );
  assert.equal(person.properties.get('ownershipOwner')?.range, 'Ownership');
  assert.equal(person.properties.get('ownershipOwner')?.stub, true);

  // Multiple inheritance: Company is an Organization and an Asset (with Value's amount).
  const company = model.get('Company')!;
  assert.ok(model.isA('Company', 'Asset') && model.isA('Company', 'Value') && model.isA('Company', 'LegalEntity'));
  assert.equal(company.properties.get('amount')?.schema, 'Value');
  assert.deepEqual(company.temporalExtent, { start: ['incorporationDate'], end: ['dissolutionDate'] });

  const ownership = model.get('Ownership')!;
  assert.deepEqual(ownership.edge, { source: 'owner', target: 'asset', label: 'owns', directed: true, caption: ['percentage'] });
  assert.equal(ownership.properties.get('owner')?.reverse, 'ownershipOwner');
  assert.deepEqual(ownership.temporalExtent, { start: ['startDate', 'date'], end: ['endDate'] });

  const payment = model.get('Payment')!;
  assert.deepEqual(payment.extends, ['Interval', 'Value']);
  assert.equal(payment.edge?.source, 'payer');
  assert.deepEqual(payment.required, ['payer', 'beneficiary']);

  // Sanction points at one entity and is deliberately not an edge (Interval.yaml).
  const sanction = model.get('Sanction')!;
  assert.equal(sanction.edge, undefined);
  assert.equal(sanction.properties.get('entity')?.range, 'Thing');
  assert.equal(model.getProperty('Thing', 'sanctions')?.stub, true);
  assert.equal(model.isPersonal('Sanction'), false);
});

test('generated src/generated/schemata.ts is up to date with the YAML', (t) => {
  const model = realModel();
  if (!model) return t.skip(SHARED_MISSING);
  const file = fileURLToPath(new URL('../src/generated/schemata.ts', import.meta.url));
  assert.equal(readFileSync(file, 'utf8'), renderSchemataTs(model),
    'out of date: run `npx tsx packages/model/scripts/gen-types.ts`');
});

test('loadModel caches per folder and reads FtM from the folder or its schema/ subfolder', () => {
  const a = loadModel({ ftmDir: FIXTURE_FTM_DIR });
  assert.equal(loadModel({ ftmDir: FIXTURE_FTM_DIR }), a);
  const b = loadModel({ ftmDir: join(FIXTURE_FTM_DIR, 'schema') });
  assert.deepEqual([...b.schemata.keys()], [...a.schemata.keys()]);
  assert.equal(a.sources.puenteDir, PUENTE_SCHEMA_DIR);
});

test('a missing FtM folder is a bilingual ModelError naming the folder', () => {
  const dir = join(tmpdir(), 'puente-no-such-ftm-folder');
  assert.throws(() => loadModel({ ftmDir: dir }), (err: unknown) => {
    assert.ok(err instanceof ModelError);
    assert.equal(err.code, 'missing_ftm_dir');
    assert.match(err.messages.en, /FollowTheMoney schema folder not found: .*puente-no-such-ftm-folder.*PUENTE_DATA/);
    assert.match(err.messages.es, /No se encontró la carpeta de esquemas de FollowTheMoney: .*puente-no-such-ftm-folder/);
    return true;
  });
});

/** Loads the fixture FtM model with one Puente YAML file of the given text. */
function withPuenteYaml(text: string, check: (load: () => unknown) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'puente-schema-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Test.yaml'), text);
    check(() => loadModel({ ftmDir: FIXTURE_FTM_DIR, puenteDir: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function throwsModelError(load: () => unknown, code: string, detail: RegExp) {
  assert.throws(load, (err: unknown) => {
    assert.ok(err instanceof ModelError, String(err));
    assert.equal(err.code, code);
    assert.match(err.messages.en, detail);
    assert.ok(err.messages.es.length > 0 && err.messages.es !== err.messages.en);
    return true;
  });
}

test('Puente schema YAML is checked strictly: misspelt keys, unknown types, ranges and references fail', () => {
  withPuenteYaml('Gadget:\n  extends: [Thing]\n  lable: Gadget\n', (load) => throwsModelError(load, 'invalid_schema', /unknown key "lable"/));
  withPuenteYaml('Gadget:\n  extends: [Thing]\n  properties:\n    size: { label: Size, type: bignum }\n', (load) =>
    throwsModelError(load, 'invalid_schema', /unknown type "bignum"/));
  withPuenteYaml('Gadget:\n  extends: [Thing]\n  properties:\n    maker: { label: Maker, type: entity, range: Nothing }\n', (load) =>
    throwsModelError(load, 'invalid_schema', /unknown range "Nothing"/));
  withPuenteYaml('Gadget:\n  extends: [Thing]\n  caption: [colour]\n', (load) =>
    throwsModelError(load, 'invalid_schema', /caption names unknown property "colour"/));
  withPuenteYaml('Gadget:\n  extends: [Widget]\nWidget:\n  extends: [Gadget]\n', (load) =>
    throwsModelError(load, 'invalid_schema', /extends cycle/));
  withPuenteYaml('Person:\n  extends: [Thing]\n', (load) => throwsModelError(load, 'duplicate_schema', /defined twice/));
  withPuenteYaml('Gadget:\n  extends: [Thing]\n  properties:\n    flag: { label: Flag, format: yesno }\n', (load) =>
    throwsModelError(load, 'invalid_schema', /unknown format "yesno"/));
  withPuenteYaml('Gadget: [1, 2\n', (load) => throwsModelError(load, 'invalid_yaml', /not valid YAML/));
  withPuenteYaml('Gadget:\n  extends: [Thing]\n  edge: { source: name, target: country, label: x }\n', (load) =>
    throwsModelError(load, 'invalid_schema', /edge end "name" is not an entity property/));
});

test('a well-formed Puente schema gets inheritance, reverse stubs and the personal flag', () => {
  withPuenteYaml([
    'Gadget:',
    '  extends: [Asset]',
    '  personal: true',
    '  properties:',
    '    maker:',
    '      label: Maker',
    '      type: entity',
    '      range: Organization',
    '      reverse: { name: gadgetsMade, label: Gadgets made, hidden: true }',
    'SmallGadget:',
    '  extends: [Gadget]',
  ].join('\n'), (load) => {
    const model = load() as ReturnType<typeof loadModel>;
    assert.equal(model.get('Gadget')?.origin, 'puente');
    assert.deepEqual(model.get('SmallGadget')?.schemata, ['SmallGadget', 'Gadget', 'Asset', 'Thing', 'Value']);
    assert.deepEqual(model.get('SmallGadget')?.caption, ['name'], 'caption falls back to the parent\'s');
    assert.equal(model.isPersonal('SmallGadget'), true);
    const stub = model.getProperty('Company', 'gadgetsMade');
    assert.equal(stub?.stub, true);
    assert.equal(stub?.hidden, true);
    assert.equal(stub?.range, 'Gadget');
    assert.equal(stub?.reverse, 'maker');
    assert.equal(model.getProperty('SmallGadget', 'amount')?.schema, 'Value');
  });
});
