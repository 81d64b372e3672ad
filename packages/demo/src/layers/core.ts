/**
 * Core layer: the bilateral population every capability builds on. Each node's agencies hold case
 * files ("networks"): households of people at their addresses, companies (S.A. de C.V., LLC…), bank
 * accounts, and the dated links between them as FtM interval entities (Family, Associate, Ownership,
 * Directorship), plus a few designations (Sanction). Every record of a file shares the file's owner,
 * distribution, legal basis, purposes, retention and dataset.
 */
import type { Distribution, Entity, RecordMeta } from '@puente/model';
import { Rng, weighted, type Weighted } from '../rng';
import {
  AGREEMENTS, DISTRIBUTION_ORDER, isParty, NODES, type AgencyProfile, type Country, type NetworkKind, type NodeId,
} from '../agencies';
import {
  BANKS, MX_BUSINESS, MX_DIRECTOR_ROLES, MX_LEGAL_FORMS, MX_NAME_TAILS, US_BUSINESS, US_DIRECTOR_ROLES, US_LEGAL_FORMS,
  US_NAME_HEADS, type Sector,
} from '../tables/companies';
import { MX_NICKNAMES_FEMALE, MX_NICKNAMES_MALE } from '../tables/names-mx';
import { addressProps, mxStateDraw, placeDraw, type Place } from '../core/addresses';
import { drawHousehold, residenceOf, type Member } from '../core/households';
import { mxSurnameDraw, usSurnameDraw } from '../core/names';
import {
  makeClabe, makeCompanyRfc, makeCurp, makeEin, makeFakeSsn, makeFolioMercantil, makePassport, makePersonRfc,
  makeUsAccountNumber, makeUsFileNumber,
} from '../core/identifiers';
import { addDays, addYears, dateBetween, maxDate, minDate, props, stripAccents } from '../core/util';
import {
  networkEntity, type AccountFacts, type CompanyFacts, type Layer, type LayerContext, type Network, type Origin,
  type PersonFacts,
} from './layer';

interface KindSpec {
  people: readonly [number, number];
  /** Companies per person in this kind of file, relative to the world's overall ratio. */
  companyFactor: number;
  personAccount: number;
  companyAccount: number;
  /** Associate links per person. */
  associates: number;
  aliasShare: number;
  relationships: readonly string[];
  sectors: Weighted<Sector>;
  householdSizes: Weighted<number>;
}

const FAMILY_SIZES = weighted<number>([[1, 35], [2, 25], [3, 20], [4, 12], [5, 8]]);

const KINDS: Record<NetworkKind, KindSpec> = {
  financial: {
    people: [2, 7], companyFactor: 1.6, personAccount: 0.55, companyAccount: 0.85, associates: 0.4, aliasShare: 0,
    relationships: ['business partner', 'nominee', 'accountant', 'known associate'],
    sectors: weighted<Sector>([['finance', 30], ['realEstate', 25], ['trade', 15], ['construction', 15], ['retail', 10], ['agro', 5]]),
    householdSizes: FAMILY_SIZES,
  },
  designation: {
    people: [2, 7], companyFactor: 1.2, personAccount: 0.5, companyAccount: 0.7, associates: 0.6, aliasShare: 0.3,
    relationships: ['business partner', 'nominee', 'financial operator', 'known associate'],
    sectors: weighted<Sector>([['agro', 20], ['realEstate', 20], ['finance', 20], ['logistics', 15], ['food', 10], ['construction', 15]]),
    householdSizes: FAMILY_SIZES,
  },
  criminal: {
    people: [3, 12], companyFactor: 0.4, personAccount: 0.25, companyAccount: 0.5, associates: 0.8, aliasShare: 0.25,
    relationships: ['known associate', 'suspected accomplice', 'courier', 'business partner', 'lookout'],
    sectors: weighted<Sector>([['retail', 30], ['food', 20], ['logistics', 25], ['construction', 15], ['realEstate', 10]]),
    householdSizes: FAMILY_SIZES,
  },
  firearms: {
    people: [2, 6], companyFactor: 0.35, personAccount: 0.1, companyAccount: 0.5, associates: 0.7, aliasShare: 0.1,
    relationships: ['straw purchaser', 'buyer', 'known associate', 'courier'],
    sectors: weighted<Sector>([['firearms', 70], ['retail', 30]]),
    householdSizes: FAMILY_SIZES,
  },
  customs: {
    people: [1, 4], companyFactor: 2.5, personAccount: 0.1, companyAccount: 0.6, associates: 0.3, aliasShare: 0,
    relationships: ['business partner', 'customs broker', 'co-worker'],
    sectors: weighted<Sector>([['trade', 45], ['logistics', 40], ['chemicals', 10], ['agro', 5]]),
    householdSizes: FAMILY_SIZES,
  },
  // Families of missing people; the search layer will add the MissingPerson records themselves.
  search: {
    people: [2, 6], companyFactor: 0, personAccount: 0, companyAccount: 0, associates: 0.2, aliasShare: 0,
    relationships: ['friend', 'neighbour', 'co-worker'],
    sectors: weighted<Sector>([['logistics', 1]]),
    householdSizes: weighted<number>([[2, 30], [3, 30], [4, 25], [5, 15]]),
  },
};

