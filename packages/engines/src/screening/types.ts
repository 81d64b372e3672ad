/** The data the screening engine works on: list entries in, hits with explanations out. */
import type { NameComparison } from './compare';

/** How a list names an entry. OFAC: primary SDN_Name, alt.csv aka (alias), fka (previous), Remarks a.k.a. '…' (weak). */
export type ListNameKind = 'primary' | 'alias' | 'previous' | 'weak';

export interface ListName {
  text: string;
  kind: ListNameKind;
  /** the list's own surname field for this name when it has one (FtM lastName), to find the surnames in `text` */
  surnames?: string;
}

/** One designated person, organisation, vessel or aircraft, whatever list it comes from. */
export interface ListEntry {
  /** the list's own id (OFAC ent_num, the FtM entity id) */
  id: string;
  /** FtM schema: Person, Organization, Company, LegalEntity, Vessel, Airplane… */
  schema: string;
  /** display name */
  caption: string;
  names: ListName[];
  /** ISO 3166-1 alpha-2, upper case: addresses, nationality, citizenship, place of birth */
  countries?: string[];
  /** 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', or a year range 'YYYY/YYYY' */
  birthDates?: string[];
  /** which list the entry comes from (e.g. 'us_ofac_sdn', 'ftm:watchlist.ftm.jsonl') */
  list?: string;
  programs?: string[];
}

/** One name to screen. */
export interface ScreeningQuery {
  id?: string;
  name: string;
  /** FtM schema of the screened party (Person, Organization, Company, Vessel, Airplane), if known */
  schema?: string;
  /** ISO 3166-1 alpha-2 */
  country?: string;
  /** 'YYYY' or 'YYYY-MM-DD' */
  birthDate?: string;
}

/** A qualifier added to the name score (logic-v2's "qualifiers": country, birth date, schema). */
export interface Feature {
  feature: string;
  weight: number;
  detail?: string;
}

/** Why an entry scored what it scored: score = clamp(name.score × factor + Σ features.weight, 0, 1). */
export interface HitExplanation {
  /** the list name that matched best, and how it was compared */
  matchedName: string;
  nameKind: ListNameKind;
  name: NameComparison;
  /** 1, or the weak-alias factor when the best name is a weak alias */
  factor: number;
  features: Feature[];
  score: number;
}

export interface ScreeningHit {
  entryId: string;
  /** position of the entry in the indexed lists */
  entryIndex: number;
  caption: string;
  schema: string;
  list?: string;
  matchedName: string;
  score: number;
  explanation: HitExplanation;
}

export interface ScreenOptions {
  /** report candidates scoring at least this (default DEFAULT_THRESHOLD) */
  threshold?: number;
  /** at most this many hits (default DEFAULT_TOP) */
  top?: number;
}
