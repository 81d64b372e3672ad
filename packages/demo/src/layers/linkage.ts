/**
 * Entity-resolution layer (issue 4): some of the world's people get a second and third record in other agencies'
 * datasets, written the way those sources write names, and some get a look-alike relative — so that the node's
 * entity-resolution screens have true duplicates to find and hard negatives to keep apart.
 *
 * Like the screening and protect layers, the layer yields nothing into the record stream (the core world, and
 * its counts, stay as they are); `linkageDuplicates(world)` builds the extra records from the world, and
 * `withLinkageDuplicates(world)` gives the world with them appended (what the node's demo loader imports).
 *
 * For a subject (a Person of the core world), the added records are, by template:
 *  - 'us-trace'    a U.S. trace or case record (ATF, DEA, CBP): "Jose Gonzalez" — accents dropped, a compound given
 *                  name cut to its first word or replaced by a nickname (Pepe, Lupe, Chuy…), the maternal surname
 *                  dropped or hyphenated; a U.S. address;
 *  - 'mx-register' a Mexican register (ANAM importers, UIF reports): "José Luis González Hernández" — full given
 *                  names and both surnames, accents restored, the CURP; a Mexican address (now and then an
 *                  earlier one: the person moved);
 *  - 'bank-report' a bank report (FinCEN SAR, UIF report): the name as the original has it, day and month of birth
 *                  swapped (U.S. MM/DD read as Mexican DD/MM); the original's address.
 * Hard negatives, in the same case file as one of the added records and at the same address: a brother or sister
 * (same surnames, another given name, born years apart) or, for U.S.-named subjects, a son with the same full name
 * ("Jr."), with the Family link that says so.
 *
 * Each added record sits in its own case file (an agency, dataset, legal basis and distribution of that agency:
 * bilateral or node), so records of one person are spread over agencies and, through bilateral copies, nodes.
 * `groups` records the truth: every record of each subject, what varies in each added record, and the look-alikes.
 * Deterministic: the same world gives the same records (own stream, Rng(world.seed, 'linkage-duplicates')).
 */
import type { Entity, RecordMeta } from '@puente/model';
import { Rng, weighted } from '../rng';
import { AGENCY_PROFILES, type AgencyProfile, type NetworkKind, type NodeId } from '../agencies';
import { addressProps, placeDraw } from '../core/addresses';
import { mxGivenName, usGivenName } from '../core/names';
import { addDays, addYears, dateBetween, props, stripAccents } from '../core/util';
import { MX_FEMALE_COMPOUND, MX_FEMALE_GIVEN, MX_MALE_COMPOUND, MX_MALE_GIVEN, MX_SURNAMES } from '../tables/names-mx';
import { MX_NICKNAMES, US_NICKNAMES } from '../linkage/tables';
import { networkEntity, type Layer, type Network } from './layer';

export const linkageLayer: Layer = {
  id: 'linkage',
  summaryKey: 'demo.linkage.layer',
  *build() { /* records built from the world: see linkageDuplicates */ },
};

export type DuplicateTemplate = 'us-trace' | 'mx-register' | 'bank-report';

/** One subject's true duplicate group. */
export interface DuplicateGroup {
  /** 'dup-0001', … */
  id: string;
  /** Id of the subject's core record. */
  subject: string;
  /** Every record of the subject: the core record first, then the added ones (all are one person). */
  records: string[];
  /** Per added record: its template and what differs from the core record. */
  added: Array<{ id: string; template: DuplicateTemplate; node: NodeId; variations: string[] }>;
  /** Other people made to look like the subject (NOT duplicates): same surnames and address, or same full name. */
  hardNegatives: Array<{ id: string; relation: 'brother' | 'sister' | 'son'; sameAddressAs: string }>;
}

export interface LinkageDuplicates {
  /** Address, Person and Family records, each after what it references, with their case files' metadata. */
  entities: Entity[];
  groups: DuplicateGroup[];
}

