/**
 * Opens the store: embedded PGlite (real PostgreSQL in WASM, with pg_trgm and unaccent) by default,
 * a PostgreSQL server when a URL is given. Both sit behind Kysely's own PostgresDialect: PGlite is
 * wrapped as a one-connection pool, so there is one SQL dialect and one driver path.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DB, Db } from './schema';
import { listMigrations, migrate } from './migrate';

export interface StoreHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// pg returns int8 and numeric as strings; make PGlite do the same so both stores give identical rows.
const INT8 = 20;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v: string) => v);

/**
 * The statement's command tag as pg reports it (INSERT, UPDATE, …): Kysely reads numAffectedRows only
 * for INSERT/UPDATE/DELETE/MERGE. A WITH query's command is its final data-modifying verb, if any.
 */
export function commandOf(sql: string): string {
  const first = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toUpperCase() ?? '';
  if (first !== 'WITH') return first;
  // The main statement is the first verb outside every parenthesis (CTE bodies are parenthesised).
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0) {
      const m = /^(insert|update|delete|merge|select)\b/i.exec(sql.slice(i, i + 7));
      if (m && !/[a-z0-9_]/i.test(sql[i - 1] ?? ' ')) return m[1].toUpperCase();
    }
  }
  return 'SELECT';
}

/** A pg.Pool-shaped adapter over one PGlite instance. Connections are handed out one at a time. */
class PGlitePool {
  private queue: Array<() => void> = [];
  private busy = false;
  constructor(readonly pglite: PGlite) {}
  async connect() {
    if (this.busy) await new Promise<void>((res) => this.queue.push(res));
    this.busy = true;
    const release = () => {
      const next = this.queue.shift();
      if (next) next();
      else this.busy = false;
    };
    const pglite = this.pglite;
    return {
      async query(sql: string, params: readonly unknown[] = []) {
        // Without parameters pg uses the simple protocol, which allows several statements (migrations);
        // PGlite's exec is its simple protocol.
        // A lone Blob parameter feeds `COPY … FROM '/dev/blob'` (services/write.ts), PGlite's form of COPY FROM STDIN.
        const blob = params.length === 1 && params[0] instanceof Blob ? params[0] : null;
        const r = blob ? await pglite.query(sql, [], { blob })
          : params.length === 0
            ? (await pglite.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 }
            : await pglite.query(sql, params as unknown[]);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command: commandOf(sql) };
      },
      release,
    };
  }
  async end() { await this.pglite.close(); }
}

async function openPGlite(dataDir: string | null, opts: { template?: Blob } = {}): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return PGlite.create({
    dataDir: dataDir ?? undefined, extensions: { pg_trgm, unaccent }, ...(opts.template ? { loadDataDir: opts.template } : {}),
    // Set once here: passed with each query instead, PGlite merges them into its parser table every time (~0.1 ms).
    parsers: { [INT8]: (v: string) => v, [NUMERIC]: (v: string) => v },
  });
}

/**
 * A new PGlite store starts from a template: a dump of an empty store with every migration applied,
 * made the first time a store is created after install and kept in node_modules/.cache/puente (npm ci
 * clears it with the rest of node_modules). Restoring it takes about a second where initdb plus the
 * migrations take four to five, which is most of a first `npm start`. Its name carries the PGlite version
 * and a hash of the migrations, so a changed migration or upgrade never restores an outdated one.
 */
const TEMPLATE_DIR = new URL('../../../../node_modules/.cache/puente/', import.meta.url).pathname;
function templatePath(): string {
  const h = createHash('sha256').update(PGLITE_VERSION);
  for (const m of listMigrations()) h.update(`\u0000${m.name}\u0000${m.sql}`);
  return join(TEMPLATE_DIR, `pgdata-${PGLITE_VERSION}-${h.digest('hex').slice(0, 16)}.tar.gz`);
}
const PGLITE_VERSION = (JSON.parse(readFileSync(new URL('../../../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function saveTemplate(pglite: PGlite, path: string): Promise<void> {
  const dump = await pglite.dumpDataDir('gzip');
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, path); // atomic: a concurrent reader sees the whole file or none
}

/**
 * Opens and migrates the store. `databaseUrl` wins; otherwise PGlite persisted under `pgliteDir`
 * (or in memory when `pgliteDir` is null).
 */
export async function openStore(opts: { databaseUrl?: string | null; pgliteDir?: string | null; migrate?: boolean }): Promise<StoreHandle> {
  let handle: StoreHandle;
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    handle = { db, kind: 'postgres', close: () => db.destroy() };
  } else {
    const dir = opts.pgliteDir ?? null;
    const fresh = !dir || !existsSync(join(dir, 'PG_VERSION'));
    const template = fresh && opts.migrate !== false ? templatePath() : null;
    const restore = template && existsSync(template) ? new Blob([readFileSync(template)]) : undefined;
    const pglite = await openPGlite(dir, { template: restore });
    const pool = new PGlitePool(pglite);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
    handle = { db, kind: 'pglite', close: () => db.destroy() };
    if (template && !restore) {
      await migrate(handle.db);
      await saveTemplate(pglite, template).catch(() => undefined); // a cache: never fatal
    }
  }
  if (opts.migrate !== false) await migrate(handle.db);
  return handle;
}