/** Who appears in each node's files: Mexican nationals at home or in the U.S., Hispanic-Americans, other U.S. people. */
const ORIGINS: Record<NodeId, Weighted<Origin>> = {
  'mx-node': weighted<Origin>([['mx', 86], ['mx-us', 4], ['us-hisp', 4], ['us', 3], ['us-mx', 3]]),
  'us-node': weighted<Origin>([['mx', 15], ['mx-us', 22], ['us-hisp', 28], ['us', 35]]),
};
const SEARCH_ORIGINS: Record<NodeId, Weighted<Origin>> = {
  'mx-node': weighted<Origin>([['mx', 95], ['mx-us', 5]]),
  'us-node': weighted<Origin>([['mx', 60], ['mx-us', 30], ['us-hisp', 10]]),
};

/** Share of both people and companies held by the Mexico node. */
const MX_NODE_SHARE = 0.55;

const SECTOR_LABEL: Record<Sector, [es: string, en: string]> = {
  trade: ['comercio', 'trade'], logistics: ['logística y transporte', 'logistics'],
  finance: ['servicios financieros', 'financial services'], realEstate: ['bienes raíces', 'real estate'],
  construction: ['construcción', 'construction'], agro: ['agropecuario', 'agriculture'],
  retail: ['comercio al por menor', 'retail'], firearms: ['armas deportivas', 'firearms retail'],
  chemicals: ['química y farmacéutica', 'chemicals'], food: ['alimentos y bebidas', 'food service'],
};

const mxForms = weighted(MX_LEGAL_FORMS.map((f) => [f, f.weight] as const));
const usForms = weighted(US_LEGAL_FORMS.map((f) => [f, f.weight] as const));
const mxRoles = weighted(MX_DIRECTOR_ROLES);
const usRoles = weighted(US_DIRECTOR_ROLES);
const banksBy: Record<Country, Weighted<(typeof BANKS)[number]>> = {
  MX: weighted(BANKS.filter((b) => b.country === 'MX').map((b) => [b, b.weight] as const)),
  US: weighted(BANKS.filter((b) => b.country === 'US').map((b) => [b, b.weight] as const)),
};
const US_AREA_CODES: Record<string, readonly string[]> = {
  California: ['619', '213', '714'], Arizona: ['602', '520', '928'], 'New Mexico': ['505', '575'],
  Texas: ['915', '956', '210', '713', '214'], Illinois: ['312', '773'], Georgia: ['404', '706'], Colorado: ['303'],
  Nevada: ['702', '775'], Florida: ['305', '407', '813'], 'New York': ['212', '718'], 'North Carolina': ['704', '919'],
  Washington: ['206', '509'],
};

// ---------------------------------------------------------------------------------------------------------------
// Planning: how many case files, of which kind, held by whom.

interface Quota { people: number; companies: number }

