/**
 * Screening layer (issue 3): a synthetic designation list, as a publisher (a UIF or OFAC) would issue it, in two
 * versions. A list is published, not held as records of a node: the layer yields nothing into the record stream
 * (the world's people and companies stay as the core layer made them), and `designationList(world)` builds the
 * list from the world — the node's demo loader imports its two versions, and the node's re-screen raises alerts.
 *
 * What the list holds (all synthetic, every name invented by the demo's own tables):
 *  - every person and company the world designates (the core layer's Sanction records), written the way lists
 *    write names — "GONZÁLEZ MENDOZA, Jorge" without accents, nicknames as weak aliases, the same birth date:
 *    the node's records of them are TRUE matches;
 *  - NAMESAKES of innocent people of both nodes (records held for sanctions screening): the same full name with
 *    another birth date — some of the same nationality (the node raises an alert the analyst clears as a false
 *    positive: the birth date differs), some of another nationality as well (the engine keeps them below the
 *    threshold);
 *  - people and companies no node holds, drawn from the demo's name tables (common names, so that now and then
 *    one is a near-namesake of someone in the records).
 * Version 2 (the current one) adds a designated person, a namesake and a company to version 1, adds an alias to
 * one entry, completes one birth date, and removes two entries: the "List updates" screen has all three kinds of
 * change to show, and the second re-screen raises new alerts only for what version 2 brought.
 *
 * Deterministic: the same world gives the same list (its own random stream, Rng(world.seed, 'screening-list')).
 */
import type { Entity } from '@puente/model';
import { Rng } from '../rng';
import { mexicanName, mxGivenName, mxSurnameDraw } from '../core/names';
import { addDays, addYears, dateBetween, stripAccents } from '../core/util';
import { MX_BUSINESS, MX_NAME_TAILS } from '../tables/companies';
import type { Layer } from './layer';

export const screeningLayer: Layer = {
  id: 'screening',
  summaryKey: 'demo.layer.screening',
  *build() { /* a published list, not records: see designationList */ },
};

/** One entity of the list in FtM JSON-lines form (no record metadata: a list is a publication). */
export interface ListEntity { id: string; schema: string; caption: string; properties: Record<string, string[]> }

export interface DesignationListVersion { label: string; entities: ListEntity[] }

export interface DesignationList {
  id: string;
  title: string;
  /** the older version first */
  versions: [DesignationListVersion, DesignationListVersion];
}

export const DEMO_LIST_ID = 'puente-demo-designations';
export const DEMO_LIST_TITLE = 'Puente demo designation list (synthetic) · Lista de designados de demostración (sintética)';
const AUTHORITY = 'Puente demo designation authority (synthetic)';
const PROGRAMS = ['DEMO-NARCOTICS', 'DEMO-ILLICIT-FINANCE', 'DEMO-ORGANIZED-CRIME'];
/** Innocent namesakes listed per node (half of them of another nationality, below the threshold). */
const NAMESAKES_PER_NODE = 4;
const EXTRA_PEOPLE = 14;
const EXTRA_COMPANIES = 5;
const OTHER_NATIONALITIES = ['gt', 'co', 've', 'hn', 'sv'];

const first = (e: Entity, p: string): string | undefined => e.properties[p]?.[0];
const upper = (s: string) => stripAccents(s).toUpperCase();

/** "PATERNAL MATERNAL, Given" for a Mexican name; "LAST, First Middle" otherwise (how lists write names). */
function listName(p: { given: string; paternal: string; maternal?: string | null }): string {
  return `${upper([p.paternal, p.maternal].filter(Boolean).join(' '))}, ${stripAccents(p.given)}`;
}

function personNameOf(e: Entity): { given: string; paternal: string; maternal: string | null } {
  const father = first(e, 'fatherName');
  if (father) return { given: [first(e, 'firstName'), first(e, 'secondName')].filter(Boolean).join(' '), paternal: father, maternal: first(e, 'motherName') ?? null };
  return { given: [first(e, 'firstName'), first(e, 'middleName')].filter(Boolean).join(' '), paternal: first(e, 'lastName') ?? e.caption ?? '', maternal: null };
}

interface Draft {
  entity: ListEntity;
  sanction: ListEntity;
  kind: 'designated' | 'namesake' | 'extra';
  node?: string;
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}

