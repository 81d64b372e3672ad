/**
 * The node's in-memory catalog of its records: for every record its caption, the metadata the policy
 * decides on, its names (with a trigram index for search) and its links in both directions, plus the
 * agreements' parties. The store stays the record of truth; the catalog is derived from it, loaded at
 * start and brought up to date after every write (`refresh`).
 *
 * Why in memory: name search by trigram similarity in PGlite took 100–190 ms a query and ran one query
 * at a time, and relationships took four queries a record read. Here a search over the demo world costs
 * about a millisecond and a read's relationships none, while the answers stay pg_trgm's (trigram.ts).
 * Memory: a few hundred bytes per record (names, trigram postings, links).
 *
 * Staying current: every write transaction takes the next `data_version` and stamps the records it
 * writes with it (services/write.ts changeVersion), or the tombstones of the records it deletes
 * (entity_deletions); refresh loads the records stamped after the last version seen and drops the
 * deleted ones. Writers in this process bring it up to date straight after commit (an import hands over
 * what it wrote, `apply`; an edit refreshes); writes and deletions by another process on a shared server
 * (a `puente import` beside the node) are picked up within `pollMs`.
 */
import { sql } from 'kysely';
import type { Distribution } from '@puente/model';
import { foldText } from '@puente/model';
import type { PolicyEngine, RecordResource } from '../authz/index';
import type { Actor } from '../context';
import type { Executor } from '../store/schema';
import { calcSml, SIMILARITY_THRESHOLD, trigramSequence, WORD_SIMILARITY_THRESHOLD, wordSimilarityOf } from './trigram';

export interface CatalogEntry {
  id: string; schema: string; caption: string;
  ownerCountry: string; ownerAgency: string; distribution: Distribution; agreementId: string | null;
  legalBasis: string; purposes: string[]; locked: boolean; personalData: boolean;
  names: string[];
  /** This record's values of type 'entity'. */
  links: Array<{ prop: string; target: string }>;
}

export interface Incoming { source: string; prop: string }

export interface SearchMatch { entry: CatalogEntry; score: number; name: string }

interface Slot { entry: CatalogEntry; nameIds: number[] }

export class Catalog {
  private slots = new Map<string, Slot>();
  private incoming = new Map<string, Incoming[]>();
  private agreementParties = new Map<string, string[]>();
  // Names, by name id: owning record (null once withdrawn), text, folded text and its number of distinct trigrams.
  private nameOwner: Array<string | null> = [];
  private nameText: string[] = [];
  private nameSeq: Int32Array[] = [];
  private nameSetSize: number[] = [];
  private withdrawn = 0;
  // Trigrams are interned to numbers; postings[trigram] lists the names holding it.
  private trigramIds = new Map<string, number>();
  private postings: number[][] = [];
  private scratch = new Int32Array(0);
  private version = -1n;
  private checkedAt = 0;
  private running: Promise<void> | null = null;

  private readable = new WeakMap<CatalogEntry, Map<string, boolean>>();
  // Recently read records as the store returned them (services/entities.ts getEntity), dropped when they change.
  private records = new Map<string, unknown>();

  constructor(private readonly pollMs = 1000, private readonly maxRecords = 20_000) {}

  /**
   * A record read earlier, as `read` returned it, or a fresh read. `read` runs against the store; its
   * result is kept only if no refresh happened meanwhile (so a read racing a write never caches the old
   * version after the write's refresh dropped it).
   */
  async record<T>(id: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.records.get(id) as T | undefined;
    if (hit !== undefined) {
      this.records.delete(id); // most recently used last
      this.records.set(id, hit);
      return hit;
    }
    const version = this.version;
    const value = await read();
    if (value !== undefined && version === this.version && !this.running) {
      if (this.records.size >= this.maxRecords) this.records.delete(this.records.keys().next().value!);
      this.records.set(id, value);
    }
    return value;
  }

  get dataVersion(): string { return this.version.toString(); }

  get(id: string): CatalogEntry | undefined { return this.slots.get(id)?.entry; }

  /** Records whose values point at `id` (edges, holders, …). */
  incomingOf(id: string): readonly Incoming[] { return this.incoming.get(id) ?? []; }

