/**
 * Puente's analytic engines: pure functions and data structures, no I/O, one folder per capability.
 * They take arrays/iterables and return results with explanations.
 */
export * as earlywarning from './earlywarning/index';
export * as hotspots from './hotspots/index';
export * as screening from './screening/index';
export * as linkage from './linkage/index';
export * as pprl from './pprl/index';
export * as aml from './aml/index';
export * as graph from './graph/index';
