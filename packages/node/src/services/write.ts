/**
 * The one write path for records: import, the demo loader and the entity editor all end here.
 *
 * Speed (measured in PGlite, where the server's per-row work is what costs):
 *  - each table gets ONE statement per batch, `INSERT … SELECT … FROM unnest($1::text[], …)`, one
 *    parameter per column (a PostgreSQL array literal built here): no per-row round trips and no
 *    65,535-parameter ceiling as with multi-row VALUES. Building the literals ourselves keeps PGlite and
 *    pg byte-for-byte identical;
 *  - per statement only what differs within an entity is sent (property, type, value); schema, dataset,
 *    origin and first/last seen are joined from the entity arrays by position, parsed once per entity;
 *  - records known to be new (the caller looked them up in this transaction) are inserted plainly;
 *    only records that may exist take the upsert path (ON CONFLICT costs ~40 % more per row);
 *  - optionally the per-row foreign-key triggers of the child tables are skipped (see skipRowTriggers).
 */
import { sql } from 'kysely';
import { captionOf, entityToStatements, foldText, type Entity, type Model } from '@puente/model';
import type { Executor } from '../store/schema';
import { pgArray, pgBools } from './sql';

/** Merges fragments of one entity that arrive in the same batch (FtM streams may split an entity over lines). */
export function mergeFragments(entities: readonly Entity[]): Entity[] {
  const byId = new Map<string, Entity>();
  for (const e of entities) {
    const prev = byId.get(e.id);
    if (!prev) { byId.set(e.id, e); continue; }
    const properties = { ...prev.properties };
    for (const [prop, values] of Object.entries(e.properties)) {
      const list = properties[prop] ?? [];
      properties[prop] = [...list, ...values.filter((v) => !list.includes(v))];
    }
    const firstSeen = [prev.firstSeen, e.firstSeen].filter(Boolean).sort()[0];
    const lastSeen = [prev.lastSeen, e.lastSeen].filter(Boolean).sort().at(-1);
    byId.set(e.id, { ...e, caption: undefined, properties, firstSeen, lastSeen });
  }
  return [...byId.values()];
}

export interface WriteCounts { entities: number; statements: number; names: number }

export interface WriteOptions {
  /** Restricts the statements written to these properties (an edit touching a few of them); names are always refreshed. */
  onlyProps?: ReadonlySet<string>;
  /** Ids known not to be in the store (looked up in this transaction): written without the upsert. */
  fresh?: ReadonlySet<string>;
  /**
   * Skip the per-row foreign-key checks of statements and entity_names (session_replication_role =
   * replica, as pg_restore --disable-triggers does). Sound here because every child row's entity is
   * written by the statement just before, in the same transaction; it halves the cost of a statement
   * row in PGlite. Only for a superuser session (see canSkipRowTriggers), and reset straight after.
   */
  skipRowTriggers?: boolean;
}

/** Whether this session may set session_replication_role (superuser: always so on PGlite). */
export async function canSkipRowTriggers(exec: Executor): Promise<boolean> {
  const r = await sql<{ on: string }>`select current_setting('is_superuser') as on`.execute(exec);
  return r.rows[0]?.on === 'on';
}

/** Column arrays for one group of entities. */
class Rows {
  e = {
    id: [] as string[], schema: [] as string[], caption: [] as string[], oc: [] as string[], oa: [] as string[],
    dist: [] as string[], agr: [] as (string | null)[], lb: [] as string[], purposes: [] as string[], ret: [] as string[],
    ds: [] as string[], onode: [] as string[], locked: [] as boolean[], personal: [] as boolean[], fs: [] as string[], ls: [] as string[],
  };
  /** Per statement: the entity's position in `e` (1-based, as WITH ORDINALITY counts), property, type, value. */
  s = { ei: [] as number[], prop: [] as string[], type: [] as string[], value: [] as string[] };
  n = { eid: [] as string[], name: [] as string[], folded: [] as string[] };
}

