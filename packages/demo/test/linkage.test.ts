import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  HARD_NEGATIVE_SHARE, LINKAGE_CSV_HEADER, LINKAGE_RATES, LINK_FIELDS, linkageCsvLine, linkagePopulation, linkageRecord,
  linkageSide, linkageSideDetailed, linkageTruth, type GeneratedRecord, type LinkageWorldOptions,
} from '../src/linkage/index';
import { curpCheckDigit } from '../src/core/identifiers';
// the engines' record type: a generated record must be one (checked by the type checker)
import type { LinkRecord as EngineLinkRecord } from '../../engines/src/linkage/record';
import { stripAccents } from '../src/core/util';
import { MX_FEMALE_COMPOUND, MX_FEMALE_GIVEN, MX_MALE_COMPOUND, MX_MALE_GIVEN, MX_SURNAMES } from '../src/tables/names-mx';
import { US_FEMALE_GIVEN, US_MALE_GIVEN, US_SURNAMES } from '../src/tables/names-us';
import { MX_TAIL_SIZE, US_TAIL_SIZE, mxTailSurname, usTailSurname } from '../src/linkage/tables';

const sha = (lines: Iterable<string>) => {
  const h = createHash('sha256');
  for (const l of lines) h.update(l + '\n');
  return h.digest('hex');
};
function* csv(opts: LinkageWorldOptions, side: 'us' | 'mx') {
  yield LINKAGE_CSV_HEADER;
  for (const r of linkageSide(opts, side)) yield linkageCsvLine(r);
}
function* truthCsv(opts: LinkageWorldOptions) {
  for (const [u, m] of linkageTruth(opts)) yield `${u},${m}`;
}

test('the same seed gives the same files; another seed or overlap gives others', () => {
  const opts = { perSide: 3000, seed: 11 };
  for (const side of ['us', 'mx'] as const) assert.equal(sha(csv(opts, side)), sha(csv({ ...opts }, side)));
  assert.equal(sha(truthCsv(opts)), sha(truthCsv({ ...opts })));
  assert.notEqual(sha(csv(opts, 'us')), sha(csv({ ...opts, seed: 12 }, 'us')));
  assert.notEqual(sha(truthCsv(opts)), sha(truthCsv({ ...opts, overlap: 0.3 })));
  // the header is the input contract
  assert.equal(LINKAGE_CSV_HEADER, 'rec_id,given_name,surname,second_surname,date_of_birth,sex,street_number,address_1,address_2,suburb,city,postcode,state,country,phone,soc_sec_id,id_number');
});

test('each side and the truth stream on their own and agree: every true pair is one person, every other pair is not', () => {
  for (const [perSide, overlap] of [[2500, 0.5], [1000, 0.2], [7, 1], [10, 0], [1, 1], [0, 0.5]] as const) {
    const opts = { perSide, seed: 5, overlap };
    const us = [...linkageSideDetailed(opts, 'us')];
    const mx = [...linkageSideDetailed(opts, 'mx')];
    assert.equal(us.length, perSide);
    assert.equal(mx.length, perSide);
    const truth = [...linkageTruth(opts)];
    assert.equal(truth.length, Math.round(overlap * perSide));
    const usById = new Map(us.map((g) => [g.record.id, g]));
    const mxById = new Map(mx.map((g) => [g.record.id, g]));
    assert.equal(usById.size, perSide, 'U.S. ids are unique');
    assert.equal(mxById.size, perSide, 'Mexican ids are unique');
    const seenMx = new Set<string>();
    for (const [u, m] of truth) {
      const a = usById.get(u)!;
      const b = mxById.get(m)!;
      assert.ok(a && b, `${u}/${m} exist`);
      assert.equal(a.person.index, b.person.index, `${u} and ${m} are one person`);
      assert.ok(a.matched && b.matched);
      assert.ok(!seenMx.has(m));
      seenMx.add(m);
    }
    // the matched people are exactly the truth; a one-side person is on one side only
    assert.equal(us.filter((g) => g.matched).length, truth.length);
    assert.equal(mx.filter((g) => g.matched).length, truth.length);
    const usPeople = new Set(us.map((g) => g.person.index));
    for (const g of mx) if (!g.matched) assert.ok(!usPeople.has(g.person.index));
    // linkageRecord gives the same record as the stream, at any position
    for (const g of us.slice(0, 20)) {
      const pos = Number(g.record.id.slice(3)) - 1;
      assert.deepEqual(linkageRecord(opts, 'us', pos).record, g.record);
    }
  }
  // the order gives nothing away: true pairs are not at the same positions
  const t = [...linkageTruth({ perSide: 2000, seed: 1 })];
  assert.ok(t.filter(([u, m]) => u.slice(3) === m.slice(3)).length < 20);
});

