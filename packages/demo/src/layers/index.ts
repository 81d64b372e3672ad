/**
 * The registered layers, in the order they run. To extend the demo world for a capability, write
 * `layers/<capability>.ts` exporting a Layer (see layer.ts for the contract: read ctx.registry, yield
 * entities after what they reference, attach them to a case file with networkEntity so they share its
 * owner and distribution), add it to this list after the layers it reads, and add its summary key to
 * packages/i18n/src/catalog/demo.ts. Layers planned by the capability issues: screening lists,
 * entity resolution (cross-node duplicates), AML transactions, firearms traces, precursor shipments,
 * early-warning case counts, missing persons.
 */
import { coreLayer } from './core';
import { protectLayer } from './protect';
import { screeningLayer } from './screening';
import { linkageLayer } from './linkage';
import type { Layer } from './layer';

export const LAYERS: readonly Layer[] = [coreLayer, protectLayer, screeningLayer, linkageLayer];

export type { Layer, LayerContext, Network, PersonFacts, CompanyFacts, AccountFacts, Registry, WorldOptions, Origin } from './layer';
export { networkEntity, IdFactory } from './layer';
