/**
 * Protect (issue 7): case-count series and their import, the map, alert rules, the alert timeline and inbox,
 * subscriptions, hot spots (Gi*, Moran) and Knox near-repeat, the practice library and task-force cases.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PURPOSES } from '@puente/model';
import type { NodeApp } from '../../services/context';
import { importCaseCounts, IMPORT_FORMATS } from '../../services/protect/import';
import { getSeries, listIndicators, listPlaces, listSeries, mapValues } from '../../services/protect/series';
import {
  addNote, createRule, deleteRule, getAlert, inbox, listAlerts, listRules, listSubscriptions, markRead, outbox, runRules, setAlertStatus,
  subscribe, unsubscribe, updateRule,
} from '../../services/protect/alerts';
import { METHODS } from '../../services/protect/detect';
import { hotspots, knox } from '../../services/protect/hotspots';
import { availableSets, BOUNDARY_SETS, loadBoundaries } from '../../services/protect/geo';
import { EVIDENCE_LEVELS, getPractice, publishPractice, searchPractices, updatePractice } from '../../services/protect/practices';
import { getCase, LINK_KINDS, linkToCase, listCases, openCase, setCaseStatus } from '../../services/protect/cases';
import { authorize } from '../../services/guard';
import { PuenteError } from '../../errors';
import { Bilingual, Distribution, IsoDate, Loose, errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

const tags = ['protect'];
/** Service views are interfaces; the OpenAPI schema of these responses is an open object. */
const loose = async <T>(v: Promise<T>) => (await v) as unknown as Record<string, unknown>;
const Period = z.string().regex(/^\d{4}-(\d{2}|W\d{2})$/, 'YYYY-MM or YYYY-Www');
const PlaceCode = z.string().regex(/^(MX|US)-[A-Z0-9-]{1,20}$/);
const Code = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);
const NumId = z.object({ id: z.string().regex(/^\d{1,18}$/) });
const Uuid = z.object({ id: z.string().min(1).max(100) });
const Method = z.enum(METHODS as unknown as [string, ...string[]]);
const BoundarySet = z.enum(BOUNDARY_SETS);
const Params = z.object({
  alpha: z.number().optional(), baseline: z.number().int().optional(), minSigma: z.number().optional(), c3: z.enum(['r-compatible', 'documented']).optional(),
  k: z.number().optional(), h: z.number().optional(), referencePeriods: z.number().int().optional(), b: z.number().int().optional(),
  w: z.number().int().optional(), limit54: z.boolean().optional(), guard: z.number().int().optional(), lookback: z.number().int().optional(),
}).strict().describe('Method parameters; absent = the method\'s documented default (see `puente ew detect --help`); lookback = alert on the last N periods only (default 12)');

