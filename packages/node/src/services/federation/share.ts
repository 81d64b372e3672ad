/**
 * Push sharing (issue 6), the sending side. A scan compares the node's records that an agreement in force makes
 * shareable with what was last sent to each partner (`federation_shared`) and queues what changed:
 *  - `share.upsert`: the record with its values' provenance, its properties cut to the agreement's allow-list, and
 *    the agreement's id and version;
 *  - `share.retract`: the record was deleted, or stopped being shareable (its distribution, purposes or schema
 *    changed, or the guard now refuses it).
 * Every package passes the egress guard first: Cedar's `federation.share` with the partner as principal
 * (authz/policies/81-federation-share.cedar). A refusal is counted, audited (once per record version) and, if the
 * record had been sent, followed by a retraction. Delivery is the outbox's (ordered, exactly once, with backoff).
 *
 * A scan works in chunks of SCAN_CHUNK records, each one transaction under a scan lock: the chunk's packages, its
 * `federation_shared` rows and its audit events commit together or not at all, so a node killed mid-scan has queued
 * whole chunks only, each exactly once, and the next scan carries on from what was committed (a chunk re-reads the
 * shared rows, so two scans never queue the same change twice). Other requests get the store between chunks.
 * When an agreement expires nothing more is sent under it (copies already held expire by their retention);
 * retractions of deleted records still leave, as they carry nothing but the id.
 */
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Actor } from '../../context';
import { appendAuditMany, canonicalJson, type AuditInput } from '../../audit/index';
import { partnerActor } from '../../federation/partners';
import { deliverTo, enqueueMany, listPartners, registerJob, type DeliveryResult, type Partner } from '../../federation/index';
import { notFound } from '../../errors';
import type { DB, Executor } from '../../store/schema';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { anyOf, pgArray } from '../sql';
import { entityColumns, fetchStatements, loadAgreements, resourceOf, retentionColumn, type EntityRow, type StatementRow } from '../records';
import { activeAgreements, signedAgreements, type ActiveAgreement } from './agreements';
import './receive';
import './retention';

export const SCAN_CHUNK = 500;

/** What travels in a `share.upsert`. */
export interface SharePackage {
  agreement: { id: string; version: number };
  entity: {
    id: string; schema: string; properties: Record<string, string[]>;
    meta: {
      ownerCountry: string; ownerAgency: string; distribution: 'bilateral' | 'agreement'; agreementId: string | null;
      legalBasis: string; purposes: string[]; retentionUntil: string; dataset: string; originNode: string;
    };
    firstSeen: string; lastSeen: string;
  };
  /** Every value with its provenance (the fragment's dataset, origin node and agency, its own first and last seen). */
  statements: Array<{ prop: string; value: string; dataset: string; originNode: string; originAgency: string; firstSeen: string; lastSeen: string }>;
  /** SHA-256 over the canonical JSON of the above: what the sender compares to know whether to send again. */
  hash: string;
}

export interface ShareRetraction { id: string; agreement: { id: string; version: number } | null }

export interface ScanResult {
  partner: string;
  upserts: number;
  retracts: number;
  /** Packages the egress guard refused in this scan (each record version refused is audited once). */
  refused: number;
  unchanged: number;
}

/** The Cedar context of the egress guard for one agreement. */
export function shareContext(schema: string, a: ActiveAgreement, active: boolean) {
  return {
    schema,
    agreement: {
      id: a.id, active, parties: [...new Set([...a.parties.map((p) => p.node), ...a.parties.flatMap((p) => p.members)])],
      schemata: a.schemata, purposes: a.purposes, distributions: a.distributions,
    },
  };
}

/** The agreements under which a record of this shape could go: by distribution (and the record's own agreement). */
function applicable(row: Pick<EntityRow, 'distribution' | 'agreement_id'>, agreements: readonly ActiveAgreement[]): ActiveAgreement[] {
  if (row.distribution === 'bilateral') return agreements.filter((a) => a.distributions.includes('bilateral'));
  if (row.distribution === 'agreement') return agreements.filter((a) => a.distributions.includes('agreement') && a.id === row.agreement_id);
  return [];
}

