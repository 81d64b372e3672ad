/**
 * Writing and reading the audit log (table audit_events, append-only by migration 003).
 */
import { sql, type Kysely } from 'kysely';
import type { DB, Db, Executor } from '../store/schema';
import { chainHash, contentOf, GENESIS_HASH, type AuditContent, type AuditInput } from './chain';

/**
 * Advisory lock that serialises appends across connections and processes (a constant key of its
 * own; migrate.ts uses 7406931). Transaction-scoped: held until the caller's transaction ends, so
 * the next writer reads the head only after this row is committed, and seq stays contiguous.
 */
export const AUDIT_CHAIN_LOCK = 7406940;

/** One audit event as the API and UI see it. `ts` is the hashed ISO form (UTC, milliseconds). */
export interface AuditRow {
  seq: string;
  ts: string;
  actorId: string | null;
  actorAgency: string | null;
  actorCountry: string | null;
  action: string;
  outcome: string;
  resourceType: string | null;
  resourceId: string | null;
  purpose: string | null;
  legalBasis: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/**
 * Appends one event to the chain and returns its seq and hash. Joins the caller's transaction when
 * given one (the event then commits or rolls back with the work it records). Given the database itself,
 * the event joins the next group commit (below) and the promise settles once it is committed.
 *
 * Invariants: runs under pg_advisory_xact_lock(AUDIT_CHAIN_LOCK), and the head is read by a statement
 * that starts after the lock is granted, so in READ COMMITTED (PostgreSQL's default; a caller's
 * REPEATABLE READ snapshot taken earlier would see a stale head and fail on the seq primary key) it
 * sees every earlier append. Appends wait for one another until commit: append late in a transaction.
 */
export async function appendAudit(exec: Executor, input: AuditInput, now: Date = new Date()): Promise<{ seq: string; hash: string }> {
  const partial = contentOf(input, now); // validate before taking the lock
  if (!exec.isTransaction) return groupOf(exec as Kysely<DB>).append(partial);
  const [appended] = await appendChained(exec, [partial]);
  return appended;
}

/** Appends several events in order inside the caller's transaction (one lock, one multi-row insert). */
export async function appendAuditMany(tx: Executor, inputs: readonly AuditInput[], now: Date = new Date()): Promise<Array<{ seq: string; hash: string }>> {
  if (!inputs.length) return [];
  if (!tx.isTransaction) throw new Error('appendAuditMany needs a transaction');
  const out: Array<{ seq: string; hash: string }> = [];
  const events = inputs.map((i) => contentOf(i, now));
  for (let i = 0; i < events.length; i += MAX_GROUP) out.push(...await appendChained(tx, events.slice(i, i + MAX_GROUP)));
  return out;
}

type PendingEvent = Omit<AuditContent, 'seq'>;

/** Appends events in order under the chain lock, in one multi-row insert. */
async function appendChained(tx: Executor, events: readonly PendingEvent[]): Promise<Array<{ seq: string; hash: string }>> {
  await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_CHAIN_LOCK)})`.execute(tx);
  const head = await tx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = head ? BigInt(head.seq) : 0n;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const rows = [];
  const out: Array<{ seq: string; hash: string }> = [];
  for (const partial of events) {
    seq += 1n;
    const content: AuditContent = { seq: seq.toString(), ...partial };
    const hash = chainHash(prevHash, content);
    rows.push({ ...content, detail: JSON.stringify(content.detail), prev_hash: prevHash, hash });
    out.push({ seq: content.seq, hash });
    prevHash = hash;
  }
  await tx.insertInto('audit_events').values(rows).execute();
  return out;
}

/**
 * Group commit for events outside a caller's transaction (reads, searches, logins): events that arrive
 * while a commit is under way are chained and committed together by the next one, so under load one
 * transaction carries many events instead of one each, and at rest an event commits at once. Each
 * caller still waits for its own event to be committed before it answers.
 */
class AuditGroup {
  private queue: Array<{ event: PendingEvent; resolve: (r: { seq: string; hash: string }) => void; reject: (e: unknown) => void }> = [];
  private running = false;
  constructor(private readonly db: Kysely<DB>) {}

  append(event: PendingEvent): Promise<{ seq: string; hash: string }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      // The first event waits a millisecond, so the requests being handled meanwhile share its commit.
      if (!this.running) { this.running = true; setTimeout(() => void this.drain(), 1); }
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_GROUP);
        try {
          const appended = await this.db.transaction().execute((tx) => appendChained(tx, batch.map((b) => b.event)));
          batch.forEach((b, i) => b.resolve(appended[i]));
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** Events per group commit at most (one insert of this many rows). */
const MAX_GROUP = 200;
const groups = new WeakMap<Kysely<DB>, AuditGroup>();
function groupOf(db: Kysely<DB>): AuditGroup {
  let g = groups.get(db);
  if (!g) groups.set(db, (g = new AuditGroup(db)));
  return g;
}

/** A stored row as read for hashing: ts rendered by the database in UTC with microseconds. */
export interface StoredAuditRow extends Omit<AuditContent, 'ts'> {
  ts_text: string;
  prev_hash: string;
  hash: string;
}

// Rendered by PostgreSQL rather than parsed by the driver: the text is the same on both stores,
// keeps microseconds (which a tampered value may carry), and needs no time-zone handling.
const TS_TEXT = sql<string>`to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const COLUMNS = ['seq', 'actor_id', 'actor_agency', 'actor_country', 'action', 'outcome', 'resource_type', 'resource_id',
  'purpose', 'legal_basis', 'request_id', 'detail', 'prev_hash', 'hash'] as const;

