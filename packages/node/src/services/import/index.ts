/**
 * Import of FtM JSON lines. All-or-nothing: one transaction per import call, so a malformed line
 * anywhere (line 3 or line 3,000,000) rolls back every batch before it and the store is exactly as it was.
 * The outcome is then recorded in `imports` and in the audit log by separate statements, after the
 * rollback, so a failed import is still on the record.
 *
 * Batches of BATCH_SIZE entities go through the policy gate and the one write path (services/write.ts).
 * On PGlite the lines are parsed and prepared as new records (prepare.ts) apart from the store: in a worker
 * thread (pipeline.ts) while the main thread writes the batches before, or here while that worker starts
 * and for a file of one batch; a batch holding records the store already has is parsed again here and
 * merged the usual way.
 * On a server the database works in its own process, so lines are parsed here as they are written.
 */
import { randomUUID } from 'node:crypto';
import { lineRunsOf, linesOf, ParseError, readFtmLines, type Entity, type RecordMeta } from '@puente/model';
import type { Actor } from '../../context';
import type { RecordResource } from '../../authz/index';
import { internal, PuenteError } from '../../errors';
import type { Executor } from '../../store/schema';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { fetchEntityRows, loadAgreements, resourceOf, type Agreements } from '../records';
import { canSkipRowTriggers, changeVersion, writeEntities, writePrepared } from '../write';
import type { CatalogEntry } from '../../catalog/catalog';
import { WorkerPreparer } from './pipeline';
import { parseLines, prepareLines, rejectNul, type PreparedBatch } from './prepare';

export const BATCH_SIZE = 1000;
/** Batches prepared ahead of the one being written (worker thread). */
const AHEAD = 2;

export interface ImportOptions {
  /** Name of the source, reported in errors ("file … line …") and kept in `imports`. */
  file: string;
  format?: string;
  batchSize?: number;
  /** PGlite: send every batch to the worker thread, waiting for it to start, rather than preparing batches here
   *  meanwhile (tests use it to exercise the worker whatever the file's size). */
  waitForWorker?: boolean;
}

export interface ImportResult { importId: string; entities: number; statements: number; ms: number }

/** Reads FtM JSON lines from a byte or text stream (missing `puente` metadata from `defaults`) and imports them. */
export async function importFtm(
  ctx: ServiceCtx, actor: Actor, stream: NodeJS.ReadableStream | AsyncIterable<Uint8Array | string>,
  opts: ImportOptions & { defaults: Partial<RecordMeta> },
): Promise<ImportResult> {
  const defaults: Partial<RecordMeta> = { originNode: ctx.node.id, ...opts.defaults };
  if (ctx.app.storeKind !== 'pglite') {
    return importRecords(ctx, actor, readFtmLines(linesOf(stream, { file: opts.file }), { file: opts.file, model: ctx.model, defaults }), opts);
  }
  const size = opts.batchSize ?? BATCH_SIZE;
  return runImport(ctx, actor, opts, async (w) => {
    const read = { file: opts.file, defaults, now: w.now };
    let preparer: WorkerPreparer | null = null;
    const queue: Array<{ texts: string[]; first: number; result: Promise<PreparedBatch> }> = [];
    const writeNext = async () => {
      const { texts, first, result } = queue.shift()!;
      await w.prepared(await result, () => parseLines(ctx.model, texts, first, read));
    };
    let texts: string[] = [];
    let first = 1;
    const send = async () => {
      const version = await w.version();
      if (!preparer && texts.length >= size) preparer = WorkerPreparer.start(ctx.model, read); // more may follow
      if (preparer && opts.waitForWorker) await preparer.started;
      let result: Promise<PreparedBatch>;
      if (preparer && (preparer.ready || opts.waitForWorker)) {
        result = preparer.prepare(first, texts, version);
        result.catch(() => undefined); // awaited in order by writeNext
      } else {
        // Here while the worker starts, and for a file of one batch (which never starts it).
        result = Promise.resolve(prepareLines(ctx.model, texts, first, { ...read, version }));
      }
      queue.push({ texts, first, result });
      first += texts.length;
      texts = [];
      while (queue.length > AHEAD) await writeNext();
    };
    try {
      for await (const run of lineRunsOf(stream, { file: opts.file })) {
        for (const text of run) {
          texts.push(text);
          if (texts.length >= size) await send();
        }
      }
      if (texts.length) await send();
      while (queue.length) await writeNext();
    } finally {
      await (preparer as WorkerPreparer | null)?.close();
    }
  });
}

