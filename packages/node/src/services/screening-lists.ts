/**
 * Designation lists in the node: reading a list (OFAC files through sources/ofac, or FtM JSON lines as a UIF list
 * or an agency watchlist arrives), importing it as a new version in one transaction together with what it
 * changed against the previous version (engine: diffLists), and reading lists, versions and changes back.
 * After a version is stored, the node re-screens its own records against it (screening-rescreen.ts).
 *
 * A version whose entries are exactly the current version's (same content hash) is not stored again: the import
 * answers `unchanged` and raises nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { diffLists, type ListDiff, type ListEntry, type ListName } from '../../../engines/src/screening/index';
import type { Actor } from '../context';
import { canonicalJson } from '../audit/index';
import { internal, PuenteError, validation } from '../errors';
import { countryCode, ingest, ListParseError, listEntries, type ListWarning } from '../sources/ofac/index';
import type { Executor } from '../store/schema';
import type { ServiceCtx } from './context';
import { audit, authorize } from './guard';
import { currentVersions, dropIndex } from './screening-index';
import { rescreenRecords, type RescreenResult } from './screening-rescreen';
import { iso, json, sdb, textArray, versionView, type VersionRow, type VersionView } from './screening-store';

// ---------------------------------------------------------------------------------------------------------------
// FtM JSON lines as a designation list. Lenient on purpose: a list only needs names (and, when it has them,
// countries, birth dates and programmes), and lists arrive from many publishers — "country": "Mexico" is read as
// MX rather than refused. Entities of other schemata are skipped, except Sanction, whose `program` is attached to
// the entity it designates. Several lines with one id are fragments of one entry (FtM's own convention).

const MATCHABLE = new Set(['Person', 'Organization', 'Company', 'LegalEntity', 'PublicBody', 'Vessel', 'Airplane']);
const NAME_PROPS: Array<[string, ListName['kind']]> = [['name', 'primary'], ['alias', 'alias'], ['previousName', 'previous'], ['weakAlias', 'weak']];
const COUNTRY_PROPS = ['country', 'nationality', 'citizenship', 'jurisdiction', 'mainCountry'];

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

function addAll<T>(into: T[], xs: readonly T[] | undefined): void {
  for (const x of xs ?? []) if (!into.includes(x)) into.push(x);
}

/**
 * Reads FtM JSON lines into list entries. Throws ListParseError (file, line, field; English and Spanish) on the
 * first line that is not a JSON object with an id and a schema. `list` names the list in each entry.
 */
export async function readFtmListLines(lines: AsyncIterable<string> | Iterable<string>, file: string, list = `ftm:${file}`): Promise<ListEntry[]> {
  const byId = new Map<string, ListEntry>();
  const programs = new Map<string, string[]>();
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    let obj: unknown;
    try { obj = JSON.parse(text); } catch (e) {
      throw new ListParseError(file, line, 'json', 'bad_json', { detail: (e as Error).message.slice(0, 80) });
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new ListParseError(file, line, 'json', 'bad_json', { detail: typeof obj });
    const o = obj as { id?: unknown; schema?: unknown; caption?: unknown; properties?: unknown };
    if (typeof o.id !== 'string' || !o.id) throw new ListParseError(file, line, 'id', 'missing');
    if (typeof o.schema !== 'string' || !o.schema) throw new ListParseError(file, line, 'schema', 'missing');
    if (o.properties !== undefined && (typeof o.properties !== 'object' || o.properties === null || Array.isArray(o.properties))) {
      throw new ListParseError(file, line, 'properties', 'bad_json', { detail: 'properties' });
    }
    const p = (o.properties ?? {}) as Record<string, unknown>;
    if (o.schema === 'Sanction') {
      const progs = [...strings(p.program), ...strings(p.programId)];
      for (const target of strings(p.entity)) addAll(programs.get(target) ?? (programs.set(target, []).get(target)!), progs);
      continue;
    }
    if (!MATCHABLE.has(o.schema)) continue;
    const entry = entryOf(o.id, o.schema, typeof o.caption === 'string' ? o.caption : '', p, list);
    if (!entry) continue;
    // PostgreSQL text and jsonb cannot hold U+0000: say where it is rather than fail inside the insert
    if (JSON.stringify(entry).includes('\\u0000')) throw new ListParseError(file, line, 'properties', 'nul');
    const prev = byId.get(o.id);
    if (!prev) { byId.set(o.id, entry); continue; }
    // a fragment of an entry already read: unite its facts
    for (const n of entry.names) if (!prev.names.some((m) => m.kind === n.kind && m.text === n.text)) prev.names.push(n);
    addAll(prev.countries!, entry.countries);
    addAll(prev.birthDates!, entry.birthDates);
  }
  const entries = [...byId.values()];
  for (const e of entries) {
    const progs = programs.get(e.id);
    if (progs?.length) e.programs = [...progs];
  }
  return entries;
}