/** The hashed ISO form of a stored timestamp: milliseconds when the value has no finer digits, all six otherwise. */
export function hashedTs(tsText: string): string {
  const m = /^(.*\.\d{3})(\d{3})Z$/.exec(tsText);
  if (!m) return tsText;
  return m[2] === '000' ? `${m[1]}Z` : tsText;
}

export function contentOfStored(r: StoredAuditRow): AuditContent {
  return {
    seq: r.seq, ts: hashedTs(r.ts_text), actor_id: r.actor_id, actor_agency: r.actor_agency, actor_country: r.actor_country,
    action: r.action, outcome: r.outcome, resource_type: r.resource_type, resource_id: r.resource_id, purpose: r.purpose,
    legal_basis: r.legal_basis, request_id: r.request_id, detail: r.detail,
  };
}

function toAuditRow(r: StoredAuditRow): AuditRow {
  return {
    seq: r.seq, ts: hashedTs(r.ts_text).replace(/(\.\d{3})\d{3}Z$/, '$1Z'), actorId: r.actor_id, actorAgency: r.actor_agency,
    actorCountry: r.actor_country, action: r.action, outcome: r.outcome, resourceType: r.resource_type, resourceId: r.resource_id,
    purpose: r.purpose, legalBasis: r.legal_basis, requestId: r.request_id, detail: r.detail, prevHash: r.prev_hash, hash: r.hash,
  };
}

function selectStored(db: Executor) {
  return db.selectFrom('audit_events').select([...COLUMNS, TS_TEXT.as('ts_text')]);
}

/** The row whose hash is `hash`, if any (hash is unique and indexed). */
export async function findByHash(db: Executor, hash: string): Promise<StoredAuditRow | undefined> {
  return (await selectStored(db).where('hash', '=', hash).limit(1).executeTakeFirst()) as StoredAuditRow | undefined;
}

/**
 * Every row in (seq, hash) order, read in pages by keyset so memory stays flat however long the log.
 * The hash breaks ties only when a tampered table holds two rows with one seq.
 */
export async function* scanAudit(db: Executor, opts: { pageSize?: number; upToSeq?: string } = {}): AsyncGenerator<StoredAuditRow> {
  const pageSize = opts.pageSize ?? 1000;
  let after: { seq: string; hash: string } | null = null;
  for (;;) {
    let q = selectStored(db).orderBy('seq').orderBy('hash').limit(pageSize);
    // The plain `seq >=` lets the primary-key index serve the row comparison.
    if (after) q = q.where('seq', '>=', after.seq).where(sql<boolean>`(seq, hash) > (${after.seq}::int8, ${after.hash})`);
    if (opts.upToSeq !== undefined) q = q.where('seq', '<=', opts.upToSeq);
    const page = (await q.execute()) as StoredAuditRow[];
    yield* page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1];
    after = { seq: last.seq, hash: last.hash };
  }
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
  /** Keyset cursor: only rows with a smaller seq (the previous page's last seq). */
  beforeSeq?: string;
  limit: number;
}

/** Events matching every given filter (`from` inclusive, `to` exclusive), newest first; limit 1..1000. */
export async function queryAudit(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  let q = selectStored(db);
  if (f.actorId !== undefined) q = q.where('actor_id', '=', f.actorId);
  if (f.action !== undefined) q = q.where('action', '=', f.action);
  if (f.resourceId !== undefined) q = q.where('resource_id', '=', f.resourceId);
  if (f.from !== undefined) q = q.where('ts', '>=', f.from);
  if (f.to !== undefined) q = q.where('ts', '<', f.to);
  if (f.beforeSeq !== undefined) {
    if (!/^\d{1,19}$/.test(f.beforeSeq)) return [];
    q = q.where('seq', '<', f.beforeSeq);
  }
  const limit = Math.max(1, Math.min(1000, Math.floor(f.limit) || 1));
  const rows = (await q.orderBy('seq', 'desc').limit(limit).execute()) as StoredAuditRow[];
  return rows.map(toAuditRow);
}