/** Imports already-parsed entities (the demo loader, the CLI) through the same path and rules. */
export async function importRecords(
  ctx: ServiceCtx, actor: Actor, source: AsyncIterable<{ line: number; entity: Entity }>, opts: ImportOptions,
): Promise<ImportResult> {
  const size = opts.batchSize ?? BATCH_SIZE;
  return runImport(ctx, actor, opts, async (w) => {
    let batch: Entity[] = [];
    let lines: number[] = [];
    for await (const { line, entity } of source) {
      rejectNul(entity, opts.file, line);
      batch.push(entity);
      lines.push(line);
      if (batch.length >= size) {
        await w.entities(batch, lines);
        batch = [];
        lines = [];
      }
    }
    if (batch.length) await w.entities(batch, lines);
  });
}

/** The transaction, the record in `imports`, the audit event and the catalog update around an import's batches. */
async function runImport(ctx: ServiceCtx, actor: Actor, opts: ImportOptions, body: (w: BatchWriter) => Promise<void>): Promise<ImportResult> {
  await authorize(ctx, actor, 'entity.import', { resourceType: 'import', detail: { file: opts.file } });
  const importId = randomUUID();
  const startedAt = new Date();
  // What was written, for the catalog to take after commit without reading it back.
  const written: CatalogEntry[] = [];
  let version: string | null = null;
  let counts = { entities: 0, statements: 0 };
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const gate = new WriteGate(ctx, actor, await loadAgreements(tx), opts.file);
      const w = new BatchWriter(ctx, tx, gate, startedAt.toISOString(), await canSkipRowTriggers(tx), written);
      await body(w);
      counts = { entities: w.records, statements: w.statements };
      if (written.length) version = await changeVersion(tx);
      await tx.insertInto('imports').values({
        id: importId, file: opts.file, format: opts.format ?? 'ftm', actor_id: actor.id, started_at: startedAt,
        finished_at: new Date(), status: 'ok', entities: counts.entities,
      }).execute();
      await audit(ctx, actor, {
        action: 'entity.import', outcome: 'ok', resourceType: 'import', resourceId: importId,
        detail: { file: opts.file, ...counts },
      }, tx);
    });
  } catch (err) {
    // An unexpected failure (the store, a bug) is recorded too, as 'internal', and passed on unchanged.
    const error = asImportError(err) ?? internal(ctx.requestId);
    // The transaction has rolled back; these two statements record the failure on their own.
    await ctx.db.insertInto('imports').values({
      id: importId, file: opts.file, format: opts.format ?? 'ftm', actor_id: actor.id, started_at: startedAt,
      finished_at: new Date(), status: 'failed', entities: 0,
      error: JSON.stringify({ code: error.code, message: error.messages, details: error.details ?? null }),
    }).execute();
    await audit(ctx, actor, {
      action: 'entity.import', outcome: error.status === 403 ? 'denied' : 'failed', resourceType: 'import', resourceId: importId,
      detail: { file: opts.file, error: error.code, ...error.details },
    });
    throw error.code === 'internal' ? err : error;
  }
  if (version !== null) await ctx.app.catalog.apply(ctx.db, written, version);
  const ms = Date.now() - startedAt.getTime();
  ctx.log.info({ importId, ...counts, ms }, 'import.ok');
  return { importId, ...counts, ms };
}

/** Writes an import's batches inside its transaction, each through the policy gate first. */
class BatchWriter {
  records = 0;
  statements = 0;
  constructor(
    private readonly ctx: ServiceCtx, private readonly tx: Executor, private readonly gate: WriteGate, readonly now: string,
    private readonly skipRowTriggers: boolean, private readonly written: CatalogEntry[],
  ) {}

  /** The transaction's data_version (taken once). */
  version(): Promise<string> { return changeVersion(this.tx); }

  /** Parsed entities (`lines`: each one's line). */
  async entities(batch: readonly Entity[], lines: readonly number[]): Promise<void> {
    const fresh = await this.gate.check(this.tx, batch.map((e) => this.gate.resourceOfEntity(e)), lines);
    this.add(await writeEntities(this.tx, this.ctx.model, batch, this.now, {
      store: this.ctx.app.storeKind, skipRowTriggers: this.skipRowTriggers, fresh, written: this.written,
    }));
  }

