/**
 * How each source writes a person: the U.S. source (a trace result, a bank's customer record) and the Mexican
 * source (a company register) record the same person differently, the way real records do. Every variation has
 * a rate in LINKAGE_RATES; `tags` (when given) receives the name of every variation applied, for tests.
 */
import type { Rng } from '../rng';
import { stripAccents } from '../core/util';
import type { Address, LinkPerson } from './people';
import { ENGLISH_FORMS, KEY_NEIGHBOURS, MX_NICKNAMES, OCR_PAIRS, US_NICKNAMES } from './tables';
import type { LinkField } from './record';

export type Values = Partial<Record<LinkField, string>>;

/**
 * Rates of every variation, per record of the side named. "Eligible" rates apply only where the variation can
 * happen (a day/month swap needs a day ≤ 12 different from the month; truncation needs a compound given name;
 * a nickname needs a name that has one; maternal-surname forms need a maternal surname).
 */
export const LINKAGE_RATES = {
  us: {
    /** accents and ñ dropped (the whole record) */
    plain: 0.85,
    upper: 0.25,
    /** compound given name: first name only ("José Luis" → "Jose") / first name and initial ("Jose L") */
    truncated: 0.5,
    initial: 0.1,
    nickname: 0.07,
    englishForm: 0.03,
    /** U.S. middle name: as an initial ("Michael J") / in full */
    middleInitial: 0.25,
    middleFull: 0.1,
    /** maternal surname: dropped / hyphenated / joined in `surname` / in second_surname / paternal moved into the
     * given names (maternal taken as the surname) / order swapped — they add up to 1 */
    maternal: { dropped: 0.4, hyphenated: 0.15, joined: 0.15, separate: 0.2, moved: 0.05, swapped: 0.05 },
    suffix: 0.6,
    typoGiven: 0.04,
    typoSurname: 0.04,
    dobMissing: 0.05,
    dmySwap: 0.05,
    dobTypo: 0.02,
    sexMissing: 0.1,
    moved: 0.15,
    /** a person living in Mexico: the U.S. record holds the Mexican address (else a U.S. address) */
    foreignAddress: 0.5,
    numberInStreet: 0.15,
    addressFieldMissing: 0.04,
    phone: 0.6,
    ssn: 0.7,
    /** id_number: CURP / Mexican or U.S. passport, of people who have one */
    curp: 0.06,
    passport: 0.15,
  },
  mx: {
    plain: 0.1,
    upper: 0.35,
    truncated: 0.08,
    initial: 0,
    nickname: 0.02,
    englishForm: 0,
    middleInitial: 0,
    middleFull: 0.5,
    maternal: { dropped: 0.05, hyphenated: 0, joined: 0.05, separate: 0.9, moved: 0, swapped: 0 },
    suffix: 0,
    typoGiven: 0.02,
    typoSurname: 0.02,
    dobMissing: 0.03,
    dmySwap: 0.02,
    dobTypo: 0.01,
    sexMissing: 0.05,
    moved: 0.15,
    /** a person living in the U.S.: the Mexican record holds the person's Mexican address (else the U.S. one) */
    foreignAddress: 0.6,
    numberInStreet: 0.15,
    addressFieldMissing: 0.03,
    phone: 0.5,
    ssn: 0,
    curp: 0.7,
    passport: 0.3,
  },
} as const;
export type SideRates = (typeof LINKAGE_RATES)['us' | 'mx'];

export type DateStyle = 'iso' | 'native';

const NON_ASCII = /[^\x00-\x7f]/;
/** Accents and ñ dropped; ASCII strings (most values) returned as they are without normalising. */
function plainText(s: string): string {
  return NON_ASCII.test(s) ? stripAccents(s) : s;
}
const norm = (s: string) => plainText(s).toLowerCase();

function typo(rng: Rng, s: string): string {
  if (s.length < 2) return s + 'a';
  const r = rng.float();
  const i = rng.int(0, s.length - 1);
  if (r < 0.35) {
    const c = s[i]!.toLowerCase();
    const near = KEY_NEIGHBOURS[c];
    if (near) {
      const k = near[rng.int(0, near.length - 1)]!;
      return s.slice(0, i) + (s[i] === c ? k : k.toUpperCase()) + s.slice(i + 1);
    }
  } else if (r < 0.5) {
    const start = rng.int(0, OCR_PAIRS.length - 1);
    for (let k = 0; k < OCR_PAIRS.length; k++) {
      const [a, b] = OCR_PAIRS[(start + k) % OCR_PAIRS.length]!;
      if (s.includes(a)) return s.replace(a, b);
      if (s.includes(b)) return s.replace(b, a);
    }
  } else if (r < 0.7) {
    return s.length > 2 ? s.slice(0, i) + s.slice(i + 1) : s + s[i];
  } else if (r < 0.85) {
    const j = Math.min(i, s.length - 2);
    if (s[j] !== s[j + 1]) return s.slice(0, j) + s[j + 1] + s[j] + s.slice(j + 2);
  }
  return s.slice(0, i + 1) + s[i] + s.slice(i + 1);
}