const Indicator = z.object({
  code: z.string(), domain: z.string(), name: Bilingual, unit: Bilingual, note: Bilingual, aggregation: z.string(), series: z.number(),
});
const Place = z.object({
  code: z.string(), country: z.string(), nativeCode: z.string(), level: z.string(), name: z.string(), parentCode: z.string().nullable(),
  population: z.number().nullable(), synthetic: z.boolean(),
});
const Rule = z.object({
  id: z.string(), name: z.string(), indicator: z.string(), placeCode: z.string().nullable(), method: z.string(), params: Loose, enabled: z.boolean(),
  ownerAgency: z.string(), createdBy: z.string().nullable(), createdAt: z.string(),
});
const Alert = z.object({
  id: z.string(), ruleId: z.string(), ruleName: z.string(), seriesId: z.string(), placeCode: z.string(), placeName: z.string(), indicator: z.string(),
  period: z.string(), observed: z.number(), expected: z.number().nullable(), upperBound: z.number().nullable(), method: z.string(),
  params: Loose.describe('every parameter the method used, defaults filled in'),
  explanation: Loose.describe('observed, expected, upper bound, statistic, excess over the bound, method, parameters, evaluated range'),
  status: z.string(), createdAt: z.string(), notes: z.number(), read: z.boolean().optional(),
});
const Note = z.object({ id: z.string(), kind: z.string(), substance: z.string().nullable(), text: z.string(), authorId: z.string().nullable(), authorAgency: z.string().nullable(), createdAt: z.string() });
const Subscription = z.object({ id: z.string(), indicator: z.string().nullable(), placeCode: z.string().nullable(), email: z.string().nullable(), createdAt: z.string() });
const Text2 = z.object({ en: z.string().trim().min(1).max(4000), es: z.string().trim().min(1).max(4000) });
const PracticeInput = z.object({
  title: z.object({ en: z.string().trim().min(1).max(300), es: z.string().trim().min(1).max(300) }), programme: Text2,
  place: z.string().trim().min(1).max(300), placeCode: PlaceCode.nullable().optional(), country: z.enum(['MX', 'US']), population: Text2,
  evidenceLevel: z.enum(EVIDENCE_LEVELS), evidence: Text2, outcomeMeasures: z.array(z.string().trim().min(1).max(300)).max(30),
  contacts: z.array(z.object({ name: z.string().trim().min(1).max(200), organisation: z.string().trim().min(1).max(300), email: z.email().max(300) })).max(20),
});
const Practice = PracticeInput.extend({ id: z.string(), ownerAgency: z.string(), ownerCountry: z.string(), publishedAt: z.string(), updatedAt: z.string() });
const CaseSummary = z.object({
  id: z.string(), title: z.string(), placeCode: z.string().nullable(), placeName: z.string().nullable(), status: z.string(), openedOn: z.string(),
  ownerAgency: z.string(), distribution: z.string(), purposes: z.array(z.string()),
  links: z.object({ homicide: z.number(), suspect: z.number(), lab_request: z.number(), prosecution: z.number() }),
});
const CaseView = CaseSummary.extend({
  summary: z.string(), legalBasis: z.string(), ownerCountry: z.string(), createdAt: z.string(),
  linked: z.array(z.object({
    id: z.string(), kind: z.enum(LINK_KINDS), label: z.string(), status: z.string(), onDate: z.string().nullable(), detail: Loose,
    entity: z.object({ id: z.string(), schema: z.string(), caption: z.string() }).nullable(), restricted: z.boolean(),
    event: z.object({ id: z.string(), occurredOn: z.string(), placeCode: z.string().nullable() }).nullable(),
  })),
});