/** Builds the demo designation list of a world (see the module comment). */
export function designationList(world: { seed: number; entities: readonly Entity[] }): DesignationList {
  const rng = new Rng(world.seed, 'screening-list');
  const byId = new Map(world.entities.map((e) => [e.id, e]));
  const drafts: Draft[] = [];
  let n = 0;
  const add = (kind: Draft['kind'], schema: string, caption: string, properties: Record<string, string[]>, listed: string, node?: string) => {
    const id = `PDL-${pad(++n)}`;
    const entity: ListEntity = { id, schema, caption, properties };
    const program = rng.pick(PROGRAMS);
    const sanction: ListEntity = {
      id: `${id}-S`, schema: 'Sanction', caption: program,
      properties: { entity: [id], authority: [AUTHORITY], program: [program], listingDate: [listed], startDate: [listed] },
    };
    drafts.push({ entity, sanction, kind, node });
  };

  // 1. The world's designations: true matches of the records that hold them.
  const listings: string[] = [];
  for (const s of world.entities) {
    if (s.schema !== 'Sanction') continue;
    const target = byId.get(first(s, 'entity') ?? '');
    if (!target || (target.schema !== 'Person' && target.schema !== 'Company')) continue;
    const listed = first(s, 'listingDate') ?? first(s, 'startDate') ?? '2024-01-01';
    listings.push(listed);
    if (target.schema === 'Person') {
      const nm = personNameOf(target);
      const props: Record<string, string[]> = { name: [listName(nm)], firstName: [stripAccents(nm.given)], lastName: [upper([nm.paternal, nm.maternal].filter(Boolean).join(' '))] };
      if (rng.chance(0.5) && target.caption) props.alias = [target.caption];
      const nick = target.properties.alias;
      if (nick?.length) props.weakAlias = [...nick];
      if (first(target, 'birthDate')) props.birthDate = [first(target, 'birthDate')!];
      const nat = target.properties.nationality ?? target.properties.country;
      if (nat?.length) props.nationality = [...nat];
      add('designated', 'Person', props.name[0]!, props, listed, target.meta.originNode);
    } else {
      const name = upper(target.caption ?? first(target, 'name') ?? '');
      const props: Record<string, string[]> = { name: [name] };
      const c = target.properties.jurisdiction ?? target.properties.country;
      if (c?.length) props.country = [...c];
      add('designated', 'Company', name, props, listed, target.meta.originNode);
    }
  }
  const latest = listings.length ? listings.reduce((a, b) => (a > b ? a : b)) : '2026-06-01';
  const v2Label = addDays(latest, 30);
  const v1Label = addDays(latest, -30);

  // 2. Namesakes of innocent people held for sanctions screening, on each node.
  const designated = new Set(world.entities.filter((e) => e.schema === 'Sanction').map((e) => first(e, 'entity')));
  for (const node of ['mx-node', 'us-node']) {
    const innocents = world.entities.filter((e) => e.schema === 'Person' && e.meta.originNode === node && !designated.has(e.id)
      && e.meta.purposes.includes('sanctions_screening') && first(e, 'fatherName') && first(e, 'motherName') && first(e, 'birthDate'));
    for (const [k, e] of rng.sample(innocents, NAMESAKES_PER_NODE).entries()) {
      const nm = personNameOf(e);
      // another adult's birth date, at least eight years from the innocent's
      const year = Number(first(e, 'birthDate')!.slice(0, 4));
      let born = dateBetween(rng, '1950-01-01', '1996-12-31');
      for (let tries = 0; Math.abs(Number(born.slice(0, 4)) - year) < 8 && tries < 20; tries++) born = dateBetween(rng, '1950-01-01', '1996-12-31');
      const props: Record<string, string[]> = {
        name: [listName(nm)], firstName: [stripAccents(nm.given)], lastName: [upper(`${nm.paternal} ${nm.maternal}`)],
        birthDate: [born],
        // every other namesake is of another nationality too: the engine keeps it below the threshold
        nationality: [k % 2 === 0 ? 'mx' : rng.pick(OTHER_NATIONALITIES)],
      };
      add('namesake', 'Person', props.name[0]!, props, dateBetween(rng, addYears(latest, -3), latest), node);
    }
  }

  // 3. People and companies no node holds.
  for (let i = 0; i < EXTRA_PEOPLE; i++) {
    const gender = rng.chance(0.8) ? 'male' : 'female';
    const nm = mexicanName(mxGivenName(rng, gender), mxSurnameDraw(rng), mxSurnameDraw(rng));
    const props: Record<string, string[]> = {
      name: [listName({ given: nm.given, paternal: nm.fatherName!, maternal: nm.motherName })],
      birthDate: [dateBetween(rng, '1955-01-01', '1995-12-31')], nationality: [rng.chance(0.85) ? 'mx' : rng.pick(OTHER_NATIONALITIES)],
    };
    if (rng.chance(0.3)) props.alias = [nm.name];
    add('extra', 'Person', props.name[0]!, props, dateBetween(rng, addYears(latest, -6), latest));
  }
  for (let i = 0; i < EXTRA_COMPANIES; i++) {
    const sector = rng.pick(['logistics', 'finance', 'realEstate', 'agro', 'trade'] as const);
    const name = upper(`${rng.pick(MX_BUSINESS[sector])} ${rng.pick(MX_NAME_TAILS)}, ${rng.chance(0.6) ? 'S.A. de C.V.' : 'S. de R.L. de C.V.'}`);
    add('extra', 'Company', name, { name: [name], country: ['mx'] }, dateBetween(rng, addYears(latest, -6), latest));
  }

  // Version 2 is the whole list; version 1 lacks what v2 added, has two entries v2 removed, and an older form of
  // two entries (without an alias, with a birth year only).
  const pickOne = (kind: Draft['kind'], pred: (d: Draft) => boolean = () => true) =>
    [...drafts].reverse().find((d) => d.kind === kind && pred(d));
  const added = new Set([
    pickOne('designated', (d) => d.entity.schema === 'Person' && d.node === 'mx-node'),
    pickOne('namesake', (d) => d.node === 'mx-node' && d.entity.properties.nationality?.[0] === 'mx'),
    pickOne('extra', (d) => d.entity.schema === 'Company'),
  ].filter((d): d is Draft => !!d));
  const removed: Draft[] = [];
  for (let i = 0; i < 2; i++) {
    const gender = rng.chance(0.7) ? 'male' : 'female';
    const nm = mexicanName(mxGivenName(rng, gender), mxSurnameDraw(rng), mxSurnameDraw(rng));
    add('extra', 'Person', listName({ given: nm.given, paternal: nm.fatherName!, maternal: nm.motherName }),
      { name: [listName({ given: nm.given, paternal: nm.fatherName!, maternal: nm.motherName })], birthDate: [dateBetween(rng, '1950-01-01', '1990-12-31')], nationality: ['mx'] },
      dateBetween(rng, addYears(latest, -8), addYears(latest, -2)));
    removed.push(drafts.pop()!);
  }
  const changeable = drafts.filter((d) => d.entity.schema === 'Person' && !added.has(d));
  const gainsAlias = changeable.find((d) => d.kind === 'extra' && !d.entity.properties.alias);
  const fullDate = changeable.find((d) => d !== gainsAlias && d.kind === 'extra' && d.entity.properties.birthDate?.[0]?.length === 10);

  const v2: ListEntity[] = [];
  const v1: ListEntity[] = [];
  for (const d of drafts) {
    v2.push(d.entity, d.sanction);
    if (added.has(d)) continue;
    let older = d.entity;
    if (d === gainsAlias) {
      // v2 adds the alias an investigation found
      const nm = older.properties.name![0]!;
      const [surnames, given] = nm.split(', ');
      d.entity.properties.alias = [`${given} ${surnames!.split(' ')[0]!.charAt(0)}${surnames!.split(' ')[0]!.slice(1).toLowerCase()}`];
      older = { ...older, properties: { ...older.properties } };
      delete older.properties.alias;
    } else if (d === fullDate) {
      older = { ...older, properties: { ...older.properties, birthDate: [older.properties.birthDate![0]!.slice(0, 4)] } };
    }
    v1.push(older, d.sanction);
  }
  for (const d of removed) v1.push(d.entity, d.sanction);

  return {
    id: DEMO_LIST_ID,
    title: DEMO_LIST_TITLE,
    versions: [{ label: v1Label, entities: v1 }, { label: v2Label, entities: v2 }],
  };
}
