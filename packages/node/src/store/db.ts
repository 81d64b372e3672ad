/**
 * Opens the store: embedded PGlite (real PostgreSQL in WASM, with pg_trgm and unaccent) by default,
 * a PostgreSQL server when a URL is given. Both sit behind Kysely's own PostgresDialect: PGlite is
 * wrapped as a one-connection pool, so there is one SQL dialect and one driver path.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { mkdirSync } from 'node:fs';
import type { DB, Db } from './schema';
import { migrate } from './migrate';

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
        const parsers = { [INT8]: (v: string) => v, [NUMERIC]: (v: string) => v };
        // Without parameters pg uses the simple protocol, which allows several statements (migrations);
        // PGlite's exec is its simple protocol.
        // A lone Blob parameter feeds `COPY … FROM '/dev/blob'` (services/write.ts), PGlite's form of COPY FROM STDIN.
        const blob = params.length === 1 && params[0] instanceof Blob ? params[0] : null;
        const r = blob ? await pglite.query(sql, [], { parsers, blob })
          : params.length === 0
            ? (await pglite.exec(sql, { parsers })).at(-1) ?? { rows: [], affectedRows: 0 }
            : await pglite.query(sql, params as unknown[], { parsers });
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command: commandOf(sql) };
      },
      release,
    };
  }
  async end() { await this.pglite.close(); }
}

export async function openPGlite(dataDir: string | null): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return PGlite.create({ dataDir: dataDir ?? undefined, extensions: { pg_trgm, unaccent } });
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
    const pglite = await openPGlite(opts.pgliteDir ?? null);
    const pool = new PGlitePool(pglite);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
    handle = { db, kind: 'pglite', close: () => db.destroy() };
  }
  if (opts.migrate !== false) await migrate(handle.db);
  return handle;
}

export { pgliteTypes };
