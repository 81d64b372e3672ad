/**
 * Drawing names: Mexican (given name(s) + paternal + maternal surname), U.S. (first, middle initial,
 * last) and Hispanic-American (Spanish or English given names, one or hyphenated surnames, accents
 * often dropped as U.S. records do).
 */
import { Rng, weighted } from '../rng';
import { MX_COMPOUND_SHARE, MX_FEMALE_COMPOUND, MX_FEMALE_GIVEN, MX_MALE_COMPOUND, MX_MALE_GIVEN, MX_SURNAMES } from '../tables/names-mx';
import { US_FEMALE_GIVEN, US_MALE_GIVEN, US_MIDDLE_INITIALS, US_SURNAMES } from '../tables/names-us';
import { stripAccents } from './util';

export type Gender = 'male' | 'female';

const mxGiven = {
  male: { simple: weighted(MX_MALE_GIVEN), compound: weighted(MX_MALE_COMPOUND) },
  female: { simple: weighted(MX_FEMALE_GIVEN), compound: weighted(MX_FEMALE_COMPOUND) },
};
const mxSurname = weighted(MX_SURNAMES);
const usGiven = { male: weighted(US_MALE_GIVEN), female: weighted(US_FEMALE_GIVEN) };
const usSurname = weighted(US_SURNAMES);
const usInitial = weighted(US_MIDDLE_INITIALS);

/** A Mexican given name, compound ("José Luis") with the share seen in Mexican registers. */
export function mxGivenName(rng: Rng, gender: Gender): string {
  const t = mxGiven[gender];
  return rng.chance(MX_COMPOUND_SHARE) ? rng.weighted(t.compound) : rng.weighted(t.simple);
}
export function mxSurnameDraw(rng: Rng): string {
  return rng.weighted(mxSurname);
}
export function usGivenName(rng: Rng, gender: Gender): string {
  return rng.weighted(usGiven[gender]);
}
export function usSurnameDraw(rng: Rng): string {
  return rng.weighted(usSurname);
}

/** Split a given name: "José de Jesús" → first "José", rest "de Jesús". */
export function splitGiven(given: string): { first: string; rest?: string } {
  const i = given.indexOf(' ');
  return i < 0 ? { first: given } : { first: given.slice(0, i), rest: given.slice(i + 1) };
}

export interface PersonName {
  name: string;
  firstName: string;
  secondName?: string;
  middleName?: string;
  fatherName?: string;
  motherName?: string;
  lastName: string;
  /** Full given name(s), as used for CURP/RFC letters. */
  given: string;
}

/** Mexican naming; `plain` drops accents (how a U.S. agency's system often records the same name). */
export function mexicanName(given: string, paternal: string, maternal: string, plain = false): PersonName {
  const g = plain ? stripAccents(given) : given;
  const fa = plain ? stripAccents(paternal) : paternal;
  const mo = plain ? stripAccents(maternal) : maternal;
  const { first, rest } = splitGiven(g);
  return { name: `${g} ${fa} ${mo}`, firstName: first, secondName: rest, fatherName: fa, motherName: mo, lastName: `${fa} ${mo}`, given: g };
}

/** U.S. naming: first name, middle initial (most records), one surname. */
export function usName(rng: Rng, first: string, last: string, middleInitial?: string | null): PersonName {
  const initial = middleInitial === undefined ? (rng.chance(0.7) ? rng.weighted(usInitial) : null) : middleInitial;
  const middle = initial ? `${initial}.` : undefined;
  return { name: [first, middle, last].filter(Boolean).join(' '), firstName: first, middleName: middle, lastName: last, given: first };
}

/**
 * A Hispanic-American's given name: Spanish (accents usually dropped; a compound name's second part
 * becomes the middle name) or English, as U.S. records show them.
 */
export function hispanicAmericanGiven(rng: Rng, gender: Gender): { first: string; middle: string | null } {
  if (rng.chance(0.55)) {
    const g = mxGivenName(rng, gender);
    const given = rng.chance(0.7) ? stripAccents(g) : g;
    const { first, rest } = splitGiven(given);
    return { first, middle: rest ?? (rng.chance(0.4) ? rng.weighted(usInitial) + '.' : null) };
  }
  return { first: usGivenName(rng, gender), middle: rng.chance(0.6) ? rng.weighted(usInitial) + '.' : null };
}

/** A Hispanic-American surname: one Spanish surname, hyphenated paternal-maternal, or both unhyphenated. */
export function hispanicAmericanSurname(rng: Rng): string {
  const plain = rng.chance(0.75);
  const a = plain ? stripAccents(mxSurnameDraw(rng)) : mxSurnameDraw(rng);
  const r = rng.float();
  if (r < 0.8) return a;
  const b = plain ? stripAccents(mxSurnameDraw(rng)) : mxSurnameDraw(rng);
  return r < 0.95 ? `${a}-${b}` : `${a} ${b}`;
}

/** Name of a person with a middle name that may be a full given name or an initial ("Jose Luis Garcia", "Mary A. Smith"). */
export function westernName(first: string, middle: string | null, last: string): PersonName {
  return {
    name: [first, middle, last].filter(Boolean).join(' '), firstName: first, middleName: middle ?? undefined,
    lastName: last, given: first,
  };
}
