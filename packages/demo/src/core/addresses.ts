/**
 * Synthetic addresses on real places: Mexican style "Calle Morelos 123 Int. 4, Col. Centro,
 * C.P. 44100, Guadalajara, Jal., México" and U.S. style "1234 Mesquite Dr Apt 5, Laredo, TX 78041, USA".
 */
import { Rng, weighted } from '../rng';
import type { Country } from '../agencies';
import {
  MX_COLONIAS, MX_STATES, MX_STREET_NAMES, MX_STREET_TYPES, US_STATES, US_STREET_NAMES, US_STREET_TYPES,
  type MxState, type UsState,
} from '../tables/places';
import { props } from './util';

export interface Place { country: Country; state: string; stateAbbr: string; city: string; postalPrefix: string; curpState?: string; border: boolean }

const mxStates = weighted(MX_STATES.map((s) => [s, s.weight] as const));
const usStates = weighted(US_STATES.map((s) => [s, s.weight] as const));
const mxPlaces = new Map(MX_STATES.map((s) => [s, weighted(s.places.map((p) => [p, p.weight] as const))]));
const usPlaces = new Map(US_STATES.map((s) => [s, weighted(s.places.map((p) => [p, p.weight] as const))]));
const mxStreetTypes = weighted(MX_STREET_TYPES);
const usStreetTypes = weighted(US_STREET_TYPES);

export function mxStateDraw(rng: Rng): MxState {
  return rng.weighted(mxStates);
}

/** A place in `country`; `near` (a place of the same country) keeps the draw in that state most of the time. */
export function placeDraw(rng: Rng, country: Country, near?: Place, stayShare = 0.6): Place {
  if (country === 'MX') {
    const s = near && near.country === 'MX' && rng.chance(stayShare) ? MX_STATES.find((x) => x.name === near.state)! : rng.weighted(mxStates);
    const p = rng.weighted(mxPlaces.get(s)!);
    return { country, state: s.name, stateAbbr: s.abbr, city: p.city, postalPrefix: p.cp, curpState: s.curp, border: !!p.border };
  }
  const s: UsState = near && near.country === 'US' && rng.chance(stayShare) ? US_STATES.find((x) => x.name === near.state)! : rng.weighted(usStates);
  const p = rng.weighted(usPlaces.get(s)!);
  return { country, state: s.name, stateAbbr: s.abbr, city: p.city, postalPrefix: p.zip, border: !!p.border };
}

/** Address entity properties for a synthetic street address at `place`. */
export function addressProps(rng: Rng, place: Place): Record<string, string[]> {
  if (place.country === 'MX') {
    const street = `${rng.weighted(mxStreetTypes)} ${rng.pick(MX_STREET_NAMES)} ${rng.int(1, 2999)}`
      + (rng.chance(0.25) ? ` Int. ${rng.chance(0.5) ? rng.int(1, 40) : rng.pick(['A', 'B', 'C', 'D'])}` : '');
    const colonia = `Col. ${rng.pick(MX_COLONIAS)}`;
    const cp = place.postalPrefix + rng.digits(3);
    return props({
      full: `${street}, ${colonia}, C.P. ${cp}, ${place.city}, ${place.stateAbbr}, México`,
      street, street2: colonia, city: place.city, state: place.state, postalCode: cp, country: 'mx',
    });
  }
  const street = `${rng.int(100, 9899)} ${rng.pick(US_STREET_NAMES)} ${rng.weighted(usStreetTypes)}`
    + (rng.chance(0.2) ? ` ${rng.pick(['Apt', 'Ste', 'Unit'])} ${rng.int(1, 420)}` : '');
  const zip = place.postalPrefix + rng.digits(2);
  return props({
    full: `${street}, ${place.city}, ${place.stateAbbr} ${zip}, USA`,
    street, city: place.city, state: place.state, postalCode: zip, country: 'us',
  });
}
