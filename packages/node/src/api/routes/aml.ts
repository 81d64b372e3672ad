/**
 * Financial intelligence: transaction imports, risk models, scoring into alerts, alert triage, cases with evidence
 * and their suspicious-transaction report, and money flows (graph, timeline, paths). Everything is decided and
 * audited in services/aml/; these routes only shape requests and answers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import * as aml from '../../services/aml/index';
import * as alerts from '../../services/aml/alerts';
import * as cases from '../../services/aml/cases';
import * as flows from '../../services/aml/flows';
import { accountInfo } from '../../services/aml/accounts';
import { EntityRef, errors, IsoDate } from '../schemas';
import { ctxOf, requireActor } from '../session';

const Id = z.string().min(1).max(200);
const Distribution = z.enum(['agency', 'node']);
const Explanation = z.object({
  bias: z.number(), logit: z.number().describe('bias + Σ top contributions (+ the rest) = logit; score = sigmoid(logit)'),
  top: z.array(z.object({ feature: z.string(), value: z.number().nullable().describe('null: not defined for this transaction'), contribution: z.number() })),
  detector: z.object({ typology: z.string(), reason: z.string() }).optional(),
});
const Alert = z.object({
  id: z.string(), tranId: z.string(), ts: z.string(), orig: z.string(), bene: z.string(), amount: z.number(), currency: z.string(),
  modelId: z.string(), score: z.number(), typology: z.string().nullable(), explanation: Explanation,
  status: z.enum(['open', 'assigned', 'closed', 'escalated']), assignee: z.string().nullable(), closeReason: z.string().nullable(),
  caseId: z.string().nullable(), ownerAgency: z.string(), createdAt: z.string(), updatedAt: z.string(),
});
const Note = z.object({ id: z.string(), actorId: z.string(), text: z.string(), kind: z.string(), at: z.string() });
const CaseHead = z.object({
  id: z.string(), title: z.string(), status: z.string(), summary: z.string(), ownerAgency: z.string(), distribution: Distribution,
  createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
});
const Case = CaseHead.extend({ items: z.array(z.object({ kind: z.string(), ref: z.string(), snapshot: z.unknown(), addedBy: z.string(), addedAt: z.string() })) });
const Window = { from: z.string().max(40).optional(), to: z.string().max(40).optional() };
const Step = z.object({ tranId: z.string(), from: z.string(), to: z.string(), ts: z.string(), amount: z.number(), currency: z.string() });

/** The largest transaction file the API takes in one request; larger files go through `puente` on the node. */
const MAX_UPLOAD = 64 * 1024 * 1024;