test('a record of a 1,000,000-per-side world is computed without generating the others (bounded memory)', () => {
  const big = { perSide: 1_000_000, seed: 3 };
  const last = linkageRecord(big, 'mx', 999_999);
  const asEngineRecord: EngineLinkRecord = last.record;
  assert.ok(asEngineRecord.values);
  assert.throws(() => linkageRecord({ perSide: 300_000_000 }, 'us', 0), RangeError);
  assert.equal(last.record.id, 'mx-1000000');
  let k = 0;
  for (const r of linkageSide(big, 'us')) {
    assert.match(r.id, /^us-\d{7}$/);
    if (++k === 50) break;
  }
  let pairs = 0;
  for (const [u, m] of linkageTruth(big)) {
    const a = linkageRecord(big, 'us', Number(u.slice(3)) - 1);
    const b = linkageRecord(big, 'mx', Number(m.slice(3)) - 1);
    assert.equal(a.person.index, b.person.index);
    if (++pairs === 20) break;
  }
});

/** Observed share of `tag` among records for which `eligible` holds. */
function share(records: GeneratedRecord[], tag: string, eligible: (g: GeneratedRecord) => boolean = () => true): { rate: number; n: number } {
  const pool = records.filter(eligible);
  return { rate: pool.filter((g) => g.tags.includes(tag)).length / Math.max(1, pool.length), n: pool.length };
}
/** Within 4 standard errors (and 0.01) of the configured rate. */
function near(observed: { rate: number; n: number }, expected: number, label: string) {
  const se = Math.sqrt((expected * (1 - expected)) / Math.max(1, observed.n));
  if (!(Math.abs(observed.rate - expected) <= 4 * se + 0.01)) assert.fail(`${label}: ${observed.rate.toFixed(4)} vs ${expected} (n ${observed.n})`);
}

test('variations occur at the configured rates', () => {
  const opts = { perSide: 20_000, seed: 8 };
  for (const side of ['us', 'mx'] as const) {
    const r = LINKAGE_RATES[side];
    const recs = [...linkageSideDetailed(opts, side)];
    near(share(recs, 'plain'), r.plain, `${side} plain`);
    near(share(recs, 'upper'), r.upper, `${side} upper`);
    near(share(recs, 'missing:date_of_birth'), r.dobMissing, `${side} dob missing`);
    near(share(recs, 'missing:sex'), r.sexMissing, `${side} sex missing`);
    near(share(recs, 'typo:given'), r.typoGiven, `${side} typo given`);
    near(share(recs, 'typo:surname'), r.typoSurname, `${side} typo surname`);
    near(share(recs, 'numberInStreet'), r.numberInStreet, `${side} number in street`);
    const compound = (g: GeneratedRecord) => g.person.given.includes(' ');
    near(share(recs, 'truncated', compound), r.truncated, `${side} truncated`);
    const withMaternal = (g: GeneratedRecord) => !!g.person.maternal;
    for (const [form, rate] of Object.entries(r.maternal)) {
      if (form === 'separate') continue; // untagged: the plain case
      near(share(recs, `maternal:${form}`, withMaternal), rate, `${side} maternal ${form}`);
    }
    // a swap needs a day ≤ 12 different from the month and a date that is not missing (the swap is drawn first)
    const swappable = (g: GeneratedRecord) => {
      const d = Number(g.person.birthDate.slice(8, 10));
      return d <= 12 && d !== Number(g.person.birthDate.slice(5, 7)) && !g.tags.includes('missing:date_of_birth');
    };
    near(share(recs, 'dmySwap', swappable), r.dmySwap, `${side} day/month swap`);
    // moved: drawn for every record, applied where the record shows the home address
    const atHome = (g: GeneratedRecord) => !g.tags.includes('foreignAddress') && (side === 'us' ? g.person.lives === 'US' : g.person.lives === 'MX');
    near(share(recs, 'moved', atHome), r.moved, `${side} moved`);
  }
  // the variations are visible in the values
  const us = [...linkageSideDetailed({ perSide: 3000, seed: 2 }, 'us')];
  for (const g of us) {
    const v = g.record.values;
    if (g.tags.includes('dmySwap')) {
      const b = g.person.birthDate;
      assert.equal(v.date_of_birth, `${b.slice(0, 4)}-${b.slice(8, 10)}-${b.slice(5, 7)}`);
    }
    if (g.tags.includes('maternal:hyphenated') && !g.tags.includes('typo:surname')) assert.ok(v.surname!.includes('-'));
    if (g.tags.includes('plain')) assert.equal(Object.values(v).join(' '), stripAccents(Object.values(v).join(' ')));
    if (g.tags.includes('missing:date_of_birth')) assert.equal(v.date_of_birth, undefined);
    if (g.tags.includes('nickname')) assert.notEqual(v.given_name!.split(' ')[0]!.toLowerCase(), stripAccents(g.person.given.split(' ')[0]!).toLowerCase());
  }
});

