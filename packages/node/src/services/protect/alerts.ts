/**
 * Alert rules, detection runs, the alert timeline, notes (new substances), subscriptions, the in-app inbox
 * and the e-mail outbox. Every alert carries its explanation: observed count, expected count, upper bound,
 * method and every parameter it used.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { t } from '@puente/i18n';
import type { Actor } from '../../context';
import { notFound, PuenteError } from '../../errors';
import type { ServiceCtx } from '../context';
import { audit, authorize } from '../guard';
import { checkParams, detect, effectiveParams, type MethodId, type RuleParams } from './detect';
import { periodLabel, stepOf, type PeriodKind } from './periods';
import { protectDb, type PExecutor } from './schema';

export interface RuleInput { name: string; indicator: string; placeCode?: string | null; method: MethodId; params?: Record<string, unknown>; enabled?: boolean }
export interface RuleView {
  id: string; name: string; indicator: string; placeCode: string | null; method: MethodId; params: Record<string, unknown>; enabled: boolean;
  ownerAgency: string; createdBy: string | null; createdAt: string;
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

function ruleView(r: { id: string; name: string; indicator: string; place_code: string | null; method: string; params: unknown; enabled: boolean; owner_agency: string; created_by: string | null; created_at: Date }): RuleView {
  return {
    id: r.id, name: r.name, indicator: r.indicator, placeCode: r.place_code, method: r.method as MethodId, params: r.params as Record<string, unknown>,
    enabled: r.enabled, ownerAgency: r.owner_agency, createdBy: r.created_by, createdAt: iso(r.created_at),
  };
}

async function checkRuleInput(db: PExecutor, input: Pick<RuleInput, 'indicator' | 'placeCode' | 'method' | 'params'>): Promise<RuleParams> {
  if (!(await db.selectFrom('protect_indicators').select('code').where('code', '=', input.indicator).executeTakeFirst())) {
    throw new PuenteError('validation', 400, 'protect.error.unknown_indicator', { value: input.indicator }, { field: 'indicator' });
  }
  if (input.placeCode && !(await db.selectFrom('protect_places').select('code').where('code', '=', input.placeCode).executeTakeFirst())) {
    throw new PuenteError('validation', 400, 'protect.error.unknown_place', { value: input.placeCode }, { field: 'placeCode' });
  }
  try {
    return checkParams(input.method, input.params ?? {});
  } catch (err) {
    throw new PuenteError('validation', 400, 'protect.error.bad_params', { detail: (err as Error).message }, { field: 'params' });
  }
}

export async function listRules(ctx: ServiceCtx, actor: Actor): Promise<RuleView[]> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_rule' });
  const rows = await protectDb(ctx.db).selectFrom('protect_alert_rules').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(ruleView);
}

export async function createRule(ctx: ServiceCtx, actor: Actor, input: RuleInput): Promise<RuleView> {
  await authorize(ctx, actor, 'protect.alert.manage', { resourceType: 'protect_rule' });
  const p = protectDb(ctx.db);
  const params = await checkRuleInput(p, input);
  const id = randomUUID();
  await ctx.db.transaction().execute(async (tx) => {
    await protectDb(tx).insertInto('protect_alert_rules').values({
      id, name: input.name, indicator: input.indicator, place_code: input.placeCode ?? null, method: input.method,
      params: JSON.stringify(params), enabled: input.enabled ?? true, owner_agency: actor.agencyId, created_by: actor.id,
    }).execute();
    await audit(ctx, actor, { action: 'protect.rule.create', outcome: 'ok', resourceType: 'protect_rule', resourceId: id, detail: { ...input, params } }, tx);
  });
  return getRule(p, id);
}

async function getRule(p: PExecutor, id: string): Promise<RuleView> {
  const r = await p.selectFrom('protect_alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound({ id });
  return ruleView(r);
}

export async function updateRule(ctx: ServiceCtx, actor: Actor, id: string, patch: Partial<RuleInput>): Promise<RuleView> {
  await authorize(ctx, actor, 'protect.alert.manage', { resourceType: 'protect_rule', resourceId: id });
  const p = protectDb(ctx.db);
  const cur = await getRule(p, id);
  const next = { indicator: patch.indicator ?? cur.indicator, placeCode: patch.placeCode === undefined ? cur.placeCode : patch.placeCode, method: patch.method ?? cur.method, params: patch.params ?? (cur.params as Record<string, unknown>) };
  const params = await checkRuleInput(p, next);
  await ctx.db.transaction().execute(async (tx) => {
    await protectDb(tx).updateTable('protect_alert_rules').set({
      name: patch.name ?? cur.name, indicator: next.indicator, place_code: next.placeCode, method: next.method, params: JSON.stringify(params),
      enabled: patch.enabled ?? cur.enabled, updated_at: new Date(),
    }).where('id', '=', id).execute();
    await audit(ctx, actor, { action: 'protect.rule.update', outcome: 'ok', resourceType: 'protect_rule', resourceId: id, detail: { ...patch } }, tx);
  });
  return getRule(p, id);
}

export async function deleteRule(ctx: ServiceCtx, actor: Actor, id: string): Promise<void> {
  await authorize(ctx, actor, 'protect.alert.manage', { resourceType: 'protect_rule', resourceId: id });
  await ctx.db.transaction().execute(async (tx) => {
    const r = await protectDb(tx).deleteFrom('protect_alert_rules').where('id', '=', id).executeTakeFirst();
    if (!r.numDeletedRows) throw notFound({ id });
    await audit(ctx, actor, { action: 'protect.rule.delete', outcome: 'ok', resourceType: 'protect_rule', resourceId: id }, tx);
  });
}

export interface RunResult { rules: number; series: number; alerts: number; delivered: number; queued: number }

/**
 * Runs the enabled rules (or the given ones) over their series. An alarm in the last `lookback` periods of
 * a series (default 12) becomes an alert unless the same rule already raised it there; each new alert is
 * delivered to the inbox of every matching subscriber, and queued for e-mail when the subscription asks.
 */
