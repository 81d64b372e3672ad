/**
 * Homicide and crime hot-spot analytics (issue 7): spatial weights (spdep conventions), local Getis-Ord Gi/Gi*,
 * local and global Moran's I, queen contiguity from TopoJSON, kernel density and the Knox near-repeat test.
 * Pure functions.
 */
export * from './weights';
export { localG, getisOrd, localMoran, globalMoran, permutationPValues, hotspotClass, type LocalG, type LocalMoran, type GlobalMoran } from './local';
export { queenContiguity, type Topology } from './contiguity';
export { kernelDensity, defaultBandwidth, type KdeGrid, type KdeOptions, type KdePoints } from './kde';
export { knoxTest, type KnoxEvents, type KnoxOptions, type KnoxResult } from './knox';
export { mulberry32 } from '../random';
