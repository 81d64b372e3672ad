/**
 * Kysely types of migration 030 (linkage_*), beside the linkage services as Protect's are beside its own:
 * `linkageDb(exec)` is the same connection or transaction, typed with these tables as well.
 */
import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../../store/schema';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface FieldContributionJson { comparison: string; level: string; weight: number; tf?: number; left?: string; right?: string }
export interface PairExplanationJson { prior: number; fields: FieldContributionJson[] }

export interface LinkageRunsTable {
  id: string; created_at: DefaultTimestamp; actor_id: string | null; actor_agency: string | null; purpose: string | null;
  records: number; pairs: number; clusters: number; threshold: number; review_floor: number;
  model: Json<unknown>; stats: Json<Record<string, number>>;
}
export interface LinkagePairsTable {
  run_id: string; left_id: string; right_id: string; probability: number; weight: number; explanation: Json<PairExplanationJson>;
}
export interface LinkageDecisionsTable {
  id: string; left_id: string; right_id: string; decision: 'match' | 'no_match'; reason: string; actor_id: string;
  actor_agency: string; purpose: string | null; probability: number | null; decided_at: DefaultTimestamp;
}
export interface LinkageClustersTable { run_id: string; entity_id: string; cluster_id: string }

export interface LinkageTables {
  linkage_runs: LinkageRunsTable;
  linkage_pairs: LinkagePairsTable;
  linkage_decisions: LinkageDecisionsTable;
  linkage_clusters: LinkageClustersTable;
}
export type LDB = DB & LinkageTables;
export type LExecutor = Kysely<LDB> | Transaction<LDB>;

export function linkageDb(exec: Executor): LExecutor {
  return exec as unknown as LExecutor;
}
