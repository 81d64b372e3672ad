/**
 * Screening: names against designation lists (OFAC SDN and Consolidated, UIF, agency watchlists), understanding
 * Spanish and English names, fast, and with an explanation for every hit. Pure: entries in, hits out.
 */
export { ScreeningIndex, DEFAULT_THRESHOLD, DEFAULT_TOP, WEAK_ALIAS_FACTOR, MAX_CANDIDATES } from './screener';
export { parseName, nameKindOf, Role, Flag, ROLE_NAMES, type ParsedName, type NamePart, type NameKind } from './parse';
export { compareNames, scoreNames, pairSimilarity, genderPair, COST, COST_EXTRA_QUERY, COST_OPTIONAL, ORDER_INVERSION, WEIGHT, partWeight, type NameComparison, type MatchedPair, type UnmatchedPart, type SimFn } from './compare';
export { wordSimilarity, wordScore, weightedDistance, editBudget, letterMask, type WordMatch, type Method } from './similarity';
export { phoneticKey } from './phonetic';
export { foldText, tokenizeName } from './text';
export { findLegalForms, legalFormsConflict, legalFormSetsConflict, type LegalForm } from './legal-forms';
export { FEATURE_WEIGHTS, schemaFeature, countryFeature, birthDateFeature } from './features';
export { formatExplanation } from './explain';
export type { ListEntry, ListName, ListNameKind, ScreeningQuery, ScreeningHit, ScreenOptions, HitExplanation, Feature } from './types';
export { ScreeningPool, type PoolOptions } from './batch';
export { diffLists, type ListDiff, type EntryChange } from './versions';
