/**
 * The documented generic case-count CSV (README, "Protect"): UTF-8, a header, one row per place × period ×
 * indicator. Columns (order free, names exact):
 *   place        required  country-prefixed place code: MX-<INEGI code>, US-<FIPS code>, e.g. MX-11020, US-06
 *   indicator    required  an indicator code the node keeps (GET /api/protect/indicators), e.g. overdose_deaths
 *   period       required  YYYY-MM (monthly) or YYYY-Www (ISO week); one kind per place × indicator
 *   count        required  a non-negative integer; empty or NA = missing
 *   place_name   optional  needed when the place is new to the node
 *   level        optional  nation | state | municipality | county | city (default municipality when the
 *                          native code has 5 digits, state when 2)
 *   parent       optional  the place's state, country-prefixed
 *   population   optional  for rates per 100,000
 */
import { CaseCountParseError } from './errors';
import { columns, countCell, readCsv } from './csv';
import type { CaseCountBatch, CountPoint, PlaceInput } from './model';
import { parsePeriod } from './periods';

const LEVELS = ['nation', 'state', 'municipality', 'county', 'city'] as const;
const PLACE = /^(MX|US)-([A-Z0-9]{1,12})$/;

export function parseCaseCountCsv(text: string, file: string): CaseCountBatch {
  const { header, rows } = readCsv(text, file);
  const col = columns(header, file, {
    place: ['place'], indicator: ['indicator'], period: ['period'], count: ['count'],
    placeName: ['place_name'], level: ['level'], parent: ['parent'], population: ['population'],
  }, ['placeName', 'level', 'parent', 'population']);
  const places = new Map<string, PlaceInput>();
  const points: CountPoint[] = [];
  const seen = new Map<string, string>();
  const seenPoints = new Set<string>();
  const get = (fields: string[], i: number) => (i >= 0 ? fields[i].trim() : '');
  for (const { line, fields } of rows) {
    const place = get(fields, col.place).toUpperCase();
    const m = PLACE.exec(place);
    if (!m) throw new CaseCountParseError(file, line, 'place', 'bad_code', { value: place.slice(0, 40) });
    const indicator = get(fields, col.indicator);
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(indicator)) throw new CaseCountParseError(file, line, 'indicator', 'bad_value', { value: indicator.slice(0, 40) });
    const periodText = get(fields, col.period);
    const period = parsePeriod(periodText);
    if (!period) throw new CaseCountParseError(file, line, 'period', 'bad_period', { value: periodText.slice(0, 40) });
    const kindKey = `${place}|${indicator}`;
    const kind = seen.get(kindKey);
    if (kind && kind !== period.kind) throw new CaseCountParseError(file, line, 'period', 'mixed_periods', { value: periodText });
    seen.set(kindKey, period.kind);
    const value = countCell(get(fields, col.count), file, line, 'count');
    const name = get(fields, col.placeName);
    const levelText = get(fields, col.level);
    if (levelText && !(LEVELS as readonly string[]).includes(levelText)) throw new CaseCountParseError(file, line, 'level', 'bad_value', { value: levelText.slice(0, 40) });
    const parent = get(fields, col.parent).toUpperCase();
    if (parent && !PLACE.test(parent)) throw new CaseCountParseError(file, line, 'parent', 'bad_code', { value: parent.slice(0, 40) });
    const popText = get(fields, col.population);
    const population = popText ? countCell(popText, file, line, 'population') : null;
    if (name || !places.has(place)) {
      const prev = places.get(place);
      const native = m[2];
      places.set(place, {
        code: place, country: m[1] as 'MX' | 'US', nativeCode: native,
        level: (levelText || prev?.level || (native.length === 2 ? 'state' : native.length === 5 ? (m[1] === 'US' ? 'county' : 'municipality') : 'city')) as PlaceInput['level'],
        name: name || prev?.name || '', parentCode: parent || prev?.parentCode || null, population: population ?? prev?.population ?? null,
        line,
      });
    }
    const pointKey = `${kindKey}|${period.key}`;
    if (seenPoints.has(pointKey)) throw new CaseCountParseError(file, line, 'period', 'duplicate', { value: `${place} ${indicator} ${periodText}` });
    seenPoints.add(pointKey);
    points.push({ placeCode: place, indicator, periodKind: period.kind, period: period.key, value, line });
  }
  return { format: 'csv', file, source: `csv:${file}`, places: [...places.values()], points, skipped: {} };
}