function nicknameOf(p: LinkPerson, first: string, rng: Rng): string | undefined {
  const key = norm(first);
  const list = p.origin === 'us' ? US_NICKNAMES[key] : (MX_NICKNAMES[key] ?? (p.origin === 'us-hisp' ? US_NICKNAMES[key] : undefined));
  return list ? rng.pick(list) : undefined;
}

function formatDate(iso: string, side: 'us' | 'mx', style: DateStyle): string {
  if (style === 'iso') return iso;
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  return side === 'us' ? `${m}/${d}/${y}` : `${d}/${m}/${y}`;
}

function phoneText(rng: Rng, p: LinkPerson, side: 'us' | 'mx'): string {
  const n = p.phone.national;
  const local = (side === 'us') === (p.phone.cc === '1');
  if (p.phone.cc === '1') {
    const text = `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`;
    return local ? (rng.chance(0.7) ? text : n) : `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
  }
  const split = n.startsWith('55') || n.startsWith('33') || n.startsWith('81') ? 2 : 3;
  const text = `${n.slice(0, split)} ${n.slice(split, 6)} ${n.slice(6)}`;
  return local ? (rng.chance(0.6) ? text : n) : `+52 ${text}`;
}

/** The address fields of `a` as the side writes them. */
function addressValues(rng: Rng, v: Values, a: Address, side: 'us' | 'mx', r: SideRates, tags?: string[]): void {
  const inStreet = rng.chance(r.numberInStreet);
  if (inStreet) tags?.push('numberInStreet');
  let street = a.street;
  if (a.country === 'MX' && side === 'us' && rng.chance(0.4)) street = street.replace(/^(Calle|Av\.|Blvd\.|Privada|Callejón) /, '');
  if (inStreet) v.address_1 = a.country === 'US' ? `${a.number} ${street}` : `${street} ${a.number}`;
  else {
    v.street_number = a.number;
    v.address_1 = street;
  }
  if (a.unit) v.address_2 = a.unit;
  if (a.suburb) {
    if (side === 'mx') v.suburb = rng.chance(0.7) ? `Col. ${a.suburb}` : a.suburb;
    else if (rng.chance(0.5)) v.suburb = a.suburb;
  }
  v.city = a.city;
  v.postcode = a.postcode;
  if (side === 'us') v.state = a.country === 'US' ? a.stateAbbr : rng.chance(0.5) ? a.stateAbbr.replace(/\./g, '').toUpperCase() : a.state;
  else v.state = a.country === 'MX' && rng.chance(0.3) ? a.stateAbbr : a.state;
  v.country = a.country;
  for (const f of ['street_number', 'address_1', 'suburb', 'city', 'postcode', 'state'] as const) {
    if (v[f] !== undefined && rng.chance(r.addressFieldMissing)) {
      delete v[f];
      tags?.push(`missing:${f}`);
    }
  }
}

/** The record of person `p` in the source of `side` (values only; the caller adds the id). */
export function renderRecord(rng: Rng, p: LinkPerson, side: 'us' | 'mx', style: DateStyle, tags?: string[]): Values {
  const r: SideRates = LINKAGE_RATES[side];
  const v: Values = {};

  // Given names.
  const words = p.given.split(' ');
  const first = words[0]!;
  let given = p.given;
  if (words.length > 1) {
    const u = rng.float();
    if (u < r.truncated) {
      given = first;
      tags?.push('truncated');
    } else if (u < r.truncated + r.initial) {
      const second = words.find((w, i) => i > 0 && w[0] === w[0]!.toUpperCase()) ?? words[1]!;
      given = `${first} ${second[0]}`;
      tags?.push('initial');
    }
  }
  if (p.middle) {
    const u = rng.float();
    if (u < r.middleInitial) given = `${given} ${p.middle[0]}`;
    else if (u < r.middleInitial + r.middleFull) given = `${given} ${p.middle}`;
  }
  const nick = rng.chance(r.nickname) ? nicknameOf(p, first, rng) : undefined;
  if (nick) {
    given = nick;
    tags?.push('nickname');
  } else if (p.origin !== 'us' && r.englishForm > 0 && rng.chance(r.englishForm)) {
    const en = ENGLISH_FORMS[norm(first)];
    if (en) {
      given = en;
      tags?.push('englishForm');
    }
  }

  // Surnames.
  let surname = p.paternal;
  let second: string | undefined;
  if (p.maternal) {
    const m = r.maternal;
    const u = rng.float();
    if (u < m.dropped) tags?.push('maternal:dropped');
    else if (u < m.dropped + m.hyphenated) {
      surname = `${p.paternal}-${p.maternal}`;
      tags?.push('maternal:hyphenated');
    } else if (u < m.dropped + m.hyphenated + m.joined) {
      surname = `${p.paternal} ${p.maternal}`;
      tags?.push('maternal:joined');
    } else if (u < m.dropped + m.hyphenated + m.joined + m.separate) {
      second = p.maternal;
    } else if (u < m.dropped + m.hyphenated + m.joined + m.separate + m.moved) {
      given = `${given} ${p.paternal}`;
      surname = p.maternal;
      tags?.push('maternal:moved');
    } else {
      surname = p.maternal;
      second = p.paternal;
      tags?.push('maternal:swapped');
    }
  }
  if (p.suffix && rng.chance(r.suffix)) {
    surname = `${surname} ${p.suffix}`;
    tags?.push('suffix');
  }
  if (rng.chance(r.typoGiven)) {
    given = typo(rng, given);
    tags?.push('typo:given');
  }
  if (rng.chance(r.typoSurname)) {
    surname = typo(rng, surname);
    tags?.push('typo:surname');
  }
  v.given_name = given;
  v.surname = surname;
  if (second) v.second_surname = second;

  // Date of birth.
  if (rng.chance(r.dobMissing)) tags?.push('missing:date_of_birth');
  else {
    let iso = p.birthDate;
    const d = iso.slice(8, 10);
    const mo = iso.slice(5, 7);
    if (rng.chance(r.dmySwap) && Number(d) <= 12 && d !== mo) {
      iso = `${iso.slice(0, 4)}-${d}-${mo}`;
      tags?.push('dmySwap');
    } else if (rng.chance(r.dobTypo)) {
      // one digit of the day or the year mistyped, kept a valid date
      const dd = Math.min(28, Math.max(1, Number(d) + (rng.chance(0.5) ? 1 : -1) * rng.int(1, 9)));
      iso = rng.chance(0.5) ? `${iso.slice(0, 8)}${String(dd).padStart(2, '0')}` : `${Number(iso.slice(0, 4)) + (rng.chance(0.5) ? 1 : -1)}${iso.slice(4)}`;
      tags?.push('dobTypo');
    }
    v.date_of_birth = formatDate(iso, side, style);
  }
  if (rng.chance(r.sexMissing)) tags?.push('missing:sex');
  else v.sex = style === 'native' && side === 'mx' ? (p.sex === 'M' ? 'H' : 'M') : p.sex;

  // Address: where the person lives, a previous address, or one in the other country.
  let a = p.home;
  const abroadCase = side === 'us' ? p.lives === 'MX' : p.lives === 'US';
  if (abroadCase && p.origin !== 'us' && rng.chance(r.foreignAddress)) {
    a = side === 'us' ? p.home : p.abroad;
    tags?.push('foreignAddress');
  } else if (abroadCase) {
    a = side === 'us' ? p.abroad : p.home;
  }
  if (rng.chance(r.moved) && a === p.home) {
    a = p.previous;
    tags?.push('moved');
  }
  addressValues(rng, v, a, side, r, tags);

  if (rng.chance(r.phone)) v.phone = phoneText(rng, p, side);
  if (p.hasSsn && rng.chance(r.ssn)) v.soc_sec_id = p.ssn;
  if (p.hasCurp && rng.chance(r.curp)) v.id_number = p.curp;
  else if (p.hasPassport && rng.chance(r.passport)) v.id_number = p.passport;

  // A typo or a dropped word may leave stray spaces.
  v.given_name = v.given_name!.replace(/\s+/g, ' ').trim() || first;
  v.surname = v.surname!.replace(/\s+/g, ' ').trim() || p.paternal;

  // Case and accents, for the whole record.
  const plain = rng.chance(r.plain);
  const upper = rng.chance(r.upper);
  if (plain) tags?.push('plain');
  if (upper) tags?.push('upper');
  if (plain || upper) {
    for (const k in v) {
      const f = k as LinkField;
      let s = v[f]!;
      if (plain) s = plainText(s);
      if (upper && f !== 'id_number') s = s.toUpperCase();
      v[f] = s;
    }
  }
  return v;
}
