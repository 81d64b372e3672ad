/**
 * Tamper-evident audit (platform.md §11): an append-only, hash-chained event log (h_i = SHA-256(h_{i-1} ‖
 * RFC 8785 JSON of row i)), RFC 6962 Merkle checkpoints signed with the node's Ed25519 key and
 * countersigned by the partner node, and a verifier that names every kind of tampering it finds.
 */
export { canonicalJson, CanonicalJsonError } from './canonical';
export { GENESIS_HASH, OUTCOMES, chainHash, type AuditContent, type AuditInput, type Outcome } from './chain';
export { AuditError, type AuditErrorCode } from './errors';
export { AUDIT_CHAIN_LOCK, appendAudit, appendAuditMany, queryAudit, type AuditFilter, type AuditRow } from './log';
export { loadNodeKey, keyIdOf, publicKeyFromPem, rawPublicKey, NODE_KEY_FILE, type NodeKey } from './keys';
export {
  addCountersignature, checkpointNote, countersignCheckpoint, createCheckpoint, formatSignedNote, getCheckpoint, listCheckpoints,
  parseSignedNote, proveConsistency, proveInclusion, verifyCheckpointSignature, verifyCountersignature,
  type Checkpoint, type Countersignature,
} from './checkpoint';
export { verifyAudit, type AuditProblem, type AuditProblemKind, type AuditVerification, type VerifyOptions } from './verify';
export * as merkle from './merkle';
