/**
 * The part of an FtM import that needs no store: parse and validate a run of lines, refuse NUL characters,
 * and prepare the records as new ones (COPY texts and catalog entries, services/rows.ts prepareNew). Pure,
 * so it runs in the import's worker thread (worker.ts) beside the store, or inline for a small import.
 */
import { ParseError, parseFtmLine, type Entity, type Model, type RecordMeta } from '@puente/model';
import { PuenteError } from '../../errors';
import { prepareNew, type PreparedRecords } from '../rows';

export interface PrepareOptions {
  file: string;
  defaults: Partial<RecordMeta>;
  /** The import's start (first/last seen of values stated without dates). */
  now: string;
  /** The transaction's data_version (services/write.ts changeVersion). */
  version: string;
}

export interface PreparedBatch extends PreparedRecords {
  /** The line (from 1) of each record in `written`: where it first appears (a record may span lines). */
  lines: number[];
}

/** Parses `texts` (the lines numbered from `first`) and prepares them as new records. Throws ParseError or PuenteError. */
export function prepareLines(model: Model, texts: readonly string[], first: number, o: PrepareOptions): PreparedBatch {
  const { entities, lines } = parseLines(model, texts, first, o);
  const seen = new Set<string>();
  const firstLines = lines.filter((_, i) => !seen.has(entities[i].id) && seen.add(entities[i].id));
  return { ...prepareNew(model, entities, o.now, o.version), lines: firstLines };
}

/** Parses `texts` (numbered from `first`) into entities with their line numbers; blank lines are skipped. */
export function parseLines(model: Model, texts: readonly string[], first: number, o: Pick<PrepareOptions, 'file' | 'defaults'>): { entities: Entity[]; lines: number[] } {
  const entities: Entity[] = [];
  const lines: number[] = [];
  const read = { file: o.file, model, defaults: o.defaults };
  for (let i = 0; i < texts.length; i++) {
    const entity = parseFtmLine(texts[i], first + i, read);
    if (!entity) continue;
    rejectNul(entity, o.file, first + i);
    entities.push(entity);
    lines.push(first + i);
  }
  return { entities, lines };
}

/** PostgreSQL text cannot hold U+0000; say where it is rather than fail inside the insert. */
export function rejectNul(e: Entity, file: string, line: number): void {
  for (const [prop, values] of Object.entries(e.properties)) {
    if (values.some((v) => v.includes('\u0000'))) {
      throw new PuenteError('validation', 400, 'api.import.nul', { file, line, field: `properties.${prop}` },
        { file, line, field: `properties.${prop}`, reason: 'nul' });
    }
  }
}

/** An error crossing the worker boundary: the parser's and the NUL check's keep their file, line, field and text. */
export type WireError =
  | { kind: 'parse'; file: string; line: number; field: string; code: string; params: Record<string, unknown> }
  | { kind: 'puente'; code: PuenteError['code']; status: number; key: PuenteError['key']; vars: Record<string, unknown>; details?: Record<string, unknown> }
  | { kind: 'internal'; message: string; stack?: string };

export function toWire(err: unknown): WireError {
  if (err instanceof ParseError) return { kind: 'parse', file: err.file, line: err.line, field: err.field, code: err.code, params: err.params };
  if (err instanceof PuenteError) return { kind: 'puente', code: err.code, status: err.status, key: err.key, vars: err.vars, details: err.details };
  return { kind: 'internal', message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined };
}

export function fromWire(w: WireError): Error {
  if (w.kind === 'parse') return new ParseError(w.file, w.line, { field: w.field, code: w.code, params: w.params });
  if (w.kind === 'puente') return new PuenteError(w.code, w.status, w.key, w.vars, w.details);
  const err = new Error(w.message);
  if (w.stack) err.stack = w.stack;
  return err;
}
