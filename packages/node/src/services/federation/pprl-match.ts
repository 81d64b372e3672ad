/**
 * The matching step of cross-border PPRL (issue 6, item 5), kept apart from everything that touches the shared
 * secret: this module imports neither the key store nor the encoder, and its one function receives only two sets
 * of encodings (each with its schema and the key check value the encoder published). It compares them with the
 * engines' Dice matcher and the greedy one-to-one assignment at the one-to-one operating point, and returns pairs
 * of the identifiers it was given — the asker's per-run pseudonyms and the responder's own local handles.
 * A test deletes both nodes' key files and runs this function on the encodings alone.
 */
import { DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD, matchClks, type PprlPair } from '../../../../engines/src/pprl/match';
import { schemaMismatch, validateSchema, type ClkSchema } from '../../../../engines/src/pprl/schema';
import type { ClkRecord } from '../../../../engines/src/pprl/encode'; // the type only: erased, the encoder is not loaded

export interface EncodingSet {
  schema: ClkSchema;
  /** keyCheck(secret): a public check value, so encodings made with different secrets are refused, not compared. */
  keyCheck: string;
  records: ClkRecord[];
}

export type MatchRefusal = { refused: 'schema'; detail: string } | { refused: 'key_check' };

/** One-to-one pairs (left id, right id, Dice) of two encoding sets, or why they cannot be compared. */
export function matchEncodings(left: EncodingSet, right: EncodingSet, threshold = DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD): PprlPair[] | MatchRefusal {
  const bad = validateSchema(left.schema) ?? validateSchema(right.schema);
  if (bad) return { refused: 'schema', detail: bad };
  const mismatch = schemaMismatch(left.schema, right.schema);
  if (mismatch.length) return { refused: 'schema', detail: mismatch.join(', ') };
  if (left.keyCheck !== right.keyCheck) return { refused: 'key_check' };
  const bytes = left.schema.bits / 8;
  for (const r of [...left.records, ...right.records]) {
    if (r.clk.byteLength !== bytes) return { refused: 'schema', detail: `encoding of ${r.clk.byteLength * 8} bits, expected ${left.schema.bits}` };
  }
  return matchClks(left.records, right.records, { threshold, oneToOne: true });
}
