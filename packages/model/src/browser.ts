/**
 * The parts of @puente/model that run anywhere (browser included): everything but the YAML loader, which
 * reads files. The web UI imports `@puente/model/browser`; Node code imports `@puente/model`.
 */
export * from './record';
export { Model, type Schema, type Property, type Edge } from './schema';
export { PROPERTY_TYPES, type PropertyType, isEntityId, isFtmDate, isCountry, isCountryCode, isIsoDay } from './property-types';
export { validateEntity, captionOf, type EntityInput } from './validate';
export { ParseError, ModelError, describeIssue, problemKey, type Issue, type Messages } from './errors';
export { foldText } from './text';
export { readFtmLines, parseFtmLine, toFtmLine, type ReadOptions } from './ftm-lines';
export { lineRunsOf, linesOf, type LinesOptions } from './lines';
export { entityToStatements } from './statements';
export type * from './generated/schemata';
export { SCHEMA_NAMES } from './generated/schemata';