export async function runRules(ctx: ServiceCtx, actor: Actor, opts: { ruleIds?: string[] } = {}): Promise<RunResult> {
  await authorize(ctx, actor, 'protect.alert.manage', { resourceType: 'protect_rule' });
  const p = protectDb(ctx.db);
  let q = p.selectFrom('protect_alert_rules').selectAll().where('enabled', '=', true);
  if (opts.ruleIds?.length) q = q.where('id', 'in', opts.ruleIds);
  const rules = await q.orderBy('created_at').execute();
  const result: RunResult = { rules: rules.length, series: 0, alerts: 0, delivered: 0, queued: 0 };
  const newAlerts: Array<Record<string, unknown>> = [];
  for (const rule of rules) {
    let sq = p.selectFrom('protect_series').innerJoin('protect_places', 'protect_places.code', 'protect_series.place_code')
      .select(['protect_series.id', 'protect_series.place_code', 'protect_series.period_kind', 'protect_series.start_period', 'protect_series.values'])
      .where('protect_series.indicator', '=', rule.indicator);
    if (rule.place_code) {
      const code = rule.place_code;
      sq = sq.where((eb) => eb.or([eb('protect_series.place_code', '=', code), eb('protect_places.parent_code', '=', code)]));
    }
    const series = await sq.execute();
    const params = rule.params as RuleParams;
    const lookback = params.lookback ?? 12;
    for (const s of series) {
      result.series++;
      const det = detect(s.values, s.period_kind, s.start_period, rule.method as MethodId, params);
      const step = stepOf(s.period_kind);
      const from = Math.max(det.from, s.values.length - lookback);
      const eff = effectiveParams(rule.method as MethodId, params, s.period_kind);
      for (let i = from; i <= det.to; i++) {
        if (det.alarm[i] !== 1) continue;
        const period = s.start_period + i * step;
        const observed = s.values[i] as number;
        const expected = Number.isFinite(det.expected[i]) ? det.expected[i] : null;
        const upper = Number.isFinite(det.upperBound[i]) ? det.upperBound[i] : null;
        newAlerts.push({
          rule_id: rule.id, series_id: s.id, place_code: s.place_code, indicator: rule.indicator, period_kind: s.period_kind, period,
          observed, expected, upper_bound: upper, method: rule.method, params: JSON.stringify(eff),
          explanation: JSON.stringify({
            rule: rule.name, method: rule.method, params: eff, period: periodLabel(s.period_kind, period), observed, expected, upperBound: upper,
            statistic: det.statistic && Number.isFinite(det.statistic[i]) ? det.statistic[i] : null,
            excess: upper !== null ? observed - upper : null,
            evaluated: { from: periodLabel(s.period_kind, s.start_period + det.from * step), to: periodLabel(s.period_kind, s.start_period + det.to * step) },
          }),
        });
      }
    }
  }
  await ctx.db.transaction().execute(async (tx) => {
    const pt = protectDb(tx);
    const inserted: Array<{ id: string; place_code: string; indicator: string; period_kind: string; period: number; observed: number; upper_bound: number | null }> = [];
    for (let i = 0; i < newAlerts.length; i += 300) {
      const rows = await pt.insertInto('protect_alerts').values(newAlerts.slice(i, i + 300) as never)
        .onConflict((oc) => oc.columns(['rule_id', 'series_id', 'period']).doNothing())
        .returning(['id', 'place_code', 'indicator', 'period_kind', 'period', 'observed', 'upper_bound']).execute();
      inserted.push(...rows.map((r) => ({ ...r, id: String(r.id) })));
    }
    result.alerts = inserted.length;
    const d = await deliver(tx, inserted);
    result.delivered = d.delivered;
    result.queued = d.queued;
    await audit(ctx, actor, { action: 'protect.detect', outcome: 'ok', resourceType: 'protect_rule', detail: { ...result, ruleIds: rules.map((r) => r.id) } }, tx);
  });
  return result;
}