export async function writeEntities(
  exec: Executor, model: Model, batch: readonly Entity[], now: string, opts: WriteOptions = {},
): Promise<WriteCounts> {
  const entities = mergeFragments(batch);
  if (!entities.length) return { entities: 0, statements: 0, names: 0 };
  const fresh = new Rows();
  const known = new Rows();
  const typeCache = new Map<string, string>();
  const typeOf = (schema: string, prop: string): string => {
    const k = `${schema}\u0001${prop}`;
    let t = typeCache.get(k);
    if (t === undefined) { t = model.getProperty(schema, prop)?.type ?? 'string'; typeCache.set(k, t); }
    return t;
  };

  for (const ent of entities) {
    const { e, s, n } = opts.fresh?.has(ent.id) ? fresh : known;
    const m = ent.meta;
    const caption = ent.caption || captionOf(model, ent) || ent.id;
    e.id.push(ent.id); e.schema.push(ent.schema); e.caption.push(caption); e.oc.push(m.ownerCountry); e.oa.push(m.ownerAgency);
    e.dist.push(m.distribution); e.agr.push(m.agreementId ?? null); e.lb.push(m.legalBasis); e.purposes.push(pgArray(m.purposes));
    e.ret.push(m.retentionUntil); e.ds.push(m.dataset); e.onode.push(m.originNode); e.locked.push(m.locked ?? false);
    e.personal.push(model.isPersonal(ent.schema)); e.fs.push(ent.firstSeen ?? now); e.ls.push(ent.lastSeen ?? now);
    const ei = e.id.length;

    // entityToStatements already drops repeated and blank values, so (entity, prop, dataset, value) is unique here.
    const names = new Set<string>();
    for (const st of entityToStatements(ent, { originAgency: m.ownerAgency, now })) {
      const type = typeOf(ent.schema, st.prop);
      if (type === 'name') names.add(st.value);
      if (opts.onlyProps && !opts.onlyProps.has(st.prop)) continue;
      s.ei.push(ei); s.prop.push(st.prop); s.type.push(type); s.value.push(st.value);
    }
    names.add(caption);
    for (const name of names) {
      const folded = foldText(name);
      if (!folded) continue;
      n.eid.push(ent.id); n.name.push(name); n.folded.push(folded);
    }
  }

  if (opts.skipRowTriggers) await sql`set local session_replication_role = replica`.execute(exec);
  try {
    await insertRows(exec, fresh, false);
    await insertRows(exec, known, true);
  } finally {
    if (opts.skipRowTriggers) await sql`set local session_replication_role = origin`.execute(exec);
  }
  return {
    entities: entities.length,
    statements: fresh.s.ei.length + known.s.ei.length,
    names: fresh.n.eid.length + known.n.eid.length,
  };
}

async function insertRows(exec: Executor, { e, s, n }: Rows, upsert: boolean): Promise<void> {
  if (!e.id.length) return;
  const onEntity = upsert ? sql`on conflict (id) do update set
      schema = excluded.schema, caption = excluded.caption, owner_country = excluded.owner_country,
      owner_agency = excluded.owner_agency, distribution = excluded.distribution, agreement_id = excluded.agreement_id,
      legal_basis = excluded.legal_basis, purposes = excluded.purposes, retention_until = excluded.retention_until,
      dataset = excluded.dataset, origin_node = excluded.origin_node, locked = excluded.locked,
      personal_data = excluded.personal_data, first_seen = least(entities.first_seen, excluded.first_seen),
      last_seen = greatest(entities.last_seen, excluded.last_seen), updated_at = now()` : sql``;
  await sql`
    insert into entities (id, schema, caption, owner_country, owner_agency, distribution, agreement_id, legal_basis, purposes,
                          retention_until, dataset, origin_node, locked, personal_data, first_seen, last_seen)
    select t.id, t.schema, t.caption, t.oc, t.oa, t.dist, t.agr, t.lb, t.p::text[], t.ret::date, t.ds, t.onode, t.locked, t.personal,
           t.fs, t.ls
    from unnest(${pgArray(e.id)}::text[], ${pgArray(e.schema)}::text[], ${pgArray(e.caption)}::text[], ${pgArray(e.oc)}::text[],
                ${pgArray(e.oa)}::text[], ${pgArray(e.dist)}::text[], ${pgArray(e.agr)}::text[], ${pgArray(e.lb)}::text[],
                ${pgArray(e.purposes)}::text[], ${pgArray(e.ret)}::text[], ${pgArray(e.ds)}::text[], ${pgArray(e.onode)}::text[],
                ${pgBools(e.locked)}::bool[], ${pgBools(e.personal)}::bool[], ${pgArray(e.fs)}::timestamptz[], ${pgArray(e.ls)}::timestamptz[])
      as t(id, schema, caption, oc, oa, dist, agr, lb, p, ret, ds, onode, locked, personal, fs, ls)
    ${onEntity}
  `.execute(exec);

  if (s.ei.length) {
    const onStatement = upsert ? sql`on conflict (entity_id, prop, dataset, md5(value)) do update set
        last_seen = greatest(statements.last_seen, excluded.last_seen), schema = excluded.schema` : sql``;
    await sql`
      insert into statements (entity_id, schema, prop, prop_type, value, dataset, origin_node, origin_agency, first_seen, last_seen)
      select e.id, e.schema, t.prop, t.type, t.value, e.ds, e.onode, e.oa, e.fs, e.ls
      from unnest(${`{${s.ei.join(',')}}`}::int[], ${pgArray(s.prop)}::text[], ${pgArray(s.type)}::text[], ${pgArray(s.value)}::text[])
        as t(ei, prop, type, value)
      join unnest(${pgArray(e.id)}::text[], ${pgArray(e.schema)}::text[], ${pgArray(e.ds)}::text[], ${pgArray(e.onode)}::text[],
                  ${pgArray(e.oa)}::text[], ${pgArray(e.fs)}::timestamptz[], ${pgArray(e.ls)}::timestamptz[])
        with ordinality as e(id, schema, ds, onode, oa, fs, ls, ei) on e.ei = t.ei
      ${onStatement}
    `.execute(exec);
  }
  if (n.eid.length) {
    await sql`
      insert into entity_names (entity_id, name, folded)
      select * from unnest(${pgArray(n.eid)}::text[], ${pgArray(n.name)}::text[], ${pgArray(n.folded)}::text[])
      ${upsert ? sql`on conflict do nothing` : sql``}
    `.execute(exec);
  }
}