export const protectRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  // ---- data ----
  f.get('/protect/indicators', {
    schema: { tags, summary: 'Indicators the node keeps (health, demand, violence), with unit and notes (e.g. SESNSP counts investigation files, not victims)', response: { 200: z.object({ indicators: z.array(Indicator) }), ...errors(401, 403) } },
  }, async (req) => ({ indicators: await listIndicators(ctxOf(app, req), await requireActor(app, req)) }));

  f.get('/protect/places', {
    schema: {
      tags, summary: 'Places (INEGI states and municipalities, U.S. FIPS states and counties, demo places)',
      querystring: z.object({ q: z.string().max(100).optional(), country: z.enum(['MX', 'US']).optional(), level: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(5000).default(200) }),
      response: { 200: z.object({ places: z.array(Place) }), ...errors(400, 401, 403) },
    },
  }, async (req) => ({ places: await listPlaces(ctxOf(app, req), await requireActor(app, req), req.query) }));

  f.get('/protect/series', {
    schema: {
      tags, summary: 'Series (place × indicator), filtered',
      querystring: z.object({ place: PlaceCode.optional(), indicator: Code.optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }),
      response: { 200: z.object({ series: z.array(Loose) }), ...errors(400, 401, 403) },
    },
  }, async (req) => ({ series: (await listSeries(ctxOf(app, req), await requireActor(app, req), req.query)) as unknown as Array<Record<string, unknown>> }));

  f.get('/protect/series/:id', {
    schema: {
      tags, summary: 'One series with expected counts, upper bounds and alarms of a method (default: the rule that covers it, else EARS C2), its alerts, rates per 100,000 and the place\'s other series (demand indicators beside health)',
      params: NumId, querystring: z.object({ method: Method.optional(), params: z.string().max(2000).optional().describe('JSON object of method parameters') }),
      response: { 200: Loose, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    let params: Record<string, unknown> | undefined;
    if (req.query.params) {
      try { params = Params.parse(JSON.parse(req.query.params)); } catch (err) {
        throw new PuenteError('validation', 400, 'protect.error.bad_params', { detail: (err as Error).message.slice(0, 200) }, { field: 'params' });
      }
    }
    return loose(getSeries(ctxOf(app, req), await requireActor(app, req), req.params.id, { method: req.query.method as never, params }));
  });

  f.post('/protect/import', {
    schema: {
      tags, summary: 'Import case counts: format cdc (VSRR provisional overdose deaths), sesnsp (municipal incidence, wide or long layout) or csv (the documented generic CSV). One transaction; a bad line changes nothing and is named (file, line, field)',
      body: z.object({ format: z.enum(IMPORT_FORMATS as unknown as ['cdc', 'sesnsp', 'csv']), file: z.string().min(1).max(200), text: z.string().max(9_000_000) }),
      response: { 200: z.object({ id: z.string(), format: z.string(), file: z.string(), places: z.number(), series: z.number(), points: z.number(), skipped: z.record(z.string(), z.number()) }), ...errors(400, 401, 403) },
    },
  }, async (req) => importCaseCounts(ctxOf(app, req), await requireActor(app, req), { format: req.body.format, data: req.body.text, file: req.body.file }));

  f.get('/protect/map', {
    schema: {
      tags, summary: 'One indicator at one period for every place of a boundary set: counts, rates per 100,000, open alerts; with the periods for a time slider',
      querystring: z.object({ indicator: Code, set: BoundarySet.default('demo'), period: Period.optional() }),
      response: { 200: Loose, ...errors(400, 401, 403) },
    },
  }, async (req) => loose(mapValues(ctxOf(app, req), await requireActor(app, req), req.query)));

  f.get('/protect/boundaries', {
    schema: { tags, summary: 'Boundary sets and whether this node has them (demo: synthetic, in the store; others: the shared data folder)', response: { 200: z.object({ sets: z.array(z.object({ id: z.string(), available: z.boolean() })) }), ...errors(401, 403) } },
  }, async (req) => {
    const ctx = ctxOf(app, req);
    await authorize(ctx, await requireActor(app, req), 'protect.read', { resourceType: 'protect_boundary' });
    return { sets: await availableSets(ctx.db, app.config.sharedDataDir) };
  });

  f.get('/protect/boundaries/:set', {
    schema: { tags, summary: 'GeoJSON of a boundary set (features carry code and name)', params: z.object({ set: BoundarySet }), response: { 200: Loose, ...errors(401, 403, 404) } },
  }, async (req, reply) => {
    const ctx = ctxOf(app, req);
    await authorize(ctx, await requireActor(app, req), 'protect.read', { resourceType: 'protect_boundary' });
    const b = await loadBoundaries(ctx.db, app.config.sharedDataDir, req.params.set);
    if (!b) throw new PuenteError('not_found', 404, 'protect.error.no_boundaries', { set: req.params.set });
    reply.header('cache-control', 'private, max-age=300');
    return b.geo as never;
  });

  // ---- homicide analytics ----
  f.get('/protect/hotspots', {
    schema: {
      tags, summary: 'Gi* hot-spot classes per place over a window of periods ending at `period` (default: the latest 12), and global Moran\'s I',
      querystring: z.object({
        indicator: Code, set: BoundarySet.default('demo'), period: Period.optional(), window: z.coerce.number().int().min(1).max(120).default(12),
        measure: z.enum(['count', 'rate']).default('count'),
      }),
      response: { 200: Loose, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => loose(hotspots(ctxOf(app, req), await requireActor(app, req), req.query)));

  f.get('/protect/knox', {
    schema: {
      tags, summary: 'Knox near-repeat test on point events (Near Repeat Calculator bands; Monte Carlo p-values)',
      querystring: z.object({
        kind: z.string().max(40).default('homicide'), from: IsoDate.optional(), to: IsoDate.optional(),
        spatialBandwidth: z.coerce.number().positive().max(1e6).default(500), spatialBands: z.coerce.number().int().min(1).max(10).default(3),
        temporalBandwidth: z.coerce.number().positive().max(3650).default(7), temporalBands: z.coerce.number().int().min(1).max(10).default(3),
        iterations: z.coerce.number().int().min(9).max(999).default(99), seed: z.coerce.number().int().min(0).max(2 ** 31).default(1),
      }),
      response: { 200: Loose, ...errors(400, 401, 403) },
    },
  }, async (req) => loose(knox(ctxOf(app, req), await requireActor(app, req), req.query)));

  // ---- alert rules and detection ----
  f.get('/protect/rules', { schema: { tags, summary: 'Alert rules', response: { 200: z.object({ rules: z.array(Rule) }), ...errors(401, 403) } } },
    async (req) => ({ rules: await listRules(ctxOf(app, req), await requireActor(app, req)) }));

  const RuleInput = z.object({ name: z.string().trim().min(1).max(200), indicator: Code, placeCode: PlaceCode.nullable().optional(), method: Method, params: Params.optional(), enabled: z.boolean().optional() });
  f.post('/protect/rules', { schema: { tags, summary: 'Create an alert rule (method and parameters, indicator, place or everywhere)', body: RuleInput, response: { 200: Rule, ...errors(400, 401, 403) } } },
    async (req) => createRule(ctxOf(app, req), await requireActor(app, req), req.body as never));
  f.patch('/protect/rules/:id', { schema: { tags, summary: 'Edit an alert rule', params: Uuid, body: RuleInput.partial(), response: { 200: Rule, ...errors(400, 401, 403, 404) } } },
    async (req) => updateRule(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body as never));
  f.delete('/protect/rules/:id', { schema: { tags, summary: 'Delete an alert rule (and its alerts)', params: Uuid, response: { 200: z.object({ ok: z.boolean() }), ...errors(401, 403, 404) } } },
    async (req) => { await deleteRule(ctxOf(app, req), await requireActor(app, req), req.params.id); return { ok: true }; });
  f.post('/protect/detect', {
    schema: {
      tags, summary: 'Run the enabled rules (or the given ones): new alarms become alerts, delivered to subscribers\' inboxes and e-mail outbox',
      body: z.object({ ruleIds: z.array(z.string().max(100)).max(200).optional() }),
      response: { 200: z.object({ rules: z.number(), series: z.number(), alerts: z.number(), delivered: z.number(), queued: z.number() }), ...errors(400, 401, 403) },
    },
  }, async (req) => runRules(ctxOf(app, req), await requireActor(app, req), req.body));

  // ---- alerts ----
  f.get('/protect/alerts', {
    schema: {
      tags, summary: 'The alert timeline, newest period first',
      querystring: z.object({ indicator: Code.optional(), place: PlaceCode.optional(), status: z.enum(['open', 'acknowledged', 'closed']).optional(), limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0) }),
      response: { 200: z.object({ total: z.number(), alerts: z.array(Alert) }), ...errors(400, 401, 403) },
    },
  }, async (req) => listAlerts(ctxOf(app, req), await requireActor(app, req), req.query));
  f.get('/protect/alerts/:id', { schema: { tags, summary: 'One alert with its explanation and notes (marks it read in the caller\'s inbox)', params: NumId, response: { 200: z.object({ alert: Alert, notes: z.array(Note) }), ...errors(401, 403, 404) } } },
    async (req) => getAlert(ctxOf(app, req), await requireActor(app, req), req.params.id));
  f.patch('/protect/alerts/:id', { schema: { tags, summary: 'Acknowledge or close an alert', params: NumId, body: z.object({ status: z.enum(['open', 'acknowledged', 'closed']) }), response: { 200: Alert, ...errors(400, 401, 403, 404) } } },
    async (req) => setAlertStatus(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body.status));
  f.post('/protect/alerts/:id/notes', {
    schema: { tags, summary: 'Attach a note to an alert: a comment, or a new substance found (e.g. in toxicology)', params: NumId, body: z.object({ kind: z.enum(['comment', 'substance']), substance: z.string().trim().max(200).nullable().optional(), text: z.string().trim().min(1).max(4000) }), response: { 200: Note, ...errors(400, 401, 403, 404) } },
  }, async (req) => addNote(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body));

  f.get('/protect/inbox', { schema: { tags, summary: 'The caller\'s alert inbox', querystring: z.object({ unread: z.coerce.boolean().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.object({ unread: z.number(), alerts: z.array(Alert) }), ...errors(400, 401, 403) } } },
    async (req) => inbox(ctxOf(app, req), await requireActor(app, req), req.query));
  f.post('/protect/inbox/read', { schema: { tags, summary: 'Mark inbox alerts read (all, or the given ids)', body: z.object({ alertIds: z.union([z.literal('all'), z.array(z.string().max(20)).max(1000)]) }), response: { 200: z.object({ updated: z.number() }), ...errors(400, 401, 403) } } },
    async (req) => markRead(ctxOf(app, req), await requireActor(app, req), req.body.alertIds));
  f.get('/protect/outbox', { schema: { tags, summary: 'E-mail-ready messages waiting for the mailer', querystring: z.object({ status: z.enum(['pending', 'sent', 'failed']).default('pending') }), response: { 200: z.object({ messages: z.array(Loose) }), ...errors(400, 401, 403) } } },
    async (req) => ({ messages: await outbox(ctxOf(app, req), await requireActor(app, req), req.query) }));

  f.get('/protect/subscriptions', { schema: { tags, summary: 'The caller\'s subscriptions', response: { 200: z.object({ subscriptions: z.array(Subscription) }), ...errors(401, 403) } } },
    async (req) => ({ subscriptions: await listSubscriptions(ctxOf(app, req), await requireActor(app, req)) }));
  f.post('/protect/subscriptions', { schema: { tags, summary: 'Follow an indicator and/or a place (a state covers its municipalities); with an e-mail address, alerts are also queued for e-mail', body: z.object({ indicator: Code.nullable().optional(), placeCode: PlaceCode.nullable().optional(), email: z.email().max(300).nullable().optional() }), response: { 200: Subscription, ...errors(400, 401, 403) } } },
    async (req) => subscribe(ctxOf(app, req), await requireActor(app, req), req.body));
  f.delete('/protect/subscriptions/:id', { schema: { tags, summary: 'Stop following', params: Uuid, response: { 200: z.object({ ok: z.boolean() }), ...errors(401, 403, 404) } } },
    async (req) => { await unsubscribe(ctxOf(app, req), await requireActor(app, req), req.params.id); return { ok: true }; });

  // ---- Network for Homicide Prevention ----
  f.get('/protect/practices', {
    schema: { tags, summary: 'Search the practice library (every word, either language, accents ignored)', querystring: z.object({ q: z.string().max(200).optional(), country: z.enum(['MX', 'US']).optional(), evidence: z.enum(EVIDENCE_LEVELS).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.object({ total: z.number(), practices: z.array(Practice) }), ...errors(400, 401, 403) } },
  }, async (req) => searchPractices(ctxOf(app, req), await requireActor(app, req), req.query));
  f.get('/protect/practices/:id', { schema: { tags, summary: 'One practice', params: Uuid, response: { 200: Practice, ...errors(401, 403, 404) } } },
    async (req) => getPractice(ctxOf(app, req), await requireActor(app, req), req.params.id));
  f.post('/protect/practices', { schema: { tags, summary: 'Publish a practice (English and Spanish) for members of both countries', body: PracticeInput, response: { 200: Practice, ...errors(400, 401, 403) } } },
    async (req) => publishPractice(ctxOf(app, req), await requireActor(app, req), req.body));
  f.put('/protect/practices/:id', { schema: { tags, summary: 'Edit a practice (its publishing agency only)', params: Uuid, body: PracticeInput, response: { 200: Practice, ...errors(400, 401, 403, 404) } } },
    async (req) => updatePractice(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body));

  f.get('/protect/cases', { schema: { tags, summary: 'Homicide task-force cases the caller may read', response: { 200: z.object({ cases: z.array(CaseSummary) }), ...errors(401, 403) } } },
    async (req) => ({ cases: await listCases(ctxOf(app, req), await requireActor(app, req)) }));
  f.get('/protect/cases/:id', { schema: { tags, summary: 'One case with its homicides, suspects, lab requests and prosecutions (read audited with purpose)', params: Uuid, response: { 200: CaseView, ...errors(401, 403, 404) } } },
    async (req) => getCase(ctxOf(app, req), await requireActor(app, req), req.params.id));
  f.post('/protect/cases', {
    schema: {
      tags, summary: 'Open a task-force case (owned by the caller\'s agency)',
      body: z.object({
        title: z.string().trim().min(1).max(300), placeCode: PlaceCode.nullable().optional(), openedOn: IsoDate, summary: z.string().max(8000).optional(),
        distribution: Distribution.optional(), agreementId: z.string().max(100).nullable().optional(), purposes: z.array(z.enum(PURPOSES)).min(1).optional(),
        legalBasis: z.string().trim().min(1).max(500),
      }),
      response: { 200: CaseView, ...errors(400, 401, 403) },
    },
  }, async (req) => openCase(ctxOf(app, req), await requireActor(app, req), req.body));
  f.post('/protect/cases/:id/links', {
    schema: {
      tags, summary: 'Link a homicide, a suspect (an existing record), a lab request or a prosecution to a case', params: Uuid,
      body: z.object({ kind: z.enum(LINK_KINDS), entityId: z.string().max(200).nullable().optional(), eventId: z.string().max(200).nullable().optional(), label: z.string().trim().min(1).max(500), status: z.string().max(100).optional(), onDate: IsoDate.nullable().optional(), detail: z.record(z.string(), z.string().max(1000)).optional() }),
      response: { 200: CaseView, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => linkToCase(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body));
  f.patch('/protect/cases/:id', { schema: { tags, summary: 'Close or reopen a case', params: Uuid, body: z.object({ status: z.enum(['open', 'closed']) }), response: { 200: CaseView, ...errors(400, 401, 403, 404) } } },
    async (req) => setCaseStatus(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body.status));
};