function entryOf(id: string, schema: string, caption: string, p: Record<string, unknown>, list: string): ListEntry | null {
  const lastNames = strings(p.lastName);
  const names: ListName[] = [];
  for (const [prop, kind] of NAME_PROPS) {
    for (const n of strings(p[prop])) names.push({ text: n, kind, ...(lastNames.length === 1 ? { surnames: lastNames[0] } : {}) });
  }
  if (!names.length && (strings(p.firstName).length || lastNames.length)) {
    names.push({ text: [...strings(p.firstName), ...strings(p.middleName), ...lastNames].join(' '), kind: 'primary', surnames: lastNames[0] });
  }
  if (!names.length) return null;
  const countries: string[] = [];
  for (const prop of COUNTRY_PROPS) {
    for (const c of strings(p[prop])) {
      const code = /^[a-z]{2}$/i.test(c) ? c.toUpperCase() : countryCode(c);
      if (code && !countries.includes(code)) countries.push(code);
    }
  }
  const birthDates = strings(p.birthDate).map((d) => d.trim().slice(0, 10)).filter((d) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(d));
  return { id, schema, caption: caption || names[0].text, names, countries, birthDates, list };
}

/** An FtM JSON-lines file as a designation list (streamed line by line). */
export async function readFtmListFile(path: string): Promise<ListEntry[]> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  return readFtmListLines(lines, basename(path));
}

// ---------------------------------------------------------------------------------------------------------------
// What an import stores.

/** One list's entries as read from its source, ready to become a version. */
export interface ListSource {
  listId: string;
  title: string;
  source: 'ofac' | 'ftm';
  /** csv | xml | advanced-xml | ftm */
  format: string;
  files: string[];
  entries: ListEntry[];
}

export interface ImportedVersion {
  version: VersionView;
  /** the entries equal the list's current version: nothing was stored */
  unchanged: boolean;
}

export interface ListImportResult {
  versions: ImportedVersion[];
  warnings: ListWarning[];
  /** the node's re-screen of its own records against the new versions (null when nothing changed) */
  rescreen: RescreenResult | null;
}

const LIST_ID = /^[a-z0-9][a-z0-9_.:-]{0,99}$/;
const OFAC_TITLES: Record<string, string> = {
  us_ofac_sdn: 'OFAC Specially Designated Nationals (SDN)',
  us_ofac_cons: 'OFAC Consolidated (non-SDN) lists',
};

/** Order-free form of an entry, so that a publisher reordering its file does not make a new version. */
function normalised(e: ListEntry): ListEntry {
  const sortStr = (xs: readonly string[] | undefined) => [...(xs ?? [])].sort();
  const out: ListEntry = {
    id: e.id, schema: e.schema, caption: e.caption,
    names: [...e.names].sort((a, b) => (a.kind + a.text < b.kind + b.text ? -1 : a.kind + a.text > b.kind + b.text ? 1 : 0)),
    countries: sortStr(e.countries), birthDates: sortStr(e.birthDates), programs: sortStr(e.programs),
  };
  if (e.list !== undefined) out.list = e.list;
  return out;
}

/** SHA-256 (hex) of a list's entries: RFC 8785 JSON of the normalised entries, by id. */
export function contentHash(entries: readonly ListEntry[]): string {
  const sorted = entries.map(normalised).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(canonicalJson(sorted as unknown as Record<string, unknown>[])).digest('hex');
}

/** Parser errors keep their bilingual text; file, line and field go into `details`. */
export function asListError(err: unknown): PuenteError | null {
  if (err instanceof PuenteError) return err;
  if (err instanceof ListParseError) {
    return new PuenteError('validation', 400, err.messages, {}, { file: err.file, line: err.line, field: err.field, reason: err.code, params: err.params });
  }
  return null;
}

/**
 * Reads list sources and stores each as a new version, all in one transaction: a bad file or line changes
 * nothing. Failures are audited too (after the rollback), like record imports.
 */