export const amlRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.post('/aml/imports', {
    bodyLimit: MAX_UPLOAD + 1024 * 1024,
    schema: {
      tags: ['aml'], summary: 'Import a transaction file (AMLSim, AMLworld or the generic CSV; format from the header)',
      description: 'One transaction: a malformed line changes nothing and is named by file, line and field (English and Spanish). A transaction id already stored at the same time is skipped.',
      body: z.object({
        file: z.string().min(1).max(200), text: z.string().max(MAX_UPLOAD), dataset: z.string().max(200).optional(),
        distribution: Distribution.optional(), labels: z.boolean().optional().describe('keep the file\'s labels (is_sar / Is Laundering) as known outcomes'),
      }),
      response: {
        200: z.object({ id: z.string(), file: z.string(), format: z.string(), rows: z.number(), added: z.number(), accounts: z.number(), firstTs: z.string().nullable(), lastTs: z.string().nullable() }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => {
    const dir = mkdtempSync(join(tmpdir(), 'puente-aml-'));
    try {
      const path = join(dir, 'upload.csv');
      writeFileSync(path, req.body.text);
      return await aml.importTransactions(ctxOf(app, req), await requireActor(app, req), {
        file: path, name: req.body.file, dataset: req.body.dataset, distribution: req.body.distribution, labels: req.body.labels,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  f.post('/aml/models', {
    schema: {
      tags: ['aml'], summary: 'Train a risk model on the history the agency may use (labels dated before `until` only)',
      body: z.object({ until: IsoDate, seed: z.number().int().optional() }),
      response: { 200: z.object({ id: z.string(), createdAt: z.string(), trainedUntil: z.string(), threshold: z.number(), training: z.record(z.string(), z.unknown()) }), ...errors(400, 401, 403) },
    },
  }, async (req) => aml.trainModel(ctxOf(app, req), await requireActor(app, req), req.body));

  f.post('/aml/score', {
    schema: {
      tags: ['aml'], summary: 'Score every transaction from a date with a model and raise an alert for each flagged one',
      body: z.object({ from: IsoDate, modelId: Id.optional() }),
      response: { 200: z.object({ modelId: z.string(), scored: z.number(), flagged: z.number(), alerts: z.number() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => aml.scoreAndAlert(ctxOf(app, req), await requireActor(app, req), req.body));

  f.get('/aml/alerts', {
    schema: {
      tags: ['aml'], summary: 'The alert queue, highest score first',
      querystring: z.object({
        status: z.enum(['open', 'assigned', 'closed', 'escalated', 'all']).default('open'), typology: z.string().max(40).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      }),
      response: { 200: z.object({ total: z.number(), alerts: z.array(Alert) }), ...errors(400, 401, 403) },
    },
  }, async (req) => alerts.listAlerts(ctxOf(app, req), await requireActor(app, req), req.query));

  f.get('/aml/alerts/:id', {
    schema: { tags: ['aml'], summary: 'One alert with its notes', params: z.object({ id: Id }), response: { 200: z.object({ alert: Alert, notes: z.array(Note) }), ...errors(401, 403, 404) } },
  }, async (req) => alerts.getAlert(ctxOf(app, req), await requireActor(app, req), req.params.id));

  f.post('/aml/alerts/:id/triage', {
    schema: {
      tags: ['aml'], summary: 'Assign, comment, close with a reason, or reopen an alert',
      params: z.object({ id: Id }),
      body: z.discriminatedUnion('action', [
        z.object({ action: z.literal('assign'), assignee: z.string().min(1).max(200) }),
        z.object({ action: z.literal('comment'), text: z.string().min(1).max(4000) }),
        z.object({ action: z.literal('close'), reason: z.enum(alerts.CLOSE_REASONS), text: z.string().min(1).max(4000) }),
        z.object({ action: z.literal('reopen'), text: z.string().min(1).max(4000) }),
      ]),
      response: { 200: z.object({ alert: Alert, notes: z.array(Note) }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => alerts.triageAlert(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body));

  f.get('/aml/cases', {
    schema: { tags: ['aml'], summary: 'Cases of the agency (and shared with the node)', response: { 200: z.object({ cases: z.array(CaseHead) }), ...errors(401, 403) } },
  }, async (req) => ({ cases: await cases.listCases(ctxOf(app, req), await requireActor(app, req)) }));

  f.post('/aml/cases', {
    schema: {
      tags: ['aml'], summary: 'Open a case from alerts (they are escalated; their transactions and accounts become evidence)',
      body: z.object({ title: z.string().min(1).max(300), summary: z.string().max(20_000).optional(), alertIds: z.array(Id).min(1).max(500), distribution: Distribution.optional() }),
      response: { 200: Case, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => cases.openCase(ctxOf(app, req), await requireActor(app, req), req.body));

  f.get('/aml/cases/:id', {
    schema: { tags: ['aml'], summary: 'One case with its evidence', params: z.object({ id: Id }), response: { 200: Case, ...errors(401, 403, 404) } },
  }, async (req) => cases.getCase(ctxOf(app, req), await requireActor(app, req), req.params.id));

  f.post('/aml/cases/:id/items', {
    schema: {
      tags: ['aml'], summary: 'Add evidence to a case: a money-flow snapshot, an account, or a record of the node',
      params: z.object({ id: Id }), body: z.object({ kind: z.enum(['graph', 'account', 'entity']), ref: z.string().max(200).optional(), snapshot: z.unknown() }),
      response: { 200: Case, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => cases.addCaseItem(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body));

  f.post('/aml/cases/:id/report', {
    schema: {
      tags: ['aml'], summary: 'Export the suspicious-transaction report of a case (puente-str/1 JSON); the case becomes reported',
      params: z.object({ id: Id }), response: { 200: z.record(z.string(), z.unknown()), ...errors(401, 403, 404) },
    },
  }, async (req) => cases.exportReport(ctxOf(app, req), await requireActor(app, req), req.params.id) as unknown as Record<string, unknown>);

  f.get('/aml/accounts/:id', {
    schema: {
      tags: ['aml'], summary: "An account: its bank, its holder's record, records resolved as the holder, and screening alerts on them",
      params: z.object({ id: Id }),
      response: {
        200: z.object({
          id: z.string(), bank: z.string().nullable(), holder: EntityRef.nullable(), sameAs: z.array(EntityRef),
          screening: z.array(z.object({ entity: z.string(), listId: z.string(), entryId: z.string(), entryCaption: z.string(), score: z.number(), status: z.string() })),
        }),
        ...errors(401, 403, 404),
      },
    },
  }, async (req) => accountInfo(ctxOf(app, req), await requireActor(app, req), req.params.id));

  f.get('/aml/accounts/:id/flows', {
    schema: {
      tags: ['aml'], summary: "Money-flow graph of an account's neighbourhood (1 or 2 transfers away) in a time window",
      params: z.object({ id: Id }), querystring: z.object({ ...Window, depth: z.coerce.number().int().min(1).max(2).default(1) }),
      response: {
        200: z.object({
          nodes: z.array(z.object({ id: z.string(), bank: z.string().nullable(), holder: z.string().nullable(), alerts: z.number() })),
          edges: z.array(z.object({ from: z.string(), to: z.string(), count: z.number(), amount: z.number(), currency: z.string(), first: z.string(), last: z.string() })),
          truncated: z.boolean(),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => flows.flowGraph(ctxOf(app, req), await requireActor(app, req), req.params.id, req.query));

  f.get('/aml/accounts/:id/timeline', {
    schema: {
      tags: ['aml'], summary: 'Every transfer in or out of an account in a time window, with the running net',
      params: z.object({ id: Id }), querystring: z.object({ ...Window, limit: z.coerce.number().int().min(1).max(5000).default(1000) }),
      response: {
        200: z.object({
          rows: z.array(z.object({ tranId: z.string(), ts: z.string(), direction: z.enum(['in', 'out']), counterparty: z.string(), amount: z.number(), currency: z.string(), type: z.string(), net: z.number(), alert: z.string().nullable() })),
          truncated: z.boolean(),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => flows.accountTimeline(ctxOf(app, req), await requireActor(app, req), req.params.id, req.query));

  f.get('/aml/network', {
    schema: {
      tags: ['aml'], summary: 'Communities (Louvain) ranked by their alerts, and brokers (betweenness, PageRank) of the money-flow network in a window',
      querystring: z.object({ ...Window, top: z.coerce.number().int().min(1).max(100).default(20) }),
      response: {
        200: z.object({
          accounts: z.number(), flows: z.number(), modularity: z.number(), sampled: z.boolean().describe('betweenness estimated from a sample of source accounts'),
          communities: z.array(z.object({ id: z.number(), size: z.number(), alerts: z.number(), amount: z.number(), accounts: z.array(z.string()) })),
          brokers: z.array(z.object({ account: z.string(), betweenness: z.number(), pageRank: z.number(), alerts: z.number(), holder: z.string().nullable(), community: z.number() })),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req) => flows.networkAnalysis(ctxOf(app, req), await requireActor(app, req), req.query));

  f.get('/aml/paths', {
    schema: {
      tags: ['aml'], summary: 'Money paths from one account to another (time-respecting transfer chains)',
      querystring: z.object({ source: Id, target: Id, ...Window, maxHops: z.coerce.number().int().min(1).max(6).default(4), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ paths: z.array(z.array(Step)) }), ...errors(400, 401, 403) },
    },
  }, async (req) => flows.moneyPaths(ctxOf(app, req), await requireActor(app, req), req.query.source, req.query.target, req.query));
};