  /** The policy's view of a record. */
  resourceOf(e: CatalogEntry): RecordResource {
    return {
      id: e.id, ownerCountry: e.ownerCountry, ownerAgency: e.ownerAgency, distribution: e.distribution,
      agreementParties: e.agreementId ? [...(this.agreementParties.get(e.agreementId) ?? [])] : [],
      purposes: [...e.purposes], personalData: e.personalData, locked: e.locked,
    };
  }

  /** Parties of each agreement, by agreement id (read-only). */
  agreements(): ReadonlyMap<string, string[]> { return this.agreementParties; }

  /** What the policy knows of an actor, as a key: equal keys get equal answers for every record. */
  actorKey(policy: PolicyEngine, actor: Actor): string {
    let k = actorKeys.get(actor);
    if (k === undefined) actorKeys.set(actor, (k = JSON.stringify([actor.kind, actor.country, actor.agencyId, actor.roles, actor.purpose ?? null])));
    return `${policy.hash}${k}`;
  }

  /**
   * Whether the policy lets `actor` read a record (entity.read). Cedar's answer, remembered per record and per
   * actor attributes: the engine refuses policies that name a principal or a record, so the answer depends
   * on attributes only; a changed record is a new entry, and new agreements or policies start afresh.
   */
  reader(policy: PolicyEngine, actor: Actor): (e: CatalogEntry) => boolean {
    const key = this.actorKey(policy, actor);
    return (e) => {
      let answers = this.readable.get(e);
      if (!answers) this.readable.set(e, (answers = new Map()));
      let ok = answers.get(key);
      if (ok === undefined) answers.set(key, (ok = policy.decide(actor, 'entity.read', this.resourceOf(e)).allowed));
      return ok;
    };
  }

  /**
   * Brings the catalog up to date with the store. Without `force`, asks the store at most every pollMs
   * (the cheap check for writers in other processes); with it, always (after this process wrote).
   */
  async refresh(db: Executor, opts: { force?: boolean } = {}): Promise<void> {
    if (!opts.force && Date.now() - this.checkedAt < this.pollMs) return;
    // One refresh at a time; a forced one waits for a running one and then runs itself.
    while (this.running) await this.running;
    if (!opts.force && Date.now() - this.checkedAt < this.pollMs) return;
    this.running = this.load(db).finally(() => { this.running = null; });
    await this.running;
  }

  /**
   * Takes the records a committed transaction wrote at `version` (services/write.ts `written`) without
   * reading them back, when the catalog holds every version before it; otherwise refreshes from the store.
   */
  async apply(db: Executor, entries: readonly CatalogEntry[], version: string): Promise<void> {
    while (this.running) await this.running;
    const v = BigInt(version);
    if (v <= this.version) return; // a refresh has loaded it already
    if (v !== this.version + 1n) return this.refresh(db, { force: true });
    this.running = (async () => {
      await this.loadAgreements(db);
      for (const e of entries) this.put(e);
      this.version = v;
      this.checkedAt = Date.now();
    })().finally(() => { this.running = null; });
    await this.running;
  }

  private async loadAgreements(db: Executor): Promise<void> {
    const agreements = await db.selectFrom('agreements').select(['id', 'parties']).execute();
    const parties = new Map(agreements.map((a) => [a.id, a.parties]));
    if (JSON.stringify([...parties]) !== JSON.stringify([...this.agreementParties])) { this.readable = new WeakMap(); this.records.clear(); }
    this.agreementParties = parties;
  }

