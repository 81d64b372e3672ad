/**
 * The people behind the linkage generator's records: one person per index, drawn from (seed, index) only.
 * Mexican nationals at home or in the U.S., Hispanic-Americans and other U.S. people, with the demo's weighted
 * name tables plus invented long tails (so frequencies fall off like real ones: many García, Hernández, Smith,
 * and a long tail of rare surnames), households whose addresses relatives share, and identifiers of the right
 * shape with synthetic content (CURP with its check digit, SSN-shaped numbers in the never-issued 9xx area).
 */
import { Rng, weighted } from '../rng';
import { hispanicAmericanGiven, mxGivenName, usGivenName, type Gender } from '../core/names';
import { placeDraw, type Place } from '../core/addresses';
import { makeCurp, makeFakeSsn, makePassport } from '../core/identifiers';
import { civilFromDays, daysFromCivil } from '../core/util';
import { MX_SURNAMES } from '../tables/names-mx';
import { US_SURNAMES } from '../tables/names-us';
import { MX_COLONIAS, MX_STREET_NAMES, MX_STREET_TYPES, US_STREET_NAMES, US_STREET_TYPES } from '../tables/places';
import { itemRng } from './prng';
import { MX_LADA, MX_OTHER_LADAS, MX_TAIL_SIZE, US_AREA, US_TAIL_SIZE, mxTailSurname, usTailSurname } from './tables';

export type LinkOrigin = 'mx' | 'mx-us' | 'us-hisp' | 'us';
/** What a hard negative is to the matched person it was made from. */
export type Relation = 'sibling' | 'parent' | 'child' | 'namesake';

export interface Address {
  country: 'MX' | 'US';
  number: string;
  /** "Calle Morelos", "Mesquite Dr" */
  street: string;
  /** "Int. 4", "Apt 12" */
  unit?: string;
  /** colonia (MX only), without "Col." */
  suburb?: string;
  city: string;
  postcode: string;
  state: string;
  stateAbbr: string;
}

/** Where a person's addresses come from: the household's four addresses, drawn on demand. */
export interface PersonSource {
  /** Stream keys of this seed. */
  personKey: number;
  householdKey: number;
  idKey: number;
  /** Number of matched people (index < matched). */
  matched: number;
  /** Share of one-side people made as hard negatives of a matched person. */
  hardNegatives: number;
}

/**
 * One person. Names, birth date and which identifiers exist are drawn at once; addresses, telephone and the
 * identifiers themselves are drawn on first use from their own streams (a record uses few of them), so that
 * what a record shows never depends on what another record asked for.
 */
