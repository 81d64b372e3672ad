/**
 * Protect layer (issue 7): the demo world's drug early-warning and homicide-prevention data. These are
 * aggregates and published material, not FtM records, so the layer yields no entities into the record
 * stream; `generateProtectWorld` builds them from the layer's own random stream (fork 'protect'), and the
 * node's demo loader writes them into its typed tables.
 *
 * What it makes (all synthetic, names invented):
 *  - a grid of 120 Mexican municipalities in two states and 80 U.S. counties in two states, meeting along
 *    a synthetic border, each a square polygon (shared vertices, so queen contiguity is exact), with
 *    populations for rates per 100,000;
 *  - 60 months of counts per place for three indicators (MX: intentional homicide, overdose emergency
 *    visits, treatment admissions; US: overdose deaths, overdose emergency visits, treatment admissions),
 *    Poisson around a seasonal rate, with INJECTED events: an overdose outbreak in the last three months on
 *    both sides of the border (and an earlier one in 2024), treatment demand rising after it, a cluster of
 *    municipalities with three times the homicide rate (a hot spot) and a low-violence block (a cold spot);
 *  - homicide points in the hot cluster with near-repeat follow-ups (for the Knox test);
 *  - six bilingual practices of the Network for Homicide Prevention, alert rules, and one task-force case.
 */
import { Rng } from '../rng';
import type { Layer } from './layer';

export const protectLayer: Layer = {
  id: 'protect',
  summaryKey: 'protect.demo.layer',
  *build() { /* aggregates only: see generateProtectWorld */ },
};

export interface ProtectPlace {
  code: string; country: 'MX' | 'US'; nativeCode: string; level: 'state' | 'municipality' | 'county'; name: string;
  parentCode: string | null; population: number; lon: number; lat: number;
}
export interface ProtectSeries { placeCode: string; indicator: string; startYear: number; startMonth: number; values: number[] }
export interface ProtectEvent { id: string; placeCode: string; date: string; x: number; y: number }
export interface ProtectPractice {
  id: string; title: { en: string; es: string }; programme: { en: string; es: string }; place: string; placeCode: string | null;
  country: 'MX' | 'US'; population: { en: string; es: string }; evidenceLevel: 'rigorous' | 'promising' | 'emerging' | 'anecdotal';
  evidence: { en: string; es: string }; outcomeMeasures: string[]; contacts: Array<{ name: string; organisation: string; email: string }>;
  ownerAgency: string; ownerCountry: 'MX' | 'US';
}
export interface ProtectRule { name: string; indicator: string; placeCode: string | null; method: string; params: Record<string, unknown> }
export interface ProtectTaskForce {
  id: string; title: string; placeCode: string; openedOn: string; summary: string; ownerAgency: string; ownerCountry: 'MX';
  distribution: 'node'; purposes: Array<'criminal_investigation' | 'violence_prevention'>; legalBasis: string;
  homicides: Array<{ eventId: string; label: string }>;
  labRequests: Array<{ label: string; status: string; onDate: string }>;
  prosecutions: Array<{ label: string; status: string; onDate: string }>;
}
export interface ProtectWorld {
  places: ProtectPlace[];
  boundaries: Array<{ code: string; geometry: { type: 'Polygon'; coordinates: Array<Array<[number, number]>> } }>;
  series: ProtectSeries[];
  events: ProtectEvent[];
  practices: ProtectPractice[];
  rules: ProtectRule[];
  taskForce: ProtectTaskForce;
  /** Where and when the generator injected outbreaks and clusters (tests check that detection finds them). */
  injected: { outbreak: { indicator: string; places: string[]; months: string[] }; hotspot: string[]; coldspot: string[] };
}

// Grid: cell 0.3° × 0.25°; the border runs along latitude 31.0.
const LON0 = -112;
const LAT_BORDER = 31;
const DX = 0.3;
const DY = 0.25;
const MX_COLS = 12;
const MX_ROWS = 10;
const US_COLS = 10;
const US_ROWS = 8;
const US_COL0 = 1;
const MONTHS = 60;

