/**
 * The demo's agencies, sharing agreements and users: who holds the synthetic records on each node,
 * under which law, for which purposes, and who logs in to look at them.
 */
import type { Distribution, Purpose } from '@puente/model';
import { t, type Lang } from '@puente/i18n';

/** Same strings as packages/node/src/context.ts ROLES; re-declared because demo must not depend on the node. */
export type Role = 'analyst' | 'supervisor' | 'auditor' | 'admin';
export const DEMO_ROLES: readonly Role[] = ['analyst', 'supervisor', 'auditor', 'admin'];

export type Country = 'US' | 'MX';
export type NodeId = 'us-node' | 'mx-node';

export const NODES: ReadonlyArray<{ id: NodeId; country: Country }> = [
  { id: 'mx-node', country: 'MX' },
  { id: 'us-node', country: 'US' },
];
export function nodeOf(country: Country): NodeId {
  return country === 'MX' ? 'mx-node' : 'us-node';
}
export function partnerNode(node: NodeId): NodeId {
  return node === 'mx-node' ? 'us-node' : 'mx-node';
}

/** Documented demo credential, printed by `npm start`; it protects nothing but synthetic data. */
export const DEMO_PASSWORD = 'puente-demo-2026';
/** Purpose a demo analyst states at login unless they choose another (CONTRACTS: demo default). */
export const DEMO_DEFAULT_PURPOSE: Purpose = 'criminal_investigation';

/**
 * Kinds of case file ("network") an agency keeps; each is a small cluster of people, companies,
 * accounts and links with one owner and one distribution. Capability layers may add kinds.
 */
export type NetworkKind = 'financial' | 'designation' | 'criminal' | 'firearms' | 'customs' | 'search';

export interface Agency { id: string; country: Country; name: string; nameEn: string; nameEs: string }

export interface AgencyProfile extends Agency {
  node: NodeId;
  /** Short code used in demo usernames (`mx.fgr.analyst`). */
  short: string;
  /** How the agency is usually abbreviated (display names). */
  acronym: string;
  /** Purposes the agency's records may serve; the first is the agency's main one and is always kept. */
  purposes: Purpose[];
  /** Laws under which the agency holds records (one is drawn per case file). */
  legalBases: string[];
  /** Instrument under which it shares with the partner country, appended for bilateral records. */
  shareBasis: string;
  /** Years a case file is kept after it is opened. */
  retentionYears: number;
  /** Weights of [agency, node, bilateral, agreement] distribution for its case files. */
  distribution: readonly [number, number, number, number];
  /** Relative number of case files the agency holds in the core layer (0: holds none there). */
  caseWeight: number;
  kinds: Partial<Record<NetworkKind, number>>;
  /** Dataset (source collection) name per kind of case file. */
  datasets: Partial<Record<NetworkKind, string>>;
}

const MLAT = 'Tratado de Asistencia Jurídica Mutua México–EE. UU. (1987)';
const MLAT_EN = 'Mexico–U.S. Mutual Legal Assistance Treaty (1987)';

