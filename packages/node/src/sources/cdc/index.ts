/**
 * Source: CDC/NCHS "VSRR Provisional Drug Overdose Death Counts" (data.cdc.gov xkb8-kh2a). One entry point,
 * `ingest(path)`, reads the CSV (and, beside it, us_states.geojson for state populations when present) and
 * gives the node's case counts: places (U.S. states by FIPS code, the nation, New York City) and monthly
 * points of the 12-month-ending death counts. See metadata.json for the indicator mapping.
 *
 * The file's `Period` is always "12 month-ending": the value for 2018-11 counts deaths from 2017-12 to
 * 2018-11. It is stored as such (indicator aggregation 'rolling12'), never differenced into monthly counts:
 * a difference gives x(t) − x(t−12), not x(t).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import metadata from './metadata.json' with { type: 'json' };
import { CaseCountParseError } from '../../services/protect/errors';
import { columns, countCell, readCsv } from '../../services/protect/csv';
import { decodeText, placeKey, type CaseCountBatch, type CountPoint, type PlaceInput } from '../../services/protect/model';
import { monthKey } from '../../services/protect/periods';

export { metadata };

/** USPS abbreviation → 2-digit FIPS state code (FIPS PUB 5-2). */
export const STATE_FIPS: Record<string, string> = {
  AL: '01', AK: '02', AZ: '04', AR: '05', CA: '06', CO: '08', CT: '09', DE: '10', DC: '11', FL: '12', GA: '13', HI: '15', ID: '16',
  IL: '17', IN: '18', IA: '19', KS: '20', KY: '21', LA: '22', ME: '23', MD: '24', MA: '25', MI: '26', MN: '27', MS: '28', MO: '29',
  MT: '30', NE: '31', NV: '32', NH: '33', NJ: '34', NM: '35', NY: '36', NC: '37', ND: '38', OH: '39', OK: '40', OR: '41', PA: '42',
  RI: '44', SC: '45', SD: '46', TN: '47', TX: '48', UT: '49', VT: '50', VA: '51', WA: '53', WV: '54', WI: '55', WY: '56', PR: '72',
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The file's indicator → the node's indicator code (others are counted as skipped). */
function indicatorOf(text: string): string | null {
  const t = text.trim();
  if (t === 'Number of Drug Overdose Deaths') return 'overdose_deaths_12m';
  if (/incl\. methadone/i.test(t)) return null; // combined groups overlap the single codes
  const code = /\((T\d\d\.\d)/.exec(t)?.[1];
  if (/^Opioids \(T40\.0/.test(t)) return 'overdose_deaths_12m_opioids';
  switch (code) {
    case 'T40.1': return 'overdose_deaths_12m_heroin';
    case 'T40.2': return 'overdose_deaths_12m_natural_semisynthetic';
    case 'T40.3': return 'overdose_deaths_12m_methadone';
    case 'T40.4': return 'overdose_deaths_12m_synthetic_opioids';
    case 'T40.5': return 'overdose_deaths_12m_cocaine';
    case 'T43.6': return 'overdose_deaths_12m_psychostimulants';
    default: return null;
  }
}

export interface StatePopulation { name: string; population: number; year: number }

/** State populations from a GeoJSON whose features carry GEOID (FIPS) and total_pop_15 / total_pop_10. */
export function statePopulations(geojson: string, file = 'us_states.geojson'): Map<string, StatePopulation> {
  let doc: { features?: Array<{ properties?: Record<string, unknown> }> };
  try { doc = JSON.parse(geojson); } catch { throw new CaseCountParseError(file, 1, 'json', 'bad_json'); }
  const out = new Map<string, StatePopulation>();
  for (const f of doc.features ?? []) {
    const p = f.properties ?? {};
    const fips = String(p.GEOID ?? '');
    const pop = Number(p.total_pop_15 ?? p.total_pop_10);
    if (/^\d{2}$/.test(fips) && Number.isFinite(pop) && pop > 0) {
      out.set(fips, { name: String(p.NAME ?? fips), population: Math.round(pop), year: p.total_pop_15 !== undefined ? 2015 : 2010 });
    }
  }
  return out;
}

/** Parses the VSRR CSV text. Throws CaseCountParseError (file, line, field) on the first bad row. */
export function parseVsrr(text: string, file: string, populations: Map<string, StatePopulation> = new Map()): CaseCountBatch {
  const { header, rows } = readCsv(text, file);
  const col = columns(header, file, {
    state: ['State'], year: ['Year'], month: ['Month'], period: ['Period'], indicator: ['Indicator'],
    value: ['Data Value'], stateName: ['State Name'],
  });
  const places = new Map<string, PlaceInput>();
  const points: CountPoint[] = [];
  const skipped: Record<string, number> = {};
  const seen = new Set<string>();
  for (const { line, fields } of rows) {
    const state = fields[col.state].trim().toUpperCase();
    const indicator = indicatorOf(fields[col.indicator]);
    if (!indicator) {
      const k = fields[col.indicator].trim().slice(0, 80) || '?';
      skipped[k] = (skipped[k] ?? 0) + 1;
      continue;
    }
    const period = fields[col.period].trim();
    if (!/^12 month-ending$/i.test(period)) throw new CaseCountParseError(file, line, 'Period', 'bad_value', { value: period.slice(0, 40) });
    const year = Number(fields[col.year].trim());
    if (!/^\d{4}$/.test(fields[col.year].trim()) || year < 1900 || year > 2200) {
      throw new CaseCountParseError(file, line, 'Year', 'bad_value', { value: fields[col.year].slice(0, 40) });
    }
    const monthText = fields[col.month].trim();
    const month = /^\d{1,2}$/.test(monthText) ? Number(monthText) : MONTHS.indexOf(monthText.toLowerCase()) + 1;
    if (!(month >= 1 && month <= 12)) throw new CaseCountParseError(file, line, 'Month', 'bad_value', { value: monthText.slice(0, 40) });
    let code: string;
    if (state === 'US') {
      code = placeKey('US', 'US');
      if (!places.has(code)) places.set(code, { code, country: 'US', nativeCode: 'US', level: 'nation', name: 'United States' });
    } else if (state === 'YC') {
      code = placeKey('US', 'NYC');
      if (!places.has(code)) places.set(code, { code, country: 'US', nativeCode: 'YC', level: 'city', name: 'New York City', parentCode: placeKey('US', '36'), line });
      // The city's state, so that the city has its parent even in a file without New York's rows.
      if (!places.has('US-36')) places.set('US-36', { code: 'US-36', country: 'US', nativeCode: '36', level: 'state', name: populations.get('36')?.name ?? 'New York', population: populations.get('36')?.population ?? null, populationYear: populations.get('36')?.year ?? null, line });
    } else {
      const fips = STATE_FIPS[state];
      if (!fips) throw new CaseCountParseError(file, line, 'State', 'unknown_place', { value: state.slice(0, 40) });
      code = placeKey('US', fips);
      if (!places.has(code)) {
        const pop = populations.get(fips);
        places.set(code, {
          code, country: 'US', nativeCode: fips, level: 'state', name: fields[col.stateName].trim() || pop?.name || state,
          population: pop?.population ?? null, populationYear: pop?.year ?? null, line,
        });
      }
    }
    const value = countCell(fields[col.value], file, line, 'Data Value');
    const key = `${code}|${indicator}|${year}-${month}`;
    if (seen.has(key)) throw new CaseCountParseError(file, line, 'Month', 'duplicate', { value: `${state} ${year}-${month}` });
    seen.add(key);
    points.push({ placeCode: code, indicator, periodKind: 'month', period: monthKey(year, month), value, line });
  }
  // The nation's population is the sum of the states' (50 + DC) when all are known.
  const nation = places.get('US-US');
  if (nation && populations.size >= 51) nation.population = [...populations.values()].reduce((s, p) => s + p.population, 0);
  return { format: 'cdc', file, source: metadata.id, places: [...places.values()], points, skipped };
}

/** Reads the VSRR CSV at `path` (and us_states.geojson beside it, for populations). */
export function ingest(path: string): CaseCountBatch {
  const file = basename(path);
  if (!existsSync(path)) throw new CaseCountParseError(file, 0, 'path', 'no_file', { path });
  const geo = join(dirname(path), 'us_states.geojson');
  const populations = existsSync(geo) ? statePopulations(readFileSync(geo, 'utf8')) : new Map<string, StatePopulation>();
  return parseVsrr(decodeText(readFileSync(path)), file, populations);
}