const distributionTables = new Map<AgencyProfile, Weighted<Distribution>>();
function drawDistribution(rng: Rng, a: AgencyProfile): Distribution {
  let t = distributionTables.get(a);
  if (!t) distributionTables.set(a, (t = weighted(DISTRIBUTION_ORDER.map((d, i) => [d, a.distribution[i]!] as const))));
  return rng.weighted(t);
}

/** Opens a case file: owner, distribution, legal basis, purposes, retention, dataset and dates. */
function openNetwork(ctx: LayerContext, rng: Rng, node: NodeId, agency: AgencyProfile, kind: NetworkKind, index: number): Network {
  let distribution = drawDistribution(rng, agency);
  let firstSeen = dateBetween(rng, addDays(ctx.now, -4 * 365), addDays(ctx.now, -7));
  const agreements = AGREEMENTS.filter((a) => isParty(a, agency));
  const agreement = distribution === 'agreement' && agreements.length ? rng.pick(agreements) : null;
  if (distribution === 'agreement' && !agreement) distribution = 'bilateral';
  if (agreement) firstSeen = maxDate(firstSeen, agreement.validFrom);
  const lastSeen = dateBetween(rng, firstSeen, ctx.now.slice(0, 10));
  const basis = rng.pick(agency.legalBases);
  const legalBasis = distribution === 'bilateral' ? `${basis}; ${agency.shareBasis}`
    : agreement ? `${basis}; ${agency.country === 'MX' ? agreement.titleEs : agreement.titleEn}` : basis;
  const [main, ...others] = agency.purposes;
  const meta: RecordMeta = {
    ownerCountry: agency.country,
    ownerAgency: agency.id,
    distribution,
    ...(agreement ? { agreementId: agreement.id } : {}),
    legalBasis,
    purposes: [main!, ...others.filter(() => rng.chance(0.75))],
    // Retention runs from the opening of the file; at least 5 years, so nothing is due for deletion in the demo.
    retentionUntil: addYears(firstSeen, agency.retentionYears),
    dataset: agency.datasets[kind]!,
    originNode: node,
  };
  return {
    id: `${node}/${agency.id}/${kind}/${index}`, kind, node, agency, meta, firstSeen, lastSeen,
    people: [], companies: [], accounts: [], designated: [],
  };
}

type AgencyKind = { agency: AgencyProfile; kind: NetworkKind };
const agencyKindTables = new Map<string, Weighted<AgencyKind>>();

/** Picks agency and kind on `node`; with `companiesOnly`, a kind whose files hold companies. */
function pickAgencyKind(rng: Rng, agencies: readonly AgencyProfile[], node: NodeId, companiesOnly: boolean): AgencyKind {
  const key = `${node}:${companiesOnly}`;
  let table = agencyKindTables.get(key);
  if (!table) agencyKindTables.set(key, (table = agencyKindTable(agencies, node, companiesOnly)));
  return rng.weighted(table);
}

function agencyKindTable(agencies: readonly AgencyProfile[], node: NodeId, companiesOnly: boolean): Weighted<AgencyKind> {
  const options: Array<readonly [AgencyKind, number]> = [];
  for (const a of agencies) {
    if (a.node !== node || a.caseWeight <= 0) continue;
    for (const [kind, w] of Object.entries(a.kinds) as Array<[NetworkKind, number]>) {
      if (companiesOnly && KINDS[kind].companyFactor <= 0) continue;
      options.push([{ agency: a, kind }, a.caseWeight * w]);
    }
  }
  return weighted(options);
}

// ---------------------------------------------------------------------------------------------------------------
// The layer.