export async function importLists(
  ctx: ServiceCtx, actor: Actor, read: () => Promise<{ sources: ListSource[]; warnings?: ListWarning[] }>,
  opts: { label: string; file: string },
): Promise<ListImportResult> {
  await authorize(ctx, actor, 'screening.list.manage', { resourceType: 'screening_list', detail: { file: opts.file } });
  const label = opts.label.trim();
  let stored: Array<ImportedVersion & { previous: VersionRow | null; diff: ListDiff | null }> = [];
  let warnings: ListWarning[] = [];
  try {
    if (!label || label.length > 200) throw validation('label', { field: 'label' });
    const read_ = await read();
    warnings = read_.warnings ?? [];
    if (!read_.sources.length) throw new ListParseError(opts.file, 0, 'path', 'no_files', { dir: opts.file });
    for (const s of read_.sources) {
      if (!LIST_ID.test(s.listId)) throw validation(`list id "${s.listId}"`, { field: 'listId' });
      const nul = s.entries.find((e) => JSON.stringify(e).includes('\\u0000'));
      if (nul) throw new ListParseError(opts.file, 0, `entry ${nul.id.replace(/\u0000/g, '')}`, 'nul');
    }
    stored = await ctx.db.transaction().execute(async (tx) => {
      const out: typeof stored = [];
      for (const s of read_.sources) out.push(await storeVersion(tx, ctx, actor, s, label));
      await audit(ctx, actor, {
        action: 'screening.list.import', outcome: 'ok', resourceType: 'screening_list', resourceId: read_.sources.map((s) => s.listId).join(','),
        detail: {
          file: opts.file, label,
          versions: out.map((v) => ({ list: v.version.listId, version: v.version.id, seq: v.version.seq, entries: v.version.entries, unchanged: v.unchanged, added: v.version.added, changed: v.version.changed, removed: v.version.removed })),
        },
      }, tx);
      return out;
    });
  } catch (err) {
    const error = asListError(err) ?? internal(ctx.requestId);
    await audit(ctx, actor, {
      action: 'screening.list.import', outcome: 'failed', resourceType: 'screening_list',
      detail: { file: opts.file, label, error: error.code, ...error.details },
    });
    throw error.code === 'internal' ? err : error;
  }
  for (const v of stored) if (!v.unchanged && v.previous) dropIndex(v.previous.id);
  const fresh = stored.filter((v) => !v.unchanged).map((v) => v.version.id);
  const rescreen = fresh.length ? await rescreenRecords(ctx, actor, fresh) : null;
  ctx.log.info({ lists: stored.map((v) => v.version.listId), fresh: fresh.length }, 'screening.list.imported');
  return { versions: stored.map(({ version, unchanged }) => ({ version, unchanged })), warnings, rescreen };
}

const CHUNK = 500;