export class LinkPerson {
  /** "Jr." or "Sr." when a father and son share the full name (U.S. naming). */
  suffix?: 'Jr.' | 'Sr.';
  /** Hard negatives: the matched person this one was made from, and how they are related. */
  relativeOf?: number;
  relation?: Relation;
  hasCurp = false;
  hasSsn = false;
  hasPassport = false;
  private cache: { home?: Address; previous?: Address; abroad?: Address; phone?: LinkPerson['phone']; curp?: string; ssn?: string; passport?: string } = {};
  constructor(
    private readonly src: PersonSource,
    readonly index: number,
    readonly origin: LinkOrigin,
    readonly sex: 'M' | 'F',
    /** Full given name(s) as the person writes them, accents included ("José Luis", "María de la Luz", "Michael"). */
    readonly given: string,
    /** U.S. middle name (full), for people named the U.S. way. */
    readonly middle: string | undefined,
    readonly paternal: string,
    readonly maternal: string | undefined,
    /** ISO date. */
    readonly birthDate: string,
    /** Mexican national (has a CURP when registered). */
    readonly mexican: boolean,
    /** Household index: relatives share their household's addresses. */
    readonly household: number,
  ) {}
  get lives(): 'MX' | 'US' {
    return this.origin === 'mx' ? 'MX' : 'US';
  }
  /** Where the person lives now. */
  get home(): Address {
    return (this.cache.home ??= householdAddress(this.src, this.household, this.lives === 'MX' ? 0 : 2));
  }
  /** Where the person lived before (same country). */
  get previous(): Address {
    return (this.cache.previous ??= householdAddress(this.src, this.household, this.lives === 'MX' ? 1 : 3));
  }
  /** An address in the other country (a Mexican national's family home, a border-town address). */
  get abroad(): Address {
    return (this.cache.abroad ??= householdAddress(this.src, this.household, this.lives === 'MX' ? 2 : 0));
  }
  /** Country calling code and national number, digits only. */
  get phone(): { cc: '52' | '1'; national: string } {
    return (this.cache.phone ??= phoneOf(itemRng(this.src.idKey, this.index * 4), this.home));
  }
  get curp(): string | undefined {
    if (!this.hasCurp) return undefined;
    return (this.cache.curp ??= makeCurp(itemRng(this.src.idKey, this.index * 4 + 1), {
      paternal: this.paternal, maternal: this.maternal ?? '', given: this.given, birthDate: this.birthDate, sex: this.sex === 'M' ? 'H' : 'M',
      stateCode: this.origin === 'us-hisp' ? 'NE' : curpState(this.src, this.household),
    }));
  }
  get ssn(): string | undefined {
    if (!this.hasSsn) return undefined;
    return (this.cache.ssn ??= makeFakeSsn(itemRng(this.src.idKey, this.index * 4 + 2)));
  }
  /** Passport number: Mexican for Mexican nationals, else U.S. */
  get passport(): string | undefined {
    if (!this.hasPassport) return undefined;
    return (this.cache.passport ??= makePassport(itemRng(this.src.idKey, this.index * 4 + 3), this.mexican ? 'MX' : 'US'));
  }
}

const ORIGINS = {
  shared: weighted<LinkOrigin>([['mx', 45], ['mx-us', 35], ['us-hisp', 14], ['us', 6]]),
  us: weighted<LinkOrigin>([['us', 50], ['us-hisp', 28], ['mx-us', 17], ['mx', 5]]),
  mx: weighted<LinkOrigin>([['mx', 90], ['mx-us', 4], ['us-hisp', 3], ['us', 3]]),
};
export type PersonKind = keyof typeof ORIGINS;

const mxSurnames = weighted(MX_SURNAMES);
const usSurnames = weighted(US_SURNAMES);
const mxStreetTypes = weighted(MX_STREET_TYPES);
const usStreetTypes = weighted(US_STREET_TYPES);
/** Share of surname draws from the invented long tail. */
const TAIL_SHARE = 0.15;

/** Zipf-like rank in [0, size): density falling as rank^(-2/3). */
function tailRank(rng: Rng, size: number): number {
  const u = rng.float();
  return Math.min(size - 1, Math.floor(size * u * u * u));
}
function mxSurname(rng: Rng): string {
  return rng.chance(TAIL_SHARE) ? mxTailSurname(tailRank(rng, MX_TAIL_SIZE)) : rng.weighted(mxSurnames);
}
function usSurname(rng: Rng): string {
  return rng.chance(TAIL_SHARE) ? usTailSurname(tailRank(rng, US_TAIL_SIZE)) : rng.weighted(usSurnames);
}

const DAY_MIN = daysFromCivil(1940, 1, 1);
const DAY_MAX = daysFromCivil(2006, 12, 31);
const DAY_SPAN = DAY_MAX - DAY_MIN + 1;

