/**
 * The screening tables (migrations/010_screening.sql) as Kysely types, and the views the API returns.
 * The tables are screening's own: `sdb(exec)` widens the store's typed handle with them (Kysely withTables),
 * so the platform's schema.ts stays the platform's.
 */
import { sql, type ColumnType, type Selectable } from 'kysely';
import type { HitExplanation, ListEntry, ScreeningQuery } from '../../../engines/src/screening/index';
import type { Executor } from '../store/schema';
import { pgArray } from './sql';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface ScreeningListsTable { id: string; title: string; source: string; created_at: Timestamp }

export interface ScreeningListVersionsTable {
  id: string; list_id: string; seq: number; label: string; format: string; files: string[]; imported_at: Timestamp;
  imported_by: string | null; entry_count: number; content_hash: string; added: number; changed: number; removed: number;
}

export interface ScreeningEntriesTable { version_id: string; entry_id: string; schema: string; caption: string; entry: Json<ListEntry> }

export interface ScreeningChangesTable {
  version_id: string; entry_id: string; change: 'added' | 'changed' | 'removed'; caption: string; schema: string;
  fields: string[]; before: Json<ListEntry | null> | null; after: Json<ListEntry | null> | null;
}

export type RunKind = 'single' | 'batch' | 'rescreen';

export interface ScreeningRunsTable {
  id: string; kind: RunKind; actor_id: string | null; actor_agency: string | null; purpose: string | null; versions: string[];
  threshold: number; file: string | null; queries: number; hits: number; alerts: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

export interface ScreeningHitsTable {
  id: string; run_id: string; query_id: string; query: Json<ScreeningQuery>; entity_id: string | null; rank: number;
  list_id: string; version_id: string; entry_id: string; entry_caption: string; entry_schema: string; matched_name: string;
  score: number; explanation: Json<HitExplanation>; created_at: Timestamp;
}

export type Decision = 'match' | 'false_positive';

export interface ScreeningDecisionsTable {
  id: string; hit_id: string; entity_id: string | null; list_id: string; entry_id: string; decision: Decision; reason: string;
  actor_id: string; actor_agency: string; purpose: string | null; decided_at: Timestamp;
}

export type AlertStatus = 'open' | 'decided' | 'delisted';

export interface ScreeningAlertsTable {
  id: string; hit_id: string; entity_id: string; list_id: string; entry_id: string; version_id: string; status: AlertStatus;
  created_at: Timestamp; updated_at: Timestamp;
}

// a type alias, not an interface: withTables wants an index-signature-compatible record
export type ScreeningTables = {
  screening_lists: ScreeningListsTable;
  screening_list_versions: ScreeningListVersionsTable;
  screening_entries: ScreeningEntriesTable;
  screening_changes: ScreeningChangesTable;
  screening_runs: ScreeningRunsTable;
  screening_hits: ScreeningHitsTable;
  screening_decisions: ScreeningDecisionsTable;
  screening_alerts: ScreeningAlertsTable;
};

/** The store's handle (or an open transaction) with the screening tables typed. */
export function sdb(exec: Executor) {
  return exec.withTables<ScreeningTables>();
}

export type VersionRow = Selectable<ScreeningListVersionsTable>;
export type HitRow = Selectable<ScreeningHitsTable>;
export type DecisionRow = Selectable<ScreeningDecisionsTable>;
export type RunRow = Selectable<ScreeningRunsTable>;

/** jsonb arrives parsed from both drivers; a string (should a driver hand one back) is parsed here. */
export function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** Dates come back as Date objects or strings depending on the driver; the API speaks ISO 8601. */
export function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

// ---------------------------------------------------------------------------------------------------------------
// Views (the API's JSON).

export interface VersionView {
  id: string; listId: string; seq: number; label: string; format: string; files: string[]; importedAt: string;
  importedBy: string | null; entries: number; contentHash: string; added: number; changed: number; removed: number;
}

export function versionView(r: VersionRow): VersionView {
  return {
    id: r.id, listId: r.list_id, seq: Number(r.seq), label: r.label, format: r.format, files: r.files, importedAt: iso(r.imported_at),
    importedBy: r.imported_by, entries: Number(r.entry_count), contentHash: r.content_hash, added: Number(r.added),
    changed: Number(r.changed), removed: Number(r.removed),
  };
}

export interface DecisionView {
  id: string; decision: Decision; reason: string; actorId: string; actorAgency: string; purpose: string | null; decidedAt: string;
}

export function decisionView(r: DecisionRow): DecisionView {
  return {
    id: r.id, decision: r.decision, reason: r.reason, actorId: r.actor_id, actorAgency: r.actor_agency, purpose: r.purpose,
    decidedAt: iso(r.decided_at),
  };
}

export interface HitView {
  id: string; runId: string; queryId: string; query: ScreeningQuery; entityId: string | null; rank: number;
  listId: string; versionId: string; entryId: string; entryCaption: string; entrySchema: string; matchedName: string;
  score: number; explanation: HitExplanation; createdAt: string;
  /** the latest decision on this hit, if any */
  decision: DecisionView | null;
}

export function hitView(r: HitRow, decision: DecisionRow | null | undefined): HitView {
  return {
    id: r.id, runId: r.run_id, queryId: r.query_id, query: json<ScreeningQuery>(r.query), entityId: r.entity_id, rank: Number(r.rank),
    listId: r.list_id, versionId: r.version_id, entryId: r.entry_id, entryCaption: r.entry_caption, entrySchema: r.entry_schema,
    matchedName: r.matched_name, score: Number(r.score), explanation: json<HitExplanation>(r.explanation), createdAt: iso(r.created_at),
    decision: decision ? decisionView(decision) : null,
  };
}

export interface RunView {
  id: string; kind: RunKind; actorId: string | null; actorAgency: string | null; purpose: string | null; versions: string[];
  threshold: number; file: string | null; queries: number; hits: number; alerts: number; createdAt: string;
}

export function runView(r: RunRow): RunView {
  return {
    id: r.id, kind: r.kind, actorId: r.actor_id, actorAgency: r.actor_agency, purpose: r.purpose, versions: r.versions,
    threshold: Number(r.threshold), file: r.file, queries: Number(r.queries), hits: Number(r.hits), alerts: Number(r.alerts),
    createdAt: iso(r.created_at),
  };
}

/** A text[] value (one parameter, as the platform's write path sends arrays). */
export function textArray(values: readonly string[]) {
  return sql<string[]>`${pgArray(values)}::text[]`;
}
