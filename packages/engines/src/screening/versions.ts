/**
 * List versions: what a new version of a designation list added, changed and removed, entry by entry (by the
 * list's own id). The node stores each version and re-screens its own records against the added and changed
 * entries; an analyst sees the same diff in the UI ("what did this update change?").
 */
import type { ListEntry } from './types';

export interface EntryChange {
  id: string;
  before: ListEntry;
  after: ListEntry;
  /** which facts changed: 'caption', 'schema', 'names', 'countries', 'birthDates', 'programs' */
  fields: string[];
}

export interface ListDiff {
  added: ListEntry[];
  removed: ListEntry[];
  changed: EntryChange[];
  unchanged: number;
}

const sorted = (xs: readonly string[] | undefined) => [...(xs ?? [])].sort().join('\u0001');

function changedFields(a: ListEntry, b: ListEntry): string[] {
  const out: string[] = [];
  if (a.caption !== b.caption) out.push('caption');
  if (a.schema !== b.schema) out.push('schema');
  if (sorted(a.names.map((n) => `${n.kind}:${n.text}`)) !== sorted(b.names.map((n) => `${n.kind}:${n.text}`))) out.push('names');
  if (sorted(a.countries) !== sorted(b.countries)) out.push('countries');
  if (sorted(a.birthDates) !== sorted(b.birthDates)) out.push('birthDates');
  if (sorted(a.programs) !== sorted(b.programs)) out.push('programs');
  return out;
}

/** Compares two versions of a list. Order of entries and of values within an entry does not matter. */
export function diffLists(before: readonly ListEntry[], after: readonly ListEntry[]): ListDiff {
  const old = new Map(before.map((e) => [e.id, e]));
  const diff: ListDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const e of after) {
    seen.add(e.id);
    const prev = old.get(e.id);
    if (!prev) { diff.added.push(e); continue; }
    const fields = changedFields(prev, e);
    if (fields.length) diff.changed.push({ id: e.id, before: prev, after: e, fields });
    else diff.unchanged++;
  }
  for (const e of before) if (!seen.has(e.id)) diff.removed.push(e);
  return diff;
}
