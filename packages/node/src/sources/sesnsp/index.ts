/**
 * Source: SESNSP "Incidencia delictiva municipal" — counts of investigation files (carpetas de
 * investigación), not victims. One entry point, `ingest(path)`, reads the official wide layout (one column
 * per month) or the long layout (one row per municipality × month; see metadata.json), and, beside it, the
 * INEGI 2020 census populations when present. Places are INEGI codes ('MX-11020' within 'MX-11').
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import metadata from './metadata.json' with { type: 'json' };
import { CaseCountParseError } from '../../services/protect/errors';
import { columns, countCell, readCsv } from '../../services/protect/csv';
import { decodeText, placeKey, type CaseCountBatch, type CountPoint, type PlaceInput } from '../../services/protect/model';
import { monthKey } from '../../services/protect/periods';

export { metadata };

const MONTHS_ES = ['Enero', 'Febrero', 'Marzo', 'Abril', 'Mayo', 'Junio', 'Julio', 'Agosto', 'Septiembre', 'Octubre', 'Noviembre', 'Diciembre'];

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** The subtype (or type) of crime → the node's indicator; null for crimes the node does not keep. */
function indicatorOf(tipo: string, subtipo: string): string | null {
  const s = fold(subtipo);
  if (s === 'homicidio doloso') return 'homicidio_doloso';
  if (s === 'homicidio culposo') return 'homicidio_culposo';
  if (s === 'feminicidio' || fold(tipo) === 'feminicidio') return 'feminicidio';
  return null;
}

export interface MxPopulation { name: string; population: number; lon: number | null; lat: number | null }

/** INEGI census populations: mx_municipios_pop2020.csv (region = 5-digit code) or mx_states_pop2020.csv (region = 2 digits). */
export function mxPopulations(text: string, file: string): Map<string, MxPopulation> {
  const { header, rows } = readCsv(text, file);
  const col = columns(header, file, { region: ['region'], pop: ['pop'], name: ['municipio_name', 'state_name'], lon: ['long'], lat: ['lat'] }, ['lon', 'lat']);
  const out = new Map<string, MxPopulation>();
  for (const { line, fields } of rows) {
    const code = fields[col.region].trim();
    if (!/^\d{2}(\d{3})?$/.test(code)) throw new CaseCountParseError(file, line, 'region', 'bad_code', { value: code.slice(0, 40) });
    const population = countCell(fields[col.pop], file, line, 'pop');
    const num = (i: number) => (i >= 0 && fields[i].trim() !== '' && Number.isFinite(Number(fields[i])) ? Number(fields[i]) : null);
    if (population !== null) out.set(code, { name: fields[col.name].trim(), population, lon: num(col.lon), lat: num(col.lat) });
  }
  return out;
}

interface Accumulator {
  places: Map<string, PlaceInput>;
  /** `${place}|${indicator}|${month}` → point (modalidades summed). */
  points: Map<string, CountPoint>;
  skipped: Record<string, number>;
}

function addPlace(acc: Accumulator, pops: Map<string, MxPopulation>, mun: string, munName: string, stateName: string) {
  const state = mun.slice(0, 2);
  const sCode = placeKey('MX', state);
  if (!acc.places.has(sCode)) {
    const p = pops.get(state);
    acc.places.set(sCode, { code: sCode, country: 'MX', nativeCode: state, level: 'state', name: stateName || p?.name || state, population: p?.population ?? null, populationYear: p ? 2020 : null });
  }
  const code = placeKey('MX', mun);
  if (!acc.places.has(code)) {
    const p = pops.get(mun);
    acc.places.set(code, {
      code, country: 'MX', nativeCode: mun, level: 'municipality', name: munName || p?.name || mun, parentCode: sCode,
      population: p?.population ?? null, populationYear: p ? 2020 : null, lon: p?.lon ?? null, lat: p?.lat ?? null,
    });
  }
  return code;
}

function addPoint(acc: Accumulator, place: string, indicator: string, month: number, value: number | null, line: number) {
  const key = `${place}|${indicator}|${month}`;
  const p = acc.points.get(key);
  if (!p) acc.points.set(key, { placeCode: place, indicator, periodKind: 'month', period: month, value, line });
  else if (value !== null) p.value = (p.value ?? 0) + value;
}

function yearOf(raw: string, file: string, line: number, field: string): number {
  const v = raw.trim();
  if (!/^\d{4}$/.test(v) || Number(v) < 1990 || Number(v) > 2200) throw new CaseCountParseError(file, line, field, 'bad_value', { value: v.slice(0, 40) });
  return Number(v);
}

function municipality(raw: string, file: string, line: number, field: string): string {
  const v = raw.trim().replace(/\.0$/, '');
  if (!/^\d{4,5}$/.test(v)) throw new CaseCountParseError(file, line, field, 'bad_code', { value: v.slice(0, 40) });
  return v.padStart(5, '0');
}