const termsOf = (list: readonly ActiveAgreement[]) => list.map((a) => `${a.id}@${a.version}`).join(',');

function allowed(a: ActiveAgreement, schema: string): ((prop: string) => boolean) {
  const list = a.properties?.[schema];
  if (!list) return () => true;
  const set = new Set(list);
  return (p) => set.has(p);
}

export function buildPackage(row: EntityRow, statements: readonly StatementRow[], a: ActiveAgreement): SharePackage {
  const keep = allowed(a, row.schema);
  const values = statements.filter((s) => keep(s.prop));
  const properties: Record<string, string[]> = {};
  for (const s of values) {
    const list = (properties[s.prop] ??= []);
    if (!list.includes(s.value)) list.push(s.value);
  }
  const body: Omit<SharePackage, 'hash'> = {
    agreement: { id: a.id, version: a.version },
    entity: {
      id: row.id, schema: row.schema, properties,
      meta: {
        ownerCountry: row.owner_country.trim(), ownerAgency: row.owner_agency, distribution: row.distribution as 'bilateral' | 'agreement',
        agreementId: row.agreement_id, legalBasis: row.legal_basis, purposes: [...row.purposes],
        retentionUntil: String(row.retention_until).slice(0, 10), dataset: row.dataset, originNode: row.origin_node,
      },
      firstSeen: new Date(row.first_seen).toISOString(), lastSeen: new Date(row.last_seen).toISOString(),
    },
    statements: values.map((s) => ({
      prop: s.prop, value: s.value, dataset: s.dataset, originNode: s.origin_node, originAgency: s.origin_agency,
      firstSeen: s.first_seen, lastSeen: s.last_seen,
    })),
  };
  return { ...body, hash: createHash('sha256').update(canonicalJson(body)).digest('hex') };
}

interface SharedRow { entity_id: string; agreement_id: string; agreement_version: number; content_hash: string; change: string; terms: string; state: 'sent' | 'retracted' | 'refused'; policies: string[] }

const scanning = new Map<string, Promise<ScanResult>>();

/** Scans for one partner (one scan per node and partner at a time in this process; the database lock orders processes). */
export function scanPartner(ctx: ServiceCtx, partner: Partner): Promise<ScanResult> {
  const key = `${ctx.node.id}→${partner.nodeId}`;
  const running = scanning.get(key);
  if (running) return running;
  const p = scanIn(ctx, partner).finally(() => scanning.delete(key));
  scanning.set(key, p);
  return p;
}

interface SharedFields {
  agreementId: string; version: number; hash: string; change: string; terms: string; state: SharedRow['state']; seq?: number | null; policies?: string[];
}

/**
 * What a scan writes, gathered per chunk of records and written together: the packages (one sequence block in the
 * outbox), the `federation_shared` rows and the audit events (one multi-row insert each). All in the scan's transaction.
 */
class ScanWriter {
  private messages: Array<{ type: string; body: unknown; id: string; shared: SharedFields; audit: (seq: number) => AuditInput }> = [];
  private shared: Array<{ id: string; fields: SharedFields }> = [];
  private audits: AuditInput[] = [];
  constructor(private ctx: ServiceCtx, private trx: Transaction<DB>, private partner: string) {}

  send(id: string, type: string, body: unknown, shared: SharedFields, audit: (seq: number) => AuditInput): void {
    this.messages.push({ type, body, id, shared, audit });
  }
  save(id: string, fields: SharedFields): void { this.shared.push({ id, fields }); }
  audit(input: AuditInput): void { this.audits.push(input); }

