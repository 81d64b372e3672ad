/**
 * Puente's additions to FollowTheMoney: who owns a record, who may see it, why it may be held,
 * and the provenance of every value (a statement).
 */

/** ISO 3166-1 alpha-2 of a node's country. The framework has two; the model does not hard-code them. */
export type CountryCode = string;

/**
 * How far a record may travel (MISP's distribution levels, adapted):
 * - `agency`: only the owner agency;
 * - `node`: every agency of the owner's node (country);
 * - `bilateral`: also the partner country's node, under the bilateral agreement;
 * - `agreement`: the parties of one named sharing agreement (`agreementId`).
 * A copy received from a partner is lowered one hop (bilateral → node, node → agency).
 */
export const DISTRIBUTIONS = ['agency', 'node', 'bilateral', 'agreement'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

/** Purposes a user states before reading personal data; a record lists the purposes it may serve. */
export const PURPOSES = [
  'criminal_investigation',
  'financial_intelligence',
  'sanctions_screening',
  'customs_targeting',
  'firearms_tracing',
  'public_health',
  'violence_prevention',
  'search_for_missing',
  'cyber_defence',
  'oversight',
  'administration',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export interface RecordMeta {
  ownerCountry: CountryCode;
  ownerAgency: string;
  distribution: Distribution;
  /** Set when distribution is `agreement`. */
  agreementId?: string | null;
  /** The law or instrument under which the record is held, e.g. "LFPIORPI art. 17". */
  legalBasis: string;
  /** Purposes this record may be used for. */
  purposes: Purpose[];
  /** ISO date after which the record must be deleted. */
  retentionUntil: string;
  /** Dataset (source collection) the record came from. */
  dataset: string;
  /** Node that first asserted the record; differs from the local node for copies received from a partner. */
  originNode: string;
  /** Locked copies (received from a partner) cannot be edited locally. */
  locked?: boolean;
}

/** One value with its provenance (FtM 4 / zavod statements, plus origin node and agency). */
export interface Statement {
  entityId: string;
  schema: string;
  prop: string;
  value: string;
  dataset: string;
  originNode: string;
  originAgency: string;
  lang?: string | null;
  firstSeen: string;
  lastSeen: string;
}

/** An entity as it travels (FtM JSON line) and as the API returns it. */
export interface Entity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  caption?: string;
  meta: RecordMeta;
  firstSeen?: string;
  lastSeen?: string;
}