export const coreLayer: Layer = {
  id: 'core',
  summaryKey: 'demo.layer.core',
  *build(ctx) {
    const rng = ctx.rng;
    const mxPeople = Math.round(ctx.options.people * MX_NODE_SHARE);
    const mxCompanies = Math.round(ctx.options.companies * MX_NODE_SHARE);
    const quota: Record<NodeId, Quota> = {
      'mx-node': { people: mxPeople, companies: mxCompanies },
      'us-node': { people: ctx.options.people - mxPeople, companies: ctx.options.companies - mxCompanies },
    };
    const nodeWeight = (n: NodeId) => quota[n].people + quota[n].companies;
    let index = 0;
    while (nodeWeight('mx-node') + nodeWeight('us-node') > 0) {
      const node = rng.weighted(weighted(NODES.map((n) => [n.id, nodeWeight(n.id)] as const)));
      const q = quota[node];
      const { agency, kind } = pickAgencyKind(rng, ctx.agencies, node, q.people === 0);
      const spec = KINDS[kind];
      const np = Math.min(q.people, rng.int(spec.people[0], spec.people[1]));
      // Companies follow the remaining ratio of this node, so both quotas run out together.
      const ratio = q.companies / Math.max(q.people, 1);
      let nc = q.people === 0 ? rng.int(1, 4) : Math.round(np * ratio * spec.companyFactor * (0.5 + rng.float()));
      nc = Math.min(q.companies, nc);
      q.people -= np;
      q.companies -= nc;
      const net = openNetwork(ctx, rng, node, agency, kind, index++);
      ctx.registry.networks.push(net);
      const out: Entity[] = [];
      fillNetwork(ctx, rng, net, np, nc, out);
      yield* out;
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Filling one case file.

/**
 * Appends one case file's records to `out`, each after the records it references. A plain function rather
 * than a generator: V8 optimises it far better, and a file is small.
 */
function fillNetwork(ctx: LayerContext, rng: Rng, net: Network, peopleCount: number, companyCount: number, out: Entity[]): void {
  const spec = KINDS[net.kind];
  const now = ctx.now.slice(0, 10);
  // The file's home town in each country: most of its people and companies are near it.
  const home: Partial<Record<Country, Place>> = {};
  const origins = net.kind === 'search' ? SEARCH_ORIGINS[net.node] : ORIGINS[net.node];
  const ids = ctx.ids;
  const node = net.node;

  // Households (people at one address, with family links).
  const members: Array<{ m: Member; facts: PersonFacts }> = [];
  const kinEdges: Array<{ a: PersonFacts; b: PersonFacts; relationship: string; startDate: string }> = [];
  const householdAddresses: Array<{ id: string; place: Place; full: string }> = [];
  let remaining = peopleCount;
  while (remaining > 0) {
    const origin = rng.weighted(origins);
    const size = Math.min(remaining, rng.weighted(spec.householdSizes));
    remaining -= size;
    const plain = net.node === 'us-node' && (origin === 'mx' || origin === 'mx-us') && rng.chance(0.6);
    const hh = drawHousehold(rng, origin, size, now, plain);
    const country = residenceOf(origin);
    const place = placeDraw(rng, country, homePlace(rng, home, country), 0.65);
    const adrId = ids.next(node, 'adr');
    const adr = addressProps(rng, place);
    householdAddresses.push({ id: adrId, place, full: adr.full![0]! });
    out.push(networkEntity(net, 'Address', adrId, adr));
    const first = members.length;
    for (const m of hh.members) {
      members.push({ m, facts: personFacts(m, ids.next(node, 'per'), adrId, place) });
    }
    for (const k of hh.kin) {
      kinEdges.push({ a: members[first + k.person]!.facts, b: members[first + k.relative]!.facts, relationship: k.relationship, startDate: k.startDate });
    }
  }
  const people = members.map((x) => x.facts);
  net.people.push(...people);

  // Designations: the head of the first household, sometimes a second person and a company.
  const designatedPeople = net.kind === 'designation' && people.length
    ? [people[0]!, ...(people.length > 1 && rng.chance(0.5) ? [rng.pick(people.slice(1))] : [])] : [];
  net.designated.push(...designatedPeople.map((p) => p.id));

  for (const { m, facts } of members) {
    out.push(networkEntity(net, 'Person', facts.id, personProps(rng, m, facts, householdAddresses.find((h) => h.id === facts.addressId)!,
      designatedPeople.includes(facts), spec.aliasShare)));
  }

  // Companies: some registered at an owner's home (a pattern analysts look for), most at their own address.
  const companies: CompanyFacts[] = [];
  for (let i = 0; i < companyCount; i++) {
    const sector = rng.weighted(spec.sectors);
    const country = companyCountry(rng, net, sector);
    const atHome = householdAddresses.filter((h) => h.place.country === country);
    let adrId: string;
    let place: Place;
    let full: string;
    if (atHome.length && rng.chance(0.15)) {
      const h = rng.pick(atHome);
      adrId = h.id; place = h.place; full = h.full;
    } else {
      place = placeDraw(rng, country, homePlace(rng, home, country), 0.7);
      adrId = ids.next(node, 'adr');
      const adr = addressProps(rng, place);
      full = adr.full![0]!;
      out.push(networkEntity(net, 'Address', adrId, adr));
    }
    const c = companyEntity(rng, net, ids.next(node, 'co'), country, sector === 'firearms' && country === 'MX' ? 'retail' : sector, place, adrId, full, now);
    companies.push(c.facts);
    out.push(c.entity);
  }
  net.companies.push(...companies);
  if (net.kind === 'designation' && companies.length && rng.chance(0.6)) net.designated.push(companies[0]!.id);

  // Bank accounts and their holders.
  const holders: Array<{ id: string; country: Country; since: string; company: boolean }> = [
    ...people.filter(() => rng.chance(spec.personAccount)).map((p) => ({ id: p.id, country: p.country, since: addYears(p.birthDate, 18), company: false })),
    ...companies.flatMap((c) => (rng.chance(spec.companyAccount) ? (rng.chance(0.3) ? [c, c] : [c]) : [])
      .map((x) => ({ id: x.id, country: x.country, since: x.incorporationDate, company: true }))),
  ];
  const accounts: AccountFacts[] = [];
  for (const h of holders) {
    const country: Country = rng.chance(0.08) ? (h.country === 'MX' ? 'US' : 'MX') : h.country;
    const bank = rng.weighted(banksBy[country]);
    const openingDate = dateBetween(rng, maxDate(h.since, addYears(now, -25)), net.lastSeen);
    const currency = country === 'US' || rng.chance(0.1) ? 'USD' : 'MXN';
    const accId = ids.next(node, 'acc');
    const accountType = country === 'MX'
      ? (h.company ? rng.pick(['Cuenta empresarial', 'Cuenta de cheques']) : rng.pick(['Cuenta de débito', 'Cuenta de ahorro', 'Cuenta de nómina']))
      : (h.company ? 'business checking' : rng.pick(['checking', 'savings']));
    accounts.push({ id: accId, country, holderId: h.id, currency, openingDate, bankName: bank.name });
    const accountNumber = country === 'MX' ? makeClabe(rng, bank.code) : makeUsAccountNumber(rng);
    const balance = rng.chance(0.4) ? `${rng.int(100, 2_500_000)}.${rng.digits(2)}` : undefined;
    out.push(networkEntity(net, 'BankAccount', accId, props({
      accountNumber, bankName: bank.name, accountType, currency, openingDate, country: country.toLowerCase(),
      balance, balanceDate: balance ? maxDate(openingDate, net.lastSeen) : undefined,
    })));
  }
  net.accounts.push(...accounts);

  // Links. Every link is dated; `startDate` never precedes the birth (18th birthday) or incorporation of its ends.
  for (const k of kinEdges) {
    out.push(networkEntity(net, 'Family', ids.next(node, 'fam'), props({ person: k.a.id, relative: k.b.id, relationship: k.relationship, startDate: k.startDate })));
  }

    for (let ci = 0; ci < companies.length; ci++) {
    const c = companies[ci]!;
    const count = rng.weighted(OWNER_COUNTS);
    const owners: Array<{ id: string; since: string; person?: PersonFacts }> = [];
    if (ci > 0 && rng.chance(0.25)) {
      const parent = companies[rng.int(0, ci - 1)]!; // only earlier companies: holding chains never loop
      owners.push({ id: parent.id, since: parent.incorporationDate });
    }
    for (const p of rng.sample(people, count - owners.length)) owners.push({ id: p.id, since: adultSince(p), person: p });
    const shares = rng.pick(SHARE_SPLITS[owners.length] ?? [[]]);
    for (let oi = 0; oi < owners.length; oi++) {
      const o = owners[oi]!;
      const from = maxDate(c.incorporationDate, o.since);
      out.push(networkEntity(net, 'Ownership', ids.next(node, 'own'), props({
        owner: o.id, asset: c.id, percentage: String(shares[oi]), startDate: dateBetween(rng, from, minDate(now, addYears(from, 5))),
        ownershipType: net.kind === 'designation' && o.person && rng.chance(0.4) ? 'beneficial' : 'direct',
      })));
    }
    const personOwners = owners.filter((o) => o.person).map((o) => o.person!);
    const directorCount = people.length ? (rng.chance(0.3) ? 2 : 1) : 0;
    const directors = new Set<PersonFacts>();
    for (let d = 0; d < directorCount; d++) {
      directors.add(personOwners.length && rng.chance(0.7) ? rng.pick(personOwners) : rng.pick(people));
    }
    let first = true;
    for (const p of directors) {
      const from = maxDate(c.incorporationDate, adultSince(p));
      const startDate = dateBetween(rng, from, minDate(now, addYears(from, 4)));
      const role = first ? rng.weighted(c.country === 'MX' ? mxRoles : usRoles) : (c.country === 'MX' ? 'Comisario' : 'Secretary');
      first = false;
      out.push(networkEntity(net, 'Directorship', ids.next(node, 'dir'), props({
        director: p.id, organization: c.id, role, startDate,
        endDate: rng.chance(0.1) ? dateBetween(rng, startDate, now) : undefined,
      })));
    }
  }

  for (const a of accounts) {
    out.push(networkEntity(net, 'Ownership', ids.next(node, 'own'), props({
      owner: a.holderId, asset: a.id, percentage: '100', startDate: a.openingDate,
      role: a.country === 'MX' ? 'titular' : 'account holder',
    })));
  }

  // Associates: people of different households in the same file.
  const households = new Map<string, PersonFacts[]>();
  for (const p of people) households.set(p.householdId, [...(households.get(p.householdId) ?? []), p]);
  if (households.size > 1) {
    const wanted = Math.round(people.length * spec.associates);
    const seen = new Set<string>();
    for (let tries = 0; seen.size < wanted && tries < wanted * 4; tries++) {
      const [a, b] = rng.sample(people, 2) as [PersonFacts, PersonFacts];
      if (a.householdId === b.householdId) continue;
      const key = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(networkEntity(net, 'Associate', ids.next(node, 'asc'), props({
        person: a.id, associate: b.id, relationship: rng.pick(spec.relationships),
        startDate: dateBetween(rng, maxDate(adultSince(a), adultSince(b)), net.firstSeen),
      })));
    }
  }

  // Designations (Sanction points at one entity: FtM deliberately does not make it an edge).
  for (const target of net.designated) {
    const company = companies.find((c) => c.id === target);
    const exists = company ? company.incorporationDate : adultSince(people.find((p) => p.id === target)!);
    const listed = dateBetween(rng, maxDate('2016-01-01', addYears(net.firstSeen, -3), exists), maxDate(net.firstSeen, exists));
    const mx = net.agency.country === 'MX';
    out.push(networkEntity(net, 'Sanction', ids.next(node, 'snc'), props({
      entity: target,
      authority: net.agency.name,
      authorityId: mx ? `LPB-${listed.slice(0, 4)}-${rng.digits(4)}` : String(rng.int(20000, 59999)),
      program: mx ? 'Lista de Personas Bloqueadas' : rng.pick(['ILLICIT-DRUGS-EO14059', 'SDNTK']),
      provisions: mx ? 'Bloqueo de cuentas y operaciones' : 'Blocking of property and interests in property',
      reason: mx
        ? 'Operaciones con recursos de procedencia ilícita vinculadas a la delincuencia organizada (registro sintético)'
        : 'Materially assisted international drug trafficking (synthetic record)',
      status: mx ? 'vigente' : 'active',
      country: net.agency.country.toLowerCase(),
      listingDate: listed,
      startDate: listed,
    })));
  }
}

// Module-level helpers rather than closures inside fillNetwork: tsx (esbuild keepNames) wraps each named
// closure in a defineProperty call per network, which cost more than the drawing itself.
function homePlace(rng: Rng, home: Partial<Record<Country, Place>>, c: Country): Place {
  return (home[c] ??= placeDraw(rng, c));
}
function adultSince(p: PersonFacts): string {
  return addYears(p.birthDate, 18);
}

const OWNER_COUNTS = weighted<number>([[1, 50], [2, 35], [3, 15]]);
const SHARE_SPLITS: Record<number, number[][]> = {
  0: [[]],
  1: [[100], [100], [100], [51], [75]],
  2: [[50, 50], [51, 49], [60, 40], [70, 30], [90, 10], [99, 1]],
  3: [[34, 33, 33], [50, 25, 25], [40, 40, 20], [60, 30, 10], [98, 1, 1]],
};

function companyCountry(rng: Rng, net: Network, sector: Sector): Country {
  const own: Country = net.agency.country;
  const other: Country = own === 'MX' ? 'US' : 'MX';
  if (sector === 'firearms') return net.node === 'us-node' ? 'US' : rng.chance(0.85) ? 'MX' : 'US';
  if (net.kind === 'customs') return rng.chance(0.5) ? own : other; // importer on one side, exporter on the other
  return rng.chance(own === 'MX' ? 0.85 : 0.65) ? own : other;
}

/** The facts later layers read; the household is identified by its address. */
function personFacts(m: Member, pid: string, addressId: string, place: Place): PersonFacts {
  return {
    id: pid, origin: m.origin, country: place.country, nationality: m.nationality, gender: m.gender, birthDate: m.birthDate,
    name: m.name.name, firstName: m.name.firstName, secondName: m.name.secondName, middleName: m.name.middleName,
    fatherName: m.name.fatherName, motherName: m.name.motherName, lastName: m.name.lastName,
    addressId, city: place.city, state: place.state, householdId: addressId,
  };
}

/** Person properties: names per tradition, identifiers per nationality, address, aliases and topics. */
function personProps(
  rng: Rng, m: Member, f: PersonFacts, adr: { id: string; place: Place; full: string },
  designated: boolean, aliasShare: number,
): Record<string, string[]> {
  const mexican = m.nationality.includes('mx');
  const american = m.nationality.includes('us');
  let curp: string | undefined;
  let rfc: string | undefined;
  let birthPlace: string | undefined;
  const mexicanStyle = !!m.name.fatherName;
  const [paternal, maternal] = mexicanStyle ? [m.name.fatherName!, m.name.motherName!] : splitSurname(m.name.lastName);
  if (mexican) {
    const birthState = m.bornAbroad ? null : adr.place.country === 'MX' && adr.place.curpState && rng.chance(0.7) ? adr.place : null;
    const state = m.bornAbroad ? null : birthState ?? placeDraw(rng, 'MX', undefined);
    const stateCode = m.bornAbroad ? 'NE' : state!.curpState ?? mxStateDraw(rng).curp;
    curp = makeCurp(rng, { paternal, maternal, given: m.name.given, birthDate: m.birthDate, sex: m.gender === 'male' ? 'H' : 'M', stateCode });
    if (adr.place.country === 'MX' && rng.chance(0.7)) rfc = makePersonRfc(rng, { paternal, maternal, given: m.name.given, birthDate: m.birthDate });
    if (state && rng.chance(0.5)) birthPlace = `${state.city}, ${state.state}`;
  }
  if (!birthPlace && !mexicanStyle && rng.chance(0.4)) {
    const p = placeDraw(rng, 'US');
    birthPlace = `${p.city}, ${p.stateAbbr}`;
  }
  const aliasList = m.origin !== 'us' && (designated ? rng.chance(0.7) : rng.chance(aliasShare))
    ? [rng.pick(m.gender === 'male' ? MX_NICKNAMES_MALE : MX_NICKNAMES_FEMALE)] : undefined;
  const passportCountry: Country | null = m.origin === 'mx-us' ? (rng.chance(0.8) ? 'MX' : null)
    : m.origin === 'mx' ? (rng.chance(0.12) ? 'MX' : null)
    : rng.chance(m.origin === 'us-hisp' ? 0.4 : 0.35) ? 'US' : null;
  const email = rng.chance(0.2)
    ? `${slug(m.name.firstName)}.${slug(m.name.lastName.split(/[\s-]/)[0]!)}${rng.int(1, 99)}@${rng.pick(['example.com', 'example.net', 'example.org'])}`
    : undefined;
  // 555-0100…555-0199 is the range the North American Numbering Plan keeps for fictional use.
  const phone = adr.place.country === 'US' && rng.chance(0.2)
    ? `+1 ${rng.pick(US_AREA_CODES[adr.place.state] ?? ['210'])} 555 01${rng.digits(2)}` : undefined;
  f.idNumber = curp;
  return props({
    name: m.name.name,
    firstName: m.name.firstName,
    secondName: m.name.secondName,
    middleName: m.name.middleName,
    fatherName: m.name.fatherName,
    motherName: m.name.motherName,
    lastName: m.name.lastName,
    alias: aliasList,
    gender: m.gender,
    birthDate: m.birthDate,
    birthPlace,
    nationality: m.nationality,
    country: adr.place.country.toLowerCase(),
    idNumber: curp,
    taxNumber: rfc,
    socialSecurityNumber: american && rng.chance(0.85) ? makeFakeSsn(rng) : undefined,
    passportNumber: passportCountry ? makePassport(rng, passportCountry) : undefined,
    email,
    phone,
    address: adr.full,
    addressEntity: adr.id,
    topics: designated ? ['sanction'] : undefined,
  });
}

function splitSurname(last: string): [string, string] {
  const parts = last.split(/[-\s]+/);
  return [parts[0] ?? last, parts[1] ?? ''];
}

const slug = (s: string) => stripAccents(s).toLowerCase().replace(/[^a-z0-9]+/g, '');

function companyEntity(
  rng: Rng, net: Network, cid: string, country: Country, sector: Sector, place: Place, adrId: string, full: string, now: string,
): { facts: CompanyFacts; entity: Entity } {
  const incorporationDate = dateBetween(rng, '1988-01-01', addDays(now, -180));
  let name: string;
  let legalForm: string;
  let registrationNumber: string;
  let taxId: Record<string, string>;
  if (country === 'MX') {
    const business = rng.pick(MX_BUSINESS[sector]);
    const r = rng.float();
    const base = r < 0.1 ? `${business} ${mxSurnameDraw(rng)} e Hijos`
      : r < 0.18 ? `${business} ${mxSurnameDraw(rng)} y Asociados`
      : `${business} ${rng.pick(MX_NAME_TAILS)}`;
    const form = rng.weighted(mxForms);
    name = `${base}, ${form.suffix}`;
    legalForm = form.name;
    registrationNumber = makeFolioMercantil(rng, incorporationDate);
    taxId = { taxNumber: makeCompanyRfc(rng, base, incorporationDate) };
  } else {
    const business = rng.pick(US_BUSINESS[sector]);
    const head = rng.chance(0.3) ? (rng.chance(0.4) ? stripAccents(mxSurnameDraw(rng)) : usSurnameDraw(rng)) : rng.pick(US_NAME_HEADS);
    const form = rng.weighted(usForms);
    name = form.suffix === 'Inc.' && rng.chance(0.4) ? `${head} ${business}, Inc.` : `${head} ${business} ${form.suffix}`;
    legalForm = form.name;
    registrationNumber = makeUsFileNumber(rng, place.stateAbbr, incorporationDate);
    taxId = { irsCode: makeEin(rng) };
  }
  const active = rng.chance(0.92);
  const entity = networkEntity(net, 'Company', cid, props({
    name, legalForm, jurisdiction: country.toLowerCase(), country: country.toLowerCase(), registrationNumber,
    ...taxId, incorporationDate, sector: SECTOR_LABEL[sector][country === 'MX' ? 0 : 1],
    status: country === 'MX' ? (active ? 'activa' : 'inactiva') : (active ? 'active' : 'inactive'),
    address: full, addressEntity: adrId,
  }));
  return { facts: { id: cid, country, name, incorporationDate, sector, addressId: adrId }, entity };
}