async function storeVersion(
  tx: Executor, ctx: ServiceCtx, actor: Actor, s: ListSource, label: string,
): Promise<ImportedVersion & { previous: VersionRow | null; diff: ListDiff | null }> {
  const db = sdb(tx);
  await db.insertInto('screening_lists').values({ id: s.listId, title: s.title, source: s.source }).onConflict((oc) => oc.column('id').doNothing()).execute();
  // one import of a list at a time: the row lock orders concurrent imports, so seq numbers never collide
  await sql`select id from screening_lists where id = ${s.listId} for update`.execute(tx);
  const [previous] = await currentVersions(tx, [s.listId]);
  const hash = contentHash(s.entries);
  if (previous && previous.content_hash === hash) return { version: versionView(previous), unchanged: true, previous, diff: null };
  const before = previous ? await loadVersionEntries(tx, previous.id) : [];
  const diff = diffLists(before, s.entries);
  const id = randomUUID();
  const row = {
    id, list_id: s.listId, seq: (previous ? Number(previous.seq) : 0) + 1, label, format: s.format, files: s.files,
    imported_at: new Date(), imported_by: actor.id, entry_count: s.entries.length, content_hash: hash,
    added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length,
  };
  await db.insertInto('screening_list_versions').values({ ...row, files: textArray(s.files) }).execute();
  for (let i = 0; i < s.entries.length; i += CHUNK) {
    await db.insertInto('screening_entries').values(s.entries.slice(i, i + CHUNK).map((e) => ({
      version_id: id, entry_id: e.id, schema: e.schema, caption: e.caption, entry: JSON.stringify(e),
    }))).execute();
  }
  const changes = [
    ...diff.added.map((e) => ({ entry_id: e.id, change: 'added' as const, caption: e.caption, schema: e.schema, fields: [] as string[], before: null, after: e })),
    ...diff.changed.map((c) => ({ entry_id: c.id, change: 'changed' as const, caption: c.after.caption, schema: c.after.schema, fields: c.fields, before: c.before, after: c.after })),
    ...diff.removed.map((e) => ({ entry_id: e.id, change: 'removed' as const, caption: e.caption, schema: e.schema, fields: [] as string[], before: e, after: null })),
  ];
  for (let i = 0; i < changes.length; i += CHUNK) {
    await db.insertInto('screening_changes').values(changes.slice(i, i + CHUNK).map((c) => ({
      version_id: id, entry_id: c.entry_id, change: c.change, caption: c.caption, schema: c.schema,
      fields: textArray(c.fields),
      before: c.before ? JSON.stringify(c.before) : null, after: c.after ? JSON.stringify(c.after) : null,
    }))).execute();
  }
  // an entry taken off the list: its open alerts are closed as delisted (decided ones keep their decision)
  if (diff.removed.length) {
    await db.updateTable('screening_alerts').set({ status: 'delisted', updated_at: new Date() })
      .where('list_id', '=', s.listId).where('status', '=', 'open')
      .where('entry_id', 'in', diff.removed.map((e) => e.id)).execute();
  }
  ctx.log.info({ list: s.listId, version: id, seq: row.seq, entries: row.entry_count, added: row.added, changed: row.changed, removed: row.removed }, 'screening.version');
  const stored = await db.selectFrom('screening_list_versions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { version: versionView(stored), unchanged: false, previous: previous ?? null, diff };
}

async function loadVersionEntries(db: Executor, versionId: string): Promise<ListEntry[]> {
  const rows = await sdb(db).selectFrom('screening_entries').select('entry').where('version_id', '=', versionId).execute();
  return rows.map((r) => json<ListEntry>(r.entry));
}

// ---------------------------------------------------------------------------------------------------------------
// Import entry points.

/** OFAC files in a folder (SDN and/or Consolidated, any of OFAC's formats): one version per list found. */
export function importOfacDirectory(ctx: ServiceCtx, actor: Actor, dir: string, opts: { label: string }): Promise<ListImportResult> {
  return importLists(ctx, actor, async () => {
    const r = await ingest(dir);
    return {
      warnings: r.warnings,
      sources: r.lists.map((l) => ({
        listId: l.list, title: OFAC_TITLES[l.list] ?? l.list, source: 'ofac' as const, format: l.format,
        files: l.files.map((f) => basename(f)), entries: listEntries({ ...r, lists: [l] }),
      })),
    };
  }, { label: opts.label, file: basename(dir) });
}

/** OFAC's file names the API accepts in an upload (sources/ofac reads them from a folder). */
export const OFAC_FILE_NAMES = [
  'sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv', 'cons_prim.csv', 'cons_alt.csv', 'cons_add.csv', 'cons_comments.csv',
  'sdn.xml', 'sdn_advanced.xml', 'consolidated.xml', 'cons_advanced.xml',
] as const;

/** OFAC files uploaded as text (name → content): written to a private temporary folder and read from there. */
export async function importOfacFiles(ctx: ServiceCtx, actor: Actor, files: Record<string, string>, opts: { label: string }): Promise<ListImportResult> {
  const names = Object.keys(files);
  const bad = names.find((n) => !(OFAC_FILE_NAMES as readonly string[]).includes(n));
  if (bad) throw validation(`file name "${bad.slice(0, 60)}"`, { field: 'ofac', allowed: OFAC_FILE_NAMES });
  const dir = mkdtempSync(join(tmpdir(), 'puente-ofac-'));
  try {
    for (const n of names) writeFileSync(join(dir, n), files[n], 'utf8');
    return await importOfacDirectory(ctx, actor, dir, opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A list in FtM JSON lines (a UIF list, an agency watchlist, the demo list). */
export function importFtmList(
  ctx: ServiceCtx, actor: Actor, lines: AsyncIterable<string> | Iterable<string>,
  opts: { listId: string; title?: string; label: string; file: string },
): Promise<ListImportResult> {
  return importLists(ctx, actor, async () => ({
    sources: [{
      listId: opts.listId, title: opts.title?.trim() || opts.listId, source: 'ftm', format: 'ftm', files: [opts.file],
      entries: await readFtmListLines(lines, opts.file, opts.listId),
    }],
  }), { label: opts.label, file: opts.file });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading lists back. Lists are public documents; reading them needs screening.read like the rest of screening.

export interface ListView { id: string; title: string; source: string; createdAt: string; versions: number; current: VersionView | null }

export async function listLists(ctx: ServiceCtx, actor: Actor): Promise<ListView[]> {
  await authorize(ctx, actor, 'screening.read', { resourceType: 'screening_list' });
  const db = sdb(ctx.db);
  const lists = await db.selectFrom('screening_lists').selectAll().orderBy('id').execute();
  const counts = await db.selectFrom('screening_list_versions').select(['list_id', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('list_id').execute();
  const current = new Map((await currentVersions(ctx.db)).map((v) => [v.list_id, v]));
  return lists.map((l) => {
    const v = current.get(l.id);
    return {
      id: l.id, title: l.title, source: l.source, createdAt: iso(l.created_at),
      versions: Number(counts.find((c) => c.list_id === l.id)?.n ?? 0), current: v ? versionView(v) : null,
    };
  });
}

export async function listVersions(ctx: ServiceCtx, actor: Actor, listId: string): Promise<VersionView[]> {
  await authorize(ctx, actor, 'screening.read', { resourceType: 'screening_list', resourceId: listId });
  const rows = await sdb(ctx.db).selectFrom('screening_list_versions').selectAll().where('list_id', '=', listId).orderBy('seq', 'desc').execute();
  if (!rows.length) {
    const list = await sdb(ctx.db).selectFrom('screening_lists').select('id').where('id', '=', listId).executeTakeFirst();
    if (!list) throw new PuenteError('not_found', 404, 'error.not_found', {}, { listId });
  }
  return rows.map(versionView);
}

async function versionRow(ctx: ServiceCtx, versionId: string): Promise<VersionRow> {
  const v = await sdb(ctx.db).selectFrom('screening_list_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
  if (!v) throw new PuenteError('not_found', 404, 'error.not_found', {}, { versionId });
  return v;
}

export interface ChangeView {
  entryId: string; change: 'added' | 'changed' | 'removed'; caption: string; schema: string; fields: string[];
  before: ListEntry | null; after: ListEntry | null;
}

/** What a version changed against the one before it (a first version: every entry added). */
export async function versionChanges(
  ctx: ServiceCtx, actor: Actor, versionId: string, opts: { change?: 'added' | 'changed' | 'removed'; limit: number; offset: number },
): Promise<{ version: VersionView; previous: VersionView | null; total: number; changes: ChangeView[] }> {
  await authorize(ctx, actor, 'screening.read', { resourceType: 'screening_version', resourceId: versionId });
  const v = await versionRow(ctx, versionId);
  const db = sdb(ctx.db);
  const previous = await db.selectFrom('screening_list_versions').selectAll().where('list_id', '=', v.list_id)
    .where('seq', '=', Number(v.seq) - 1).executeTakeFirst();
  let q = db.selectFrom('screening_changes').where('version_id', '=', versionId);
  if (opts.change) q = q.where('change', '=', opts.change);
  const { n } = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll()
    .orderBy(sql`case change when 'added' then 0 when 'changed' then 1 else 2 end`).orderBy('caption').orderBy('entry_id')
    .limit(opts.limit).offset(opts.offset).execute();
  return {
    version: versionView(v), previous: previous ? versionView(previous) : null, total: Number(n),
    changes: rows.map((r) => ({
      entryId: r.entry_id, change: r.change, caption: r.caption, schema: r.schema, fields: r.fields,
      before: r.before ? json<ListEntry>(r.before) : null, after: r.after ? json<ListEntry>(r.after) : null,
    })),
  };
}

/** A version's entries, optionally those whose caption contains `q` (accents and case ignored). */
export async function versionEntries(
  ctx: ServiceCtx, actor: Actor, versionId: string, opts: { q?: string; limit: number; offset: number },
): Promise<{ version: VersionView; total: number; entries: ListEntry[] }> {
  await authorize(ctx, actor, 'screening.read', { resourceType: 'screening_version', resourceId: versionId });
  const v = await versionRow(ctx, versionId);
  let q = sdb(ctx.db).selectFrom('screening_entries').where('version_id', '=', versionId);
  const text = opts.q?.trim();
  if (text) q = q.where(sql<boolean>`position(unaccent(lower(${text})) in unaccent(lower(caption))) > 0`);
  const { n } = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select('entry').orderBy('caption').orderBy('entry_id').limit(opts.limit).offset(opts.offset).execute();
  return { version: versionView(v), total: Number(n), entries: rows.map((r) => json<ListEntry>(r.entry)) };
}
