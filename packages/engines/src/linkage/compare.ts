/**
 * Prepared records and the comparisons of Fellegi–Sunter linkage. Each comparison maps a pair of prepared
 * records to a level index: 0 is always 'missing' (weight 0), then levels from the strongest agreement to
 * 'different' (the last). Levels and their stable codes are part of the model and of every explanation.
 */
import type { LinkRecord } from './record';
import { canonicalGiven, digits, fold, jaroWinkler, osa, plain, within1 } from './text';

export interface Dob { y: number; m: number; d: number; s: string }

export interface Prepared {
  id: string;
  givenPlain: string;
  given: string; // folded
  givenTokens: string[];
  /** formal forms of the first given token (nicknames resolved; itself included) */
  givenForms: string[];
  surnamePlain: string;
  surname: string; // folded, surname + second surname
  surnameTokens: string[];
  dob: Dob | null;
  /** generational suffix ('jr', 'sr', 'ii', 'iii', 'iv'), taken out of the names; '' when there is none */
  suffix: string;
  sex: string;
  streetNumber: string;
  address1: string;
  address2: string;
  suburb: string;
  city: string;
  postcode: string;
  state: string;
  country: string;
  phone: string;
  /** street: number tokens (sorted, joined) and word tokens (joined) of street_number + address_1 */
  streetNums: string;
  streetWords: string;
  ssn: string;
  idNumber: string;
}

/** Lower bound on m of 'different' (the last level) for every comparison: any field of the same person disagrees now
 *  and then. A level whose m is bounded by it is as strong a disagreement as the model allows. */
export const MIN_DIFFERENT = 0.005;

const SURNAME_PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'da', 'van', 'von', 'der', 'di', 'le']);

/** Date of birth from YYYYMMDD, YYYY-MM-DD / YYYY/MM/DD or DD/MM/YYYY (DD-MM-YYYY); otherwise its digits only. */
export function parseDob(raw: string | undefined): Dob | null {
  if (!raw) return null;
  const t = raw.trim();
  let y = NaN, m = NaN, d = NaN;
  let mt = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:[T ].*)?$/.exec(t);
  if (mt && (t.length !== 8 || /^\d{8}$/.test(t))) {
    y = +mt[1]; m = +mt[2]; d = +mt[3];
  } else if ((mt = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t))) {
    d = +mt[1]; m = +mt[2]; y = +mt[3];
  }
  const ds = digits(t);
  if (!ds) return null;
  if (!Number.isFinite(y)) return { y: -1, m: -1, d: -1, s: ds };
  return { y, m, d, s: `${String(y).padStart(4, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}` };
}

const STREET_WORDS = new Set(['calle', 'c', 'av', 'avenida', 'ave', 'st', 'street', 'rd', 'road', 'dr', 'drive', 'blvd', 'boulevard', 'no', 'num', 'numero', 'n', 'ln', 'lane', 'way', 'pl', 'place', 'ct', 'court']);

function street(num: string, addr: string): { streetNums: string; streetWords: string } {
  const toks = `${num} ${addr}`.split(' ').filter(Boolean);
  const nums = toks.filter((t) => /\d/.test(t)).sort();
  const words = toks.filter((t) => !/\d/.test(t) && !STREET_WORDS.has(t));
  return { streetNums: nums.join(' '), streetWords: words.join(' ') };
}

/** Generational suffixes as U.S. records write them ("John Smith Jr.", "Smith III"), folded. */
const GENERATIONAL: Readonly<Record<string, string>> = { jr: 'jr', junior: 'jr', sr: 'sr', senior: 'sr', ii: 'ii', iii: 'iii', iv: 'iv' };

/** A folded name without its generational suffix (a last token only, so "Junior" as a given name stays), and the suffix. */
function splitSuffix(folded: string): [string, string] {
  const toks = folded ? folded.split(' ') : [];
  const last = toks.length > 1 ? GENERATIONAL[toks[toks.length - 1]] : undefined;
  return last ? [toks.slice(0, -1).join(' '), last] : [folded, ''];
}

const withoutSuffix = (raw: string) => raw.replace(/[\s,]+(jr|sr|junior|senior|ii|iii|iv)\.?\s*$/i, '');

