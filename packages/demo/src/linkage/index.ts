/**
 * U.S.–Mexico linkage generator (issue 4): two sources of person records — a U.S. source (trace results, bank
 * customer records) and a Mexican source (a company register) — in which a known share of the people appear on
 * both sides, written the way each side writes them, plus hard negatives (siblings and fathers/sons at the same
 * address, namesakes). Seeded and deterministic; every record is computed from (seed, index) alone, so each side
 * and the truth stream independently in bounded memory, at any size (10k, 100k, 1M per side and beyond).
 *
 * Layout of one world of `perSide` records per side and overlap F:
 *  - M = round(F · perSide) matched people (index 0 … M−1) have one record on each side;
 *  - perSide − M U.S.-only and perSide − M Mexico-only people fill the sides; a share of them
 *    (HARD_NEGATIVE_SHARE) are relatives or namesakes of a matched person;
 *  - each side's records are in a seeded random order (a Feistel permutation), ids `us-0000001…`, `mx-0000001…`,
 *    so neither the order nor the ids give the pairs away.
 *
 * Columns are the input contract (LINK_FIELDS). Formats: date_of_birth ISO `YYYY-MM-DD` on both sides
 * (a day/month swap is a real error in the value, not a format); `dateStyle: 'native'` writes U.S. `MM/DD/YYYY`
 * and Mexican `DD/MM/YYYY` and the Mexican sex as H/M instead. sex M/F; country ISO 3166 alpha-2 (MX, US) of the
 * address. Which identifiers overlap, as in real cross-border records: soc_sec_id only on the U.S. side (SSN-shaped,
 * never-issued 9xx area); id_number on the Mexican side is mostly a CURP (else a passport), on the U.S. side now and
 * then a passport and rarely the CURP — so an exact id match across the border is rare. Everything is synthetic.
 */
import { LINK_FIELDS, type LinkField, type LinkRecord } from './record';
import { Permutation, itemRng, streamKey } from './prng';
import { personAt, type LinkPerson, type PersonKind, type PersonSource } from './people';
import { LINKAGE_RATES, renderRecord, type DateStyle, type Values } from './render';

export { LINK_FIELDS, LINKAGE_RATES, type LinkField, type LinkRecord, type LinkPerson, type DateStyle };

export interface LinkageWorldOptions {
  /** Records on each side. */
  perSide: number;
  seed?: number;
  /** Share of each side's records whose person is also on the other side (default 0.5). */
  overlap?: number;
  /** Date (and MX sex) format: 'iso' (default) or each side's 'native' one (see the module comment). */
  dateStyle?: DateStyle;
}

export const DEFAULT_LINKAGE_SEED = 20260916;
export const DEFAULT_OVERLAP = 0.5;
/** Largest side the generator supports (its per-item random streams are indexed by 32-bit words). */
export const MAX_PER_SIDE = 250_000_000;
/** Share of one-side people made as a relative or namesake of a matched person. */
export const HARD_NEGATIVE_SHARE = 0.08;

const STREAM = { person: 1, household: 2, us: 3, mx: 4, permUs: 5, permMx: 6, population: 7, ids: 9, populationHouseholds: 10, populationIds: 11 } as const;

interface Plan {
  n: number;
  matched: number;
  src: PersonSource;
  perm: { us: Permutation; mx: Permutation };
  renderKey: { us: number; mx: number };
  style: DateStyle;
  width: number;
}

function plan(opts: LinkageWorldOptions): Plan {
  const n = opts.perSide;
  // indices of people (≤ 2n) times four must stay below 2^32 for the per-item streams to stay distinct
  if (!Number.isInteger(n) || n < 0 || n > MAX_PER_SIDE) throw new RangeError(`perSide must be an integer in [0, ${MAX_PER_SIDE}], got ${n}`);
  const overlap = opts.overlap ?? DEFAULT_OVERLAP;
  if (!(overlap >= 0 && overlap <= 1)) throw new RangeError(`overlap must be in [0, 1], got ${overlap}`);
  const seed = opts.seed ?? DEFAULT_LINKAGE_SEED;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const matched = Math.round(overlap * n);
  return {
    n, matched,
    src: { personKey: streamKey(seed, STREAM.person), householdKey: streamKey(seed, STREAM.household), idKey: streamKey(seed, STREAM.ids), matched, hardNegatives: HARD_NEGATIVE_SHARE },
    perm: { us: new Permutation(Math.max(1, n), streamKey(seed, STREAM.permUs)), mx: new Permutation(Math.max(1, n), streamKey(seed, STREAM.permMx)) },
    renderKey: { us: streamKey(seed, STREAM.us), mx: streamKey(seed, STREAM.mx) },
    style: opts.dateStyle ?? 'iso',
    width: Math.max(7, String(n).length),
  };
}

function recordId(side: 'us' | 'mx', position: number, width: number): string {
  const s = String(position + 1);
  return `${side}-${s.length < width ? '0'.repeat(width - s.length) + s : s}`;
}

/** The person behind slot `slot` of a side: matched people first, then that side's own people. */
function personIndex(p: Plan, side: 'us' | 'mx', slot: number): { index: number; kind: PersonKind } {
  if (slot < p.matched) return { index: slot, kind: 'shared' };
  const own = slot - p.matched;
  return side === 'us' ? { index: p.matched + own, kind: 'us' } : { index: p.n + own, kind: 'mx' };
}

