/**
 * Prepared records and the comparisons of Fellegi–Sunter linkage. Each comparison maps a pair of prepared
 * records to a level index: 0 is always 'missing' (weight 0), then levels from the strongest agreement to
 * 'different' (the last). Levels and their stable codes are part of the model and of every explanation.
 */
import type { LinkRecord } from './record';
import { canonicalGiven, digits, fold, jaroWinkler, osa, plain } from './text';

export interface Dob { y: number; m: number; d: number; s: string }

export interface Prepared {
  id: string;
  givenPlain: string;
  given: string; // folded
  givenTokens: string[];
  surnamePlain: string;
  surname: string; // folded, surname + second surname
  surnameTokens: string[];
  dob: Dob | null;
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
  ssn: string;
  idNumber: string;
}

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

export function prepare(r: LinkRecord): Prepared {
  const v = r.values;
  const given = fold(v.given_name ?? '');
  const surnameRaw = [v.surname ?? '', v.second_surname ?? ''].filter(Boolean).join(' ');
  const surname = fold(surnameRaw);
  return {
    id: r.id,
    givenPlain: plain(v.given_name ?? ''),
    given,
    givenTokens: given ? given.split(' ') : [],
    surnamePlain: plain(surnameRaw),
    surname,
    surnameTokens: surname ? surname.split(' ').filter((t) => !SURNAME_PARTICLES.has(t)) : [],
    dob: parseDob(v.date_of_birth),
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
  /** the term-frequency value of an exact agreement (names), if adjusted */
  tfLevel?: number;
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

function nicknameMatch(a: string, b: string): boolean {
  const fa = canonicalGiven(a);
  const fb = canonicalGiven(b);
  if (fa.length === 1 && fb.length === 1) return false;
  return fa.some((x) => fb.includes(x));
}

function namesSwapped(a: Prepared, b: Prepared): boolean {
  if (!a.given || !b.given || !a.surname || !b.surname) return false;
  const g1 = a.givenTokens[0], s1 = a.surnameTokens[0] ?? a.surname, g2 = b.givenTokens[0], s2 = b.surnameTokens[0] ?? b.surname;
  if (g1 === g2 && s1 === s2) return false;
  return jw(g1, s2) >= 0.92 && jw(s1, g2) >= 0.92;
}

const GIVEN: Comparison = {
  name: 'given_name',
  fields: ['given', 'surname'],
  levels: ['missing', 'exact', 'nickname', 'first_token', 'surname_swapped', 'jw_0.92', 'jw_0.80', 'different'],
  tfLevel: 1,
  compare(a, b) {
    if (!a.given || !b.given) return 0;
    if (a.given === b.given) return 1;
    const ta = a.givenTokens, tb = b.givenTokens;
    if (ta.length && tb.length && nicknameMatch(ta[0], tb[0])) return 2;
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
  fields: ['surname', 'given'],
  levels: ['missing', 'exact', 'maternal_dropped', 'moved_to_given', 'surname_swapped', 'jw_0.92', 'jw_0.80', 'different'],
  tfLevel: 1,
  compare(a, b) {
    if (!a.surname || !b.surname) return 0;
    if (a.surname === b.surname || (a.surname.replace(/ /g, '') === b.surname.replace(/ /g, ''))) return 1;
    const ta = a.surnameTokens, tb = b.surnameTokens;
    if (ta.length && tb.length && (ta[0] === tb[0] || subset(ta, tb))) return 2;
    // a surname written among the given names on the other side ("José Luis González" / "Hernández")
    if (ta.length && tb.length) {
      const ga = new Set(a.givenTokens.slice(1)), gb = new Set(b.givenTokens.slice(1));
      if ((gb.has(ta[0]) && tb.includes(ta[1] ?? '\u0000')) || (ga.has(tb[0]) && ta.includes(tb[1] ?? '\u0000')) || (gb.has(ta[0]) && tb.length === 1 && ta[1] === tb[0]) || (ga.has(tb[0]) && ta.length === 1 && tb[1] === ta[0])) return 3;
      if (ga.size && tb.every((t) => ga.has(t) || ta.includes(t))) return 3;
      if (gb.size && ta.every((t) => gb.has(t) || tb.includes(t))) return 3;
    }
    if (namesSwapped(a, b)) return 4;
    const s = Math.max(jw(a.surname, b.surname), ta.length && tb.length ? jw(ta[0], tb[0]) : 0);
    if (s >= 0.92) return 5;
    if (s >= 0.8) return 6;
    return 7;
  },
};

const DOB: Comparison = {
  name: 'date_of_birth',
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

function textComparison(name: string, field: keyof Prepared, bands: number[], tokenLevel = false): Comparison {
  const levels = ['missing', 'exact', ...(tokenLevel ? ['token_subset'] : []), ...bands.map((b) => `jw_${b.toFixed(2)}`), 'different'];
  return {
    name,
    fields: [field],
    levels,
    compare(a, b) {
      const x = a[field] as string, y = b[field] as string;
      if (!x || !y) return 0;
      if (x === y || x.replace(/ /g, '') === y.replace(/ /g, '')) return 1;
      let next = 2;
      if (tokenLevel) {
        if (subset(x.split(' '), y.split(' '))) return 2;
        next = 3;
      }
      const s = jw(x, y);
      for (let i = 0; i < bands.length; i++) if (s >= bands[i]) return next + i;
      return levels.length - 1;
    },
  };
}

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

/** The comparisons, in model order. */
export const COMPARISONS: Comparison[] = [
  GIVEN,
  SURNAME,
  DOB,
  codeComparison('sex', 'sex', false),
  codeComparison('street_number', 'streetNumber', true),
  textComparison('address_1', 'address1', [0.9, 0.75], true),
  textComparison('address_2', 'address2', [0.9, 0.75]),
  textComparison('suburb', 'suburb', [0.9, 0.75]),
  textComparison('city', 'city', [0.9]),
  codeComparison('postcode', 'postcode', true),
  codeComparison('state', 'state', false),
  codeComparison('country', 'country', false),
  codeComparison('phone', 'phone', true),
  codeComparison('soc_sec_id', 'ssn', true),
  codeComparison('id_number', 'idNumber', true),
];

/** The raw-ish value a comparison shows in an explanation. */
export function shown(p: Prepared, c: Comparison): string | undefined {
  switch (c.name) {
    case 'given_name': return p.givenPlain || undefined;
    case 'surname': return p.surnamePlain || undefined;
    case 'date_of_birth': return p.dob?.s;
    default: return (p[c.fields[0]] as string) || undefined;
  }
}