  private async load(db: Executor): Promise<void> {
    const checked = Date.now();
    const row = await db.selectFrom('node_state').select(sql<string>`value #>> '{}'`.as('v')).where('key', '=', 'data_version').executeTakeFirst();
    const current = BigInt(row?.v ?? '0');
    this.checkedAt = checked;
    if (current === this.version) return;
    const since = this.version;
    await this.loadAgreements(db);
    // Arrays as JSON text: JSON.parse reads them several times faster than the drivers' array parser.
    const rows = await db.selectFrom('entities')
      .select(['id', 'schema', 'caption', 'owner_country', 'owner_agency', 'distribution', 'agreement_id', 'legal_basis',
        'locked', 'personal_data', sql<string>`array_to_json(purposes)::text`.as('purposes'), sql<string>`array_to_json(names)::text`.as('names')])
      .$if(since >= 0n, (q) => q.where('change', '>', since.toString()))
      .where('change', '<=', current.toString())
      .execute();
    const ids = rows.map((r) => r.id);
    const links = new Map<string, CatalogEntry['links']>();
    const linkRows = since < 0n
      ? await db.selectFrom('links').select(['entity_id', 'prop', 'target']).execute()
      : ids.length ? await db.selectFrom('links').select(['entity_id', 'prop', 'target'])
        .where(sql<boolean>`entity_id in (select id from entities where change > ${since.toString()} and change <= ${current.toString()})`).execute() : [];
    for (const l of linkRows) {
      const list = links.get(l.entity_id);
      if (list) list.push({ prop: l.prop, target: l.target }); else links.set(l.entity_id, [{ prop: l.prop, target: l.target }]);
    }
    // Deletions first: a record deleted and written again within the span is put back just after.
    if (since >= 0n) {
      const gone = await sql<{ id: string }>`select id from entity_deletions where change > ${since.toString()} and change <= ${current.toString()}`.execute(db);
      this.remove(gone.rows.map((r) => r.id));
    }
    for (const r of rows) {
      this.put({
        id: r.id, schema: r.schema, caption: r.caption, ownerCountry: r.owner_country.trim(), ownerAgency: r.owner_agency,
        distribution: r.distribution, agreementId: r.agreement_id, legalBasis: r.legal_basis, purposes: JSON.parse(r.purposes) as string[],
        locked: r.locked, personalData: r.personal_data, names: JSON.parse(r.names) as string[], links: links.get(r.id) ?? [],
      });
    }
    this.version = current;
    if (this.withdrawn > 1000 && this.withdrawn > this.nameOwner.length / 2) this.compact();
  }