export function prepare(r: LinkRecord): Prepared {
  const v = r.values;
  const [given, givenSuffix] = splitSuffix(fold(v.given_name ?? ''));
  const surnameRaw = [v.surname ?? '', v.second_surname ?? ''].filter(Boolean).join(' ');
  const [surname, surnameSuffix] = splitSuffix(fold(surnameRaw));
  return {
    id: r.id,
    givenPlain: plain(withoutSuffix(v.given_name ?? '')),
    given,
    givenTokens: given ? given.split(' ') : [],
    givenForms: given ? canonicalGiven(given.split(' ')[0]) : [],
    surnamePlain: plain(withoutSuffix(surnameRaw)),
    surname,
    surnameTokens: surname ? surname.split(' ').filter((t) => !SURNAME_PARTICLES.has(t)) : [],
    dob: parseDob(v.date_of_birth),
    suffix: surnameSuffix || givenSuffix,
    sex: fold(v.sex ?? '').slice(0, 1),
    streetNumber: fold(v.street_number ?? ''),
    address1: fold(v.address_1 ?? ''),
    address2: fold(v.address_2 ?? ''),
    suburb: fold(v.suburb ?? ''),
    city: fold(v.city ?? ''),
    postcode: fold(v.postcode ?? '').replace(/ /g, ''),
    state: fold(v.state ?? ''),
    country: fold(v.country ?? ''),
    phone: digits(v.phone ?? '').slice(-10),
    ...street(fold(v.street_number ?? ''), fold(v.address_1 ?? '')),
    ssn: fold(v.soc_sec_id ?? '').replace(/ /g, ''),
    idNumber: fold(v.id_number ?? '').replace(/ /g, ''),
  };
}

export interface Comparison {
  name: string;
  /** the record fields it reads (for the explanation) */
  fields: Array<keyof Prepared>;
  levels: string[];
  /** level index: 0 missing, levels.length - 1 different */
  compare(a: Prepared, b: Prepared): number;
  /** shared by relatives and housemates more than by strangers: surname, address, phone */
  family?: boolean;
  /** upper bounds on m of some levels, by level name (a prior: e.g. a person's date of birth is rarely recorded as
   *  another date, and almost never as one a generation away) */
  maxM?: Record<string, number>;
  /** term-frequency adjustment (names): levels adjusted on the full value and levels adjusted on the first token */
  tf?: { full: number[]; first: number[]; value: (p: Prepared) => string; token: (p: Prepared) => string };
}

const jw = jaroWinkler;

function sameSet(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((t) => s.has(t));
}

/** tokens of a within tokens of b (all of the shorter list found in the longer one) */
function subset(a: string[], b: string[]): boolean {
  const [small, big] = a.length <= b.length ? [a, b] : [b, a];
  if (!small.length) return false;
  const s = new Set(big);
  return small.every((t) => s.has(t));
}

function namesSwapped(a: Prepared, b: Prepared): boolean {
  if (!a.given || !b.given || !a.surname || !b.surname) return false;
  const g1 = a.givenTokens[0], s1 = a.surnameTokens[0] ?? a.surname, g2 = b.givenTokens[0], s2 = b.surnameTokens[0] ?? b.surname;
  if (g1 === g2 && s1 === s2) return false;
  if (g1[0] !== s2[0] || s1[0] !== g2[0]) return false;
  return jw(g1, s2) >= 0.92 && jw(s1, g2) >= 0.92;
}

const GIVEN: Comparison = {
  name: 'given_name',
  fields: ['given', 'surname'],
  levels: ['missing', 'exact', 'nickname', 'first_token', 'surname_swapped', 'jw_0.92', 'jw_0.80', 'different'],
  tf: { full: [1], first: [3], value: (p) => p.given, token: (p) => p.givenTokens[0] ?? '' },
  compare(a, b) {
    if (!a.given || !b.given) return 0;
    if (a.given === b.given) return 1;
    const ta = a.givenTokens, tb = b.givenTokens;
    if ((a.givenForms.length > 1 || b.givenForms.length > 1) && ta[0] !== tb[0] && a.givenForms.some((x) => b.givenForms.includes(x))) return 2;
    if (sameSet(ta, tb) || subset(ta, tb) || (ta.length > 1 && tb.length > 1 && ta[0] === tb[0])) return 3;
    if (namesSwapped(a, b)) return 4;
    const s = Math.max(jw(a.given, b.given), ta.length > 1 || tb.length > 1 ? jw(ta[0], tb[0]) : 0);
    if (s >= 0.92) return 5;
    if (s >= 0.8) return 6;
    return 7;
  },
};

