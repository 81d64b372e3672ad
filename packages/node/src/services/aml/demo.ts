/**
 * The demo world's money (issue 5): a season of transfers between the node's own bank accounts (the world's
 * BankAccount records, held by its people and companies) and a few dozen mule accounts, with laundering rings
 * planted by packages/demo/src/aml (fan-in, fan-out, cycles, scatter-gather, gather-scatter, structuring, and a few
 * funnel accounts and mirror trades across the border, which the rule detectors raise whatever the score). They are
 * imported through the normal path as the country's financial-intelligence unit, a model is trained on the first
 * three months and the last month is scored, so the alert queue starts filled. Loaded once per store.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { amlWorld, amlWorldCsv, type NodeHoldings } from '@puente/demo';
import { Rates } from '../../../../engines/src/aml/rates';
import type { Actor } from '../../context';
import type { ServiceCtx } from '../context';
import { importTransactions, scoreAndAlert, trainModel } from './index';
import { amlDb } from './schema';

const DAYS = 120;
const TRAIN_DAYS = 90;
const FIU: Record<string, string> = { MX: 'mx-uif', US: 'us-fincen' };

const day = (iso: string, add: number) => new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + add * 86_400_000).toISOString().slice(0, 10);

export async function loadAmlDemo(ctx: ServiceCtx, system: Actor, share: NodeHoldings, opts: { seed: number; now: string }): Promise<void> {
  const db = amlDb(ctx.db);
  if (await db.selectFrom('aml_imports').select('id').limit(1).executeTakeFirst()) return;
  const agency = FIU[ctx.node.country];
  if (!agency) return;
  const own = share.entities.filter((e) => e.meta.originNode === ctx.node.id);
  const accounts = own.filter((e) => e.schema === 'BankAccount').map((e) => e.id).sort();
  if (accounts.length < 20) return;
  const holder = new Map<string, string>();
  for (const e of own) if (e.schema === 'Ownership' && e.properties.asset?.[0] && e.properties.owner?.[0]) holder.set(e.properties.asset[0], e.properties.owner[0]);
  const start = day(opts.now, -DAYS);
  // funnels and mirror trades in the scored month; mirror trades at the engine's own rate for the season (rates.ts)
  const mxnPerUsd = 1 / new Rates().rate('MXN', Date.parse(`${start}T00:00:00Z`) / 1000);
  const txs = amlWorld({
    accounts: Math.min(accounts.length, 600), days: DAYS, patterns: 36, seed: opts.seed, start, country: ctx.node.country,
    extra: { funnel: 3, mirror: 3, fromDay: TRAIN_DAYS, mxnPerUsd },
  });
  // The generator's ordinary accounts A<i> become the node's accounts; its mule accounts M<j> stay mules, and the
  // accounts across the border X<k> that funnels wire to are named as such.
  const name = (a: string) => (a.startsWith('A') ? accounts[Number(a.slice(1)) % accounts.length]!
    : a.startsWith('X') ? `${ctx.node.id}-abroad-${a.slice(1)}` : `${ctx.node.id}-mule-${a.slice(1)}`);
  for (const t of txs) { t.orig_acct = name(t.orig_acct); t.bene_acct = name(t.bene_acct); }
  const dir = mkdtempSync(join(tmpdir(), 'puente-aml-demo-'));
  const fiu: Actor = { ...system, agencyId: agency, purpose: 'financial_intelligence' };
  try {
    const file = join(dir, `demo-transactions-${ctx.node.id}.csv`);
    writeFileSync(file, amlWorldCsv(txs));
    await importTransactions(ctx, fiu, { file, dataset: `demo-transactions-${ctx.node.id}`, labels: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [account, owner] of holder) await db.updateTable('aml_accounts').set({ holder: owner }).where('id', '=', account).execute();
  await trainModel(ctx, fiu, { until: day(start, TRAIN_DAYS), seed: opts.seed });
  await scoreAndAlert(ctx, fiu, { from: day(start, TRAIN_DAYS) });
}
