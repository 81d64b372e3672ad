/**
 * A fresh, migrated store for one test file: in-memory PGlite by default; when DATABASE_URL is set,
 * a database of its own on that server, created here and dropped on close (the server is shared with CI).
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openStore, type StoreHandle } from '../../src/store/db';

/**
 * A database of its own on the server at DATABASE_URL (null when none is set), for a test's store or for a
 * CLI process the test starts; `drop` removes it (the server is shared with CI).
 */
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/test';

export async function createServerDatabase(prefix = 'puente_t', url = process.env.DATABASE_URL): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (!url) return null;
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      // pg's Pool.end() resolves before its idle connections have finished closing; a forced drop meanwhile would
      // terminate them and their clients would raise an uncaught error. Wait (up to 5 s) for them to go first.
      for (let i = 0; i < 100; i++) {
        const r = await a.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (r.rows[0].n === 0) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** 'default': the server when DATABASE_URL is set, else in-memory PGlite; 'pglite' or 'server' force one. */
export async function openTestStore(kind: 'default' | 'pglite' | 'server' = 'default'): Promise<StoreHandle> {
  const server = kind === 'pglite' ? null : await createServerDatabase('puente_t', kind === 'server' ? (process.env.DATABASE_URL || DEFAULT_SERVER_URL) : process.env.DATABASE_URL);
  if (!server) return openStore({ pgliteDir: null });
  const store = await openStore({ databaseUrl: server.url });
  return {
    ...store,
    async close() {
      await store.close();
      await server.drop();
    },
  };
}

/** Store kind under test, for test names and skips. */
export const storeKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
