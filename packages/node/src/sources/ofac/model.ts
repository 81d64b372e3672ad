/**
 * An OFAC list entry as the files describe it (whatever the format: legacy CSV, sdn.xml, sdn_advanced.xml),
 * and its translation into the screening engine's ListEntry.
 */
import type { ListEntry, ListName } from '../../../../engines/src/screening/types';
import { countryCode } from './countries';
import { parseRemarks, placeCountry, type Identifier, type WeakAlias } from './remarks';

export type OfacType = 'individual' | 'entity' | 'vessel' | 'aircraft';

export interface OfacAlias {
  /** alt.csv alt_num / XML uid */
  altNum?: string;
  /** aka (also known as), fka (formerly), nka (now known as) */
  type: 'aka' | 'fka' | 'nka';
  name: string;
  remarks?: string;
}

export interface OfacAddress {
  addNum?: string;
  address: string;
  cityStatePostal: string;
  country: string;
  remarks?: string;
}

export interface OfacEntry {
  /** OFAC's unique entry number (ent_num, uid, FixedRef) */
  entNum: string;
  /** the primary name as OFAC writes it: "LAST1 LAST2, Given" for individuals */
  name: string;
  type: OfacType;
  programs: string[];
  title?: string;
  callSign?: string;
  vesselType?: string;
  tonnage?: string;
  grt?: string;
  vesselFlag?: string;
  vesselOwner?: string;
  /** Remarks, continued from sdn_comments.csv when OFAC split them */
  remarks: string;
  aliases: OfacAlias[];
  weakAliases: WeakAlias[];
  addresses: OfacAddress[];
  birthDates: string[];
  birthPlaces: string[];
  /** ISO alpha-2 */
  nationalities: string[];
  citizenships: string[];
  gender?: 'male' | 'female';
  identifiers: Identifier[];
  linkedTo: string[];
}

/** The list an entry belongs to, in OpenSanctions' dataset naming. */
export type OfacList = 'us_ofac_sdn' | 'us_ofac_cons';

export function newEntry(entNum: string, name: string, type: OfacType): OfacEntry {
  return {
    entNum, name, type, programs: [], remarks: '', aliases: [], weakAliases: [], addresses: [], birthDates: [],
    birthPlaces: [], nationalities: [], citizenships: [], identifiers: [], linkedTo: [],
  };
}

/** Fills the facts OFAC keeps in Remarks (call once the remarks are complete). */
export function applyRemarks(e: OfacEntry): void {
  const r = parseRemarks(e.remarks);
  const add = <T>(into: T[], xs: T[]) => { for (const x of xs) if (!into.includes(x)) into.push(x); };
  e.weakAliases.push(...r.weakAliases);
  add(e.birthDates, r.birthDates);
  add(e.birthPlaces, r.birthPlaces);
  add(e.nationalities, r.nationalities);
  add(e.citizenships, r.citizenships);
  if (r.gender) e.gender = r.gender;
  e.identifiers.push(...r.identifiers);
  e.linkedTo.push(...r.linkedTo);
}

const SCHEMA: Record<OfacType, string> = { individual: 'Person', entity: 'Organization', vessel: 'Vessel', aircraft: 'Airplane' };

/** The screening engine's view of an OFAC entry: every name, the countries it is tied to, its birth dates. */
export function toListEntry(e: OfacEntry, list: OfacList | string): ListEntry {
  const names: ListName[] = [{ text: e.name, kind: 'primary' }];
  for (const a of e.aliases) names.push({ text: a.name, kind: a.type === 'fka' ? 'previous' : 'alias' });
  for (const w of e.weakAliases) names.push({ text: w.name, kind: 'weak' });
  const countries: string[] = [];
  const push = (c: string | undefined) => { if (c && !countries.includes(c)) countries.push(c); };
  for (const a of e.addresses) push(countryCode(a.country));
  for (const c of e.nationalities) push(c);
  for (const c of e.citizenships) push(c);
  for (const p of e.birthPlaces) push(placeCountry(p));
  return {
    id: e.entNum,
    schema: SCHEMA[e.type],
    caption: e.name,
    names,
    countries,
    birthDates: e.birthDates,
    list,
    programs: e.programs,
  };
}
