/**
 * generateWorld and friends: runs the registered layers over one seed and gives the whole bilateral
 * world, or the part one node holds (worldForNode).
 */
import type { Entity } from '@puente/model';
import { t, type Lang } from '@puente/i18n';
import { Rng } from './rng';
import {
  AGENCY_PROFILES, AGREEMENTS, DEMO_PASSWORD, NODES, agencyOf, demoUsers, partnerNode,
  type Agency, type Agreement, type DemoUser, type NodeId, type Country,
} from './agencies';
import { LAYERS } from './layers/index';
import { IdFactory, type LayerContext, type Registry, type WorldOptions } from './layers/layer';

export const DEFAULT_SEED = 20260916;
/**
 * The demo world's default "today". Fixed, so that the same seed gives byte-identical output on any day;
 * `npm start` may pass the real date instead.
 */
export const DEFAULT_NOW = '2026-07-01T00:00:00Z';
export const DEFAULT_PEOPLE = 2000;
export const DEFAULT_COMPANIES = 600;

export interface World {
  seed: number;
  nodes: Array<{ id: NodeId; country: Country }>;
  agencies: Agency[];
  /** Sharing agreements named by records with distribution 'agreement' (the node's `agreements` table). */
  agreements: Agreement[];
  users: DemoUser[];
  entities: Entity[];
}

export interface NodeHoldings {
  node: { id: NodeId; country: Country };
  agencies: Agency[];
  agreements: Agreement[];
  users: DemoUser[];
  entities: Entity[];
}