/** Inbox rows (and outbox e-mails) for new alerts, by subscription: indicator and/or place (a state covers its municipalities). */
async function deliver(tx: PExecutor, alerts: Array<{ id: string; place_code: string; indicator: string; period_kind: string; period: number; observed: number; upper_bound: number | null }>) {
  if (!alerts.length) return { delivered: 0, queued: 0 };
  const subs = await tx.selectFrom('protect_subscriptions').selectAll().execute();
  if (!subs.length) return { delivered: 0, queued: 0 };
  const places = await tx.selectFrom('protect_places').select(['code', 'name', 'parent_code']).where('code', 'in', [...new Set(alerts.map((a) => a.place_code))]).execute();
  const placeOf = new Map(places.map((p) => [p.code, p]));
  const inds = new Map((await tx.selectFrom('protect_indicators').select(['code', 'name_en', 'name_es']).execute()).map((r) => [r.code, r]));
  const inbox: Array<{ user_id: string; alert_id: string }> = [];
  const outbox: Array<{ user_id: string; alert_id: string; to_address: string; subject: string; body: string }> = [];
  for (const a of alerts) {
    const place = placeOf.get(a.place_code);
    const users = new Set<string>();
    for (const s of subs) {
      if (s.indicator && s.indicator !== a.indicator) continue;
      if (s.place_code && s.place_code !== a.place_code && s.place_code !== place?.parent_code) continue;
      if (users.has(s.user_id)) continue;
      users.add(s.user_id);
      inbox.push({ user_id: s.user_id, alert_id: a.id });
      if (s.email) {
        const vars = {
          indicator: '', place: place?.name ?? a.place_code, period: periodLabel(a.period_kind as PeriodKind, a.period),
          observed: a.observed, upper: a.upper_bound === null ? '—' : a.upper_bound.toFixed(1),
        };
        const ind = inds.get(a.indicator);
        const en = t('en', 'protect.email.body', { ...vars, indicator: ind?.name_en ?? a.indicator });
        const es = t('es', 'protect.email.body', { ...vars, indicator: ind?.name_es ?? a.indicator });
        outbox.push({
          user_id: s.user_id, alert_id: a.id, to_address: s.email,
          subject: `${t('en', 'protect.email.subject', { place: vars.place, period: vars.period })} / ${t('es', 'protect.email.subject', { place: vars.place, period: vars.period })}`,
          body: `${en}\n\n${es}\n`,
        });
      }
    }
  }
  let delivered = 0;
  for (let i = 0; i < inbox.length; i += 500) {
    const r = await tx.insertInto('protect_inbox').values(inbox.slice(i, i + 500)).onConflict((oc) => oc.columns(['user_id', 'alert_id']).doNothing()).executeTakeFirst();
    delivered += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  let queued = 0;
  for (let i = 0; i < outbox.length; i += 300) {
    const r = await tx.insertInto('protect_outbox').values(outbox.slice(i, i + 300)).onConflict((oc) => oc.columns(['user_id', 'alert_id']).doNothing()).executeTakeFirst();
    queued += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return { delivered, queued };
}

export interface AlertView {
  id: string; ruleId: string; ruleName: string; seriesId: string; placeCode: string; placeName: string; indicator: string;
  period: string; observed: number; expected: number | null; upperBound: number | null; method: string;
  params: Record<string, unknown>; explanation: Record<string, unknown>; status: string; createdAt: string; notes: number;
  read?: boolean;
}

const alertColumns = [
  'protect_alerts.id', 'protect_alerts.rule_id', 'protect_alert_rules.name as rule_name', 'protect_alerts.series_id', 'protect_alerts.place_code',
  'protect_places.name as place_name', 'protect_alerts.indicator', 'protect_alerts.period_kind', 'protect_alerts.period', 'protect_alerts.observed',
  'protect_alerts.expected', 'protect_alerts.upper_bound', 'protect_alerts.method', 'protect_alerts.params', 'protect_alerts.explanation',
  'protect_alerts.status', 'protect_alerts.created_at',
] as const;

type AlertRow = {
  id: string; rule_id: string; rule_name: string; series_id: string; place_code: string; place_name: string; indicator: string; period_kind: string;
  period: number; observed: number; expected: number | null; upper_bound: number | null; method: string; params: unknown; explanation: unknown;
  status: string; created_at: Date; notes?: string; read_at?: Date | null;
};

function alertView(r: AlertRow): AlertView {
  return {
    id: String(r.id), ruleId: r.rule_id, ruleName: r.rule_name, seriesId: String(r.series_id), placeCode: r.place_code, placeName: r.place_name,
    indicator: r.indicator, period: periodLabel(r.period_kind as PeriodKind, r.period), observed: r.observed, expected: r.expected,
    upperBound: r.upper_bound, method: r.method, params: r.params as Record<string, unknown>, explanation: r.explanation as Record<string, unknown>,
    status: r.status, createdAt: iso(r.created_at), notes: Number(r.notes ?? 0),
    ...(r.read_at !== undefined ? { read: r.read_at !== null } : {}),
  };
}

function alertsQuery(ctx: ServiceCtx) {
  return protectDb(ctx.db).selectFrom('protect_alerts')
    .innerJoin('protect_alert_rules', 'protect_alert_rules.id', 'protect_alerts.rule_id')
    .innerJoin('protect_places', 'protect_places.code', 'protect_alerts.place_code')
    .select([...alertColumns, sql<string>`(select count(*) from protect_alert_notes n where n.alert_id = protect_alerts.id)`.as('notes')]);
}

/** The alert timeline: newest period first, filtered by indicator, place (a state includes its municipalities) and status. */
export async function listAlerts(ctx: ServiceCtx, actor: Actor, q: { indicator?: string; place?: string; status?: string; limit?: number; offset?: number }): Promise<{ total: number; alerts: AlertView[] }> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_alert' });
  let query = alertsQuery(ctx);
  if (q.indicator) query = query.where('protect_alerts.indicator', '=', q.indicator);
  if (q.place) { const pl = q.place; query = query.where((eb) => eb.or([eb('protect_alerts.place_code', '=', pl), eb('protect_places.parent_code', '=', pl)])); }
  if (q.status) query = query.where('protect_alerts.status', '=', q.status as 'open');
  const rows = await query.select(sql<string>`count(*) over ()`.as('total'))
    .orderBy('protect_alerts.period', 'desc').orderBy('protect_alerts.id', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return { total: rows.length ? Number((rows[0] as unknown as { total: string }).total) : 0, alerts: rows.map((r) => alertView(r as unknown as AlertRow)) };
}

export interface NoteView { id: string; kind: string; substance: string | null; text: string; authorId: string | null; authorAgency: string | null; createdAt: string }

export async function getAlert(ctx: ServiceCtx, actor: Actor, id: string): Promise<{ alert: AlertView; notes: NoteView[] }> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_alert', resourceId: id });
  if (!/^\d{1,18}$/.test(id)) throw notFound({ id });
  const row = await alertsQuery(ctx).where('protect_alerts.id', '=', id).executeTakeFirst();
  if (!row) throw notFound({ id });
  const notes = await protectDb(ctx.db).selectFrom('protect_alert_notes').selectAll().where('alert_id', '=', id).orderBy('created_at').orderBy('id').execute();
  // Opening an alert marks it read in the caller's inbox.
  await protectDb(ctx.db).updateTable('protect_inbox').set({ read_at: new Date() }).where('user_id', '=', actor.id).where('alert_id', '=', id).where('read_at', 'is', null).execute();
  return {
    alert: alertView(row as unknown as AlertRow),
    notes: notes.map((n) => ({ id: String(n.id), kind: n.kind, substance: n.substance, text: n.text, authorId: n.author_id, authorAgency: n.author_agency, createdAt: iso(n.created_at) })),
  };
}

export async function setAlertStatus(ctx: ServiceCtx, actor: Actor, id: string, status: 'open' | 'acknowledged' | 'closed'): Promise<AlertView> {
  await authorize(ctx, actor, 'protect.alert.manage', { resourceType: 'protect_alert', resourceId: id });
  if (!/^\d{1,18}$/.test(id)) throw notFound({ id });
  await ctx.db.transaction().execute(async (tx) => {
    const r = await protectDb(tx).updateTable('protect_alerts').set({ status }).where('id', '=', id).executeTakeFirst();
    if (!r.numUpdatedRows) throw notFound({ id });
    await audit(ctx, actor, { action: 'protect.alert.status', outcome: 'ok', resourceType: 'protect_alert', resourceId: id, detail: { status } }, tx);
  });
  return (await getAlert(ctx, actor, id)).alert;
}

/** A note on an alert; kind 'substance' names a new substance found (e.g. in toxicology) and attaches it to the alert. */
export async function addNote(ctx: ServiceCtx, actor: Actor, id: string, input: { kind: 'comment' | 'substance'; substance?: string | null; text: string }): Promise<NoteView> {
  await authorize(ctx, actor, 'protect.alert.manage', { resourceType: 'protect_alert', resourceId: id });
  if (!/^\d{1,18}$/.test(id)) throw notFound({ id });
  if (input.kind === 'substance' && !input.substance?.trim()) throw new PuenteError('validation', 400, 'error.validation', { detail: 'substance' }, { field: 'substance' });
  const p = protectDb(ctx.db);
  if (!(await p.selectFrom('protect_alerts').select('id').where('id', '=', id).executeTakeFirst())) throw notFound({ id });
  const note = await ctx.db.transaction().execute(async (tx) => {
    const n = await protectDb(tx).insertInto('protect_alert_notes').values({
      alert_id: id, kind: input.kind, substance: input.kind === 'substance' ? input.substance!.trim() : null, text: input.text,
      author_id: actor.id, author_agency: actor.agencyId,
    }).returningAll().executeTakeFirstOrThrow();
    await audit(ctx, actor, { action: 'protect.alert.note', outcome: 'ok', resourceType: 'protect_alert', resourceId: id, detail: { kind: input.kind, substance: input.substance ?? null } }, tx);
    return n;
  });
  return { id: String(note.id), kind: note.kind, substance: note.substance, text: note.text, authorId: note.author_id, authorAgency: note.author_agency, createdAt: iso(note.created_at) };
}

export interface SubscriptionView { id: string; indicator: string | null; placeCode: string | null; email: string | null; createdAt: string }

export async function listSubscriptions(ctx: ServiceCtx, actor: Actor): Promise<SubscriptionView[]> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_subscription' });
  const rows = await protectDb(ctx.db).selectFrom('protect_subscriptions').selectAll().where('user_id', '=', actor.id).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, indicator: r.indicator, placeCode: r.place_code, email: r.email, createdAt: iso(r.created_at) }));
}