  /** A batch prepared as new records; if some are in the store after all, `reparse` gives its entities to merge. */
  async prepared(p: PreparedBatch, reparse: () => { entities: Entity[]; lines: number[] }): Promise<void> {
    const fresh = await this.gate.check(this.tx, p.written.map((e) => this.gate.resourceOfEntry(e)), p.lines);
    if (fresh.size === p.written.length) this.add(await writePrepared(this.tx, p, { skipRowTriggers: this.skipRowTriggers, written: this.written }));
    else { const again = reparse(); await this.entities(again.entities, again.lines); }
  }

  private add(c: { entities: number; statements: number }): void {
    this.records += c.entities;
    this.statements += c.statements;
  }
}

/** Parser errors keep their bilingual text; their line and field go into `details`. */
function asImportError(err: unknown): PuenteError | null {
  if (err instanceof PuenteError) return err;
  if (err instanceof ParseError) {
    return new PuenteError('validation', 400, err.messages, {}, {
      file: err.file, line: err.line, field: err.field, reason: err.code, params: err.params,
    });
  }
  return null;
}

/**
 * Import is the bulk form of entity.create / entity.update: each record must be creatable by the actor
 * (own agency, not locked), and an existing record it overwrites must be updatable. Policies are purely
 * attribute-based (the engine refuses any that names a record), so a decision holds for every record
 * with the same attributes and is asked once per combination.
 */
class WriteGate {
  /** Decisions by record attributes: a file repeats a handful of owner/distribution/purpose combinations. */
  private decided = new Map<string, boolean>();
  constructor(private ctx: ServiceCtx, private actor: Actor, private agreements: Agreements, private file: string) {}

  private allowed(action: 'entity.create' | 'entity.update', r: RecordResource): boolean {
    const key = `${action}\u0000${r.ownerCountry}\u0000${r.ownerAgency}\u0000${r.distribution}\u0000${r.agreementParties.join(',')}\u0000${r.purposes.join(',')}\u0000${r.personalData}\u0000${r.locked}`;
    let ok = this.decided.get(key);
    if (ok === undefined) this.decided.set(key, (ok = this.ctx.policy.decide(this.actor, action, r).allowed));
    return ok;
  }

  resourceOfEntity(e: Entity): RecordResource {
    return {
      id: e.id, ownerCountry: e.meta.ownerCountry, ownerAgency: e.meta.ownerAgency, distribution: e.meta.distribution,
      agreementParties: this.partiesOf(e.meta.agreementId), purposes: e.meta.purposes,
      personalData: this.ctx.model.isPersonal(e.schema), locked: e.meta.locked ?? false,
    };
  }

  resourceOfEntry(e: CatalogEntry): RecordResource {
    return {
      id: e.id, ownerCountry: e.ownerCountry, ownerAgency: e.ownerAgency, distribution: e.distribution,
      agreementParties: this.partiesOf(e.agreementId), purposes: e.purposes, personalData: e.personalData, locked: e.locked,
    };
  }

  private partiesOf(agreementId: string | null | undefined): string[] {
    return agreementId ? this.agreements.get(agreementId) ?? [] : [];
  }

  /** Checks a batch (`lines`: each record's line); returns the ids not yet in the store (this transaction's earlier batches included). */
  async check(tx: Executor, batch: readonly RecordResource[], lines: readonly number[]): Promise<Set<string>> {
    for (let i = 0; i < batch.length; i++) {
      if (!this.allowed('entity.create', batch[i])) throw this.denied(lines[i], batch[i].id, 'puente.owner_agency');
    }
    const fresh = new Set(batch.map((r) => r.id));
    for (const row of await fetchEntityRows(tx, [...fresh])) {
      fresh.delete(row.id);
      if (!this.allowed('entity.update', resourceOf(row, this.agreements))) {
        throw this.denied(lines[batch.findIndex((r) => r.id === row.id)], row.id, 'id');
      }
    }
    return fresh;
  }

  private denied(line: number, id: string, field: string): PuenteError {
    return new PuenteError('forbidden', 403, 'api.import.denied', { file: this.file, line, id }, { file: this.file, line, field, id });
  }
}