  /** Drops deleted records (a retracted or expired federation copy): their names, links and cached reads. */
  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const old = this.slots.get(id);
      if (!old) { this.records.delete(id); continue; }
      this.forgetAround(old.entry, old.entry);
      for (const n of old.nameIds) { this.nameOwner[n] = null; this.withdrawn++; }
      for (const l of old.entry.links) {
        const list = this.incoming.get(l.target);
        if (!list) continue;
        const kept = list.filter((x) => x.source !== id);
        if (kept.length) this.incoming.set(l.target, kept); else this.incoming.delete(l.target);
      }
      this.slots.delete(id);
    }
  }

  /** Adds or replaces one record. */
  put(entry: CatalogEntry): void {
    const old = this.slots.get(entry.id);
    this.forgetAround(entry, old?.entry);
    if (old) {
      for (const n of old.nameIds) { this.nameOwner[n] = null; this.withdrawn++; }
      for (const l of old.entry.links) {
        const list = this.incoming.get(l.target);
        if (!list) continue;
        const kept = list.filter((x) => !(x.source === entry.id && x.prop === l.prop));
        if (kept.length) this.incoming.set(l.target, kept); else this.incoming.delete(l.target);
      }
    }
    const nameIds: number[] = [];
    for (const name of new Set(entry.names.length ? entry.names : [entry.caption])) nameIds.push(this.addName(entry.id, name));
    this.slots.set(entry.id, { entry, nameIds });
    for (const l of entry.links) {
      const list = this.incoming.get(l.target);
      if (list) list.push({ source: entry.id, prop: l.prop }); else this.incoming.set(l.target, [{ source: entry.id, prop: l.prop }]);
    }
  }

  /**
   * Drops the cached reads a change to `entry` can make stale: its own, those of the records it points at
   * (before and after), and, through each record pointing at it, that record and what it points at (a
   * relationship shows the edge and its far end).
   */
  private forgetAround(entry: CatalogEntry, old?: CatalogEntry): void {
    this.records.delete(entry.id);
    for (const l of old?.links ?? []) this.records.delete(l.target);
    for (const l of entry.links) this.records.delete(l.target);
    for (const i of this.incomingOf(entry.id)) {
      this.records.delete(i.source);
      for (const l of this.slots.get(i.source)?.entry.links ?? []) this.records.delete(l.target);
    }
  }

  private addName(owner: string, name: string): number {
    const id = this.nameOwner.length;
    this.nameOwner.push(owner);
    this.nameText.push(name);
    const seq = this.internSequence(trigramSequence(foldText(name)), true);
    this.nameSeq.push(seq);
    const set = new Set(seq);
    this.nameSetSize.push(set.size);
    for (const t of set) this.postings[t].push(id);
    return id;
  }

  /** Trigram ids of a sequence; unknown trigrams get new ids when `add`, else -1 (they match no name). */
  private internSequence(trigrams: readonly string[], add: boolean): Int32Array {
    const out = new Int32Array(trigrams.length);
    for (let i = 0; i < trigrams.length; i++) {
      let t = this.trigramIds.get(trigrams[i]);
      if (t === undefined) {
        if (!add) { out[i] = -1; continue; }
        t = this.postings.length;
        this.trigramIds.set(trigrams[i], t);
        this.postings.push([]);
      }
      out[i] = t;
    }
    return out;
  }

  /** Rebuilds the name index without withdrawn names. */
  private compact(): void {
    const slots = [...this.slots.values()];
    this.nameOwner = []; this.nameText = []; this.nameSeq = []; this.nameSetSize = []; this.postings = []; this.trigramIds = new Map(); this.withdrawn = 0;
    for (const s of slots) s.nameIds = [...new Set(s.entry.names.length ? s.entry.names : [s.entry.caption])].map((n) => this.addName(s.entry.id, n));
  }

  /**
   * Records with a name matching `query` as pg_trgm would match it — similarity ≥ 0.3 (`%`) or word
   * similarity ≥ 0.6 (`<%`) — scored by the better of the two, each record once with its best name, best
   * first (then caption, then id). `accept` is the caller's policy check; `total` counts accepted records.
   */
  search(query: string, opts: { accept: (e: CatalogEntry) => boolean; schemas?: ReadonlySet<string> | null; limit: number; offset: number }):
  { total: number; matches: SearchMatch[] } {
    const trigrams = trigramSequence(foldText(query));
    const qSize = new Set(trigrams).size;
    if (!qSize) return { total: 0, matches: [] };
    // The query's trigrams as ids; one the index has never seen matches nothing but still counts in |q|.
    const q = new Set(this.internSequence(trigrams, false));
    // Shared trigrams per name, counted from the postings of the query's trigrams.
    if (this.scratch.length < this.nameOwner.length) this.scratch = new Int32Array(this.nameOwner.length * 2);
    const counts = this.scratch;
    const touched: number[] = [];
    for (const t of q) {
      if (t < 0) continue;
      for (const id of this.postings[t]) if (counts[id]++ === 0) touched.push(id);
    }
    const best = new Map<string, { score: number; name: string }>();
    for (const id of touched) {
      const common = counts[id];
      counts[id] = 0;
      const owner = this.nameOwner[id];
      if (owner === null) continue;
      const sim = calcSml(common, qSize, this.nameSetSize[id]);
      // word_similarity ≤ common / |q|, so below this it cannot reach its threshold (but may still be the better score).
      if (sim < SIMILARITY_THRESHOLD && common < WORD_SIMILARITY_THRESHOLD * qSize) continue;
      const w = wordSimilarityOf(q, this.nameSeq[id], qSize);
      if (sim < SIMILARITY_THRESHOLD && w < WORD_SIMILARITY_THRESHOLD) continue;
      const score = Math.max(sim, w);
      const prev = best.get(owner);
      if (!prev || score > prev.score || (score === prev.score && this.nameText[id] < prev.name)) best.set(owner, { score, name: this.nameText[id] });
    }
    const matches: SearchMatch[] = [];
    for (const [owner, m] of best) {
      const entry = this.slots.get(owner)!.entry;
      if (opts.schemas && !opts.schemas.has(entry.schema)) continue;
      if (!opts.accept(entry)) continue;
      matches.push({ entry, score: m.score, name: m.name });
    }
    matches.sort((a, b) => b.score - a.score || cmp(a.entry.caption, b.entry.caption) || cmp(a.entry.id, b.entry.id));
    return { total: matches.length, matches: matches.slice(opts.offset, opts.offset + opts.limit) };
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const actorKeys = new WeakMap<Actor, string>();
