/**
 * A fresh, migrated store for one test file: in-memory PGlite by default; when DATABASE_URL is set,
 * a database of its own on that server, created here and dropped on close (the server is shared with CI).
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openStore, type StoreHandle } from '../../src/store/db';

export async function openTestStore(): Promise<StoreHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) return openStore({ pgliteDir: null });
  const name = `puente_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: u.toString() });
  return {
    ...store,
    async close() {
      await store.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Store kind under test, for test names and skips. */
export const storeKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
