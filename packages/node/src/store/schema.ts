/** Kysely table types, kept in step with ./migrations (one file per migration, applied in order). */
import type { ColumnType, Kysely, Transaction } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface NodeStateTable { key: string; value: Json }

export interface AgenciesTable {
  id: string; country: string; name: string; name_en: string; name_es: string; created_at: DefaultTimestamp;
}

export interface UsersTable {
  id: string; username: string; display_name: string; agency_id: string; country: string; roles: string[];
  password_hash: string; disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
}

export interface SessionsTable {
  id: string; user_id: string; purpose: string | null; created_at: DefaultTimestamp; expires_at: Timestamp;
  last_seen: DefaultTimestamp; ip: string | null; user_agent: string | null;
}

export interface AgreementsTable {
  id: string; title: string; parties: string[]; valid_from: ColumnType<string, string, string>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>; body: Json;
}

export interface EntitiesTable {
  id: string; schema: string; caption: string; owner_country: string; owner_agency: string;
  distribution: 'agency' | 'node' | 'bilateral' | 'agreement'; agreement_id: string | null; legal_basis: string;
  purposes: string[]; retention_until: ColumnType<string, string, string>; dataset: string; origin_node: string;
  locked: ColumnType<boolean, boolean | undefined, boolean>; personal_data: ColumnType<boolean, boolean | undefined, boolean>;
  first_seen: Timestamp; last_seen: Timestamp; created_at: DefaultTimestamp; updated_at: DefaultTimestamp;
  /** Every name of the record (caption, names, aliases): the catalog's search index is built from these. */
  names: ColumnType<string[], string[] | string | undefined, string[] | string>;
  /** The data_version of the transaction that last wrote the record (services/write.ts changeVersion). */
  change: ColumnType<string, string | number | undefined, string | number>;
}

/** One value as stored in a fragment: [prop, value] or, with a span of its own, [prop, value, first_seen, last_seen]. */
export type StoredStatement = [string, string] | [string, string, string, string];

/** The values one dataset states about one record (migration 005). */
export interface FragmentsTable {
  entity_id: string; dataset: string; schema: string; origin_node: string; origin_agency: string;
  first_seen: Timestamp; last_seen: Timestamp; statements: Json<StoredStatement[]>;
}

/** A property of type 'entity': an edge of the graph. */
export interface LinksTable { entity_id: string; prop: string; target: string }

/** A view over entities.names, one row per name. */
export interface EntityNamesView { entity_id: ColumnType<string, never, never>; name: ColumnType<string, never, never> }

export interface AuditEventsTable {
  seq: ColumnType<string, string | number | bigint, never>; ts: Timestamp; actor_id: string | null; actor_agency: string | null;
  actor_country: string | null; action: string; outcome: string; resource_type: string | null; resource_id: string | null;
  purpose: string | null; legal_basis: string | null; request_id: string | null; detail: Json<Record<string, unknown>>;
  prev_hash: string; hash: string;
}

export interface AuditCheckpointsTable {
  tree_size: ColumnType<string, string | number | bigint, never>; root_hash: string; ts: Timestamp; node_id: string;
  key_id: string; signature: string; countersignatures: Json<unknown[]>;
}

export interface ImportsTable {
  id: string; file: string; format: string; actor_id: string | null; started_at: DefaultTimestamp;
  finished_at: Timestamp | null; status: 'running' | 'ok' | 'failed'; entities: ColumnType<number, number | undefined, number>;
  error: Json | null;
}

export interface DB {
  node_state: NodeStateTable;
  agencies: AgenciesTable;
  users: UsersTable;
  sessions: SessionsTable;
  agreements: AgreementsTable;
  entities: EntitiesTable;
  fragments: FragmentsTable;
  links: LinksTable;
  entity_names: EntityNamesView;
  audit_events: AuditEventsTable;
  audit_checkpoints: AuditCheckpointsTable;
  imports: ImportsTable;
}

export type Db = Kysely<DB>;
/** Either the database or an open transaction: functions that must join a caller's transaction take this. */
export type Executor = Kysely<DB> | Transaction<DB>;