const SURNAME: Comparison = {
  name: 'surname',
  family: true,
  fields: ['surname', 'given'],
  levels: ['missing', 'exact', 'paternal', 'moved_to_given', 'one_surname', 'surname_swapped', 'jw_0.92', 'jw_0.80', 'different'],
  tf: { full: [1], first: [2], value: (p) => p.surnameTokens.join(' '), token: (p) => p.surnameTokens[0] ?? '' },
  compare(a, b) {
    if (!a.surname || !b.surname) return 0;
    const ta = a.surnameTokens, tb = b.surnameTokens;
    if (a.surname === b.surname || a.surname.replace(/ /g, '') === b.surname.replace(/ /g, '') || (ta.length > 1 && sameSet(ta, tb))) return 1;
    if (!ta.length || !tb.length) return 8;
    // a surname written among the given names on the other side ("José Luis González" / "Hernández")
    const ga = a.givenTokens, gb = b.givenTokens;
    const inGiven = (g: string[], t: string) => g.indexOf(t, 1) > 0;
    if (ga.length > 1 && tb.length > ta.length && tb.every((t) => inGiven(ga, t) || ta.includes(t)) && tb.some((t) => inGiven(ga, t))) return 3;
    if (gb.length > 1 && ta.length > tb.length && ta.every((t) => inGiven(gb, t) || tb.includes(t)) && ta.some((t) => inGiven(gb, t))) return 3;
    if (ta[0] === tb[0]) return 2;
    if (subset(ta, tb)) return 4;
    if (namesSwapped(a, b)) return 5;
    const s = Math.max(jw(a.surname, b.surname), jw(ta[0], tb[0]));
    if (s >= 0.92) return 6;
    if (s >= 0.8) return 7;
    return 8;
  },
};

/** Years between two dates of birth from which they are a generation apart (a father and his son "Jr."). */
export const GENERATION_YEARS = 15;

const DOB: Comparison = {
  name: 'date_of_birth',
  maxM: { different: 0.02 },
  fields: ['dob'],
  levels: ['missing', 'exact', 'day_month_swapped', 'year_1', 'levenshtein_1', 'one_component', 'different'],
  compare(a, b) {
    const x = a.dob, y = b.dob;
    if (!x || !y) return 0;
    if (x.s === y.s) return 1;
    if (x.y >= 0 && y.y >= 0) {
      if (x.y === y.y && x.m === y.d && x.d === y.m) return 2;
      if (x.m === y.m && x.d === y.d && Math.abs(x.y - y.y) === 1) return 3;
    }
    if (osa(x.s, y.s, 1) <= 1) return 4;
    if (x.y >= 0 && y.y >= 0 && (x.y === y.y ? 1 : 0) + (x.m === y.m ? 1 : 0) + (x.d === y.d ? 1 : 0) === 2) return 5;
    return 6;
  },
};

function codeComparison(name: string, field: keyof Prepared, typo: boolean): Comparison {
  const levels = typo ? ['missing', 'exact', 'levenshtein_1', 'different'] : ['missing', 'exact', 'different'];
  return {
    name,
    fields: [field],
    levels,
    compare(a, b) {
      const x = a[field] as string, y = b[field] as string;
      if (!x || !y) return 0;
      if (x === y) return 1;
      if (typo && osa(x, y, 1) <= 1) return 2;
      return levels.length - 1;
    },
  };
}

/** State names and abbreviations: equal, or the shorter is a subsequence of the longer with the same first
 *  letter ('tx' / 'texas', 'cdmx' / 'ciudad de mexico', 'tamps' / 'tamaulipas'). */
export function sameState(x: string, y: string): boolean {
  if (!x || !y) return false;
  if (x === y) return true;
  const [s, l] = x.length <= y.length ? [x.replace(/ /g, ''), y.replace(/ /g, '')] : [y.replace(/ /g, ''), x.replace(/ /g, '')];
  if (s[0] !== l[0] || s.length < 2) return false;
  let k = 0;
  for (let i = 0; i < l.length && k < s.length; i++) if (l[i] === s[k]) k++;
  return k === s.length;
}

/**
 * Where the person lives, as ONE comparison: street number, street, second line, suburb/city, postcode and
 * state agree together (relatives share them all), so counting each as independent evidence would let a
 * brother at the same address outweigh a different given name and date of birth.
 */
const hasStreet = (p: Prepared) => !!(p.streetWords || p.streetNums);
const hasPlace = (p: Prepared) => !!(p.postcode || p.suburb || p.city);

