/**
 * Importing case counts through the node: authorise (protect.import), parse, write in ONE transaction
 * with its audit event and import record. A bad line changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../context';
import { PuenteError } from '../../errors';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { parseVsrr } from '../../sources/cdc/index';
import { parseSesnsp } from '../../sources/sesnsp/index';
import { CaseCountParseError } from './errors';
import { parseCaseCountCsv } from './generic-csv';
import { decodeText, type CaseCountBatch } from './model';
import { protectDb } from './schema';
import { writeCaseCounts, type WriteResult } from './store';

export type ImportFormat = 'cdc' | 'sesnsp' | 'csv';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['cdc', 'sesnsp', 'csv'];

export function parseCaseCounts(format: ImportFormat, data: string | Uint8Array, file: string): CaseCountBatch {
  const text = decodeText(data);
  switch (format) {
    case 'cdc': return parseVsrr(text, file);
    case 'sesnsp': return parseSesnsp(text, file);
    case 'csv': return parseCaseCountCsv(text, file);
  }
}

export interface ImportResult extends WriteResult { id: string; format: string; file: string; skipped: Record<string, number> }

/** Writes an already parsed batch (CLI ingest of a folder, demo) under the same rules. */
export async function importCaseCountBatch(ctx: ServiceCtx, actor: Actor, batch: CaseCountBatch): Promise<ImportResult> {
  await authorize(ctx, actor, 'protect.import', { resourceType: 'protect_series', detail: { format: batch.format, file: batch.file } });
  const id = randomUUID();
  try {
    const written = await ctx.db.transaction().execute(async (tx) => {
      const r = await writeCaseCounts(tx, batch);
      await protectDb(tx).insertInto('protect_imports').values({
        id, format: batch.format, file: batch.file, actor_id: actor.id, places: r.places, series: r.series, points: r.points,
      }).execute();
      await audit(ctx, actor, {
        action: 'protect.import', outcome: 'ok', resourceType: 'protect_import', resourceId: id,
        detail: { format: batch.format, file: batch.file, ...r, skipped: batch.skipped },
      }, tx);
      return r;
    });
    return { id, format: batch.format, file: batch.file, ...written, skipped: batch.skipped };
  } catch (err) {
    if (err instanceof CaseCountParseError) {
      await audit(ctx, actor, {
        action: 'protect.import', outcome: 'failed', resourceType: 'protect_import', resourceId: id,
        detail: { format: batch.format, file: err.file, line: err.line, field: err.field, problem: err.problem },
      });
      throw asValidation(err);
    }
    throw err;
  }
}

export function asValidation(err: CaseCountParseError): PuenteError {
  return new PuenteError('validation', 400, err.messages, {}, { file: err.file, line: err.line, field: err.field, problem: err.problem });
}

export async function importCaseCounts(
  ctx: ServiceCtx, actor: Actor, input: { format: ImportFormat; data: string | Uint8Array; file: string },
): Promise<ImportResult> {
  await authorize(ctx, actor, 'protect.import', { resourceType: 'protect_series', detail: { format: input.format, file: input.file } });
  let batch: CaseCountBatch;
  try {
    batch = parseCaseCounts(input.format, input.data, input.file);
  } catch (err) {
    if (err instanceof CaseCountParseError) {
      await audit(ctx, actor, {
        action: 'protect.import', outcome: 'failed', resourceType: 'protect_import',
        detail: { format: input.format, file: err.file, line: err.line, field: err.field, problem: err.problem },
      });
      throw asValidation(err);
    }
    throw err;
  }
  return importCaseCountBatch(ctx, actor, batch);
}
