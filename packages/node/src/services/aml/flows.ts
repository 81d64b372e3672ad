/**
 * Money flows around accounts: the flow graph of an account's neighbourhood within a time window (accounts as
 * nodes, transfers aggregated per direction into edges with count, sum and first/last time), an account's timeline
 * (every transfer in or out, with the running net), and the money paths from one account to another (transfers in
 * time order, each leaving after the previous one arrived, as far as `maxHops`), and the network of a window as a
 * whole: its communities and its brokers (engines/graph).
 */
import { sql } from 'kysely';
import { betweenness, buildGraph, communities, modularity, pageRank } from '../../../../engines/src/graph/index';
import type { Actor } from '../../context';
import { PuenteError } from '../../errors';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { visibleTo } from './alerts';
import { amlDb } from './schema';

export interface Window { from?: string; to?: string }
export interface FlowNode { id: string; bank: string | null; holder: string | null; alerts: number }
export interface FlowEdge { from: string; to: string; count: number; amount: number; currency: string; first: string; last: string }
export interface TimelineRow { tranId: string; ts: string; direction: 'in' | 'out'; counterparty: string; amount: number; currency: string; type: string; net: number; alert: string | null }

const MAX_EDGES = 2000;

function range(w: Window): { from: Date; to: Date } {
  const from = w.from ? new Date(w.from) : new Date('1900-01-01T00:00:00Z');
  const to = w.to ? new Date(w.to) : new Date('2999-01-01T00:00:00Z');
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to) throw new PuenteError('validation', 400, 'error.aml.window', {}, { field: 'from' });
  return { from, to };
}

/** The flow graph within `depth` transfers of an account (1 or 2), in the window. */
export async function flowGraph(ctx: ServiceCtx, actor: Actor, account: string, input: Window & { depth?: number } = {}): Promise<{ nodes: FlowNode[]; edges: FlowEdge[]; truncated: boolean }> {
  await authorize(ctx, actor, 'aml.read');
  const { from, to } = range(input);
  const db = amlDb(ctx.db);
  const depth = input.depth === 2 ? 2 : 1;
  let frontier = new Set([account]);
  const seen = new Set([account]);
  const edges = new Map<string, FlowEdge>();
  let truncated = false;
  for (let d = 0; d < depth && frontier.size; d++) {
    const ids = [...frontier];
    const rows = await db.selectFrom('aml_transactions')
      .select(['orig', 'bene', 'currency', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<number>('amount').as('total'),
        (eb) => eb.fn.min('ts').as('first'), (eb) => eb.fn.max('ts').as('last')])
      .where(visibleTo(actor.agencyId)).where('ts', '>=', from).where('ts', '<', to)
      .where((eb) => eb.or([eb('orig', 'in', ids), eb('bene', 'in', ids)]))
      .groupBy(['orig', 'bene', 'currency']).orderBy(sql`sum(amount)`, 'desc').limit(MAX_EDGES + 1).execute();
    if (rows.length > MAX_EDGES) { truncated = true; rows.length = MAX_EDGES; }
    const next = new Set<string>();
    for (const r of rows) {
      edges.set(`${r.orig}|${r.bene}|${r.currency}`, {
        from: r.orig, to: r.bene, currency: r.currency, count: Number(r.n), amount: Number(r.total),
        first: new Date(r.first as Date).toISOString(), last: new Date(r.last as Date).toISOString(),
      });
      for (const x of [r.orig, r.bene]) if (!seen.has(x)) { seen.add(x); next.add(x); }
    }
    frontier = next;
  }
  const ids = [...seen];
  const accounts = new Map((await db.selectFrom('aml_accounts').select(['id', 'bank', 'holder']).where('id', 'in', ids).execute()).map((a) => [a.id, a]));
  const alerts = new Map<string, number>();
  for (const r of await db.selectFrom('aml_alerts').select(['orig', 'bene']).where(visibleTo(actor.agencyId)).where('ts', '>=', from).where('ts', '<', to)
    .where((eb) => eb.or([eb('orig', 'in', ids), eb('bene', 'in', ids)])).execute()) {
    alerts.set(r.orig, (alerts.get(r.orig) ?? 0) + 1);
    if (r.bene !== r.orig) alerts.set(r.bene, (alerts.get(r.bene) ?? 0) + 1);
  }
  await audit(ctx, actor, { action: 'aml.read', outcome: 'ok', resourceType: 'aml_account', resourceId: account, detail: { view: 'flows', depth, edges: edges.size } });
  return {
    nodes: ids.map((id) => ({ id, bank: accounts.get(id)?.bank ?? null, holder: accounts.get(id)?.holder ?? null, alerts: alerts.get(id) ?? 0 })),
    edges: [...edges.values()], truncated,
  };
}

