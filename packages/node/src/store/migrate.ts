/**
 * Versioned migrations: ./migrations/NNN_name.sql, applied once each, in order, each in its own
 * transaction, recorded in schema_migrations. A migration never changes once released; add a new one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from './schema';

const dir = new URL('./migrations/', import.meta.url).pathname;

export function listMigrations(): Array<{ version: number; name: string; sql: string }> {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

export async function migrate(db: Db): Promise<string[]> {
  await sql`create table if not exists schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())`.execute(db);
  // Two processes starting on one server must not both migrate.
  const applied: string[] = [];
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(7406931)`.execute(tx);
    const done = new Set((await sql<{ version: number }>`select version from schema_migrations`.execute(tx)).rows.map((r) => Number(r.version)));
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      await sql.raw(m.sql).execute(tx);
      await sql`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`.execute(tx);
      applied.push(m.name);
    }
  });
  return applied;
}