  async flush(): Promise<void> {
    const seqs = await enqueueMany(this.ctx, this.trx, this.partner, this.messages.map((m) => ({ type: m.type, body: m.body })));
    this.messages.forEach((m, i) => {
      this.shared.push({ id: m.id, fields: { ...m.shared, seq: seqs[i] } });
      this.audits.push(m.audit(seqs[i]!));
    });
    this.messages = [];
    if (this.shared.length) {
      const rows = this.shared;
      const col = <K extends keyof SharedFields>(k: K, f: (v: SharedFields[K]) => string | null = (v) => (v === undefined || v === null ? null : String(v))) =>
        pgArray(rows.map((r) => f(r.fields[k])));
      await sql`insert into federation_shared (partner, entity_id, agreement_id, agreement_version, content_hash, change, terms, state, last_seq, policies, updated_at)
        select ${this.partner}, u.id, u.agr, u.ver::int, u.hash, u.change::bigint, u.terms, u.state, u.seq::bigint, u.policies::text[], now()
        from unnest(${pgArray(rows.map((r) => r.id))}::text[], ${col('agreementId')}::text[], ${col('version')}::text[], ${col('hash')}::text[],
                    ${col('change')}::text[], ${col('terms')}::text[], ${col('state')}::text[], ${col('seq')}::text[],
                    ${col('policies', (v) => pgArray(v ?? []))}::text[]) as u(id, agr, ver, hash, change, terms, state, seq, policies)
        on conflict (partner, entity_id) do update set agreement_id = excluded.agreement_id, agreement_version = excluded.agreement_version,
          content_hash = excluded.content_hash, change = excluded.change, terms = excluded.terms, state = excluded.state,
          last_seq = coalesce(excluded.last_seq, federation_shared.last_seq), policies = excluded.policies, updated_at = now()`.execute(this.trx);
      this.shared = [];
    }
    if (this.audits.length) {
      await appendAuditMany(this.trx, this.audits.map((a) => ({ ...a, requestId: this.ctx.requestId })));
      this.audits = [];
    }
  }
}