export const AGENCY_PROFILES: AgencyProfile[] = [
  {
    id: 'mx-uif', country: 'MX', node: 'mx-node', short: 'uif', acronym: 'UIF',
    name: 'Unidad de Inteligencia Financiera', nameEs: 'Unidad de Inteligencia Financiera (SHCP)',
    nameEn: 'Financial Intelligence Unit (Mexico)',
    purposes: ['financial_intelligence', 'criminal_investigation', 'sanctions_screening'],
    legalBases: ['LFPIORPI art. 17', 'Ley de Instituciones de Crédito art. 115', 'Reglamento Interior de la SHCP art. 15'],
    shareBasis: 'Principios del Grupo Egmont para el intercambio de información', retentionYears: 10,
    distribution: [0.3, 0.4, 0.2, 0.1], caseWeight: 3, kinds: { financial: 0.8, designation: 0.05, criminal: 0.15 },
    datasets: { financial: 'uif-reportes-operaciones', designation: 'uif-lista-personas-bloqueadas', criminal: 'uif-denuncias' },
  },
  {
    id: 'mx-fgr', country: 'MX', node: 'mx-node', short: 'fgr', acronym: 'FGR',
    name: 'Fiscalía General de la República', nameEs: 'Fiscalía General de la República',
    nameEn: 'Office of the Attorney General of Mexico',
    purposes: ['criminal_investigation', 'firearms_tracing', 'search_for_missing'],
    legalBases: ['Código Nacional de Procedimientos Penales art. 251', 'Código Nacional de Procedimientos Penales art. 131'],
    shareBasis: MLAT, retentionYears: 15,
    distribution: [0.35, 0.4, 0.15, 0.1], caseWeight: 2.5, kinds: { criminal: 0.7, firearms: 0.15, search: 0.15 },
    datasets: { criminal: 'fgr-carpetas-investigacion', firearms: 'fgr-armas-aseguradas', search: 'fgr-personas-desaparecidas' },
  },
  {
    id: 'mx-sedena', country: 'MX', node: 'mx-node', short: 'sedena', acronym: 'SEDENA',
    name: 'Secretaría de la Defensa Nacional', nameEs: 'Secretaría de la Defensa Nacional',
    nameEn: 'Ministry of National Defense (Mexico)',
    purposes: ['firearms_tracing', 'criminal_investigation'],
    legalBases: ['Ley Federal de Armas de Fuego y Explosivos art. 7'],
    shareBasis: MLAT, retentionYears: 20,
    distribution: [0.4, 0.4, 0.1, 0.1], caseWeight: 1, kinds: { firearms: 1 },
    datasets: { firearms: 'sedena-registro-federal-armas' },
  },
  {
    id: 'mx-anam', country: 'MX', node: 'mx-node', short: 'anam', acronym: 'ANAM',
    name: 'Agencia Nacional de Aduanas de México', nameEs: 'Agencia Nacional de Aduanas de México (Aduanas)',
    nameEn: 'National Customs Agency of Mexico',
    purposes: ['customs_targeting', 'criminal_investigation'],
    legalBases: ['Ley Aduanera art. 144'],
    shareBasis: 'Convenio de Asistencia Mutua Aduanera México–EE. UU. (1976)', retentionYears: 5,
    distribution: [0.3, 0.45, 0.2, 0.05], caseWeight: 1.5, kinds: { customs: 1 },
    datasets: { customs: 'anam-pedimentos-importacion' },
  },
  {
    id: 'mx-cnb', country: 'MX', node: 'mx-node', short: 'cnb', acronym: 'CNB',
    name: 'Comisión Nacional de Búsqueda de Personas', nameEs: 'Comisión Nacional de Búsqueda de Personas',
    nameEn: 'National Search Commission (Mexico)',
    purposes: ['search_for_missing'],
    legalBases: ['Ley General en Materia de Desaparición Forzada de Personas art. 53'],
    shareBasis: 'Entendimiento Bicentenario México–EE. UU. (2021)', retentionYears: 30,
    distribution: [0.1, 0.4, 0.35, 0.15], caseWeight: 1, kinds: { search: 1 },
    datasets: { search: 'cnb-registro-nacional-personas-desaparecidas' },
  },
  {
    id: 'us-fincen', country: 'US', node: 'us-node', short: 'fincen', acronym: 'FinCEN',
    name: 'Financial Crimes Enforcement Network', nameEn: 'Financial Crimes Enforcement Network (FinCEN)',
    nameEs: 'Red de Control de Delitos Financieros (FinCEN)',
    purposes: ['financial_intelligence', 'criminal_investigation', 'sanctions_screening'],
    legalBases: ['31 U.S.C. 5311 (Bank Secrecy Act)', '31 U.S.C. 5318(g) (suspicious activity reports)',
      '31 CFR 1010.520 (USA PATRIOT Act sec. 314(a))'],
    shareBasis: 'Egmont Group Principles for Information Exchange', retentionYears: 10,
    distribution: [0.3, 0.4, 0.2, 0.1], caseWeight: 3, kinds: { financial: 0.9, criminal: 0.1 },
    datasets: { financial: 'fincen-suspicious-activity-reports', criminal: 'fincen-314a-requests' },
  },
  {
    id: 'us-ofac', country: 'US', node: 'us-node', short: 'ofac', acronym: 'OFAC',
    name: 'Office of Foreign Assets Control', nameEn: 'Office of Foreign Assets Control (OFAC)',
    nameEs: 'Oficina de Control de Activos Extranjeros (OFAC)',
    purposes: ['sanctions_screening', 'financial_intelligence', 'criminal_investigation'],
    legalBases: ['50 U.S.C. 1701 (IEEPA)', '21 U.S.C. 1901 (Kingpin Act)', 'Executive Order 14059'],
    shareBasis: '31 CFR 501 (public SDN List)', retentionYears: 25,
    distribution: [0.05, 0.25, 0.6, 0.1], caseWeight: 0.3, kinds: { designation: 1 },
    datasets: { designation: 'ofac-sdn-designation-packages' },
  },
  {
    id: 'us-atf', country: 'US', node: 'us-node', short: 'atf', acronym: 'ATF',
    name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives', nameEn: 'Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)',
    nameEs: 'Oficina de Alcohol, Tabaco, Armas de Fuego y Explosivos (ATF)',
    purposes: ['firearms_tracing', 'criminal_investigation'],
    legalBases: ['18 U.S.C. 923(g)(7) (Gun Control Act)', '28 CFR 0.130'],
    shareBasis: MLAT_EN, retentionYears: 20,
    distribution: [0.3, 0.4, 0.15, 0.15], caseWeight: 1.5, kinds: { firearms: 1 },
    datasets: { firearms: 'atf-trafficking-investigations' },
  },
  {
    id: 'us-cbp', country: 'US', node: 'us-node', short: 'cbp', acronym: 'CBP',
    name: 'U.S. Customs and Border Protection', nameEn: 'U.S. Customs and Border Protection (CBP)',
    nameEs: 'Oficina de Aduanas y Protección Fronteriza de EE. UU. (CBP)',
    purposes: ['customs_targeting', 'criminal_investigation', 'search_for_missing'],
    legalBases: ['19 U.S.C. 1509', '19 U.S.C. 1589a'],
    shareBasis: 'U.S.–Mexico Customs Mutual Assistance Agreement (1976)', retentionYears: 7,
    distribution: [0.3, 0.45, 0.2, 0.05], caseWeight: 1.5, kinds: { customs: 0.8, search: 0.2 },
    datasets: { customs: 'cbp-entry-summaries', search: 'cbp-missing-migrant-program' },
  },
  {
    id: 'us-dea', country: 'US', node: 'us-node', short: 'dea', acronym: 'DEA',
    name: 'Drug Enforcement Administration', nameEn: 'Drug Enforcement Administration (DEA)',
    nameEs: 'Administración para el Control de Drogas (DEA)',
    purposes: ['criminal_investigation', 'financial_intelligence'],
    legalBases: ['21 U.S.C. 878 (Controlled Substances Act)', '21 U.S.C. 873'],
    shareBasis: MLAT_EN, retentionYears: 15,
    distribution: [0.35, 0.4, 0.15, 0.1], caseWeight: 2, kinds: { criminal: 0.7, financial: 0.3 },
    datasets: { criminal: 'dea-case-files', financial: 'dea-financial-investigations' },
  },
  {
    // The CDC keeps no case files on people in the core layer; the early-warning layer gives it case counts.
    id: 'us-cdc', country: 'US', node: 'us-node', short: 'cdc', acronym: 'CDC',
    name: 'Centers for Disease Control and Prevention', nameEn: 'Centers for Disease Control and Prevention (CDC)',
    nameEs: 'Centros para el Control y la Prevención de Enfermedades (CDC)',
    purposes: ['public_health', 'violence_prevention'],
    legalBases: ['42 U.S.C. 241 (Public Health Service Act sec. 301)'],
    shareBasis: 'U.S.–Mexico Bicentennial Framework (2021)', retentionYears: 10,
    distribution: [0.2, 0.5, 0.3, 0], caseWeight: 0, kinds: {}, datasets: {},
  },
];

