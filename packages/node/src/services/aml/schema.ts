/**
 * Kysely types of migrations 040 and 041 (aml_*), beside the AML services: `amlDb(exec)` is the same connection or
 * transaction, typed with these tables as well.
 */
import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../../store/schema';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
export type AmlDistribution = 'agency' | 'node';

export interface AmlImportsTable {
  id: string; file: string; format: string; dataset: string; owner_agency: string; distribution: AmlDistribution; rows: number;
  accounts: number; first_ts: Timestamp | null; last_ts: Timestamp | null; actor_id: string | null; created_at: DefaultTimestamp;
}
export interface AmlTransactionsTable {
  tran_id: string; ts: Timestamp; orig: string; bene: string; amount: number; currency: string; amount_received: number;
  currency_received: string; tx_type: string; place: string | null; label: number | null; typology_label: string | null;
  import_id: string; owner_agency: string; distribution: AmlDistribution;
}
export interface AmlAccountsTable { id: string; bank: string | null; holder: string | null; owner_agency: string; distribution: AmlDistribution }
export interface AmlModelsTable {
  id: string; created_at: DefaultTimestamp; actor_id: string | null; owner_agency: string; trained_until: ColumnType<string, string, string>;
  threshold: number; model: Json<unknown>; training: Json<Record<string, unknown>>;
}
export interface AlertExplanationJson {
  bias: number; logit: number; top: Array<{ feature: string; value: number | null; contribution: number }>; detector?: { typology: string; reason: string; features?: Record<string, number>; params?: Record<string, number | string> };
}
export type AlertStatus = 'open' | 'assigned' | 'closed' | 'escalated';
export interface AmlAlertsTable {
  id: string; tran_id: string; ts: Timestamp; orig: string; bene: string; amount: number; currency: string; model_id: string; score: number;
  typology: string | null; explanation: Json<AlertExplanationJson>; status: ColumnType<AlertStatus, AlertStatus | undefined, AlertStatus>;
  assignee: string | null; close_reason: string | null; case_id: string | null; owner_agency: string; distribution: AmlDistribution;
  created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
}
export interface AmlAlertNotesTable {
  id: string; alert_id: string; actor_id: string; text: string; kind: 'comment' | 'assign' | 'close' | 'escalate' | 'reopen'; at: DefaultTimestamp;
}
export interface AmlCasesTable {
  id: string; title: string; status: ColumnType<'open' | 'reported' | 'closed', 'open' | 'reported' | 'closed' | undefined, 'open' | 'reported' | 'closed'>;
  summary: ColumnType<string, string | undefined, string>; owner_agency: string; distribution: AmlDistribution; created_by: string;
  created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
}
export interface AmlCaseItemsTable {
  case_id: string; kind: 'transaction' | 'account' | 'entity' | 'graph' | 'alert'; ref: string; snapshot: Json<unknown>; added_by: string;
  added_at: DefaultTimestamp;
}

export interface AmlScoreStatesTable {
  model_id: string; owner_agency: string; through: Timestamp; rows: ColumnType<string, number | string, number | string>; accounts: number;
  state: Uint8Array; created_at: DefaultTimestamp;
}

export interface AmlTables {
  aml_score_states: AmlScoreStatesTable;
  aml_imports: AmlImportsTable;
  aml_transactions: AmlTransactionsTable;
  aml_accounts: AmlAccountsTable;
  aml_models: AmlModelsTable;
  aml_alerts: AmlAlertsTable;
  aml_alert_notes: AmlAlertNotesTable;
  aml_cases: AmlCasesTable;
  aml_case_items: AmlCaseItemsTable;
}
export type ADB = DB & AmlTables;
export type AExecutor = Kysely<ADB> | Transaction<ADB>;

export function amlDb(exec: Executor): AExecutor {
  return exec as unknown as AExecutor;
}