/** Share of the world's people that get added records (at least three subjects when the world has people). */
export const DUPLICATE_SHARE = 0.02;

const first = (e: Entity, p: string): string | undefined => e.properties[p]?.find((v) => v !== '');

/** Accent-free spelling → the accented one, for Mexican names (a register writes them with accents). */
const ACCENTED = new Map<string, string>();
for (const table of [MX_MALE_GIVEN, MX_FEMALE_GIVEN, MX_MALE_COMPOUND, MX_FEMALE_COMPOUND, MX_SURNAMES]) {
  for (const [name] of table) for (const w of name.split(' ')) ACCENTED.set(stripAccents(w).toLowerCase(), w);
}
function accented(s: string): string {
  return s.split(' ').map((w) => {
    const a = ACCENTED.get(w.toLowerCase());
    return a && stripAccents(a).toLowerCase() === w.toLowerCase() && /^[A-ZÁÉÍÓÚÑ]/.test(w) ? a : w;
  }).join(' ');
}

interface Subject {
  e: Entity;
  node: NodeId;
  given: string;
  middle?: string;
  paternal: string;
  maternal?: string;
  birthDate: string;
  gender: string;
  mexicanStyle: boolean;
  address?: Entity;
}

const TEMPLATE_AGENCIES: Record<DuplicateTemplate | 'bank-mx', ReadonlyArray<readonly [string, NetworkKind, number]>> = {
  'us-trace': [['us-atf', 'firearms', 5], ['us-dea', 'criminal', 3], ['us-cbp', 'customs', 2]],
  'mx-register': [['mx-anam', 'customs', 5], ['mx-uif', 'financial', 5]],
  'bank-report': [['us-fincen', 'financial', 1]],
  'bank-mx': [['mx-uif', 'financial', 1]],
};
const agencyTables = Object.fromEntries(Object.entries(TEMPLATE_AGENCIES).map(([k, list]) => [k, weighted(list.map((x) => [x, x[2]] as const))]));

class Ids {
  private n = new Map<string, number>();
  next(node: NodeId, prefix: string): string {
    const key = `${node}:${prefix}`;
    const k = (this.n.get(key) ?? 0) + 1;
    this.n.set(key, k);
    return `${node.slice(0, 2)}-${prefix}-${String(k).padStart(6, '0')}`;
  }
}

/** A case file of `agency` for the added records (its own dates, distribution and dataset). */
function caseFile(rng: Rng, now: string, agency: AgencyProfile, kind: NetworkKind, index: number): Network {
  const firstSeen = dateBetween(rng, addDays(now, -3 * 365), addDays(now, -30));
  const lastSeen = dateBetween(rng, firstSeen, now);
  const distribution = rng.chance(0.6) ? 'bilateral' : 'node';
  const basis = rng.pick(agency.legalBases);
  const [main, ...others] = agency.purposes;
  const meta: RecordMeta = {
    ownerCountry: agency.country,
    ownerAgency: agency.id,
    distribution,
    legalBasis: distribution === 'bilateral' ? `${basis}; ${agency.shareBasis}` : basis,
    purposes: [main!, ...others.filter(() => rng.chance(0.75))],
    retentionUntil: addYears(firstSeen, agency.retentionYears),
    dataset: agency.datasets[kind]!,
    originNode: agency.node,
  };
  return {
    id: `${agency.node}/${agency.id}/${kind}/linkage-${index}`, kind, node: agency.node, agency, meta, firstSeen, lastSeen,
    people: [], companies: [], accounts: [], designated: [],
  };
}

function subjectOf(e: Entity, byId: Map<string, Entity>): Subject | null {
  const firstName = first(e, 'firstName');
  const birthDate = first(e, 'birthDate');
  const paternal = first(e, 'fatherName') ?? first(e, 'lastName');
  if (!firstName || !birthDate || !paternal || birthDate.length !== 10) return null;
  const second = first(e, 'secondName');
  const adr = first(e, 'addressEntity');
  return {
    e, node: e.meta.originNode as NodeId, given: second ? `${firstName} ${second}` : firstName, middle: first(e, 'middleName'),
    paternal, maternal: first(e, 'motherName'), birthDate, gender: first(e, 'gender') ?? 'male',
    mexicanStyle: !!first(e, 'fatherName') && !!first(e, 'motherName'), address: adr ? byId.get(adr) : undefined,
  };
}

