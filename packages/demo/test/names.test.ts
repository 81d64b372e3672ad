import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Entity } from '@puente/model';
import { generateWorld } from '../src/index';
import { curpCheckDigit, clabeCheckDigit, makeCurp, makeFakeSsn } from '../src/core/identifiers';
import { Rng } from '../src/rng';
import { defaultWorld } from './helpers/world';

const p = (e: Entity, k: string) => e.properties[k]?.[0];
const people = (es: Entity[]) => es.filter((e) => e.schema === 'Person');
/** Mexican nationals (Mexican naming); dual nationals born in the U.S. may be named either way. */
const mexicans = (es: Entity[]) => people(es).filter((e) => e.properties.nationality?.join() === 'mx');

// RENAPO's published validation pattern for a CURP (state list includes NE, born abroad).
const CURP = /^[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HM](AS|BC|BS|CC|CS|CH|CL|CM|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d$/;
const RFC_PERSON = /^[A-ZÑ&]{4}\d{6}[A-Z0-9]{3}$/;

function checkMexicanPerson(e: Entity) {
  const father = p(e, 'fatherName');
  const mother = p(e, 'motherName');
  assert.ok(father && mother, `${e.id} ${p(e, 'name')}: two surnames`);
  assert.equal(p(e, 'lastName'), `${father} ${mother}`);
  const given = [p(e, 'firstName'), p(e, 'secondName')].filter(Boolean).join(' ');
  assert.equal(p(e, 'name'), `${given} ${father} ${mother}`);
  const curp = p(e, 'idNumber');
  assert.ok(curp && CURP.test(curp), `${e.id}: CURP ${curp}`);
  assert.equal(curp.slice(-1), curpCheckDigit(curp.slice(0, 17)), `${curp}: check digit`);
  assert.equal(curp.slice(4, 10), p(e, 'birthDate')!.slice(2).replace(/-/g, ''), 'CURP carries the birth date');
  assert.equal(curp[10], p(e, 'gender') === 'male' ? 'H' : 'M');
  const rfc = p(e, 'taxNumber');
  if (rfc) {
    assert.ok(RFC_PERSON.test(rfc), `RFC ${rfc}`);
    assert.equal(rfc.slice(0, 10), curp.slice(0, 10), 'RFC and CURP share name letters and birth date');
  }
}

test('every Mexican national has a paternal and a maternal surname and a valid CURP', () => {
  const list = mexicans(defaultWorld().entities);
  assert.ok(list.length > 800);
  for (const e of list) checkMexicanPerson(e);
});

test('Mexican names look Mexican: accents, compound given names, frequent surnames', () => {
  const list = mexicans(defaultWorld().entities);
  const share = (f: (e: Entity) => boolean) => list.filter(f).length / list.length;
  // Accents: most Mexican records carry at least one (Hernández, García, José…), unless a U.S. system dropped them.
  const accented = share((e) => /[áéíóúñüÁÉÍÓÚÑ]/.test(p(e, 'name')!));
  assert.ok(accented > 0.5 && accented < 0.95, `accented share ${accented}`);
  const compound = share((e) => !!p(e, 'secondName'));
  assert.ok(compound > 0.2 && compound < 0.55, `compound given names ${compound}`);
  assert.ok(list.some((e) => /ñ/.test(p(e, 'name')!)), 'some names have ñ');
  assert.ok(list.some((e) => p(e, 'name')!.startsWith('José Luis ')) && list.some((e) => p(e, 'name')!.startsWith('María Guadalupe ')));
  // The most frequent surname is Hernández (as in Mexico), well ahead of a rare one.
  const count = new Map<string, number>();
  for (const e of list) for (const s of [p(e, 'fatherName')!, p(e, 'motherName')!]) count.set(s, (count.get(s) ?? 0) + 1);
  const top = [...count].sort((a, b) => b[1] - a[1])[0]![0];
  assert.ok(['Hernández', 'Hernandez'].includes(top), `top surname ${top}`);
  assert.ok(count.size > 80, `${count.size} distinct surnames`);
});

test('U.S. names: first name, middle initial, one surname; Hispanic-Americans with one or hyphenated surnames', () => {
  const us = people(defaultWorld().entities).filter((e) => e.properties.nationality?.includes('us') && !p(e, 'fatherName'));
  assert.ok(us.length > 300);
  for (const e of us) {
    assert.ok(p(e, 'firstName') && p(e, 'lastName'));
    assert.ok(!p(e, 'motherName'));
    const middle = p(e, 'middleName');
    assert.equal(p(e, 'name'), [p(e, 'firstName'), middle, p(e, 'lastName')].filter(Boolean).join(' '));
    const ssn = p(e, 'socialSecurityNumber');
    if (ssn) assert.match(ssn, /^9\d{2}-\d{2}-\d{4}$/);
  }
  assert.ok(us.filter((e) => /^[A-Z]\.$/.test(p(e, 'middleName') ?? '')).length / us.length > 0.3, 'middle initials are common');
  assert.ok(us.some((e) => /^[A-Z][a-z]+-[A-Z][a-z]+$/.test(p(e, 'lastName')!)), 'some hyphenated surnames');
  assert.ok(us.some((e) => /^(Garcia|Hernandez|Martinez|Lopez|Gonzalez|Rodriguez|Perez|Sanchez|Ramirez)$/.test(p(e, 'lastName')!)));
  assert.ok(us.some((e) => ['Smith', 'Johnson', 'Williams'].includes(p(e, 'lastName')!)));
});

test('SSNs stay in the 9xx area and outside ITIN group numbers', () => {
  const r = new Rng(11);
  for (let i = 0; i < 5000; i++) {
    const [area, group] = makeFakeSsn(r).split('-').map(Number) as [number, number];
    assert.ok(area >= 900 && area <= 999);
    assert.ok(!((group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94), `group ${group}`);
  }
});

test('CURP letters follow RENAPO rules for compound names, particles and ñ', () => {
  const r = new Rng(1);
  const curp = (paternal: string, maternal: string, given: string) =>
    makeCurp(r, { paternal, maternal, given, birthDate: '1985-04-12', sex: 'H', stateCode: 'JC' });
  assert.equal(curp('Hernández', 'García', 'José Luis').slice(0, 4), 'HEGL', 'José is skipped in a compound name');
  assert.equal(curp('de la Cruz', 'Núñez', 'Juan').slice(0, 4), 'CUNJ', 'particles are skipped');
  assert.equal(curp('Muñoz', 'Peña', 'Ana').slice(13, 16), 'XXN', 'ñ is written X in the consonant positions');
  assert.equal(curp('Peña', '', 'María').slice(0, 4), 'PEXM', 'no maternal surname → X');
  assert.equal(curp('López', 'Torres', 'José Luis').slice(4, 13), '850412HJC');
  // Check digit worked by hand: Σ value·(18−i) = 1504 over B,A,D,D,1,1,0,3,1,3,H,C,M,L,N,S,0 → (10 − 4) mod 10 = 6.
  assert.equal(curpCheckDigit('BADD110313HCMLNS0'), '6');
  // Changing the last character by one step changes the digit (its weight, 2, is not 0 mod 10).
  assert.notEqual(curpCheckDigit('BADD110313HCMLNS1'), '6');
});

test('CLABE account numbers carry a valid Banxico check digit', () => {
  for (const e of defaultWorld().entities.filter((x) => x.schema === 'BankAccount' && p(x, 'country') === 'mx')) {
    const n = p(e, 'accountNumber')!;
    assert.match(n, /^\d{18}$/);
    assert.equal(n.slice(-1), clabeCheckDigit(n.slice(0, 17)));
  }
  assert.equal(clabeCheckDigit('03218000011835971'), '9'); // Banxico's published example 032180000118359719
});

test('companies carry their country\'s legal forms and identifiers', () => {
  const cos = defaultWorld().entities.filter((e) => e.schema === 'Company');
  const mx = cos.filter((e) => p(e, 'jurisdiction') === 'mx');
  const us = cos.filter((e) => p(e, 'jurisdiction') === 'us');
  assert.ok(mx.length > 100 && us.length > 100);
  for (const e of mx) {
    assert.match(p(e, 'name')!, /, (S\.A\. de C\.V\.|S\. de R\.L\. de C\.V\.|S\.A\.P\.I\. de C\.V\.|S\.C\.|S\.A\.S\.)$/);
    assert.match(p(e, 'taxNumber')!, /^[A-ZÑ&]{3}\d{6}[A-Z0-9]{3}$/);
    assert.equal(p(e, 'taxNumber')!.slice(3, 9), p(e, 'incorporationDate')!.slice(2).replace(/-/g, ''));
    assert.match(p(e, 'registrationNumber')!, /^N-\d{10}$/);
    assert.ok(p(e, 'legalForm'));
  }
  for (const e of us) {
    assert.match(p(e, 'name')!, /( LLC|,? Inc\.| Corp\.| L\.P\.)$/);
    assert.match(p(e, 'irsCode')!, /^\d{2}-\d{7}$/);
  }
  assert.ok(mx.some((e) => p(e, 'name')!.endsWith('S.A. de C.V.')) && mx.some((e) => p(e, 'name')!.endsWith('S. de R.L. de C.V.')));
  assert.ok(us.some((e) => p(e, 'name')!.endsWith('LLC')) && us.some((e) => p(e, 'name')!.endsWith('Inc.')));
});

test('addresses are in both countries, on real states, with postal codes of the right shape', () => {
  const adrs = defaultWorld().entities.filter((e) => e.schema === 'Address');
  for (const e of adrs) {
    const c = p(e, 'country');
    if (c === 'mx') assert.match(p(e, 'postalCode')!, /^\d{5}$/);
    else assert.match(p(e, 'postalCode')!, /^\d{5}$/);
    assert.ok(p(e, 'full')!.includes(p(e, 'city')!));
  }
  const states = new Set(adrs.map((e) => p(e, 'state')));
  for (const s of ['Baja California', 'Chihuahua', 'Tamaulipas', 'Jalisco', 'Texas', 'California', 'Arizona']) assert.ok(states.has(s), s);
  const cities = new Set(adrs.map((e) => p(e, 'city')));
  assert.ok(['Tijuana', 'Ciudad Juárez', 'Nuevo Laredo', 'El Paso', 'Laredo'].filter((c) => cities.has(c)).length >= 4, 'border towns');
});

test('property: for any seed, Mexican nationals keep two surnames and valid CURPs', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
      for (const e of mexicans(generateWorld({ seed, people: 60, companies: 10 }).entities)) checkMexicanPerson(e);
    }),
    { numRuns: 40 },
  );
});