const ADDRESS: Comparison = {
  name: 'address',
  family: true,
  fields: ['address1', 'suburb', 'postcode'],
  levels: ['missing', 'same_address', 'same_street', 'street_fuzzy', 'same_postcode_place', 'same_place', 'same_state', 'different'],
  compare(a, b) {
    const sa = hasStreet(a) && hasStreet(b);
    const pa = hasPlace(a) && hasPlace(b);
    if (!sa && !pa && !(a.state && b.state)) return 0;
    const postcode = !!a.postcode && a.postcode === b.postcode;
    const placeEq = (!!a.suburb && a.suburb === b.suburb) || (!!a.city && a.city === b.city);
    const placeOk = postcode || placeEq || (!!a.suburb && !!b.suburb && jw(a.suburb, b.suburb) >= 0.9) || (!!a.city && !!b.city && jw(a.city, b.city) >= 0.9)
      || (!!a.postcode && !!b.postcode && within1(a.postcode, b.postcode));
    if (sa) {
      const numsEq = a.streetNums === b.streetNums;
      const wordsEq = a.streetWords === b.streetWords;
      const a2 = !a.address2 || !b.address2 || a.address2 === b.address2;
      const wordsNear = wordsEq || (!!a.streetWords && !!b.streetWords && jw(a.streetWords, b.streetWords) >= 0.88);
      const numsNear = numsEq || !a.streetNums || !b.streetNums || osa(a.streetNums, b.streetNums, 1) <= 1;
      const a2Near = !!a.address2 && !!b.address2 && jw(a.address2, b.address2) >= 0.9;
      if (numsEq && wordsEq && a2 && (placeOk || !pa)) return 1;
      if ((numsEq && wordsNear) || (numsNear && wordsEq) || (numsNear && wordsNear && a2Near)) return placeOk || !pa ? 2 : 3;
      if (wordsNear && numsNear) return 3;
    }
    if (postcode && placeEq) return 4;
    if (postcode || placeEq) return 5;
    if (sameState(a.state, b.state)) return 6;
    return 7;
  },
};

/** The second address line (building, unit, locality), its own evidence beside the street address. */
const ADDRESS2: Comparison = {
  name: 'address_2',
  family: true,
  fields: ['address2'],
  levels: ['missing', 'exact', 'jw_0.90', 'different'],
  compare(a, b) {
    if (!a.address2 || !b.address2) return 0;
    if (a.address2 === b.address2 || a.address2.replace(/ /g, '') === b.address2.replace(/ /g, '')) return 1;
    return jw(a.address2, b.address2) >= 0.9 ? 2 : 3;
  },
};

/**
 * Parent and child: one record carries a generational suffix the other does not (or another one) and their dates of
 * birth are a generation apart — a father and his son "Jr." at one address, the same full name otherwise. No single
 * field says it (the date of birth alone differs between random pairs all the time); together they do, and m of
 * 'parent_child' is held at the floor of a disagreement (Comparison.maxM).
 */
const GENERATION: Comparison = {
  name: 'generation',
  fields: ['suffix', 'dob'],
  levels: ['missing', 'same_generation', 'parent_child'],
  maxM: { parent_child: MIN_DIFFERENT },
  compare(a, b) {
    if (!a.suffix && !b.suffix) return 0;
    if (a.suffix === b.suffix) return 1;
    const x = a.dob, y = b.dob;
    if (!x || !y || x.y < 0 || y.y < 0) return 0;
    return Math.abs(x.y - y.y) >= GENERATION_YEARS ? 2 : 1;
  },
};

/** The comparisons, in model order. */
export const COMPARISONS: Comparison[] = [
  GIVEN,
  SURNAME,
  DOB,
  GENERATION,
  codeComparison('sex', 'sex', false),
  ADDRESS,
  ADDRESS2,
  { ...codeComparison('phone', 'phone', true), family: true },
  codeComparison('soc_sec_id', 'ssn', true),
  codeComparison('id_number', 'idNumber', true),
];

/** The raw-ish value a comparison shows in an explanation. */
export function shown(p: Prepared, c: Comparison): string | undefined {
  switch (c.name) {
    case 'given_name': return p.givenPlain || undefined;
    case 'surname': return p.surnamePlain || undefined;
    case 'date_of_birth': return p.dob?.s;
    case 'generation': return [p.suffix, p.dob?.s].filter(Boolean).join(' ') || undefined;
    case 'address': return [p.streetNums, p.streetWords, p.address2, p.suburb, p.city, p.postcode, p.state].filter(Boolean).join(', ') || undefined;
    default: return (p[c.fields[0]] as string) || undefined;
  }
}
