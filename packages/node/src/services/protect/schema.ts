/**
 * Kysely types of migration 020 (protect_*). They live beside the Protect services rather than in
 * store/schema.ts: `protectDb(exec)` gives a view of the same connection or transaction that knows both.
 */
import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { DB, Executor } from '../../store/schema';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface ProtectPlacesTable {
  code: string; country: string; native_code: string; level: string; name: string; parent_code: string | null;
  population: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  population_year: number | null; lon: number | null; lat: number | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}
export interface ProtectBoundariesTable { place_code: string; geometry: Json }
export interface ProtectIndicatorsTable {
  code: string; domain: 'health' | 'demand' | 'violence'; name_en: string; name_es: string; unit_en: string; unit_es: string;
  note_en: string; note_es: string; aggregation: 'count' | 'rolling12';
}
export interface ProtectSeriesTable {
  id: Generated<string>; place_code: string; indicator: string; period_kind: 'month' | 'week'; start_period: number;
  values: ColumnType<Array<number | null>, string, string>; source: string; updated_at: DefaultTimestamp;
}
export interface ProtectImportsTable {
  id: string; format: string; file: string; actor_id: string | null; created_at: DefaultTimestamp; places: number; series: number; points: number;
}
export interface ProtectAlertRulesTable {
  id: string; name: string; indicator: string; place_code: string | null; method: string; params: Json<Record<string, unknown>>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>; owner_agency: string; created_by: string | null;
  created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
}
export interface ProtectAlertsTable {
  id: Generated<string>; rule_id: string; series_id: string; place_code: string; indicator: string; period_kind: string; period: number;
  observed: number; expected: number | null; upper_bound: number | null; method: string; params: Json<Record<string, unknown>>;
  explanation: Json<Record<string, unknown>>; status: ColumnType<'open' | 'acknowledged' | 'closed', 'open' | 'acknowledged' | 'closed' | undefined>;
  created_at: DefaultTimestamp;
}
export interface ProtectAlertNotesTable {
  id: Generated<string>; alert_id: string; kind: 'comment' | 'substance'; substance: string | null; text: string;
  author_id: string | null; author_agency: string | null; created_at: DefaultTimestamp;
}
export interface ProtectSubscriptionsTable {
  id: string; user_id: string; indicator: string | null; place_code: string | null; email: string | null; created_at: DefaultTimestamp;
}
export interface ProtectInboxTable { user_id: string; alert_id: string; delivered_at: DefaultTimestamp; read_at: ColumnType<Date | null, Date | string | null | undefined> }
export interface ProtectOutboxTable {
  id: Generated<string>; user_id: string; alert_id: string; to_address: string; subject: string; body: string;
  status: ColumnType<string, string | undefined>; created_at: DefaultTimestamp;
}
export interface ProtectEventsTable {
  id: string; kind: string; place_code: string | null; occurred_on: ColumnType<string, string, string>; x: number; y: number;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
}
export interface ProtectPracticesTable {
  id: string; title_en: string; title_es: string; programme_en: string; programme_es: string; place: string; place_code: string | null;
  country: string; population_en: string; population_es: string; evidence_level: string; evidence_en: string; evidence_es: string;
  outcome_measures: string[]; contacts: Json<Array<{ name: string; organisation: string; email: string }>>;
  owner_agency: string; owner_country: string; author_id: string | null; published_at: DefaultTimestamp; updated_at: DefaultTimestamp;
  search_text: string;
}
export interface ProtectCasesTable {
  id: string; title: string; place_code: string | null; status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined>;
  opened_on: ColumnType<string, string, string>; summary: string; owner_country: string; owner_agency: string;
  distribution: 'agency' | 'node' | 'bilateral' | 'agreement'; agreement_id: string | null; purposes: string[]; legal_basis: string;
  created_by: string | null; created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
}
export interface ProtectCaseLinksTable {
  id: Generated<string>; case_id: string; kind: 'homicide' | 'suspect' | 'lab_request' | 'prosecution'; entity_id: string | null;
  event_id: string | null; label: string; status: string; on_date: ColumnType<string | null, string | null | undefined>;
  detail: Json<Record<string, unknown>>; created_by: string | null; created_at: DefaultTimestamp;
}

export interface ProtectTables {
  protect_places: ProtectPlacesTable;
  protect_boundaries: ProtectBoundariesTable;
  protect_indicators: ProtectIndicatorsTable;
  protect_series: ProtectSeriesTable;
  protect_imports: ProtectImportsTable;
  protect_alert_rules: ProtectAlertRulesTable;
  protect_alerts: ProtectAlertsTable;
  protect_alert_notes: ProtectAlertNotesTable;
  protect_subscriptions: ProtectSubscriptionsTable;
  protect_inbox: ProtectInboxTable;
  protect_outbox: ProtectOutboxTable;
  protect_events: ProtectEventsTable;
  protect_practices: ProtectPracticesTable;
  protect_cases: ProtectCasesTable;
  protect_case_links: ProtectCaseLinksTable;
}

export type PDB = DB & ProtectTables;
export type PExecutor = Kysely<PDB> | Transaction<PDB>;

/** The same database handle or transaction, typed with the Protect tables as well. */
export function protectDb(exec: Executor): PExecutor {
  return exec as unknown as PExecutor;
}
