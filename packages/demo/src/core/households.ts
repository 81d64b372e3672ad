/**
 * Households: the people who live at one address and the family links between them, with names that
 * follow each naming tradition (a Mexican child takes the father's and the mother's paternal surnames;
 * a U.S. wife often takes her husband's surname; Hispanic-Americans mix both).
 */
import type { Rng } from '../rng';
import type { Country } from '../agencies';
import type { Origin } from '../layers/layer';
import {
  hispanicAmericanGiven, hispanicAmericanSurname, mexicanName, mxGivenName, mxSurnameDraw, usGivenName, usName,
  usSurnameDraw, westernName, type Gender, type PersonName,
} from './names';
import { addDays, addYears, dateBetween, maxDate, minDate } from './util';

export interface Member {
  origin: Origin;
  gender: Gender;
  birthDate: string;
  name: PersonName;
  nationality: string[];
  /** Born abroad (CURP state 'NE') for Mexican nationals born in the U.S. */
  bornAbroad: boolean;
}

/** A family link from `person`'s side: `relationship` is what `relative` is to `person` (FtM Family). */
export interface Kinship { person: number; relative: number; relationship: string; startDate: string }

export interface Household { members: Member[]; kin: Kinship[] }

export function residenceOf(origin: Origin): Country {
  return origin === 'mx' || origin === 'us-mx' ? 'MX' : 'US';
}

type Style = 'mx' | 'hisp' | 'us';
const styleOf = (o: Origin): Style => (o === 'mx' || o === 'mx-us' ? 'mx' : o === 'us-hisp' ? 'hisp' : 'us');

function sibling(g: Gender): string {
  return g === 'male' ? 'brother' : 'sister';
}

// Helpers are module-level functions over one draw's state rather than closures: tsx (esbuild keepNames)
// wraps every named closure in a defineProperty call, which made closures the generator's main cost.
interface Draw { rng: Rng; origin: Origin; style: Style; now: string; plain: boolean }
type Surname = { paternal: string; maternal: string } | string;

function birthAtAge(d: Draw, minAge: number, maxAge: number): string {
  return dateBetween(d.rng, addYears(d.now, -maxAge - 1), addYears(d.now, -minAge));
}

function nationalityOf(d: Draw, childOfMigrants: boolean): { nationality: string[]; bornAbroad: boolean } {
  if (d.origin === 'mx' || (d.origin === 'mx-us' && !childOfMigrants)) return { nationality: ['mx'], bornAbroad: false };
  if (d.origin === 'mx-us') return d.rng.chance(0.5) ? { nationality: ['mx', 'us'], bornAbroad: true } : { nationality: ['mx'], bornAbroad: false };
  if (d.origin === 'us-hisp' && d.rng.chance(0.15)) return { nationality: ['us', 'mx'], bornAbroad: true };
  return { nationality: ['us'], bornAbroad: false };
}

function surnameDraw(d: Draw): Surname {
  if (d.style === 'mx') return { paternal: mxSurnameDraw(d.rng), maternal: mxSurnameDraw(d.rng) };
  return d.style === 'hisp' ? hispanicAmericanSurname(d.rng) : usSurnameDraw(d.rng);
}

function member(d: Draw, gender: Gender, birthDate: string, surname: Surname, child = false): Member {
  let name: PersonName;
  if (typeof surname !== 'string') name = mexicanName(mxGivenName(d.rng, gender), surname.paternal, surname.maternal, d.plain);
  else if (d.style === 'hisp') { const h = hispanicAmericanGiven(d.rng, gender); name = westernName(h.first, h.middle, surname); }
  else name = usName(d.rng, usGivenName(d.rng, gender), surname);
  return { origin: d.origin, gender, birthDate, name, ...nationalityOf(d, child) };
}

/**
 * Draws a household of `size` adults (everyone is at least 18 on `now`).
 * `plain`: the holding agency's system drops accents (U.S. records of Mexican nationals, mostly).
 */
export function drawHousehold(rng: Rng, origin: Origin, size: number, now: string, plain: boolean): Household {
  const d: Draw = { rng, origin, style: styleOf(origin), now, plain };
  const latestAdultBirth = addYears(now, -18);
  const members: Member[] = [];
  const kin: Kinship[] = [];

  if (size <= 1) {
    members.push(member(d, rng.chance(0.62) ? 'male' : 'female', birthAtAge(d, 19, 75), surnameDraw(d)));
    return { members, kin };
  }

  if (rng.chance(0.15)) {
    // Adult siblings sharing both parents' surnames.
    const surname = surnameDraw(d);
    const base = birthAtAge(d, 24, 62);
    for (let i = 0; i < size; i++) {
      const b = minDate(latestAdultBirth, addDays(base, rng.int(-3650, 3650)));
      members.push(member(d, rng.chance(0.55) ? 'male' : 'female', b, surname));
    }
    for (let i = 0; i + 1 < size; i++) {
      kin.push({ person: i, relative: i + 1, relationship: sibling(members[i + 1]!.gender), startDate: maxDate(members[i]!.birthDate, members[i + 1]!.birthDate) });
    }
    return { members, kin };
  }

  // A couple, their adult children, and (when the couple is too young for adult children) the husband's siblings.
  const husbandBirth = birthAtAge(d, 24, 76);
  const wifeBirth = minDate(addYears(now, -19), addDays(husbandBirth, rng.int(-3 * 365, 8 * 365)));
  const hs = surnameDraw(d);
  const husband = member(d, 'male', husbandBirth, hs);
  let wifeSurname: Surname;
  if (typeof hs !== 'string') wifeSurname = surnameDraw(d); // a Mexican wife keeps her own surnames
  else wifeSurname = rng.chance(d.style === 'us' ? 0.8 : 0.6) ? hs : surnameDraw(d);
  const wife = member(d, 'female', wifeBirth, wifeSurname);
  members.push(husband, wife);
  const marriage = dateBetween(rng, maxDate(addYears(husbandBirth, 20), addYears(wifeBirth, 18)), minDate(now, addYears(wifeBirth, 35)));
  kin.push({ person: 0, relative: 1, relationship: 'spouse', startDate: marriage });

  const childSurname: Surname = typeof hs === 'string' ? hs
    : { paternal: hs.paternal, maternal: (wifeSurname as { paternal: string }).paternal };
  let lastChild = -1;
  for (let i = 2; i < size; i++) {
    const earliest = addYears(wifeBirth, 19);
    const latest = minDate(addYears(wifeBirth, 42), latestAdultBirth);
    if (earliest <= latest) {
      const b = dateBetween(rng, earliest, latest);
      const child = member(d, rng.chance(0.5) ? 'male' : 'female', b, childSurname, true);
      const idx = members.push(child) - 1;
      kin.push({ person: idx, relative: 0, relationship: 'father', startDate: b });
      kin.push({ person: idx, relative: 1, relationship: 'mother', startDate: b });
      if (lastChild >= 0) {
        kin.push({ person: lastChild, relative: idx, relationship: sibling(child.gender), startDate: maxDate(b, members[lastChild]!.birthDate) });
      }
      lastChild = idx;
    } else {
      const b = minDate(latestAdultBirth, addDays(husbandBirth, rng.int(-3000, 3000)));
      const sib = member(d, rng.chance(0.5) ? 'male' : 'female', b, hs);
      const idx = members.push(sib) - 1;
      kin.push({ person: idx, relative: 0, relationship: 'brother', startDate: maxDate(b, husbandBirth) });
    }
  }
  return { members, kin };
}
