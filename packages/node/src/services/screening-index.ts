/**
 * The screening indexes the node screens with: one ScreeningIndex per list version, built once from the
 * version's stored entries and kept in memory (building one over the full SDN list takes about a second; a
 * screening then takes well under a millisecond). A version never changes once imported, so an index never
 * goes stale: it is dropped when its list gets a newer version, or when the cache is full (least recently used).
 *
 * The cache is a module-level map keyed by version id (ids are random UUIDs, so nodes sharing one process —
 * tests — never share an entry).
 */
import {
  DEFAULT_THRESHOLD, DEFAULT_TOP, ScreeningIndex, type ListEntry, type ScreeningHit, type ScreeningQuery,
} from '../../../engines/src/screening/index';
import type { Executor } from '../store/schema';
import { json, sdb, type VersionRow } from './screening-store';

/** Indexes kept at once (each list's current version, plus room for a list being replaced). */
const CACHE_SIZE = 8;
const cache = new Map<string, Promise<ScreeningIndex>>();

/** The index of one list version, built on first use. */
export function indexOf(db: Executor, versionId: string): Promise<ScreeningIndex> {
  const hit = cache.get(versionId);
  if (hit) {
    // most recently used last
    cache.delete(versionId);
    cache.set(versionId, hit);
    return hit;
  }
  const built = loadEntries(db, versionId).then((entries) => ScreeningIndex.build(entries));
  built.catch(() => cache.delete(versionId));
  cache.set(versionId, built);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return built;
}

/** Forgets a version's index (its list has a newer version). */
export function dropIndex(versionId: string): void {
  cache.delete(versionId);
}

/** Whether a version's index is in memory (tests and logs). */
export function isIndexed(versionId: string): boolean {
  return cache.has(versionId);
}

export async function loadEntries(db: Executor, versionId: string): Promise<ListEntry[]> {
  const rows = await sdb(db).selectFrom('screening_entries').select('entry').where('version_id', '=', versionId)
    .orderBy('entry_id').execute();
  return rows.map((r) => json<ListEntry>(r.entry));
}

/** The current (highest) version of every list, or of the lists named. */
export async function currentVersions(db: Executor, lists?: readonly string[]): Promise<VersionRow[]> {
  let q = sdb(db).selectFrom('screening_list_versions').selectAll().distinctOn('list_id').orderBy('list_id').orderBy('seq', 'desc');
  if (lists?.length) q = q.where('list_id', 'in', [...lists]);
  return q.execute();
}

export interface ScreenTarget { version: VersionRow; index: ScreeningIndex }

export async function targetsOf(db: Executor, versions: readonly VersionRow[]): Promise<ScreenTarget[]> {
  return Promise.all(versions.map(async (version) => ({ version, index: await indexOf(db, version.id) })));
}

export interface ListHit extends ScreeningHit { listId: string; versionId: string }

/**
 * One query against several lists: each list's hits (score ≥ threshold, best `top`), merged best first. Scores
 * are absolute (the same arithmetic whatever the list), so merging by score is sound; ties keep list order.
 */
export function screenAcross(targets: readonly ScreenTarget[], query: ScreeningQuery, opts: { threshold?: number; top?: number } = {}): ListHit[] {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const top = opts.top ?? DEFAULT_TOP;
  const all: ListHit[] = [];
  for (const t of targets) {
    for (const h of t.index.screen(query, { threshold, top })) all.push({ ...h, listId: t.version.list_id, versionId: t.version.id });
  }
  all.sort((a, b) => b.score - a.score);
  return all.slice(0, top);
}