const MX_HEADS = ['San', 'Santa', 'Villa', 'Real de', 'Ojo de', 'Valle de', 'Cerro', 'Paso de', 'Llano de', 'Mineral de', 'Ciénega de', 'Rancho'];
const MX_TAILS = ['los Sauces', 'la Cañada', 'Tierra Blanca', 'Arroyo Seco', 'las Palomas', 'Piedra Azul', 'los Encinos', 'Agua Zarca', 'la Mesa', 'Cuervos', 'Lucía', 'Tomás'];
const US_HEADS = ['Cedar', 'Juniper', 'Mesa', 'Willow', 'Granite', 'Sage', 'Coyote', 'Falcon', 'Copper', 'Pinon'];
const US_TAILS = ['Flats', 'Ridge', 'Springs', 'Valley', 'Bluff', 'Hollow', 'Creek', 'Point'];

/** Poisson draw (Knuth for small means, a rounded normal above 30). */
function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) {
    const u = Math.max(rng.float(), 1e-12);
    const v = rng.float();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do { k++; p *= rng.float(); } while (p > l);
  return k - 1;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The demo's Protect data for a seed and "today" (the last month is the one before `now`). */
export function generateProtectWorld(opts: { seed: number; now: string }): ProtectWorld {
  const rng = new Rng(opts.seed >>> 0).fork('protect');
  const now = new Date(opts.now);
  const endKey = now.getUTCFullYear() * 12 + now.getUTCMonth() - 1; // last complete month
  const startKey = endKey - MONTHS + 1;
  const label = (k: number) => `${Math.floor(k / 12)}-${pad((k % 12) + 1, 2)}`;

  const places: ProtectPlace[] = [];
  const boundaries: ProtectWorld['boundaries'] = [];
  const states: ProtectPlace[] = [
    { code: 'MX-D01', country: 'MX', nativeCode: 'D01', level: 'state', name: 'Sierra Demo', parentCode: null, population: 0, lon: LON0 + 3 * DX * 1, lat: LAT_BORDER - 5 * DY },
    { code: 'MX-D02', country: 'MX', nativeCode: 'D02', level: 'state', name: 'Llanura Demo', parentCode: null, population: 0, lon: LON0 + 9 * DX, lat: LAT_BORDER - 5 * DY },
    { code: 'US-D51', country: 'US', nativeCode: 'D51', level: 'state', name: 'West Demo', parentCode: null, population: 0, lon: LON0 + 3.5 * DX, lat: LAT_BORDER + 4 * DY },
    { code: 'US-D52', country: 'US', nativeCode: 'D52', level: 'state', name: 'East Demo', parentCode: null, population: 0, lon: LON0 + 8.5 * DX, lat: LAT_BORDER + 4 * DY },
  ];
  const used = new Set<string>();
  const uniqueName = (make: () => string) => {
    for (let i = 0; i < 50; i++) { const n = make(); if (!used.has(n)) { used.add(n); return n; } }
    const n = `${make()} ${used.size}`;
    used.add(n);
    return n;
  };
  const cell = (col: number, row: number, south: boolean): Array<[number, number]> => {
    // row 0 touches the border; MX rows go south, US rows go north. Vertices from integer grid indices.
    const y0 = south ? LAT_BORDER - (row + 1) * DY : LAT_BORDER + row * DY;
    const y1 = y0 + DY;
    const x0 = LON0 + col * DX;
    const x1 = x0 + DX;
    return [[round(x0), round(y0)], [round(x1), round(y0)], [round(x1), round(y1)], [round(x0), round(y1)], [round(x0), round(y0)]];
  };
  const grid = new Map<string, ProtectPlace>();
  for (let row = 0; row < MX_ROWS; row++) for (let col = 0; col < MX_COLS; col++) {
    const state = col < 6 ? states[0] : states[1];
    const n = row * MX_COLS + col + 1;
    const native = `${state.nativeCode}${pad(n, 3)}`;
    const population = Math.round(Math.exp(Math.log(5_000) + rng.float() * (Math.log(600_000) - Math.log(5_000))));
    const p: ProtectPlace = {
      code: `MX-${native}`, country: 'MX', nativeCode: native, level: 'municipality',
      name: uniqueName(() => `${rng.pick(MX_HEADS)} ${rng.pick(MX_TAILS)}`), parentCode: state.code, population,
      lon: round(LON0 + (col + 0.5) * DX), lat: round(LAT_BORDER - (row + 0.5) * DY),
    };
    state.population += population;
    places.push(p);
    grid.set(`MX:${col}:${row}`, p);
    boundaries.push({ code: p.code, geometry: { type: 'Polygon', coordinates: [cell(col, row, true)] } });
  }
  for (let row = 0; row < US_ROWS; row++) for (let c = 0; c < US_COLS; c++) {
    const col = c + US_COL0;
    const state = c < 5 ? states[2] : states[3];
    const n = row * US_COLS + c + 1;
    const native = `${state.nativeCode}${pad(n, 3)}`;
    const population = Math.round(Math.exp(Math.log(3_000) + rng.float() * (Math.log(400_000) - Math.log(3_000))));
    const p: ProtectPlace = {
      code: `US-${native}`, country: 'US', nativeCode: native, level: 'county',
      name: uniqueName(() => `${rng.pick(US_HEADS)} ${rng.pick(US_TAILS)} County`), parentCode: state.code, population,
      lon: round(LON0 + (col + 0.5) * DX), lat: round(LAT_BORDER + (row + 0.5) * DY),
    };
    state.population += population;
    places.push(p);
    grid.set(`US:${col}:${row}`, p);
    boundaries.push({ code: p.code, geometry: { type: 'Polygon', coordinates: [cell(col, row, false)] } });
  }
  places.unshift(...states);

  // Injected events.
  const block = (country: 'MX' | 'US', cols: number[], rows: number[]) =>
    cols.flatMap((c) => rows.map((r) => grid.get(`${country}:${c}:${r}`)!.code));
  const outbreakPlaces = [...block('US', [4, 5], [0, 1]), ...block('MX', [4, 5], [0])];
  const earlierOutbreak = block('US', [8, 9], [4, 5]);
  const hotspot = block('MX', [7, 8, 9], [3, 4, 5]);
  const coldspot = block('MX', [1, 2], [7, 8, 9]);
  const outbreakFrom = endKey - 2;
  const earlierFrom = 2024 * 12 + 7; // 2024-08, 2024-09

  const RATES: Record<'MX' | 'US', Record<string, number>> = {
    MX: { homicidio_doloso: 22, overdose_emergency_visits: 35, treatment_admissions: 70 },
    US: { overdose_deaths: 28, overdose_emergency_visits: 140, treatment_admissions: 220 },
  };
  const series: ProtectSeries[] = [];
  const outbreakSet = new Set(outbreakPlaces);
  const earlierSet = new Set(earlierOutbreak);
  const hotSet = new Set(hotspot);
  const coldSet = new Set(coldspot);
  for (const p of places) {
    if (p.level === 'state') continue;
    const level = 0.7 + rng.float() * 0.6; // each place has its own baseline
    for (const [indicator, annual] of Object.entries(RATES[p.country])) {
      const values: number[] = [];
      for (let i = 0; i < MONTHS; i++) {
        const k = startKey + i;
        const season = 1 + 0.12 * Math.sin((2 * Math.PI * (k % 12)) / 12);
        let mult = level * season;
        const overdose = indicator === 'overdose_emergency_visits' || indicator === 'overdose_deaths';
        if (overdose && outbreakSet.has(p.code) && k >= outbreakFrom) mult *= indicator === 'overdose_deaths' ? 2.5 : 4;
        if (overdose && earlierSet.has(p.code) && (k === earlierFrom || k === earlierFrom + 1)) mult *= 3;
        if (indicator === 'treatment_admissions' && outbreakSet.has(p.code) && k >= outbreakFrom + 1) mult *= 1.4;
        if (indicator === 'homicidio_doloso' && hotSet.has(p.code)) mult *= 3.5;
        if (indicator === 'homicidio_doloso' && coldSet.has(p.code)) mult *= 0.25;
        // Outbreak places are mid-sized, so the spike is plain and the counts stay plausible.
        const pop = outbreakSet.has(p.code) ? Math.max(p.population, 60_000) : p.population;
        values.push(poisson(rng, ((pop * annual) / 100_000 / 12) * mult));
      }
      series.push({ placeCode: p.code, indicator, startYear: Math.floor(startKey / 12), startMonth: (startKey % 12) + 1, values });
    }
    if (outbreakSet.has(p.code) && p.population < 60_000) p.population = 60_000;
  }

  // Homicide points in the hot cluster over the last 12 months, with near-repeat follow-ups.
  const events: ProtectEvent[] = [];
  const lat0 = LAT_BORDER;
  const toXY = (lon: number, lat: number) => [Math.round((lon - LON0) * 111_320 * Math.cos((lat0 * Math.PI) / 180)), Math.round((lat - lat0) * 110_540)];
  const DAY = 86_400_000;
  let ev = 0;
  for (const code of hotspot) {
    const p = places.find((x) => x.code === code)!;
    const s = series.find((x) => x.placeCode === code && x.indicator === 'homicidio_doloso')!;
    for (let i = MONTHS - 12; i < MONTHS; i++) {
      const k = startKey + i;
      const monthStart = Date.UTC(Math.floor(k / 12), k % 12, 1) / DAY;
      const n = Math.min(s.values[i], 6);
      for (let j = 0; j < n; j++) {
        const [cx, cy] = toXY(p.lon, p.lat);
        const x = cx + Math.round((rng.float() - 0.5) * 20_000);
        const y = cy + Math.round((rng.float() - 0.5) * 20_000);
        const day = monthStart + rng.int(0, 27);
        events.push({ id: `hom-${pad(++ev, 5)}`, placeCode: code, date: new Date(day * DAY).toISOString().slice(0, 10), x, y });
        // A near repeat: within ~150 m and 1–5 days, a third of the time.
        if (rng.chance(0.35)) {
          events.push({
            id: `hom-${pad(++ev, 5)}`, placeCode: code, date: new Date((day + rng.int(1, 5)) * DAY).toISOString().slice(0, 10),
            x: x + rng.int(-150, 150), y: y + rng.int(-150, 150),
          });
        }
      }
    }
  }

  const hot = places.find((p) => p.code === hotspot[4])!;
  const practices: ProtectPractice[] = PRACTICES.map((p, i) => ({ ...p, id: `demo-practice-${i + 1}` }));
  const rules: ProtectRule[] = [
    { name: 'Overdose emergency visits (EARS C2)', indicator: 'overdose_emergency_visits', placeCode: null, method: 'ears-c2', params: { minSigma: 2, lookback: 6 } },
    { name: 'Overdose deaths (Farrington, improved)', indicator: 'overdose_deaths', placeCode: null, method: 'farrington-noufaily', params: { lookback: 6 } },
    { name: 'Intentional homicide (EARS C3)', indicator: 'homicidio_doloso', placeCode: null, method: 'ears-c3', params: { minSigma: 2, lookback: 6 } },
  ];
  const homicideEvents = events.filter((e) => e.placeCode === hot.code).slice(-3);
  const taskForce: ProtectTaskForce = {
    id: 'demo-taskforce-1',
    title: `Fuerza de tarea: homicidios en ${hot.name} (demo)`,
    placeCode: hot.code,
    openedOn: new Date((Date.UTC(Math.floor(endKey / 12), endKey % 12, 1) - 60 * DAY)).toISOString().slice(0, 10),
    summary: 'Caso sintético de demostración: homicidios con arma de fuego en un conglomerado de municipios; vínculo con una red de distribución de drogas.',
    ownerAgency: 'mx-fgr', ownerCountry: 'MX', distribution: 'node', purposes: ['criminal_investigation', 'violence_prevention'],
    legalBasis: 'Código Nacional de Procedimientos Penales art. 131',
    homicides: homicideEvents.map((e, i) => ({ eventId: e.id, label: `Carpeta de investigación DEMO/${hot.nativeCode}/${pad(i + 1, 3)}` })),
    labRequests: [
      { label: 'Balística: comparación de casquillos (IBIS)', status: 'requested', onDate: homicideEvents[0]?.date ?? opts.now.slice(0, 10) },
      { label: 'Toxicología: muestras de víctimas', status: 'completed', onDate: homicideEvents[1]?.date ?? opts.now.slice(0, 10) },
    ],
    prosecutions: [{ label: 'Causa penal DEMO-2026/117: homicidio calificado', status: 'preliminary hearing', onDate: opts.now.slice(0, 10) }],
  };
  return {
    places, boundaries, series, events, practices, rules, taskForce,
    injected: {
      outbreak: { indicator: 'overdose_emergency_visits', places: outbreakPlaces, months: [outbreakFrom, outbreakFrom + 1, outbreakFrom + 2].map(label) },
      hotspot, coldspot,
    },
  };
}

type PracticeSeed = Omit<ProtectPractice, 'id'>;
const PRACTICES: PracticeSeed[] = [
  {
    title: { en: 'Community violence interrupters (demo)', es: 'Interruptores comunitarios de violencia (demo)' },
    programme: {
      en: 'Trained outreach workers from the neighbourhood mediate disputes before they turn into shootings and follow up with the people most at risk.',
      es: 'Promotores capacitados del propio barrio median conflictos antes de que terminen en balaceras y acompañan a las personas de mayor riesgo.',
    },
    place: 'Llanura Demo (MX)', placeCode: 'MX-D02', country: 'MX',
    population: { en: 'Young men aged 15–29 in high-violence neighbourhoods', es: 'Hombres jóvenes de 15 a 29 años en colonias de alta violencia' },
    evidenceLevel: 'promising',
    evidence: { en: 'Quasi-experimental evaluation: fewer shootings in treated areas than in matched comparison areas (synthetic example).', es: 'Evaluación cuasi experimental: menos balaceras en zonas atendidas que en zonas de comparación (ejemplo sintético).' },
    outcomeMeasures: ['homicide rate per 100,000', 'shootings per month', 'mediations completed'],
    contacts: [{ name: 'Coordinación Demo', organisation: 'Fiscalía General de la República (demo)', email: 'prevencion@example.mx' }],
    ownerAgency: 'mx-fgr', ownerCountry: 'MX',
  },
  {
    title: { en: 'Focused deterrence for group violence (demo)', es: 'Disuasión focalizada de la violencia de grupos (demo)' },
    programme: {
      en: 'Police, prosecutors and community leaders meet group members, state consequences for violence plainly and offer services.',
      es: 'Policía, fiscalía y líderes comunitarios se reúnen con integrantes de grupos, explican las consecuencias de la violencia y ofrecen servicios.',
    },
    place: 'East Demo (US)', placeCode: 'US-D52', country: 'US',
    population: { en: 'Members of street groups involved in shootings', es: 'Integrantes de grupos callejeros involucrados en balaceras' },
    evidenceLevel: 'rigorous',
    evidence: { en: 'Systematic reviews report moderate reductions in gun violence (synthetic summary for the demo).', es: 'Revisiones sistemáticas informan reducciones moderadas de la violencia armada (resumen sintético para la demo).' },
    outcomeMeasures: ['group-member-involved homicides', 'non-fatal shootings', 'service uptake'],
    contacts: [{ name: 'Demo Program Office', organisation: 'Centers for Disease Control and Prevention (demo)', email: 'violence-prevention@example.gov' }],
    ownerAgency: 'us-cdc', ownerCountry: 'US',
  },
  {
    title: { en: 'Hospital-based violence intervention (demo)', es: 'Intervención contra la violencia desde el hospital (demo)' },
    programme: {
      en: 'Case managers meet patients with violent injuries at the bedside and connect them with housing, work and mental-health care.',
      es: 'Gestores de caso visitan en cama a pacientes con lesiones por violencia y los vinculan con vivienda, empleo y salud mental.',
    },
    place: 'West Demo (US)', placeCode: 'US-D51', country: 'US',
    population: { en: 'Patients aged 12–30 treated for assault injuries', es: 'Pacientes de 12 a 30 años atendidos por lesiones de agresión' },
    evidenceLevel: 'promising',
    evidence: { en: 'Randomised trials show fewer re-injuries in some sites (synthetic summary).', es: 'Ensayos aleatorizados muestran menos reingresos por lesiones en algunos sitios (resumen sintético).' },
    outcomeMeasures: ['violent re-injury within 12 months', 'arrests for violent offences'],
    contacts: [{ name: 'Demo Trauma Center', organisation: 'County health department (demo)', email: 'hvip@example.org' }],
    ownerAgency: 'us-cdc', ownerCountry: 'US',
  },
  {
    title: { en: 'Street lighting and vacant-lot greening (demo)', es: 'Alumbrado público y rehabilitación de predios baldíos (demo)' },
    programme: {
      en: 'Municipal crews light dark streets and clean and green vacant lots in blocks with repeated homicides.',
      es: 'Cuadrillas municipales iluminan calles oscuras y limpian y reverdecen predios baldíos en cuadras con homicidios repetidos.',
    },
    place: 'Sierra Demo (MX)', placeCode: 'MX-D01', country: 'MX',
    population: { en: 'Residents of blocks with repeat violence', es: 'Habitantes de cuadras con violencia repetida' },
    evidenceLevel: 'rigorous',
    evidence: { en: 'Cluster-randomised trials found fewer gun assaults near treated lots (synthetic summary).', es: 'Ensayos aleatorizados por conglomerados encontraron menos agresiones con arma cerca de los predios atendidos (resumen sintético).' },
    outcomeMeasures: ['gun assaults within 200 m', 'residents\' perceived safety'],
    contacts: [{ name: 'Dirección de Obras Demo', organisation: 'Ayuntamiento (demo)', email: 'obras@example.mx' }],
    ownerAgency: 'mx-fgr', ownerCountry: 'MX',
  },
  {
    title: { en: 'Naloxone distribution with drug-checking (demo)', es: 'Distribución de naloxona con análisis de sustancias (demo)' },
    programme: {
      en: 'Outreach teams hand out naloxone and fentanyl test strips and report new adulterants to the early-warning system.',
      es: 'Brigadas entregan naloxona y tiras reactivas de fentanilo y reportan adulterantes nuevos al sistema de alerta temprana.',
    },
    place: 'Border municipalities (demo)', placeCode: null, country: 'MX',
    population: { en: 'People who use drugs and their families', es: 'Personas que usan drogas y sus familias' },
    evidenceLevel: 'emerging',
    evidence: { en: 'Monitoring data show reversals reported by outreach teams (synthetic).', es: 'Los datos de seguimiento muestran reversiones reportadas por las brigadas (sintético).' },
    outcomeMeasures: ['overdose reversals reported', 'new substances reported', 'overdose emergency visits'],
    contacts: [{ name: 'Equipo de Reducción de Daños Demo', organisation: 'Comisión Nacional de Búsqueda (demo)', email: 'alerta@example.mx' }],
    ownerAgency: 'mx-cnb', ownerCountry: 'MX',
  },
  {
    title: { en: 'Youth summer employment (demo)', es: 'Empleo juvenil de verano (demo)' },
    programme: {
      en: 'Paid summer jobs with a mentor for teenagers from high-violence areas.',
      es: 'Empleos de verano pagados con un mentor para adolescentes de zonas de alta violencia.',
    },
    place: 'East Demo (US)', placeCode: 'US-D52', country: 'US',
    population: { en: 'Teenagers aged 14–18', es: 'Adolescentes de 14 a 18 años' },
    evidenceLevel: 'rigorous',
    evidence: { en: 'Randomised lotteries show fewer violent-crime arrests among participants (synthetic summary).', es: 'Sorteos aleatorizados muestran menos detenciones por delitos violentos entre participantes (resumen sintético).' },
    outcomeMeasures: ['violent-crime arrests', 'school attendance'],
    contacts: [{ name: 'Demo Workforce Board', organisation: 'Drug Enforcement Administration (demo)', email: 'youth@example.gov' }],
    ownerAgency: 'us-dea', ownerCountry: 'US',
  },
];
