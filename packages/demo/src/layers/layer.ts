/**
 * The extension point of the demo world. A layer adds one capability's synthetic records
 * (core: people, companies, links; later: screening lists, transactions, firearms traces, precursor
 * shipments, case counts…). Layers run in the order of LAYERS (layers/index.ts), each with its own
 * random stream (`fork(layer.id)`), so adding a layer never changes what the layers before it made.
 *
 * A layer reads what earlier layers made through `ctx.registry` (case files with their people,
 * companies and accounts, as plain facts) and yields FtM entities. Entities must be yielded after
 * every entity they reference: any prefix of the stream is then a closed world (generateEntities
 * relies on it), and every record of a case file shares the case file's owner and distribution, so
 * a copy sent to the partner never points at something the partner cannot hold.
 */
import type { Entity, RecordMeta } from '@puente/model';
import type { Rng } from '../rng';
import type { AgencyProfile, Agreement, Country, NetworkKind, NodeId } from '../agencies';

export interface WorldOptions {
  seed: number;
  /** Number of Person records (both nodes together). */
  people: number;
  /** Number of Company records (both nodes together; banks are not counted). */
  companies: number;
  /** The world's "today" (ISO); every date is drawn relative to it, so a fixed value keeps output identical. */
  now: string;
  /** Ids of the layers to run, in LAYERS order; default all. 'core' always runs. */
  layers?: readonly string[];
}

/** How a person came to be in the records: nationality and country of residence. */
export type Origin = 'mx' | 'mx-us' | 'us-hisp' | 'us' | 'us-mx';

export interface PersonFacts {
  id: string;
  origin: Origin;
  /** Country of residence. */
  country: Country;
  nationality: string[];
  gender: 'male' | 'female';
  birthDate: string;
  name: string;
  firstName: string;
  secondName?: string;
  middleName?: string;
  fatherName?: string;
  motherName?: string;
  lastName: string;
  idNumber?: string;
  addressId: string;
  city: string;
  state: string;
  householdId: string;
}

export interface CompanyFacts {
  id: string;
  country: Country;
  name: string;
  incorporationDate: string;
  sector: string;
  addressId: string;
}

export interface AccountFacts {
  id: string;
  country: Country;
  holderId: string;
  currency: 'MXN' | 'USD';
  openingDate: string;
  bankName: string;
}

/**
 * One case file: a cluster of records an agency holds together (one dataset, one legal basis, one
 * distribution). Later layers attach records to a network so that they share its metadata.
 */
export interface Network {
  id: string;
  kind: NetworkKind;
  node: NodeId;
  agency: AgencyProfile;
  meta: RecordMeta;
  /** When the agency opened the file (record first_seen) and last updated it. */
  firstSeen: string;
  lastSeen: string;
  people: PersonFacts[];
  companies: CompanyFacts[];
  accounts: AccountFacts[];
  /** Ids of people and companies under a designation (Sanction) in this file. */
  designated: string[];
}

export interface Registry {
  networks: Network[];
}

export interface LayerContext {
  readonly options: Readonly<WorldOptions>;
  /** This layer's own random stream. */
  readonly rng: Rng;
  readonly now: string;
  readonly agencies: readonly AgencyProfile[];
  readonly agreements: readonly Agreement[];
  readonly registry: Registry;
  /** Next id for a record held by `node`, e.g. ids.next('mx-node', 'per') → 'mx-per-000001'. */
  readonly ids: IdFactory;
}

export interface Layer {
  id: string;
  /** Catalogue key (area 'demo') describing what the layer adds. */
  summaryKey: string;
  build(ctx: LayerContext): Iterable<Entity>;
}

export class IdFactory {
  // Two-level map on the (interned) node and prefix strings: no key is built per call.
  private readonly counters = new Map<string, Map<string, { head: string; n: number }>>();
  next(node: NodeId, prefix: string): string {
    let byPrefix = this.counters.get(node);
    if (!byPrefix) this.counters.set(node, (byPrefix = new Map()));
    let c = byPrefix.get(prefix);
    if (!c) byPrefix.set(prefix, (c = { head: `${node.slice(0, 2)}-${prefix}-`, n: 0 }));
    const n = String(++c.n);
    return c.head + (n.length < 6 ? '000000'.slice(n.length) + n : n);
  }
}

/** FtM caption properties per schema (from the schema YAML `caption` lists), first non-empty wins. */
const CAPTION_PROPS: Record<string, readonly string[]> = {
  Person: ['name', 'lastName'],
  Company: ['name'],
  Organization: ['name'],
  LegalEntity: ['name'],
  Address: ['full', 'city'],
  BankAccount: ['name', 'iban', 'accountNumber'],
  Sanction: ['program'],
  Directorship: ['role'],
};

/**
 * One record of a network: the network's metadata (a fresh copy per entity, so that callers may
 * change one record's meta without touching others) and first/last seen within the file's dates.
 */
export function networkEntity(net: Network, schema: string, id: string, properties: Record<string, string[]>): Entity {
  const e: Entity = { id, schema, properties, meta: { ...net.meta, purposes: [...net.meta.purposes] } };
  const captionProp = CAPTION_PROPS[schema]?.find((p) => properties[p]?.length);
  if (captionProp) e.caption = properties[captionProp]![0]!;
  e.firstSeen = `${net.firstSeen}T00:00:00Z`;
  e.lastSeen = `${net.lastSeen}T00:00:00Z`;
  return e;
}