export async function subscribe(ctx: ServiceCtx, actor: Actor, input: { indicator?: string | null; placeCode?: string | null; email?: string | null }): Promise<SubscriptionView> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_subscription' });
  const p = protectDb(ctx.db);
  if (input.indicator && !(await p.selectFrom('protect_indicators').select('code').where('code', '=', input.indicator).executeTakeFirst())) {
    throw new PuenteError('validation', 400, 'protect.error.unknown_indicator', { value: input.indicator }, { field: 'indicator' });
  }
  if (input.placeCode && !(await p.selectFrom('protect_places').select('code').where('code', '=', input.placeCode).executeTakeFirst())) {
    throw new PuenteError('validation', 400, 'protect.error.unknown_place', { value: input.placeCode }, { field: 'placeCode' });
  }
  const id = randomUUID();
  await ctx.db.transaction().execute(async (tx) => {
    await protectDb(tx).insertInto('protect_subscriptions').values({ id, user_id: actor.id, indicator: input.indicator ?? null, place_code: input.placeCode ?? null, email: input.email ?? null }).execute();
    await audit(ctx, actor, { action: 'protect.subscribe', outcome: 'ok', resourceType: 'protect_subscription', resourceId: id, detail: { indicator: input.indicator ?? null, placeCode: input.placeCode ?? null, email: !!input.email } }, tx);
  });
  return (await listSubscriptions(ctx, actor)).find((s) => s.id === id)!;
}

