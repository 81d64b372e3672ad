/**
 * Loads the demo world's Protect data (packages/demo layers/protect.ts) into this node's typed tables:
 * places and their synthetic boundaries, the series, homicide points, practices, alert rules, the demo
 * users' subscriptions, and (Mexico node) the task-force case linking existing demo suspects; then runs the
 * rules once so the inbox and the alert timeline have something to show. Idempotent: skipped when demo
 * places exist. Case counts and practices are aggregates and published material: both nodes hold all of
 * them; the case stays with its owner's node.
 */
import { sql } from 'kysely';
import { DEFAULT_NOW, DEFAULT_SEED } from '@puente/demo';
import { generateProtectWorld } from '../../../../demo/src/layers/protect';
import type { Actor } from '../../context';
import type { ServiceCtx } from '../context';
import { audit } from '../guard';
import { fold } from './practices';
import { runRules } from './alerts';
import { protectDb } from './schema';
import { float8Array, upsertPlaces } from './store';
import { monthKey } from './periods';

export interface ProtectDemoLoad { places: number; series: number; events: number; practices: number; rules: number; alerts: number; cases: number }

export async function loadProtectDemo(ctx: ServiceCtx, actor: Actor, opts: { seed?: number; now?: string } = {}): Promise<ProtectDemoLoad | null> {
  const p = protectDb(ctx.db);
  if (await p.selectFrom('protect_places').select('code').where('synthetic', '=', true).limit(1).executeTakeFirst()) return null;
  const seed = opts.seed ?? DEFAULT_SEED;
  const world = generateProtectWorld({ seed, now: opts.now ?? DEFAULT_NOW });
  const country = ctx.node.country;
  const load: ProtectDemoLoad = { places: world.places.length, series: world.series.length, events: world.events.length, practices: world.practices.length, rules: world.rules.length, alerts: 0, cases: 0 };

  await ctx.db.transaction().execute(async (trx) => {
    const tx = protectDb(trx);
    await upsertPlaces(tx, world.places.map((pl) => ({ ...pl, populationYear: 2025, synthetic: true })));
    for (let i = 0; i < world.boundaries.length; i += 500) {
      await tx.insertInto('protect_boundaries').values(world.boundaries.slice(i, i + 500).map((b) => ({ place_code: b.code, geometry: JSON.stringify(b.geometry) }))).execute();
    }
    for (let i = 0; i < world.series.length; i += 400) {
      await tx.insertInto('protect_series').values(world.series.slice(i, i + 400).map((s) => ({
        place_code: s.placeCode, indicator: s.indicator, period_kind: 'month' as const, start_period: monthKey(s.startYear, s.startMonth),
        values: sql`${float8Array(s.values)}::float8[]` as unknown as string, source: 'demo',
      }))).execute();
    }
    for (let i = 0; i < world.events.length; i += 500) {
      await tx.insertInto('protect_events').values(world.events.slice(i, i + 500).map((e) => ({
        id: e.id, kind: 'homicide', place_code: e.placeCode, occurred_on: e.date, x: e.x, y: e.y, synthetic: true,
      }))).execute();
    }
    await tx.insertInto('protect_practices').values(world.practices.map((pr) => ({
      id: pr.id, title_en: pr.title.en, title_es: pr.title.es, programme_en: pr.programme.en, programme_es: pr.programme.es, place: pr.place,
      place_code: pr.placeCode, country: pr.country, population_en: pr.population.en, population_es: pr.population.es,
      evidence_level: pr.evidenceLevel, evidence_en: pr.evidence.en, evidence_es: pr.evidence.es, outcome_measures: pr.outcomeMeasures,
      contacts: JSON.stringify(pr.contacts), owner_agency: pr.ownerAgency, owner_country: pr.ownerCountry, author_id: null,
      search_text: fold([pr.title.en, pr.title.es, pr.programme.en, pr.programme.es, pr.place, pr.population.en, pr.population.es, pr.evidence.en, pr.evidence.es, ...pr.outcomeMeasures, ...pr.contacts.map((c) => c.organisation)].join(' ')),
    }))).execute();
    const agency = country === 'MX' ? 'mx-fgr' : 'us-cdc';
    await tx.insertInto('protect_alert_rules').values(world.rules.map((r, i) => ({
      id: `demo-rule-${i + 1}`, name: r.name, indicator: r.indicator, place_code: r.placeCode, method: r.method, params: JSON.stringify(r.params),
      owner_agency: agency, created_by: null,
    }))).execute();
    // Demo analysts and supervisors of this node follow the overdose and homicide indicators; supervisors also by e-mail.
    const users = await tx.selectFrom('users').select(['id', 'username', 'roles']).where('country', '=', country).execute();
    const subs: Array<{ id: string; user_id: string; indicator: string; place_code: null; email: string | null }> = [];
    for (const u of users) {
      if (!u.roles.includes('analyst') && !u.roles.includes('supervisor')) continue;
      for (const indicator of country === 'MX' ? ['overdose_emergency_visits', 'homicidio_doloso'] : ['overdose_emergency_visits', 'overdose_deaths']) {
        subs.push({ id: `demo-sub-${u.id}-${indicator}`, user_id: u.id, indicator, place_code: null, email: u.roles.includes('supervisor') ? `${u.username}@example.org` : null });
      }
    }
    if (subs.length) await tx.insertInto('protect_subscriptions').values(subs).execute();

    if (country === 'MX') {
      const tf = world.taskForce;
      // Suspects: existing demo people of a Mexican case file that an analyst investigating crimes may read.
      const suspects = await trx.selectFrom('entities').select(['id', 'caption']).where('schema', '=', 'Person').where('owner_country', '=', 'MX')
        .where('locked', '=', false).where('distribution', 'in', ['node', 'bilateral']).where(sql<boolean>`'criminal_investigation' = any(purposes)`)
        .orderBy('id').limit(2).execute();
      await tx.insertInto('protect_cases').values({
        id: tf.id, title: tf.title, place_code: tf.placeCode, opened_on: tf.openedOn, summary: tf.summary, owner_country: tf.ownerCountry,
        owner_agency: tf.ownerAgency, distribution: tf.distribution, agreement_id: null, purposes: tf.purposes, legal_basis: tf.legalBasis, created_by: null,
      }).execute();
      const links = [
        ...tf.homicides.map((h) => ({ kind: 'homicide' as const, event_id: h.eventId, entity_id: null, label: h.label, status: 'under investigation', on_date: world.events.find((e) => e.id === h.eventId)?.date ?? null })),
        ...suspects.map((s) => ({ kind: 'suspect' as const, event_id: null, entity_id: s.id, label: s.caption, status: 'person of interest', on_date: null })),
        ...tf.labRequests.map((l) => ({ kind: 'lab_request' as const, event_id: null, entity_id: null, label: l.label, status: l.status, on_date: l.onDate })),
        ...tf.prosecutions.map((l) => ({ kind: 'prosecution' as const, event_id: null, entity_id: null, label: l.label, status: l.status, on_date: l.onDate })),
      ];
      await tx.insertInto('protect_case_links').values(links.map((l) => ({ case_id: tf.id, ...l, detail: '{}', created_by: null }))).execute();
      load.cases = 1;
    }
    await audit(ctx, actor, { action: 'protect.demo.load', outcome: 'ok', resourceType: 'node', resourceId: ctx.node.id, detail: { seed, ...load } }, trx);
  });
  const run = await runRules(ctx, actor);
  load.alerts = run.alerts;
  ctx.log.info({ ...load }, 'protect.demo.loaded');
  return load;
}
