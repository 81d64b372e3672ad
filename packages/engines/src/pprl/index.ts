/**
 * Privacy-preserving record linkage (issue 4 part 3): CLK Bloom-filter encodings keyed with a secret, hardened
 * by XOR folding; matching on Dice similarity without the secret; frequency attacks to check the hardening.
 */
export { DEFAULT_CLK_SCHEMA, schemaMismatch, validateSchema, type ClkFieldSpec, type ClkSchema } from './schema';
export { normaliseDate, normaliseField, normaliseText, qgrams } from './normalise';
export { ClkEncoder, encodeRecords, keyCheck, type ClkRecord } from './encode';
export { dice, popcount, DiceScanner } from './dice';
export {
  DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD, DEFAULT_PPRL_THRESHOLD, greedyOneToOne, lshCandidates, matchClks, matchClksWithStats,
  type MatchOptions, type MatchStats, type PprlPair,
} from './match';
export { matchClksParallel } from './pool';
export { frequentEncodingAttack, patternMiningAttack, type AttackResult } from './attack';