/** A copy of an address entity's properties in a new case file, as another source writes it. */
function addressCopy(rng: Rng, adr: Entity, plain: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(adr.properties)) out[k] = plain ? v.map(stripAccents) : [...v];
  if (out.street2 && rng.chance(0.3)) {
    // the colonia left out (and so out of the full address)
    const col = out.street2[0]!;
    delete out.street2;
    if (out.full) out.full = [out.full[0]!.replace(`, ${col}`, '')];
  }
  return out;
}

function nickname(given: string, rng: Rng): string | undefined {
  const key = stripAccents(given.split(' ')[0]!).toLowerCase();
  const list = MX_NICKNAMES[key] ?? US_NICKNAMES[key];
  return list ? rng.pick(list) : undefined;
}

/** Builds the added records and their truth (see the module comment). */
export function linkageDuplicates(world: { seed: number; now?: string; entities: readonly Entity[] }): LinkageDuplicates {
  const rng = new Rng(world.seed, 'linkage-duplicates');
  const now = (world.now ?? '2026-07-01').slice(0, 10);
  const byId = new Map(world.entities.map((e) => [e.id, e]));
  const people = world.entities.filter((e) => e.schema === 'Person');
  const subjects = people.map((e) => subjectOf(e, byId)).filter((s): s is Subject => !!s && !!s.address);
  const entities: Entity[] = [];
  const groups: DuplicateGroup[] = [];
  if (!subjects.length) return { entities, groups };
  const wanted = Math.min(subjects.length, Math.max(3, Math.round(people.length * DUPLICATE_SHARE)));
  // Mostly people with Mexican names (the cross-border case), some U.S.-named people too.
  const mexican = subjects.filter((s) => s.mexicanStyle);
  const others = subjects.filter((s) => !s.mexicanStyle);
  const nMx = Math.min(mexican.length, Math.round(wanted * 0.7));
  const chosen = [...rng.sample(mexican, nMx), ...rng.sample(others, wanted - nMx)];
  const ids = new Ids();
  let fileIndex = 0;

  for (const [gi, s] of chosen.entries()) {
    const group: DuplicateGroup = { id: `dup-${String(gi + 1).padStart(4, '0')}`, subject: s.e.id, records: [s.e.id], added: [], hardNegatives: [] };
    const day = Number(s.birthDate.slice(8, 10));
    const month = Number(s.birthDate.slice(5, 7));
    const swappable = day <= 12 && day !== month;
    const templates: DuplicateTemplate[] = s.mexicanStyle ? ['us-trace', 'mx-register'] : ['us-trace'];
    if (swappable && (templates.length === 1 || rng.chance(0.5))) templates.push('bank-report');
    if (templates.length === 1) templates.push('mx-register');
    // A look-alike in the case file of the first added record.
    const lookAlike = rng.chance(0.5);

    for (const [ti, template] of templates.entries()) {
      const country = first(s.e, 'country') ?? (s.node === 'us-node' ? 'us' : 'mx');
      const key = template === 'bank-report' && country === 'mx' ? 'bank-mx' : template;
      const [agencyId, kind] = rng.weighted(agencyTables[key]!);
      const agency = AGENCY_PROFILES.find((a) => a.id === agencyId)!;
      const net = caseFile(rng, now, agency, kind, fileIndex++);
      const node = agency.node;
      const variations: string[] = [];

      // Address: the original's when it is in this source's country (or a bank report), else a new one there.
      const adrCountry = template === 'us-trace' ? 'us' : template === 'mx-register' ? 'mx' : country;
      let adrProps: Record<string, string[]>;
      const moved = template === 'mx-register' && rng.chance(0.3);
      if (s.address && !moved && (first(s.address, 'country') === adrCountry || template === 'bank-report')) {
        adrProps = addressCopy(rng, s.address, template === 'us-trace');
      } else {
        adrProps = addressProps(rng, placeDraw(rng, adrCountry === 'us' ? 'US' : 'MX'));
        variations.push(moved ? 'moved' : 'otherAddress');
      }
      const adrId = ids.next(node, 'ladr');
      entities.push(networkEntity(net, 'Address', adrId, adrProps));

      let p: Record<string, string[]>;
      if (template === 'us-trace') {
        const words = stripAccents(s.given).split(' ');
        let given = words[0]!;
        if (words.length > 1) variations.push('truncated');
        const nick = rng.chance(0.3) ? nickname(s.given, rng) : undefined;
        if (nick) {
          given = stripAccents(nick);
          variations.push('nickname');
        }
        let last = stripAccents(s.paternal);
        if (s.maternal) {
          const u = rng.float();
          if (u < 0.6) variations.push('maternal:dropped');
          else {
            last = `${last}${u < 0.85 ? '-' : ' '}${stripAccents(s.maternal)}`;
            variations.push(u < 0.85 ? 'maternal:hyphenated' : 'maternal:joined');
          }
        }
        if (s.given !== stripAccents(s.given) || s.paternal !== stripAccents(s.paternal)) variations.push('plain');
        const middle = s.middle && rng.chance(0.5) ? s.middle : undefined;
        p = props({
          name: [given, middle, last].filter(Boolean).join(' '), firstName: given, middleName: middle, lastName: last,
          birthDate: s.birthDate, gender: s.gender, country: adrCountry, nationality: s.e.properties.nationality,
          socialSecurityNumber: rng.chance(0.5) ? first(s.e, 'socialSecurityNumber') : undefined,
          address: adrProps.full?.[0], addressEntity: adrId,
        });
      } else if (template === 'mx-register') {
        const given = accented(s.given);
        const paternal = accented(s.paternal);
        const maternal = s.maternal ? accented(s.maternal) : undefined;
        if (given !== s.given || paternal !== s.paternal || maternal !== s.maternal) variations.push('accentsRestored');
        if (!s.mexicanStyle) variations.push('oneSurname');
        const words = given.split(' ');
        p = props({
          name: [given, paternal, maternal].filter(Boolean).join(' '), firstName: words[0], secondName: words.slice(1).join(' ') || undefined,
          fatherName: maternal ? paternal : undefined, motherName: maternal, lastName: [paternal, maternal].filter(Boolean).join(' '),
          birthDate: s.birthDate, gender: s.gender, country: adrCountry, nationality: s.e.properties.nationality,
          idNumber: first(s.e, 'idNumber'), address: adrProps.full?.[0], addressEntity: adrId,
        });
      } else {
        const swapped = `${s.birthDate.slice(0, 5)}${s.birthDate.slice(8, 10)}-${s.birthDate.slice(5, 7)}`;
        variations.push('dmySwap');
        p = props({
          name: first(s.e, 'name'), firstName: first(s.e, 'firstName'), secondName: first(s.e, 'secondName'), middleName: first(s.e, 'middleName'),
          fatherName: first(s.e, 'fatherName'), motherName: first(s.e, 'motherName'), lastName: first(s.e, 'lastName'),
          birthDate: swapped, gender: s.gender, country, nationality: s.e.properties.nationality,
          idNumber: rng.chance(0.3) ? first(s.e, 'idNumber') : undefined, address: adrProps.full?.[0], addressEntity: adrId,
        });
      }
      const pid = ids.next(node, 'lper');
      entities.push(networkEntity(net, 'Person', pid, p));
      group.records.push(pid);
      group.added.push({ id: pid, template, node, variations });

      if (ti === 0 && lookAlike) {
        const neg = hardNegative(rng, s, pid, p, net, ids, adrId, adrProps);
        entities.push(...neg.entities);
        group.hardNegatives.push({ id: neg.id, relation: neg.relation, sameAddressAs: pid });
      }
    }
    groups.push(group);
  }
  return { entities, groups };
}