async function scanIn(ctx: ServiceCtx, partner: Partner): Promise<ScanResult> {
  const result: ScanResult = { partner: partner.nodeId, upserts: 0, retracts: 0, refused: 0, unchanged: 0 };
  const active = await activeAgreements(ctx, ctx.db, partner.nodeId);
  const signed = await signedAgreements(ctx, ctx.db, partner.nodeId);
  const agreementsTable = await loadAgreements(ctx.db);
  const principal = partnerActor(partner);
  const event = (input: Omit<AuditInput, 'actor' | 'requestId' | 'purpose'>): AuditInput => ({ purpose: null, ...input, actor: principal, requestId: ctx.requestId });
  const sharedRows = async (exec: Executor, ids?: readonly string[]) => {
    const m = new Map<string, SharedRow>();
    const r = await sql<SharedRow>`select entity_id, agreement_id, agreement_version, content_hash, change::text as change, terms, state, policies
      from federation_shared where partner = ${partner.nodeId} and (${ids ? pgArray(ids) : null}::text[] is null or entity_id = any(${ids ? pgArray(ids) : null}::text[]))`.execute(exec);
    for (const row of r.rows) m.set(row.entity_id, row);
    return m;
  };
  /** One chunk: its packages, shared rows and audit events commit together, under the scan lock (one scan at a time). */
  const inChunk = (work: (trx: Transaction<DB>, out: ScanWriter) => Promise<void>) => ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7406932)`.execute(trx);
    const out = new ScanWriter(ctx, trx, partner.nodeId);
    await work(trx, out);
    await out.flush();
  });
  const retract = (out: ScanWriter, id: string, prev: SharedRow, change: string, terms: string, state: 'retracted' | 'refused', policies: string[] = []) => {
    const body: ShareRetraction = { id, agreement: { id: prev.agreement_id, version: prev.agreement_version } };
    out.send(id, 'share.retract', body, { agreementId: prev.agreement_id, version: prev.agreement_version, hash: '', change, terms, state, policies }, (seq) => event({
      action: 'federation.share', outcome: 'ok', resourceType: 'entity', resourceId: id,
      detail: { partner: partner.nodeId, kind: 'retract', seq, agreement: prev.agreement_id, reason: state === 'refused' ? 'refused' : 'not_shareable' },
    }));
    result.retracts++;
  };

  // 1. Records an agreement in force could carry: looked at again when they changed or the agreements did.
  if (active.length) {
    const bilateral = active.some((a) => a.distributions.includes('bilateral'));
    const named = active.filter((a) => a.distributions.includes('agreement')).map((a) => a.id);
    const candidates = await ctx.db.selectFrom('entities').select(['id', 'distribution', 'agreement_id', sql<string>`change::text`.as('change')])
      .where((eb) => eb.or([
        eb.and([eb('distribution', '=', 'bilateral'), eb.val(bilateral)]),
        eb.and([eb('distribution', '=', 'agreement'), named.length ? eb('agreement_id', 'in', named) : eb.val(false)]),
      ]))
      // The partner's own records, held here as copies, are not offered back to it (copies of anyone else's are, and
      // the guard refuses them: no re-sharing).
      .where((eb) => eb.not(eb.and([eb('locked', '=', true), eb('origin_node', '=', partner.nodeId)])))
      .orderBy('id').execute();
    const seen = await sharedRows(ctx.db);
    const todo = candidates.filter((c) => {
      const s = seen.get(c.id);
      return !s || s.change !== c.change || s.terms !== termsOf(applicable(c as Pick<EntityRow, 'distribution' | 'agreement_id'>, active));
    });
    for (let i = 0; i < todo.length; i += SCAN_CHUNK) {
      const ids = todo.slice(i, i + SCAN_CHUNK).map((c) => c.id);
      await inChunk(async (trx, out) => {
        const shared = await sharedRows(trx, ids); // as committed by any scan before this chunk
        const rows = await trx.selectFrom('entities').select([...entityColumns, retentionColumn, sql<string>`change::text`.as('change')])
          .where(anyOf('entities.id', ids)).orderBy('id').execute() as Array<EntityRow & { change: string }>;
        const statements = new Map<string, StatementRow[]>();
        for (const s of await fetchStatements(trx, ids)) {
          const list = statements.get(s.entity_id);
          if (list) list.push(s); else statements.set(s.entity_id, [s]);
        }
        for (const row of rows) {
          const options = applicable(row, active);
          if (!options.length || (row.locked && row.origin_node === partner.nodeId)) continue; // changed since the candidates were read
          const terms = termsOf(options);
          const prev = shared.get(row.id);
          if (prev && prev.change === row.change && prev.terms === terms) continue; // another scan got there first
          const resource = resourceOf(row, agreementsTable);
          let chosen: ActiveAgreement | null = null;
          let policies: string[] = [];
          for (const a of options) {
            const d = ctx.policy.decide(principal, 'federation.share', resource, shareContext(row.schema, a, true));
            if (d.allowed) { chosen = a; break; }
            if (!policies.length) policies = d.policies.length ? d.policies : ['default-deny'];
          }
          if (!chosen) {
            result.refused++;
            const first = options[0]!;
            const refusedBefore = prev?.state === 'refused' && prev.policies.join(',') === policies.join(',');
            if (!refusedBefore) {
              out.audit(event({
                action: 'federation.share', outcome: 'denied', resourceType: 'entity', resourceId: row.id, legalBasis: row.legal_basis,
                detail: { partner: partner.nodeId, agreement: first.id, version: first.version, schema: row.schema, policies },
              }));
            }
            if (prev?.state === 'sent') retract(out, row.id, prev, row.change, terms, 'refused', policies);
            else out.save(row.id, { agreementId: first.id, version: first.version, hash: '', change: row.change, terms, state: 'refused', policies });
            continue;
          }
          const pkg = buildPackage(row, statements.get(row.id) ?? [], chosen);
          if (prev?.state === 'sent' && prev.content_hash === pkg.hash) {
            result.unchanged++;
            out.save(row.id, { agreementId: chosen.id, version: chosen.version, hash: pkg.hash, change: row.change, terms, state: 'sent' });
            continue;
          }
          const kind = prev?.state === 'sent' ? 'update' : 'upsert';
          const a = chosen;
          out.send(row.id, 'share.upsert', pkg, { agreementId: a.id, version: a.version, hash: pkg.hash, change: row.change, terms, state: 'sent' }, (seq) => event({
            action: 'federation.share', outcome: 'ok', resourceType: 'entity', resourceId: row.id, legalBasis: row.legal_basis,
            detail: { partner: partner.nodeId, kind, seq, agreement: a.id, version: a.version, hash: pkg.hash },
          }));
          result.upserts++;
        }
      });
    }
  }

  // 2. Records sent before that are gone or no longer of a shareable kind: retracted. A record still of the shape its
  //    (now expired) agreement covered is held back: nothing leaves under an agreement no longer in force.
  await inChunk(async (trx, out) => {
    const sent = [...(await sharedRows(trx)).values()].filter((s) => s.state === 'sent');
    if (!sent.length) return;
    const ids = sent.map((s) => s.entity_id);
    const current = new Map<string, { distribution: string; agreement_id: string | null; locked: boolean; change: string }>();
    for (let i = 0; i < ids.length; i += 5000) {
      const part = await trx.selectFrom('entities').select(['id', 'distribution', 'agreement_id', 'locked', sql<string>`change::text`.as('change')])
        .where(anyOf('entities.id', ids.slice(i, i + 5000))).execute();
      for (const r of part) current.set(r.id, r);
    }
    for (const s of sent) {
      const e = current.get(s.entity_id);
      if (e && !e.locked && applicable(e as Pick<EntityRow, 'distribution' | 'agreement_id'>, active).length) continue; // step 1's
      if (e && !e.locked) {
        const under = signed.find((a) => a.id === s.agreement_id);
        if (under && !active.some((a) => a.id === under.id) && applicable(e as Pick<EntityRow, 'distribution' | 'agreement_id'>, [under]).length) continue;
      }
      retract(out, s.entity_id, s, e?.change ?? s.change, '', 'retracted');
    }
  });
  return result;
}

/** Scans for every partner (the periodic job). */
export async function shareScan(ctx: ServiceCtx): Promise<ScanResult[]> {
  const out: ScanResult[] = [];
  for (const p of await listPartners(ctx.db)) out.push(await scanPartner(ctx, p));
  return out;
}

export interface SyncResult extends ScanResult { delivery: Omit<DeliveryResult, 'partner'> }

/** "Sync now": scans and delivers to every partner (or one), and audits the run. Administrators. */
export async function syncNow(ctx: ServiceCtx, actor: Actor, partnerNodeId?: string): Promise<SyncResult[]> {
  await authorize(ctx, actor, 'federation.partner.manage', { resourceType: 'partner', resourceId: partnerNodeId });
  const partners = (await listPartners(ctx.db)).filter((p) => !partnerNodeId || p.nodeId === partnerNodeId);
  if (partnerNodeId && !partners.length) throw notFound({ partner: partnerNodeId });
  const out: SyncResult[] = [];
  for (const p of partners) {
    const scan = await scanPartner(ctx, p);
    const { partner: _, ...delivery } = await deliverTo(ctx, p.nodeId);
    out.push({ ...scan, delivery });
    await audit(ctx, actor, {
      action: 'federation.sync', outcome: delivery.error ? 'failed' : 'ok', resourceType: 'partner', resourceId: p.nodeId,
      detail: { ...scan, delivered: delivery.delivered, pending: delivery.pending, error: delivery.error ?? null },
    });
  }
  return out;
}

export interface SharedOut {
  partner: string; entityId: string; schema: string | null; caption: string | null; agreementId: string; agreementVersion: number;
  state: 'sent' | 'retracted' | 'refused'; lastSeq: number | null; policies: string[]; updatedAt: string;
}
export interface SharedIn {
  origin: string; entityId: string; schema: string; caption: string | null; agreementId: string; agreementVersion: number;
  seq: number; retentionUntil: string; distribution: string; receivedAt: string; updatedAt: string;
}

/**
 * What this node sent (out) or holds from its partners (in). Captions only of records the actor may read
 * (entity.read); the rest show their id alone.
 */
export async function listShared(ctx: ServiceCtx, actor: Actor, q: { direction: 'out' | 'in'; partner?: string; limit?: number; offset?: number }):
Promise<{ total: number; items: Array<SharedOut | SharedIn> }> {
  await authorize(ctx, actor, 'federation.read');
  const limit = Math.min(q.limit ?? 100, 1000), offset = q.offset ?? 0;
  const agreements = await loadAgreements(ctx.db);
  const readable = async (ids: string[]) => {
    const rows = ids.length ? await ctx.db.selectFrom('entities').select([...entityColumns, retentionColumn]).where('id', 'in', ids).execute() as EntityRow[] : [];
    return new Map(rows.map((r) => [r.id, { row: r, ok: ctx.policy.decide(actor, 'entity.read', resourceOf(r, agreements)).allowed }]));
  };
  if (q.direction === 'out') {
    const total = await sql<{ n: number }>`select count(*)::int as n from federation_shared where (${q.partner ?? null}::text is null or partner = ${q.partner ?? null})`.execute(ctx.db);
    const r = await sql<{ partner: string; entity_id: string; agreement_id: string; agreement_version: number; state: SharedOut['state']; last_seq: string | null; policies: string[]; updated_at: Date }>`
      select partner, entity_id, agreement_id, agreement_version, state, last_seq, policies, updated_at from federation_shared
      where (${q.partner ?? null}::text is null or partner = ${q.partner ?? null}) order by updated_at desc, entity_id limit ${limit} offset ${offset}`.execute(ctx.db);
    const seen = await readable(r.rows.map((x) => x.entity_id));
    return {
      total: total.rows[0]!.n,
      items: r.rows.map((x) => {
        const e = seen.get(x.entity_id);
        return {
          partner: x.partner, entityId: x.entity_id, schema: e?.row.schema ?? null, caption: e?.ok ? e.row.caption : null,
          agreementId: x.agreement_id, agreementVersion: Number(x.agreement_version), state: x.state,
          lastSeq: x.last_seq === null ? null : Number(x.last_seq), policies: x.policies, updatedAt: new Date(x.updated_at).toISOString(),
        };
      }),
    };
  }
  const total = await sql<{ n: number }>`select count(*)::int as n from federation_copies where (${q.partner ?? null}::text is null or origin = ${q.partner ?? null})`.execute(ctx.db);
  const r = await sql<{ entity_id: string; origin: string; agreement_id: string; agreement_version: number; seq: string; received_at: Date; updated_at: Date }>`
    select entity_id, origin, agreement_id, agreement_version, seq, received_at, updated_at from federation_copies
    where (${q.partner ?? null}::text is null or origin = ${q.partner ?? null}) order by updated_at desc, entity_id limit ${limit} offset ${offset}`.execute(ctx.db);
  const seen = await readable(r.rows.map((x) => x.entity_id));
  return {
    total: total.rows[0]!.n,
    items: r.rows.flatMap((x) => {
      const e = seen.get(x.entity_id);
      if (!e) return [];
      return [{
        origin: x.origin, entityId: x.entity_id, schema: e.row.schema, caption: e.ok ? e.row.caption : null,
        agreementId: x.agreement_id, agreementVersion: Number(x.agreement_version), seq: Number(x.seq),
        retentionUntil: String(e.row.retention_until).slice(0, 10), distribution: e.row.distribution,
        receivedAt: new Date(x.received_at).toISOString(), updatedAt: new Date(x.updated_at).toISOString(),
      }];
    }),
  };
}

registerJob('share-scan', 5000, async (ctx) => { await shareScan(ctx); });