export interface GeneratedRecord {
  record: LinkRecord;
  person: LinkPerson;
  /** Variations applied to this record (see LINKAGE_RATES). */
  tags: string[];
  /** Whether the person also has a record on the other side. */
  matched: boolean;
}

function recordAt(p: Plan, side: 'us' | 'mx', position: number, tags?: string[]): { record: LinkRecord; person: LinkPerson; matched: boolean } {
  const slot = p.perm[side].forward(position);
  const { index, kind } = personIndex(p, side, slot);
  const person = personAt(p.src, index, kind);
  // the render stream is per person and side, so a matched person's record is the same wherever it sits
  const values: Values = renderRecord(itemRng(p.renderKey[side], index), person, side, p.style, tags);
  return { record: { id: recordId(side, position, p.width), values }, person, matched: kind === 'shared' };
}

/** The records of one side, in id order (streams: nothing is held). */
export function* linkageSide(opts: LinkageWorldOptions, side: 'us' | 'mx'): Generator<LinkRecord> {
  if (side !== 'us' && side !== 'mx') throw new RangeError(`side must be 'us' or 'mx', got ${String(side)}`);
  const p = plan(opts);
  for (let i = 0; i < p.n; i++) yield recordAt(p, side, i).record;
}

/** The records of one side with the person behind each and the variations applied (tests, error analysis). */
export function* linkageSideDetailed(opts: LinkageWorldOptions, side: 'us' | 'mx'): Generator<GeneratedRecord> {
  if (side !== 'us' && side !== 'mx') throw new RangeError(`side must be 'us' or 'mx', got ${String(side)}`);
  const p = plan(opts);
  for (let i = 0; i < p.n; i++) {
    const tags: string[] = [];
    yield { ...recordAt(p, side, i, tags), tags };
  }
}

/** The true pairs [usId, mxId], in U.S. id order (streams: nothing is held). */
export function* linkageTruth(opts: LinkageWorldOptions): Generator<[string, string]> {
  const p = plan(opts);
  for (let i = 0; i < p.n; i++) {
    const slot = p.perm.us.forward(i);
    if (slot < p.matched) yield [recordId('us', i, p.width), recordId('mx', p.perm.mx.inverse(slot), p.width)];
  }
}

/** One record with the person behind it and the variations applied (for tests and the demo layer). */
export function linkageRecord(opts: LinkageWorldOptions, side: 'us' | 'mx', position: number): GeneratedRecord {
  const p = plan(opts);
  if (!Number.isInteger(position) || position < 0 || position >= p.n) throw new RangeError(`position out of range: ${position}`);
  const tags: string[] = [];
  return { ...recordAt(p, side, position, tags), tags };
}

/**
 * `n` clean people (no variation, no hard negatives), each written once the way their own country writes them —
 * full names with accents, both surnames — with ids `p-0000001…`: the population for frequency attacks on
 * encodings (name frequencies as in the sides).
 */
export function* linkagePopulation(n: number, seed: number = DEFAULT_LINKAGE_SEED): Generator<LinkRecord> {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PER_SIDE) throw new RangeError(`n must be an integer in [0, ${MAX_PER_SIDE}], got ${n}`);
  const src: PersonSource = { personKey: streamKey(seed, STREAM.population), householdKey: streamKey(seed, STREAM.populationHouseholds), idKey: streamKey(seed, STREAM.populationIds), matched: 0, hardNegatives: 0 };
  const width = Math.max(7, String(n).length);
  for (let i = 0; i < n; i++) {
    const kind: PersonKind = i % 2 === 0 ? 'mx' : 'us';
    const person = personAt(src, i, kind);
    const s = String(i + 1);
    yield { id: `p-${s.length < width ? '0'.repeat(width - s.length) + s : s}`, values: cleanValues(person) };
  }
}

function cleanValues(p: LinkPerson): Values {
  const a = p.home;
  const v: Values = {
    given_name: p.middle ? `${p.given} ${p.middle}` : p.given, surname: p.paternal, date_of_birth: p.birthDate, sex: p.sex,
    street_number: a.number, address_1: a.street, city: a.city, postcode: a.postcode, state: a.state, country: a.country,
    phone: p.phone.national,
  };
  if (p.maternal) v.second_surname = p.maternal;
  if (a.unit) v.address_2 = a.unit;
  if (a.suburb) v.suburb = a.suburb;
  if (p.lives === 'US' && p.ssn) v.soc_sec_id = p.ssn;
  if (p.lives === 'MX' && p.curp) v.id_number = p.curp;
  return v;
}

/** A CSV cell: quoted when it holds a comma, quote or line break. */
export function csvCell(s: string | undefined): string {
  if (s === undefined || s === '') return '';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV header line of generated records: rec_id then LINK_FIELDS. */
export const LINKAGE_CSV_HEADER = ['rec_id', ...LINK_FIELDS].join(',');

/** One record as a CSV line (no line end), columns as LINKAGE_CSV_HEADER. */
export function linkageCsvLine(r: LinkRecord): string {
  let line = csvCell(r.id);
  for (const f of LINK_FIELDS) line += ',' + csvCell(r.values[f]);
  return line;
}