export async function unsubscribe(ctx: ServiceCtx, actor: Actor, id: string): Promise<void> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_subscription', resourceId: id });
  await ctx.db.transaction().execute(async (tx) => {
    const r = await protectDb(tx).deleteFrom('protect_subscriptions').where('id', '=', id).where('user_id', '=', actor.id).executeTakeFirst();
    if (!r.numDeletedRows) throw notFound({ id });
    await audit(ctx, actor, { action: 'protect.unsubscribe', outcome: 'ok', resourceType: 'protect_subscription', resourceId: id }, tx);
  });
}

/** The caller's inbox: alerts delivered to them, newest first, with the unread count. */
export async function inbox(ctx: ServiceCtx, actor: Actor, q: { unread?: boolean; limit?: number }): Promise<{ unread: number; alerts: AlertView[] }> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_inbox' });
  const p = protectDb(ctx.db);
  let query = alertsQuery(ctx).innerJoin('protect_inbox', 'protect_inbox.alert_id', 'protect_alerts.id').select('protect_inbox.read_at')
    .where('protect_inbox.user_id', '=', actor.id);
  if (q.unread) query = query.where('protect_inbox.read_at', 'is', null);
  const rows = await query.orderBy('protect_alerts.period', 'desc').orderBy('protect_alerts.id', 'desc').limit(q.limit ?? 100).execute();
  const unread = await p.selectFrom('protect_inbox').select(sql<string>`count(*)`.as('n')).where('user_id', '=', actor.id).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return { unread: Number(unread.n), alerts: rows.map((r) => alertView(r as unknown as AlertRow)) };
}