/** The official wide layout: one row per municipality × year × crime modality, one column per month. */
export function parseWide(text: string, file: string, pops: Map<string, MxPopulation> = new Map()): CaseCountBatch {
  const { header, rows } = readCsv(text, file);
  const monthCols = Object.fromEntries(MONTHS_ES.map((m) => [m, [m]])) as Record<string, string[]>;
  const col = columns(header, file, {
    year: ['Año', 'Ano'], state: ['Entidad'], mun: ['Cve. Municipio', 'Cve Municipio', 'Clave_Mun'], munName: ['Municipio'],
    tipo: ['Tipo de delito'], subtipo: ['Subtipo de delito'], ...monthCols,
  });
  const acc: Accumulator = { places: new Map(), points: new Map(), skipped: {} };
  for (const { line, fields } of rows) {
    const indicator = indicatorOf(fields[col.tipo], fields[col.subtipo]);
    if (!indicator) {
      const k = fields[col.subtipo].trim().slice(0, 80) || '?';
      acc.skipped[k] = (acc.skipped[k] ?? 0) + 1;
      continue;
    }
    const year = yearOf(fields[col.year], file, line, 'Año');
    const mun = municipality(fields[col.mun], file, line, 'Cve. Municipio');
    const place = addPlace(acc, pops, mun, fields[col.munName].trim(), fields[col.state].trim());
    MONTHS_ES.forEach((m, i) => {
      const value = countCell(fields[(col as Record<string, number>)[m]], file, line, m);
      addPoint(acc, place, indicator, monthKey(year, i + 1), value, line);
    });
  }
  return finish(acc, file);
}

const LONG_INDICATORS = ['homicidio_doloso', 'homicidio_culposo', 'feminicidio'] as const;

/** The long layout: one row per municipality × month with one column per indicator. */
export function parseLong(text: string, file: string, pops: Map<string, MxPopulation> = new Map()): CaseCountBatch {
  const { header, rows } = readCsv(text, file);
  const col = columns(header, file, {
    mun: ['cve_mun'], state: ['entidad'], munName: ['municipio'], year: ['year'], month: ['month'],
    homicidio_doloso: ['homicidio_doloso'], homicidio_culposo: ['homicidio_culposo'], feminicidio: ['feminicidio'],
  }, ['homicidio_culposo', 'feminicidio']);
  const acc: Accumulator = { places: new Map(), points: new Map(), skipped: {} };
  const seen = new Set<string>();
  for (const { line, fields } of rows) {
    if (!fields[col.mun].trim()) {
      acc.skipped.no_municipality_code = (acc.skipped.no_municipality_code ?? 0) + 1;
      continue;
    }
    const mun = municipality(fields[col.mun], file, line, 'cve_mun');
    const year = yearOf(fields[col.year], file, line, 'year');
    const m = fields[col.month].trim();
    if (!/^\d{1,2}$/.test(m) || Number(m) < 1 || Number(m) > 12) throw new CaseCountParseError(file, line, 'month', 'bad_value', { value: m.slice(0, 40) });
    const month = monthKey(year, Number(m));
    const dup = `${mun}|${month}`;
    if (seen.has(dup)) throw new CaseCountParseError(file, line, 'month', 'duplicate', { value: `${mun} ${year}-${m}` });
    seen.add(dup);
    const place = addPlace(acc, pops, mun, fields[col.munName].trim(), fields[col.state].trim());
    for (const ind of LONG_INDICATORS) {
      if (col[ind] < 0) continue;
      addPoint(acc, place, ind, month, countCell(fields[col[ind]], file, line, ind), line);
    }
  }
  return finish(acc, file);
}

function finish(acc: Accumulator, file: string): CaseCountBatch {
  // Months not yet published are empty cells; drop them at the end of each series (not a zero, not a gap).
  const points = [...acc.points.values()];
  const last = new Map<string, number>();
  for (const p of points) if (p.value !== null) {
    const k = `${p.placeCode}|${p.indicator}`;
    last.set(k, Math.max(last.get(k) ?? -Infinity, p.period));
  }
  const kept = points.filter((p) => p.period <= (last.get(`${p.placeCode}|${p.indicator}`) ?? -Infinity));
  return { format: 'sesnsp', file, source: metadata.id, places: [...acc.places.values()], points: kept, skipped: acc.skipped };
}

/** Parses either layout, recognised by its header. */
export function parseSesnsp(text: string, file: string, pops: Map<string, MxPopulation> = new Map()): CaseCountBatch {
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  return /cve_mun/i.test(firstLine) && !/Enero/i.test(firstLine) ? parseLong(text, file, pops) : parseWide(text, file, pops);
}

/** Reads a SESNSP file at `path`, with the INEGI 2020 populations beside it when present. */
export function ingest(path: string): CaseCountBatch {
  const file = basename(path);
  if (!existsSync(path)) throw new CaseCountParseError(file, 0, 'path', 'no_file', { path });
  const pops = new Map<string, MxPopulation>();
  for (const name of ['mx_states_pop2020.csv', 'mx_municipios_pop2020.csv']) {
    const p = join(dirname(path), name);
    if (existsSync(p)) for (const [k, v] of mxPopulations(decodeText(readFileSync(p)), name)) pops.set(k, v);
  }
  return parseSesnsp(decodeText(readFileSync(path)), file, pops);
}