/** The latest birth date of a grown-up son: 18 years before the demo's DEFAULT_NOW (world.ts, 2026-07-01). */
const LATEST_ADULT_BIRTH = '2008-07-01';

/** A relative at the same address as an added record: a sibling, or a son with the same full name ("Jr."). */
function hardNegative(
  rng: Rng, s: Subject, dupId: string, dup: Record<string, string[]>, net: Network, ids: Ids, adrId: string, adrProps: Record<string, string[]>,
): { id: string; relation: 'brother' | 'sister' | 'son'; entities: Entity[] } {
  const node = net.node;
  const p: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(dup)) p[k] = [...v];
  delete p.socialSecurityNumber;
  delete p.idNumber;
  const born = s.birthDate;
  let relation: 'brother' | 'sister' | 'son';
  if (!s.mexicanStyle && s.gender === 'male' && rng.chance(0.7) && addYears(born, 22) <= LATEST_ADULT_BIRTH) {
    // same full name, born a generation later (and grown up by now): "Jr." in U.S. records
    relation = 'son';
    const latest = addYears(born, 34) < LATEST_ADULT_BIRTH ? addYears(born, 34) : LATEST_ADULT_BIRTH;
    p.birthDate = [dateBetween(rng, addYears(born, 22), latest)];
    if (p.lastName) {
      p.lastName = [`${p.lastName[0]} Jr.`];
      p.name = [`${p.name![0]} Jr.`];
    }
  } else {
    const male = rng.chance(0.5);
    relation = male ? 'brother' : 'sister';
    const plain = dup.firstName?.[0] === stripAccents(dup.firstName?.[0] ?? '');
    let given = s.given;
    for (let tries = 0; tries < 10 && stripAccents(given.split(' ')[0]!) === stripAccents(s.given.split(' ')[0]!); tries++) {
      given = s.mexicanStyle ? mxGivenName(rng, male ? 'male' : 'female') : usGivenName(rng, male ? 'male' : 'female');
    }
    if (plain) given = stripAccents(given);
    const words = given.split(' ');
    const surnames = p.fatherName ? [p.fatherName[0], p.motherName?.[0]] : [p.lastName?.[0]];
    p.firstName = [words[0]!];
    if (words.length > 1 && p.fatherName) p.secondName = [words.slice(1).join(' ')];
    else delete p.secondName;
    delete p.middleName;
    p.name = [[p.fatherName ? given : words[0], ...surnames].filter(Boolean).join(' ')];
    p.gender = [male ? 'male' : 'female'];
    const years = rng.int(2, 10) * (rng.chance(0.5) ? 1 : -1);
    p.birthDate = [dateBetween(rng, addYears(born, years), addDays(addYears(born, years), 200))];
  }
  p.addressEntity = [adrId];
  if (adrProps.full?.[0]) p.address = [adrProps.full[0]];
  const pid = ids.next(node, 'lper');
  const person = networkEntity(net, 'Person', pid, p);
  const older = relation === 'son' ? p.birthDate[0]! : [p.birthDate[0]!, s.birthDate].sort()[1]!;
  const family = networkEntity(net, 'Family', ids.next(node, 'lfam'), props({
    person: dupId, relative: pid, relationship: relation, startDate: older,
  }));
  return { id: pid, relation, entities: [person, family] };
}

/** The world with the added records appended (what the node's demo loader imports), and the truth. */
export function withLinkageDuplicates<W extends { seed: number; entities: Entity[] }>(world: W, now?: string): W & { duplicateGroups: DuplicateGroup[] } {
  const d = linkageDuplicates({ seed: world.seed, now, entities: world.entities });
  return { ...world, entities: [...world.entities, ...d.entities], duplicateGroups: d.groups };
}