/** The public part of an agency (what the node's `agencies` table holds). */
export function agencyOf(p: AgencyProfile): Agency {
  return { id: p.id, country: p.country, name: p.name, nameEn: p.nameEn, nameEs: p.nameEs };
}

/** A named sharing agreement; `parties` holds country codes and/or agency ids (agreements table). */
export interface Agreement {
  id: string;
  title: string;
  titleEn: string;
  titleEs: string;
  parties: string[];
  validFrom: string;
  validTo: string | null;
}

export const AGREEMENTS: Agreement[] = [
  {
    id: 'agr-fiu-exchange', title: 'UIF–FinCEN financial intelligence exchange',
    titleEn: 'UIF–FinCEN financial intelligence exchange', titleEs: 'Intercambio de inteligencia financiera UIF–FinCEN',
    parties: ['mx-uif', 'us-fincen'], validFrom: '2022-01-01', validTo: null,
  },
  {
    id: 'agr-arms-trafficking', title: 'Firearms trafficking working group',
    titleEn: 'Firearms trafficking working group', titleEs: 'Grupo de trabajo sobre tráfico de armas',
    parties: ['mx-fgr', 'mx-sedena', 'us-atf'], validFrom: '2022-10-08', validTo: null,
  },
  {
    id: 'agr-missing-persons', title: 'Search for missing persons in the border region',
    titleEn: 'Search for missing persons in the border region', titleEs: 'Búsqueda de personas desaparecidas en la región fronteriza',
    parties: ['mx-cnb', 'mx-fgr', 'us-cbp'], validFrom: '2023-03-01', validTo: null,
  },
  {
    id: 'agr-customs-cmaa', title: 'Customs mutual assistance: targeting of shipments',
    titleEn: 'Customs mutual assistance: targeting of shipments', titleEs: 'Asistencia mutua aduanera: selección de embarques',
    parties: ['mx-anam', 'us-cbp'], validFrom: '2022-06-01', validTo: null,
  },
  {
    id: 'agr-security-group', title: 'Security Implementation Group: drug-trafficking networks',
    titleEn: 'Security Implementation Group: drug-trafficking networks', titleEs: 'Grupo de Implementación de Seguridad: redes de narcotráfico',
    parties: ['MX', 'us-dea', 'us-ofac'], validFrom: '2022-01-31', validTo: null,
  },
];

