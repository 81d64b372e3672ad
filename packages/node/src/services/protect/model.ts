/**
 * What every case-count importer produces (CDC, SESNSP, generic CSV, demo): places and points. The store
 * (./store.ts) turns points into series rows. Pure data, no I/O.
 */
import type { PeriodKind } from './periods';

export interface PlaceInput {
  /** Country-prefixed key: 'MX-11020', 'US-06', 'MX-DEMO-0101'. */
  code: string;
  country: 'MX' | 'US';
  nativeCode: string;
  level: 'nation' | 'state' | 'municipality' | 'county' | 'city';
  name: string;
  parentCode?: string | null;
  population?: number | null;
  populationYear?: number | null;
  lon?: number | null;
  lat?: number | null;
  synthetic?: boolean;
  /** Line of the file that introduced the place (for errors found after parsing). */
  line?: number;
}

export interface CountPoint {
  placeCode: string;
  indicator: string;
  periodKind: PeriodKind;
  period: number;
  /** null = missing (not published, suppressed). */
  value: number | null;
  /** Where it came from, for errors found after parsing (unknown place or indicator). */
  line?: number;
}

export interface CaseCountBatch {
  format: 'cdc' | 'sesnsp' | 'csv' | 'demo';
  file: string;
  source: string;
  places: PlaceInput[];
  points: CountPoint[];
  /** Rows read but not imported, by reason (e.g. an indicator the node does not keep). */
  skipped: Record<string, number>;
}

/** The country prefix of a place key. */
export const placeKey = (country: 'MX' | 'US', native: string) => `${country}-${native}`;

/** Decodes bytes as UTF-8, or as Windows-1252/Latin-1 when they are not valid UTF-8 (SESNSP's older files). */
export function decodeText(data: string | Uint8Array): string {
  if (typeof data === 'string') return data;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}
