/**
 * @puente/demo — the seeded synthetic bilateral world: agencies and demo users of a U.S. node and a
 * Mexico node, and the records each holds. No real personal data: every person, company, address and
 * account is drawn from small hand-written tables by a seeded generator.
 *
 * Structure: rng.ts (seeded PRNG) · tables/ (weighted names, places, company parts) · core/ (names,
 * households, addresses, identifiers) · layers/ (one layer per capability; LAYERS in layers/index.ts is
 * the extension point) · world.ts (generateWorld, worldForNode) · ftm.ts (FtM JSON lines writer).
 */
export {
  generateWorld, generateEntities, streamEntities, worldForNode, describeWorld, referencesOf, ENTITY_REF_PROPS,
  DEFAULT_SEED, DEFAULT_NOW, DEFAULT_PEOPLE, DEFAULT_COMPANIES,
  type World, type NodeHoldings,
} from './world';
export {
  DEMO_PASSWORD, DEMO_DEFAULT_PURPOSE, DEMO_ROLES, NODES, AGENCY_PROFILES, AGREEMENTS, demoUsers, nodeOf, partnerNode,
  type Role, type Country, type NodeId, type Agency, type AgencyProfile, type Agreement, type DemoUser, type NetworkKind,
} from './agencies';
export { writeWorldFtm, ftmLine } from './ftm';
export { LAYERS, networkEntity, type Layer, type LayerContext, type Network, type WorldOptions } from './layers/index';
export { Rng, Weighted, weighted } from './rng';
export { linkageDuplicates, withLinkageDuplicates, type DuplicateGroup, type LinkageDuplicates } from './layers/linkage';
export * from './linkage/index';
export { amlWorld, amlWorldCsv, PLANTED, type AmlWorldOptions, type GeneratedTx } from './aml/index';
