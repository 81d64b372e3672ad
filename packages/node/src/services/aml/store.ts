/**
 * Transactions in and out of the store: the monthly partitions an import needs, the typed table written in chunks
 * (one `unnest()` insert per chunk; a transaction id seen before at the same time is skipped, so re-importing a file
 * adds nothing), and the stored history read back into the engine's typed table for training and scoring.
 */
import { sql } from 'kysely';
import { TxTableBuilder, type TxTable } from '../../../../engines/src/aml/table';
import type { Executor } from '../../store/schema';
import { pgArray } from '../sql';
import { amlDb, type AmlDistribution } from './schema';

const CHUNK = 5000;
const float8Array = (xs: ArrayLike<number>) => {
  let s = '{';
  for (let i = 0; i < xs.length; i++) s += (i ? ',' : '') + String(xs[i]);
  return `${s}}`;
};

/** First day of the month of an epoch second, as YYYY-MM-01. */
const monthOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 7);
const nextMonth = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** Creates the monthly partitions of aml_transactions that rows at these times fall in (idempotent). */
export async function ensurePartitions(exec: Executor, times: ArrayLike<number>): Promise<string[]> {
  const months = new Set<string>();
  for (let i = 0; i < times.length; i++) months.add(monthOf(times[i]!));
  const sorted = [...months].sort();
  for (const ym of sorted) {
    const name = `aml_transactions_${ym.replace('-', '_')}`;
    await sql`create table if not exists ${sql.id(name)} partition of aml_transactions
      for values from (${sql.lit(`${ym}-01`)}) to (${sql.lit(`${nextMonth(ym)}-01`)})`.execute(exec);
  }
  return sorted;
}

export interface WriteMeta { importId: string; ownerAgency: string; distribution: AmlDistribution; labels: boolean }

/** Writes the table's rows (and accounts); returns how many transactions were new. */
export async function writeTransactions(exec: Executor, table: TxTable, meta: WriteMeta): Promise<number> {
  await ensurePartitions(exec, table.time);
  let added = 0;
  for (let start = 0; start < table.size; start += CHUNK) {
    const end = Math.min(table.size, start + CHUNK);
    const ids: string[] = []; const ts: string[] = []; const orig: string[] = []; const bene: string[] = []; const cur: string[] = [];
    const curR: string[] = []; const type: string[] = []; const place: Array<string | null> = []; const label: Array<string | null> = [];
    const typ: Array<string | null> = [];
    for (let i = start; i < end; i++) {
      ids.push(table.ids[i]!);
      ts.push(new Date(table.time[i]! * 1000).toISOString());
      orig.push(table.accounts[table.orig[i]!]!);
      bene.push(table.accounts[table.bene[i]!]!);
      cur.push(table.currencies[table.currency[i]!] ?? '');
      curR.push(table.currencies[table.currencyReceived[i]!] ?? '');
      type.push(table.types[table.type[i]!] ?? '');
      place.push(table.place[i]! >= 0 ? table.places[table.place[i]!]! : null);
      label.push(meta.labels && table.label[i]! >= 0 ? String(table.label[i]) : null);
      typ.push(meta.labels && table.typology[i]! >= 0 ? table.typologies[table.typology[i]!]! : null);
    }
    const r = await sql`insert into aml_transactions
        (tran_id, ts, orig, bene, amount, currency, amount_received, currency_received, tx_type, place, label, typology_label,
         import_id, owner_agency, distribution)
      select u.*, ${meta.importId}, ${meta.ownerAgency}, ${meta.distribution}
      from unnest(${pgArray(ids)}::text[], ${pgArray(ts)}::timestamptz[], ${pgArray(orig)}::text[], ${pgArray(bene)}::text[],
                  ${float8Array(table.amount.subarray(start, end))}::float8[], ${pgArray(cur)}::text[],
                  ${float8Array(table.amountReceived.subarray(start, end))}::float8[], ${pgArray(curR)}::text[], ${pgArray(type)}::text[],
                  ${pgArray(place)}::text[], ${pgArray(label)}::smallint[], ${pgArray(typ)}::text[]) as u
      on conflict (tran_id, ts) do nothing`.execute(exec);
    added += Number(r.numAffectedRows ?? 0);
  }
  const accounts = table.accounts.map((id, i) => ({ id, bank: table.accountBank[i]! >= 0 ? table.banks[table.accountBank[i]!]! : null }));
  for (let start = 0; start < accounts.length; start += CHUNK) {
    const part = accounts.slice(start, start + CHUNK);
    await sql`insert into aml_accounts (id, bank, owner_agency, distribution)
      select u.id, u.bank, ${meta.ownerAgency}, ${meta.distribution}
      from unnest(${pgArray(part.map((a) => a.id))}::text[], ${pgArray(part.map((a) => a.bank))}::text[]) as u(id, bank)
      on conflict (id) do update set bank = coalesce(excluded.bank, aml_accounts.bank)`.execute(exec);
  }
  return added;
}

/** How many stored transactions the agency may use are dated before `before`. */
export async function countTransactionsBefore(exec: Executor, agencyId: string, before: Date): Promise<number> {
  const r = await amlDb(exec).selectFrom('aml_transactions').select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => eb.or([eb('owner_agency', '=', agencyId), eb('distribution', '=', 'node')])).where('ts', '<', before).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Account → holder record, for the accounts the agency may use that have one. */
export async function readHolders(exec: Executor, agencyId: string): Promise<Map<string, string>> {
  const rows = await amlDb(exec).selectFrom('aml_accounts').select(['id', 'holder']).where('holder', 'is not', null)
    .where((eb) => eb.or([eb('owner_agency', '=', agencyId), eb('distribution', '=', 'node')])).execute();
  return new Map(rows.map((r) => [r.id, r.holder!]));
}

/**
 * The stored transactions an actor's agency may use (its own, and those shared with the node), in time order, as
 * the engine's typed table. Labels are read only when asked for (training), never for scoring.
 */
export async function readTransactions(
  exec: Executor, agencyId: string, opts: { labels: boolean; until?: Date; since?: Date; accounts?: readonly string[] },
): Promise<TxTable> {
  const db = amlDb(exec);
  // accounts: interned first, in this order (the account list of a saved scoring state)
  const b = new TxTableBuilder({ accounts: opts.accounts });
  for (const a of await db.selectFrom('aml_accounts').select(['id', 'bank']).where('bank', 'is not', null)
    .where((eb) => eb.or([eb('owner_agency', '=', agencyId), eb('distribution', '=', 'node')])).execute()) b.setBank(a.id, a.bank!);
  let q = db.selectFrom('aml_transactions')
    .select(['tran_id', 'ts', 'orig', 'bene', 'amount', 'currency', 'amount_received', 'currency_received', 'tx_type', 'place', 'label', 'typology_label'])
    .where((eb) => eb.or([eb('owner_agency', '=', agencyId), eb('distribution', '=', 'node')]));
  if (opts.until) q = q.where('ts', '<', opts.until);
  if (opts.since) q = q.where('ts', '>=', opts.since);
  for (const r of await q.orderBy('ts').orderBy('tran_id').execute()) {
    b.add({
      id: r.tran_id, orig: r.orig, bene: r.bene, amount: Number(r.amount), amountReceived: Number(r.amount_received),
      time: new Date(r.ts).getTime() / 1000, currency: r.currency, currencyReceived: r.currency_received, type: r.tx_type,
      place: r.place ?? undefined, label: opts.labels && r.label !== null ? Number(r.label) : -1,
      typology: opts.labels ? r.typology_label ?? undefined : undefined,
    });
  }
  return b.finish();
}