/** True when an agreement names the agency or its country as a party. */
export function isParty(a: Agreement, agency: { id: string; country: string }): boolean {
  return a.parties.includes(agency.id) || a.parties.includes(agency.country);
}

export interface DemoUser {
  username: string;
  displayName: string;
  agencyId: string;
  roles: Role[];
  password: string;
}

/**
 * Demo users: `<cc>.<role>` for every role at the country's main agency (UIF, FinCEN), and an analyst
 * and a supervisor of every other agency (`mx.fgr.analyst`, `us.atf.supervisor`…). Display names are
 * in the country's language, from the catalogue.
 */
export function demoUsers(): DemoUser[] {
  const users: DemoUser[] = [];
  for (const node of NODES) {
    const cc = node.country.toLowerCase();
    const lang: Lang = node.country === 'MX' ? 'es' : 'en';
    const agencies = AGENCY_PROFILES.filter((a) => a.country === node.country);
    const main = agencies[0]!;
    const make = (username: string, a: AgencyProfile, role: Role): DemoUser => ({
      username,
      displayName: t(lang, 'demo.user.displayName', { role: t(lang, `demo.role.${role}`), agency: a.acronym }),
      agencyId: a.id,
      roles: [role],
      password: DEMO_PASSWORD,
    });
    for (const role of DEMO_ROLES) users.push(make(`${cc}.${role}`, main, role));
    for (const a of agencies.slice(1)) {
      for (const role of ['analyst', 'supervisor'] as const) users.push(make(`${cc}.${a.short}.${role}`, a, role));
    }
  }
  return users;
}

/** Distribution draw order used with AgencyProfile.distribution weights. */
export const DISTRIBUTION_ORDER: readonly Distribution[] = ['agency', 'node', 'bilateral', 'agreement'];