test('each side keeps its own fields and formats: SSNs only in the U.S., CURPs mostly in Mexico, ISO dates', () => {
  const opts = { perSide: 4000, seed: 21 };
  const us = [...linkageSide(opts, 'us')];
  const mx = [...linkageSide(opts, 'mx')];
  assert.ok(mx.every((r) => r.values.soc_sec_id === undefined), 'no SSN in the Mexican source');
  const curp = /^[A-Z]{4}\d{6}[HM][A-Z]{5}[0-9A-Z]\d$/;
  const mxCurps = mx.filter((r) => curp.test(r.values.id_number ?? '')).length;
  const usCurps = us.filter((r) => curp.test(r.values.id_number ?? '')).length;
  assert.ok(mxCurps > mx.length * 0.4, `${mxCurps} CURPs in Mexico`);
  assert.ok(usCurps < us.length * 0.03, `${usCurps} CURPs in the U.S.`);
  assert.ok(us.filter((r) => r.values.soc_sec_id).length > us.length * 0.3);
  for (const r of [...us, ...mx]) {
    if (r.values.date_of_birth) assert.match(r.values.date_of_birth, /^\d{4}-\d{2}-\d{2}$/);
    if (r.values.sex) assert.match(r.values.sex, /^[MF]$/);
    assert.match(r.values.country ?? 'MX', /^(MX|US)$/);
    for (const k of Object.keys(r.values)) assert.ok((LINK_FIELDS as readonly string[]).includes(k));
    for (const v of Object.values(r.values)) assert.ok(v !== '' && v === v!.trim(), `${r.id} has an empty or padded value`);
  }
  // native style: U.S. MM/DD/YYYY, Mexican DD/MM/YYYY and sex H/M
  const nus = linkageRecord({ ...opts, dateStyle: 'native' }, 'us', 0).record.values;
  const iso = linkageRecord(opts, 'us', 0).record.values;
  if (iso.date_of_birth) assert.equal(nus.date_of_birth, `${iso.date_of_birth.slice(5, 7)}/${iso.date_of_birth.slice(8, 10)}/${iso.date_of_birth.slice(0, 4)}`);
  const nmx = [...linkageSide({ perSide: 50, seed: 21, dateStyle: 'native' }, 'mx')];
  assert.ok(nmx.every((r) => !r.values.sex || /^[HM]$/.test(r.values.sex)));
  assert.ok(nmx.every((r) => !r.values.date_of_birth || /^\d{2}\/\d{2}\/\d{4}$/.test(r.values.date_of_birth)));
});

