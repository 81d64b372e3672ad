/**
 * The resolved entity model: FollowTheMoney's schemata plus Puente's, after inheritance.
 * Built once by the loader (loader.ts) and then read-only; lookups are map hits.
 */

export interface Property {
  name: string;
  label: string;
  /** FtM property type: name, string, text, date, entity, country, identifier, … (property-types.ts). */
  type: string;
  /** For `entity` properties: the schema the referenced entity must be (or extend). */
  range?: string;
  /** For `entity` properties: the property of the range schema that points back here. */
  reverse?: string;
  /** A reverse property FtM generates on the range schema; it holds no values of its own. */
  stub?: boolean;
  hidden?: boolean;
  /** Schema that declares the property (FtM `qname` is `<schema>:<name>`). */
  schema: string;
  qname: string;
  description?: string;
  matchable: boolean;
  maxLength: number;
  /** Value format: FtM's descriptive ones (qid, isin, …) or one Puente checks (boolean, cas, hs). */
  format?: string;
  deprecated?: boolean;
}

export interface Edge {
  source: string;
  target: string;
  label: string;
  directed: boolean;
  /** Properties shown on the edge in a network view (FtM `edge.caption`). */
  caption: string[];
}

export interface Schema {
  name: string;
  label: string;
  plural: string;
  description?: string;
  abstract: boolean;
  matchable: boolean;
  /** Direct parents, in the order the YAML lists them (the order decides which parent's property wins). */
  extends: string[];
  /** This schema and all its ancestors (FtM `schemata`). */
  schemata: string[];
  /** Own, inherited and reverse (stub) properties. */
  properties: Map<string, Property>;
  featured: string[];
  caption: string[];
  required: string[];
  edge?: Edge;
  temporalExtent?: { start: string[]; end: string[] };
  /** Records of this schema describe a natural person: reads are audited with their purpose. */
  personal: boolean;
  hidden?: boolean;
  generated?: boolean;
  deprecated?: boolean;
  origin: 'ftm' | 'puente';
}

export class Model {
  readonly schemata: Map<string, Schema>;
  /** Where the schemata were read from, for messages and cache keys. */
  readonly sources: { ftmDir: string; puenteDir: string };

  constructor(schemata: Map<string, Schema>, sources: { ftmDir: string; puenteDir: string }) {
    this.schemata = schemata;
    this.sources = sources;
  }

  get(name: string): Schema | undefined {
    return this.schemata.get(name);
  }

  getProperty(schema: string, prop: string): Property | undefined {
    return this.schemata.get(schema)?.properties.get(prop);
  }

  /** True when `schema` is `ancestor` or extends it, directly or not. */
  isA(schema: string, ancestor: string): boolean {
    const s = this.schemata.get(schema);
    return s !== undefined && s.schemata.includes(ancestor);
  }

  /** Person, anything extending it, and Puente schemata declared `personal: true` (e.g. UnidentifiedRemains). */
  isPersonal(schema: string): boolean {
    return this.schemata.get(schema)?.personal ?? false;
  }

  /** Schemata that are `name` or extend it. */
  descendants(name: string): Schema[] {
    return [...this.schemata.values()].filter((s) => s.schemata.includes(name));
  }
}