function resolveOptions(opts: Partial<WorldOptions> = {}): WorldOptions {
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const people = opts.people ?? DEFAULT_PEOPLE;
  const companies = opts.companies ?? DEFAULT_COMPANIES;
  for (const [k, v] of [['people', people], ['companies', companies]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${k} must be a non-negative integer, got ${v}`);
  }
  const now = opts.now ?? DEFAULT_NOW;
  if (Number.isNaN(Date.parse(now))) throw new RangeError(`now must be an ISO date, got ${now}`);
  return { seed: seed >>> 0, people, companies, now: new Date(now).toISOString(), layers: opts.layers };
}

/**
 * Streams the world's entities, layer by layer, without holding them all (for very large benchmark
 * worlds). Every prefix of the stream is closed: an entity comes after every entity it references.
 */
export function* streamEntities(opts: Partial<WorldOptions> = {}): Generator<Entity, Registry> {
  const options = resolveOptions(opts);
  const registry: Registry = { networks: [] };
  const ids = new IdFactory();
  const root = new Rng(options.seed);
  const unknown = (options.layers ?? []).filter((id) => !LAYERS.some((l) => l.id === id));
  if (unknown.length) throw new RangeError(`unknown demo layer(s): ${unknown.join(', ')}`);
  for (const layer of LAYERS) {
    if (options.layers && layer.id !== 'core' && !options.layers.includes(layer.id)) continue;
    const ctx: LayerContext = {
      options, rng: root.fork(layer.id), now: options.now, agencies: AGENCY_PROFILES, agreements: AGREEMENTS, registry, ids,
    };
    yield* layer.build(ctx);
  }
  return registry;
}

/** The whole synthetic bilateral world for one seed (deterministic: same options → same world). */
export function generateWorld(opts: Partial<WorldOptions> = {}): World {
  const options = resolveOptions(opts);
  return {
    seed: options.seed,
    nodes: NODES.map((n) => ({ ...n })),
    agencies: AGENCY_PROFILES.map(agencyOf),
    agreements: AGREEMENTS.map((a) => ({ ...a, parties: [...a.parties] })),
    users: demoUsers(),
    entities: [...streamEntities(options)],
  };
}

/**
 * Entities per Person in the core world at the default company ratio (about 5.2, measured on the default
 * world); generateEntities sizes its world a little above n / this and stops the stream at n.
 */
const ENTITIES_PER_PERSON = 5;

/**
 * Exactly `n` entities of a world sized for them (for import benchmarks): the first `n` of the stream,
 * so no entity points at one left out.
 */
export function generateEntities(n: number, seed: number = DEFAULT_SEED, opts: Partial<Pick<WorldOptions, 'now' | 'layers'>> = {}): Entity[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  let people = Math.max(10, Math.ceil((n / ENTITIES_PER_PERSON) * 1.1));
  for (;;) {
    const out: Entity[] = [];
    if (n === 0) return out;
    for (const e of streamEntities({ ...opts, seed, people, companies: Math.round(people * 0.3) })) {
      out.push(e);
      if (out.length === n) return out;
    }
    people *= 2;
  }
}

/** Entity-typed properties of the schemata the demo writes (FtM `type: entity`), for reference checks. */
export const ENTITY_REF_PROPS: ReadonlySet<string> = new Set([
  'addressEntity', 'owner', 'asset', 'director', 'organization', 'person', 'relative', 'associate', 'entity',
  'bank', 'proof', 'parent', 'holder', 'payer', 'beneficiary', 'subject', 'object',
]);

/** Ids an entity points at (values of entity-typed properties). */
export function referencesOf(e: Entity): string[] {
  const out: string[] = [];
  for (const [prop, values] of Object.entries(e.properties)) if (ENTITY_REF_PROPS.has(prop)) out.push(...values);
  return out;
}

/**
 * May `node` hold a copy of this partner record? Bilateral records travel to the partner node;
 * agreement records travel when the agreement names the node's country or one of its agencies.
 */
function mayTravelTo(e: Entity, node: { id: NodeId; country: Country }, world: World): boolean {
  if (e.meta.distribution === 'bilateral') return true;
  if (e.meta.distribution !== 'agreement') return false;
  const a = world.agreements.find((x) => x.id === e.meta.agreementId);
  return !!a && isPartyNode(a, node.country, world.agencies);
}

/** An agreement names the node's country, or one of the node's agencies. */
function isPartyNode(a: Agreement, country: Country, agencies: readonly Agency[]): boolean {
  return a.parties.some((p) => p === country || agencies.some((x) => x.id === p && x.country === country));
}

/**
 * What one node holds: its own records, and locked copies of the partner's records that may travel to it
 * (as if federation had delivered them). A copy keeps the partner as owner and origin; a bilateral
 * record's copy is lowered one hop to 'node' (record.ts), an agreement record's copy keeps its agreement.
 * Copies whose references the node could not resolve are left out, so the node's graph is closed.
 * With `partnerCopies: false` the node holds only its own records: the two-node demo start leaves the partner's
 * records to federation, which delivers what the signed agreements let cross.
 */
export function worldForNode(world: World, nodeId: NodeId, opts: { partnerCopies?: boolean } = {}): NodeHoldings {
  const node = world.nodes.find((n) => n.id === nodeId);
  if (!node) throw new RangeError(`unknown node ${nodeId}`);
  const partner = partnerNode(nodeId);
  const own = world.entities.filter((e) => e.meta.originNode === nodeId);
  let copies = world.entities
    .filter((e) => opts.partnerCopies !== false && e.meta.originNode === partner && mayTravelTo(e, node, world))
    .map((e): Entity => ({
      ...e,
      properties: Object.fromEntries(Object.entries(e.properties).map(([k, v]) => [k, [...v]])),
      meta: {
        ...e.meta,
        purposes: [...e.meta.purposes],
        distribution: e.meta.distribution === 'bilateral' ? 'node' : e.meta.distribution,
        locked: true,
      },
    }));
  const held = new Set(own.map((e) => e.id));
  // Drop copies with unresolvable references until none is left (one pass suffices for case files, which travel whole).
  for (;;) {
    const ids = new Set([...held, ...copies.map((e) => e.id)]);
    const kept = copies.filter((e) => referencesOf(e).every((r) => ids.has(r)));
    if (kept.length === copies.length) break;
    copies = kept;
  }
  const entities = [...own, ...copies];
  return {
    node: { ...node },
    agencies: world.agencies.filter((a) => a.country === node.country),
    agreements: world.agreements.filter((a) => isPartyNode(a, node.country, world.agencies)),
    users: world.users.filter((u) => world.agencies.some((a) => a.id === u.agencyId && a.country === node.country)),
    entities,
  };
}

/** Lines telling what a world holds, in one language (for `puente demo` and `npm start`). */
export function describeWorld(world: World, lang: Lang): string[] {
  const count = (schema: string) => world.entities.reduce((n, e) => n + (e.schema === schema ? 1 : 0), 0);
  const lines = [
    t(lang, 'demo.summary', { seed: world.seed, people: count('Person'), companies: count('Company'), entities: world.entities.length }),
  ];
  for (const n of world.nodes) {
    const h = worldForNode(world, n.id);
    const copies = h.entities.reduce((k, e) => k + (e.meta.locked ? 1 : 0), 0);
    lines.push(t(lang, 'demo.node.summary', { node: n.id, own: h.entities.length - copies, copies }));
  }
  lines.push(t(lang, 'demo.credentials', { password: DEMO_PASSWORD, usernames: world.users.map((u) => u.username).join(', ') }));
  lines.push(t(lang, 'demo.notice'));
  return lines;
}