/** Every transfer in or out of an account in the window, oldest first, with the running net (in − out). */
export async function accountTimeline(ctx: ServiceCtx, actor: Actor, account: string, input: Window & { limit?: number } = {}): Promise<{ rows: TimelineRow[]; truncated: boolean }> {
  await authorize(ctx, actor, 'aml.read');
  const { from, to } = range(input);
  const limit = Math.min(input.limit ?? 1000, 5000);
  const db = amlDb(ctx.db);
  const rows = await db.selectFrom('aml_transactions').select(['tran_id', 'ts', 'orig', 'bene', 'amount', 'currency', 'tx_type'])
    .where(visibleTo(actor.agencyId)).where('ts', '>=', from).where('ts', '<', to)
    .where((eb) => eb.or([eb('orig', '=', account), eb('bene', '=', account)]))
    .orderBy('ts').orderBy('tran_id').limit(limit + 1).execute();
  const truncated = rows.length > limit;
  if (truncated) rows.length = limit;
  const alerts = new Map((await db.selectFrom('aml_alerts').select(['id', 'tran_id']).where(visibleTo(actor.agencyId))
    .where((eb) => eb.or([eb('orig', '=', account), eb('bene', '=', account)])).execute()).map((a) => [a.tran_id, a.id]));
  let net = 0;
  const out = rows.map((r): TimelineRow => {
    const incoming = r.bene === account && r.orig !== account;
    net += incoming ? Number(r.amount) : -Number(r.amount);
    return {
      tranId: r.tran_id, ts: new Date(r.ts).toISOString(), direction: incoming ? 'in' : 'out', counterparty: incoming ? r.orig : r.bene,
      amount: Number(r.amount), currency: r.currency, type: r.tx_type, net, alert: alerts.get(r.tran_id) ?? null,
    };
  });
  await audit(ctx, actor, { action: 'aml.read', outcome: 'ok', resourceType: 'aml_account', resourceId: account, detail: { view: 'timeline', rows: out.length } });
  return { rows: out, truncated };
}

/**
 * Money paths from `source` to `target`: chains of transfers, each leaving after the previous arrived, at most
 * `maxHops` long, in the window; at most `limit` paths, shortest first (breadth-first over time-respecting edges).
 */
export async function moneyPaths(
  ctx: ServiceCtx, actor: Actor, source: string, target: string, input: Window & { maxHops?: number; limit?: number } = {},
): Promise<{ paths: Array<Array<{ tranId: string; from: string; to: string; ts: string; amount: number; currency: string }>> }> {
  await authorize(ctx, actor, 'aml.read');
  const { from, to } = range(input);
  const maxHops = Math.min(Math.max(input.maxHops ?? 4, 1), 6);
  const limit = Math.min(input.limit ?? 20, 100);
  const db = amlDb(ctx.db);
  type Step = { tranId: string; from: string; to: string; ts: string; amount: number; currency: string };
  const outOf = new Map<string, Step[]>();
  const load = async (ids: string[]) => {
    const need = ids.filter((i) => !outOf.has(i));
    if (!need.length) return;
    for (const i of need) outOf.set(i, []);
    const rows = await db.selectFrom('aml_transactions').select(['tran_id', 'orig', 'bene', 'ts', 'amount', 'currency'])
      .where(visibleTo(actor.agencyId)).where('ts', '>=', from).where('ts', '<', to).where('orig', 'in', need).orderBy('ts').limit(50_000).execute();
    for (const r of rows) outOf.get(r.orig)!.push({ tranId: r.tran_id, from: r.orig, to: r.bene, ts: new Date(r.ts).toISOString(), amount: Number(r.amount), currency: r.currency });
  };
  const paths: Step[][] = [];
  let level: Step[][] = [[]];
  for (let hop = 0; hop < maxHops && level.length && paths.length < limit; hop++) {
    const ends = level.map((p) => (p.length ? p[p.length - 1]!.to : source));
    await load([...new Set(ends)]);
    const next: Step[][] = [];
    for (const p of level) {
      const at = p.length ? p[p.length - 1]! : null;
      const visited = new Set([source, ...p.map((s) => s.to)]);
      for (const s of outOf.get(at ? at.to : source) ?? []) {
        if (at && s.ts < at.ts) continue;
        if (s.to === target) { paths.push([...p, s]); if (paths.length >= limit) break; continue; }
        if (!visited.has(s.to) && next.length < 20_000) next.push([...p, s]);
      }
      if (paths.length >= limit) break;
    }
    level = next;
  }
  await audit(ctx, actor, { action: 'aml.read', outcome: 'ok', resourceType: 'aml_account', resourceId: source, detail: { view: 'paths', target, paths: paths.length } });
  return { paths };
}

