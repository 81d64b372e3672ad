/**
 * Import of FtM JSON lines. All-or-nothing: one transaction per import call, so a malformed line
 * anywhere (line 3 or line 3,000,000) rolls back every batch before it and the store is exactly as it was.
 * The outcome is then recorded in `imports` and in the audit log by separate statements, after the
 * rollback, so a failed import is still on the record.
 *
 * Batches of BATCH_SIZE entities go through `writeEntities` (three unnest() inserts per batch).
 */
import { randomUUID } from 'node:crypto';
import { ParseError, readFtmLines, type Entity, type RecordMeta } from '@puente/model';
import type { Actor } from '../context';
import type { RecordResource } from '../authz/index';
import { internal, PuenteError } from '../errors';
import type { Executor } from '../store/schema';
import type { ServiceCtx } from './context';
import { audit, authorize } from './guard';
import { fetchEntityRows, loadAgreements, resourceOf, type Agreements } from './records';
import { canSkipRowTriggers, changeVersion, writeEntities } from './write';
import type { CatalogEntry } from '../catalog/catalog';

export const BATCH_SIZE = 1000;

export interface ImportOptions {
  /** Name of the source, reported in errors ("file … line …") and kept in `imports`. */
  file: string;
  format?: string;
  batchSize?: number;
}

export interface ImportResult { importId: string; entities: number; statements: number; ms: number }

/** Parses FtM JSON lines (missing `puente` metadata from `defaults`) and imports them. */
export async function importFtm(
  ctx: ServiceCtx, actor: Actor, lines: AsyncIterable<string>, opts: ImportOptions & { defaults: Partial<RecordMeta> },
): Promise<ImportResult> {
  const defaults: Partial<RecordMeta> = { originNode: ctx.node.id, ...opts.defaults };
  return importRecords(ctx, actor, readFtmLines(lines, { file: opts.file, model: ctx.model, defaults }), opts);
}

/** Imports already-parsed entities (the demo loader, the CLI) through the same path and rules. */
export async function importRecords(
  ctx: ServiceCtx, actor: Actor, source: AsyncIterable<{ line: number; entity: Entity }>, opts: ImportOptions,
): Promise<ImportResult> {
  await authorize(ctx, actor, 'entity.import', { resourceType: 'import', detail: { file: opts.file } });
  const importId = randomUUID();
  const startedAt = new Date();
  const size = opts.batchSize ?? BATCH_SIZE;
  let entities = 0;
  let statements = 0;
  // What was written, for the catalog to take after commit without reading it back.
  const written: CatalogEntry[] = [];
  let version: string | null = null;
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const agreements = await loadAgreements(tx);
      const gate = new WriteGate(ctx, actor, agreements, opts.file);
      const skipRowTriggers = await canSkipRowTriggers(tx);
      const now = startedAt.toISOString();
      let batch: Entity[] = [];
      let lines: number[] = [];
      const flush = async () => {
        const fresh = await gate.check(tx, batch, lines);
        const counts = await writeEntities(tx, ctx.model, batch, now, { store: ctx.app.storeKind, skipRowTriggers, fresh, written });
        entities += counts.entities;
        statements += counts.statements;
        batch = [];
        lines = [];
      };
      for await (const { line, entity } of source) {
        rejectNul(entity, opts.file, line);
        batch.push(entity);
        lines.push(line);
        if (batch.length >= size) await flush();
      }
      if (batch.length) await flush();
      if (written.length) version = await changeVersion(tx);
      await tx.insertInto('imports').values({
        id: importId, file: opts.file, format: opts.format ?? 'ftm', actor_id: actor.id, started_at: startedAt,
        finished_at: new Date(), status: 'ok', entities,
      }).execute();
      await audit(ctx, actor, {
        action: 'entity.import', outcome: 'ok', resourceType: 'import', resourceId: importId,
        detail: { file: opts.file, entities, statements },
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
  ctx.log.info({ importId, entities, statements, ms }, 'import.ok');
  return { importId, entities, statements, ms };
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

/** PostgreSQL text cannot hold U+0000; say where it is rather than fail inside the insert. */
function rejectNul(e: Entity, file: string, line: number): void {
  for (const [prop, values] of Object.entries(e.properties)) {
    if (values.some((v) => v.includes('\u0000'))) {
      throw new PuenteError('validation', 400, 'api.import.nul', { file, line, field: `properties.${prop}` },
        { file, line, field: `properties.${prop}`, reason: 'nul' });
    }
  }
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

  /** Checks a batch; returns the ids not yet in the store (this transaction's earlier batches included). */
  async check(tx: Executor, batch: readonly Entity[], lines: readonly number[]): Promise<Set<string>> {
    const { model } = this.ctx;
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i];
      const r: RecordResource = {
        id: e.id, ownerCountry: e.meta.ownerCountry, ownerAgency: e.meta.ownerAgency, distribution: e.meta.distribution,
        agreementParties: e.meta.agreementId ? this.agreements.get(e.meta.agreementId) ?? [] : [], purposes: e.meta.purposes,
        personalData: model.isPersonal(e.schema), locked: e.meta.locked ?? false,
      };
      if (!this.allowed('entity.create', r)) throw this.denied(lines[i], e.id, 'puente.owner_agency');
    }
    const fresh = new Set(batch.map((e) => e.id));
    for (const row of await fetchEntityRows(tx, [...fresh])) {
      fresh.delete(row.id);
      if (!this.allowed('entity.update', resourceOf(row, this.agreements))) {
        throw this.denied(lines[batch.findIndex((e) => e.id === row.id)], row.id, 'id');
      }
    }
    return fresh;
  }

  private denied(line: number, id: string, field: string): PuenteError {
    return new PuenteError('forbidden', 403, 'api.import.denied', { file: this.file, line, id }, { file: this.file, line, field, id });
  }
}