function address(rng: Rng, country: 'MX' | 'US', near?: Place): { addr: Address; place: Place } {
  const place = placeDraw(rng, country, near, 0.5);
  if (country === 'MX') {
    const addr: Address = {
      country, number: String(rng.int(1, 2999)), street: `${rng.weighted(mxStreetTypes)} ${rng.pick(MX_STREET_NAMES)}`,
      suburb: rng.pick(MX_COLONIAS), city: place.city, postcode: place.postalPrefix + rng.digits(3), state: place.state, stateAbbr: place.stateAbbr,
    };
    if (rng.chance(0.25)) addr.unit = `Int. ${rng.chance(0.5) ? rng.int(1, 40) : rng.pick(['A', 'B', 'C', 'D'])}`;
    return { addr, place };
  }
  const addr: Address = {
    country, number: String(rng.int(100, 9899)), street: `${rng.pick(US_STREET_NAMES)} ${rng.weighted(usStreetTypes)}`,
    city: place.city, postcode: place.postalPrefix + rng.digits(2), state: place.state, stateAbbr: place.stateAbbr,
  };
  if (rng.chance(0.2)) addr.unit = `${rng.pick(['Apt', 'Ste', 'Unit'])} ${rng.int(1, 420)}`;
  return { addr, place };
}

/** Address `slot` of household `hh`: 0 Mexican, 1 previous Mexican, 2 U.S., 3 previous U.S. */
function householdAddress(src: PersonSource, hh: number, slot: number): Address {
  return address(itemRng(src.householdKey, hh * 4 + slot), slot < 2 ? 'MX' : 'US').addr;
}
/** RENAPO state code of the household's Mexican address (the state of birth in a CURP). */
function curpState(src: PersonSource, hh: number): string {
  return address(itemRng(src.householdKey, hh * 4), 'MX').place.curpState ?? 'NE';
}

function phoneOf(rng: Rng, home: Address): LinkPerson['phone'] {
  if (home.country === 'MX') {
    const lada = MX_LADA[home.state] ?? rng.pick(MX_OTHER_LADAS);
    return { cc: '52', national: lada + rng.digits(10 - lada.length) };
  }
  const area = rng.pick(US_AREA[home.stateAbbr] ?? ['210']);
  return { cc: '1', national: area + String(rng.int(2, 9)) + rng.digits(6) };
}

function givenNames(rng: Rng, origin: LinkOrigin, g: Gender): { given: string; middle?: string } {
  if (origin === 'mx' || origin === 'mx-us') return { given: mxGivenName(rng, g) };
  if (origin === 'us-hisp') {
    const h = hispanicAmericanGiven(rng, g);
    // a full Spanish second name stays in the given names; an initial only becomes a middle name
    if (h.middle && !h.middle.endsWith('.')) return { given: `${h.first} ${h.middle}` };
    return { given: h.first, middle: rng.chance(0.5) ? usGivenName(rng, g) : undefined };
  }
  return { given: usGivenName(rng, g), middle: rng.chance(0.75) ? usGivenName(rng, g) : undefined };
}

/** The person of `index`, of the given kind (matched, U.S.-only, Mexico-only). */
export function personAt(src: PersonSource, index: number, kind: PersonKind): LinkPerson {
  const rng = itemRng(src.personKey, index);
  if (kind !== 'shared' && src.matched > 0 && rng.chance(src.hardNegatives)) {
    const of = rng.int(0, src.matched - 1);
    return relativeOf(src, rng, index, personAt(src, of, 'shared'));
  }
  const origin = rng.weighted(ORIGINS[kind]);
  const g: Gender = rng.chance(0.5) ? 'male' : 'female';
  const { given, middle } = givenNames(rng, origin, g);
  const mexican = origin === 'mx' || origin === 'mx-us' || (origin === 'us-hisp' && rng.chance(0.15));
  let paternal: string;
  let maternal: string | undefined;
  if (origin === 'us') paternal = usSurname(rng);
  else {
    paternal = mxSurname(rng);
    if (origin !== 'us-hisp' || rng.chance(0.25)) maternal = mxSurname(rng);
  }
  const birthDate = civilFromDays(DAY_MIN + Math.floor(rng.float() * DAY_SPAN));
  return finish(src, rng, {
    index, origin, sex: g === 'male' ? 'M' : 'F', given, middle, paternal, maternal, birthDate, mexican,
  }, index);
}