export async function markRead(ctx: ServiceCtx, actor: Actor, alertIds: string[] | 'all'): Promise<{ updated: number }> {
  await authorize(ctx, actor, 'protect.read', { resourceType: 'protect_inbox' });
  let q = protectDb(ctx.db).updateTable('protect_inbox').set({ read_at: new Date() }).where('user_id', '=', actor.id).where('read_at', 'is', null);
  if (alertIds !== 'all') {
    const ids = alertIds.filter((a) => /^\d{1,18}$/.test(a));
    if (!ids.length) return { updated: 0 };
    q = q.where('alert_id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return { updated: Number(r.numUpdatedRows) };
}

/** The e-mail outbox (pending messages), for the mailer that sends them. */
export async function outbox(ctx: ServiceCtx, actor: Actor, q: { status?: string; limit?: number } = {}) {
  await authorize(ctx, actor, 'protect.alert.manage', { resourceType: 'protect_outbox' });
  const rows = await protectDb(ctx.db).selectFrom('protect_outbox').selectAll().where('status', '=', q.status ?? 'pending').orderBy('id', 'desc').limit(q.limit ?? 100).execute();
  return rows.map((r) => ({ id: String(r.id), userId: r.user_id, alertId: String(r.alert_id), to: r.to_address, subject: r.subject, body: r.body, status: r.status, createdAt: iso(r.created_at) }));
}