test('hard negatives: relatives at the same address and namesakes of matched people, at the configured share', () => {
  const opts = { perSide: 10_000, seed: 4 };
  const us = [...linkageSideDetailed(opts, 'us')];
  const oneSide = us.filter((g) => !g.matched);
  const negatives = oneSide.filter((g) => g.person.relation);
  near({ rate: negatives.length / oneSide.length, n: oneSide.length }, HARD_NEGATIVE_SHARE, 'hard negatives');
  const relations = new Set(negatives.map((g) => g.person.relation));
  for (const r of ['sibling', 'parent', 'child', 'namesake']) assert.ok(relations.has(r as never), `no ${r}`);
  const mxSide = [...linkageSideDetailed(opts, 'mx')];
  const matchedByIndex = new Map(mxSide.filter((g) => g.matched).map((g) => [g.person.index, g.person]));
  let juniors = 0;
  for (const g of negatives) {
    const of = matchedByIndex.get(g.person.relativeOf!)!;
    assert.ok(of, 'made from a matched person');
    assert.equal(g.person.paternal, of.paternal);
    assert.notEqual(g.person.birthDate, of.birthDate);
    if (g.person.relation === 'sibling' || g.person.relation === 'parent' || g.person.relation === 'child') {
      assert.deepEqual(g.person.home, of.home, 'relatives share the address');
    }
    if (g.person.relation === 'namesake') assert.equal(g.person.given, of.given);
    if (g.person.suffix) juniors++;
  }
  assert.ok(juniors > 0, 'some father/son pairs are Jr./Sr.');
});

test('no real personal data: names from the demo tables and invented tails, never-issued SSNs, valid synthetic CURPs', () => {
  const given = new Set<string>();
  for (const t of [MX_MALE_GIVEN, MX_FEMALE_GIVEN, MX_MALE_COMPOUND, MX_FEMALE_COMPOUND, US_MALE_GIVEN, US_FEMALE_GIVEN]) {
    for (const [n] of t) for (const w of n.split(' ')) given.add(stripAccents(w).toLowerCase());
  }
  const surnames = new Set<string>([...MX_SURNAMES, ...US_SURNAMES].map(([n]) => n));
  for (let k = 0; k < MX_TAIL_SIZE; k++) surnames.add(mxTailSurname(k));
  for (let k = 0; k < US_TAIL_SIZE; k++) surnames.add(usTailSurname(k));
  const pop = [...linkagePopulation(5000, 9)];
  assert.equal(pop.length, 5000);
  assert.equal(new Set(pop.map((r) => r.id)).size, 5000);
  for (const r of pop) {
    const v = r.values;
    for (const w of v.given_name!.split(' ')) assert.ok(given.has(stripAccents(w).toLowerCase()), `given ${w}`);
    assert.ok(surnames.has(v.surname!), `surname ${v.surname}`);
    if (v.second_surname) assert.ok(surnames.has(v.second_surname), `surname ${v.second_surname}`);
    if (v.soc_sec_id) assert.match(v.soc_sec_id, /^9\d\d-\d\d-\d{4}$/);
    if (v.id_number) assert.equal(v.id_number.slice(-1), curpCheckDigit(v.id_number.slice(0, 17)));
  }
  // Zipf-like skew: a few surnames are very common, and there is a long tail
  const counts = new Map<string, number>();
  for (const r of pop) counts.set(r.values.surname!, (counts.get(r.values.surname!) ?? 0) + 1);
  const sorted = [...counts.values()].sort((a, b) => b - a);
  assert.ok(sorted[0]! > pop.length * 0.02, `top surname ${sorted[0]}`);
  assert.ok(counts.size > 400, `${counts.size} distinct surnames`);
  assert.ok(sorted.filter((c) => c === 1).length > 100, 'a long tail of rare surnames');
  // both populations: accents and compound names kept in the clean records
  assert.ok(pop.some((r) => /[áéíóúñ]/i.test(r.values.given_name! + r.values.surname!)));
  assert.deepEqual([...linkagePopulation(50, 9)], pop.slice(0, 50), 'deterministic, and a prefix of a larger population');
});