interface Draft {
  index: number; origin: LinkOrigin; sex: 'M' | 'F'; given: string; middle?: string; paternal: string; maternal?: string;
  birthDate: string; mexican: boolean; suffix?: 'Jr.' | 'Sr.'; relativeOf?: number; relation?: Relation;
}

function finish(src: PersonSource, rng: Rng, d: Draft, hh: number): LinkPerson {
  const p = new LinkPerson(src, d.index, d.origin, d.sex, d.given, d.middle, d.paternal, d.maternal, d.birthDate, d.mexican, hh);
  if (d.suffix) p.suffix = d.suffix;
  if (d.relation) {
    p.relation = d.relation;
    p.relativeOf = d.relativeOf;
  }
  p.hasCurp = d.mexican && rng.chance(0.9);
  p.hasSsn = p.lives === 'US' && rng.chance(0.85);
  p.hasPassport = rng.chance(0.45);
  return p;
}

/** `day + delta` when in range, else `day − delta`, else a day near the edge it passed (no pile-up on one date). */
function shifted(rng: Rng, day: number, delta: number): number {
  if (day + delta >= DAY_MIN && day + delta <= DAY_MAX) return day + delta;
  if (day - delta >= DAY_MIN && day - delta <= DAY_MAX) return day - delta;
  return day + delta < DAY_MIN ? DAY_MIN + rng.int(0, 3 * 365) : DAY_MAX - rng.int(0, 3 * 365);
}
const dayOf = (iso: string) => daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

/** A hard negative made from matched person `of`: a sibling or parent/child at the same address, or a namesake. */
function relativeOf(src: PersonSource, rng: Rng, index: number, of: LinkPerson): LinkPerson {
  const r = rng.float();
  const relation: Relation = r < 0.5 ? 'sibling' : r < 0.75 ? (rng.chance(0.5) ? 'parent' : 'child') : 'namesake';
  const d: Draft = {
    index, origin: of.origin, sex: of.sex, given: of.given, middle: of.middle, paternal: of.paternal, maternal: of.maternal,
    birthDate: of.birthDate, mexican: of.mexican, relativeOf: of.index, relation,
  };
  if (relation === 'sibling') {
    d.sex = rng.chance(0.5) ? 'M' : 'F';
    for (let tries = 0; tries < 8 && d.given === of.given; tries++) {
      const gn = givenNames(rng, of.origin, d.sex === 'M' ? 'male' : 'female');
      d.given = gn.given;
      d.middle = gn.middle;
    }
    // siblings are born one to twelve years apart
    d.birthDate = civilFromDays(shifted(rng, dayOf(of.birthDate), (rng.chance(0.5) ? 1 : -1) * rng.int(300, 4400)));
  } else if (relation === 'namesake') {
    d.birthDate = civilFromDays(shifted(rng, dayOf(of.birthDate), (rng.chance(0.5) ? 1 : -1) * rng.int(2 * 365, 30 * 365)));
    return finish(src, rng, d, index);
  } else {
    // a father and son with the same given name: a Mexican son keeps the paternal surname and takes his mother's
    d.sex = 'M';
    d.given = of.sex === 'M' ? of.given : givenNames(rng, of.origin, 'male').given;
    const day = dayOf(of.birthDate);
    const born = shifted(rng, day, (relation === 'parent' ? -1 : 1) * rng.int(20 * 365, 36 * 365));
    // the relation follows the dates (a parent whose date would fall before 1940 becomes a son)
    const older = born < day;
    d.relation = older ? 'parent' : 'child';
    d.birthDate = civilFromDays(born);
    if (of.maternal && (of.origin === 'mx' || of.origin === 'mx-us')) d.maternal = mxSurname(rng);
    else if (of.sex === 'M') d.suffix = older ? 'Sr.' : 'Jr.';
  }
  return finish(src, rng, d, of.index);
}