export interface NetworkView {
  accounts: number; flows: number; modularity: number; sampled: boolean;
  communities: Array<{ id: number; size: number; alerts: number; amount: number; accounts: string[] }>;
  brokers: Array<{ account: string; betweenness: number; pageRank: number; alerts: number; holder: string | null; community: number }>;
}

/** Above this many accounts, betweenness is estimated from this many source accounts (engines/graph). */
const EXACT_BETWEENNESS = 3000;

/**
 * The money-flow network in a window: communities (Louvain on the amount-weighted graph) ranked by their alerts,
 * and brokers — the accounts on most money paths (betweenness), with their PageRank. Explainable by construction:
 * every figure is a named graph measure over the transfers shown in the account pages.
 */
export async function networkAnalysis(ctx: ServiceCtx, actor: Actor, input: Window & { top?: number } = {}): Promise<NetworkView> {
  await authorize(ctx, actor, 'aml.read');
  const { from, to } = range(input);
  const top = Math.min(input.top ?? 20, 100);
  const db = amlDb(ctx.db);
  const rows = await db.selectFrom('aml_transactions').select(['orig', 'bene', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where(visibleTo(actor.agencyId)).where('ts', '>=', from).where('ts', '<', to).groupBy(['orig', 'bene']).execute();
  const index = new Map<string, number>();
  const id = (a: string) => { let i = index.get(a); if (i === undefined) { i = index.size; index.set(a, i); } return i; };
  const edges = rows.map((r) => [id(r.orig), id(r.bene), Number(r.total)] as const);
  const names = [...index.keys()];
  const g = buildGraph(names.length, edges);
  const rank = pageRank(g);
  const sampled = names.length > EXACT_BETWEENNESS;
  const between = betweenness(g, sampled ? { pivots: EXACT_BETWEENNESS } : {});
  const comm = communities(g);
  const alerts = new Map<string, number>();
  for (const r of await db.selectFrom('aml_alerts').select(['orig', 'bene']).where(visibleTo(actor.agencyId)).where('ts', '>=', from).where('ts', '<', to).execute()) {
    alerts.set(r.orig, (alerts.get(r.orig) ?? 0) + 1);
    if (r.bene !== r.orig) alerts.set(r.bene, (alerts.get(r.bene) ?? 0) + 1);
  }
  const groups = new Map<number, { size: number; alerts: number; amount: number; accounts: string[] }>();
  names.forEach((a, i) => {
    const c = groups.get(comm[i]!) ?? { size: 0, alerts: 0, amount: 0, accounts: [] };
    c.size++; c.alerts += alerts.get(a) ?? 0; c.accounts.push(a);
    groups.set(comm[i]!, c);
  });
  for (const [a, b, x] of edges) if (comm[a] === comm[b]) groups.get(comm[a]!)!.amount += x;
  const order = [...names.keys()].sort((a, b) => between[b]! - between[a]! || rank[b]! - rank[a]! || a - b).slice(0, top);
  const holders = new Map((await db.selectFrom('aml_accounts').select(['id', 'holder']).where('id', 'in', order.length ? order.map((i) => names[i]!) : ['']).execute()).map((h) => [h.id, h.holder]));
  await audit(ctx, actor, { action: 'aml.read', outcome: 'ok', resourceType: 'aml_network', detail: { accounts: names.length, flows: edges.length } });
  return {
    accounts: names.length, flows: edges.length, modularity: names.length ? modularity(g, comm) : 0, sampled,
    communities: [...groups].filter(([, c]) => c.size > 1).sort((x, y) => y[1].alerts / y[1].size - x[1].alerts / x[1].size || y[1].size - x[1].size || x[0] - y[0])
      .slice(0, top).map(([cid, c]) => ({ id: cid, size: c.size, alerts: c.alerts, amount: c.amount, accounts: c.accounts.sort((a, b) => (alerts.get(b) ?? 0) - (alerts.get(a) ?? 0) || a.localeCompare(b)).slice(0, 12) })),
    brokers: order.map((i) => ({
      account: names[i]!, betweenness: between[i]!, pageRank: rank[i]!, alerts: alerts.get(names[i]!) ?? 0, holder: holders.get(names[i]!) ?? null, community: comm[i]!,
    })),
  };
}
