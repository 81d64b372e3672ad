/**
 * Entity resolution: runs, the review queue (most uncertain pairs first), a pair's explanation field by field,
 * decisions, clusters and merged profiles. Everything is decided and audited in services/linkage/; these routes
 * only shape requests and answers.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import * as linkage from '../../services/linkage/index';
import { EntityRef, EntityView, errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

const Run = z.object({
  id: z.string(), createdAt: z.string(), actorId: z.string().nullable(), actorAgency: z.string().nullable(), purpose: z.string().nullable(),
  records: z.number(), pairs: z.number(), clusters: z.number(),
  threshold: z.number().describe('pairs at or above it link two records into one cluster'),
  reviewFloor: z.number().describe('pairs below it are not kept'), stats: z.record(z.string(), z.number()),
});
const DecisionKind = z.enum(['match', 'no_match']);
const Decision = z.object({
  id: z.string(), decision: DecisionKind, reason: z.string(), actorId: z.string(), actorAgency: z.string(), purpose: z.string().nullable(),
  probability: z.number().nullable().describe('the score the analyst saw'), decidedAt: z.string(),
});
const PairSummary = z.object({
  left: EntityRef, right: EntityRef, probability: z.number().describe('match probability (Fellegi–Sunter posterior)'),
  weight: z.number().describe('log2 Bayes factor: prior + Σ field weights'), uncertainty: z.number().describe('1 − 2·|p − ½|'),
  decision: Decision.nullable(),
});
const Field = z.object({
  comparison: z.string(), level: z.string().describe('the comparison level the two values fell in'),
  weight: z.number().describe('log2 Bayes factor of that level (term-frequency adjustment included)'),
  tf: z.number().optional().describe('the term-frequency part of the weight'), left: z.string().optional(), right: z.string().optional(),
});
const PairDetail = PairSummary.extend({
  runId: z.string(), threshold: z.number(), linked: z.boolean().describe('the two records are in one cluster now'),
  explanation: z.object({ prior: z.number(), fields: z.array(Field) }).describe('weight = prior + Σ fields.weight; p = 2^w / (1 + 2^w)'),
  history: z.array(Decision),
});
const Id = z.string().min(1).max(200);

export const linkageRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.post('/linkage/runs', {
    schema: {
      tags: ['linkage'], summary: "Resolve the node's Person records (Fellegi–Sunter, m/u by EM); replaces the previous run's pairs",
      body: z.object({ threshold: z.number().gt(linkage.REVIEW_FLOOR).max(1).optional().describe('link pairs at or above this probability') }),
      response: { 200: z.object({ run: Run }), ...errors(400, 401, 403) },
    },
  }, async (req) => ({ run: await linkage.runResolution(ctxOf(app, req), await requireActor(app, req), req.body) }));

  f.get('/linkage/runs/latest', {
    schema: { tags: ['linkage'], summary: 'The newest run (null before the first)', response: { 200: z.object({ run: Run.nullable() }), ...errors(401, 403) } },
  }, async (req) => ({ run: await linkage.latestRun(ctxOf(app, req), await requireActor(app, req)) }));

  f.get('/linkage/queue', {
    schema: {
      tags: ['linkage'], summary: 'Pairs to review, most uncertain first; only pairs of records the caller may read',
      querystring: z.object({
        status: z.enum(['open', 'decided', 'all']).default('open'),
        limit: z.coerce.number().int().min(1).max(200).default(20), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      }),
      response: { 200: z.object({ run: Run.nullable(), total: z.number(), pairs: z.array(PairSummary) }), ...errors(400, 401, 403) },
    },
  }, async (req) => linkage.reviewQueue(ctxOf(app, req), await requireActor(app, req), req.query));

  f.get('/linkage/pairs/:left/:right', {
    schema: {
      tags: ['linkage'], summary: "One pair's score field by field, and its decisions (both records' reads are audited)",
      params: z.object({ left: Id, right: Id }), response: { 200: PairDetail, ...errors(401, 403, 404) },
    },
  }, async (req) => linkage.pairDetail(ctxOf(app, req), await requireActor(app, req), req.params.left, req.params.right));

  f.post('/linkage/decisions', {
    schema: {
      tags: ['linkage'], summary: 'Decide whether two records are one person; regroups the clusters and binds later runs',
      body: z.object({ left: Id, right: Id, decision: DecisionKind, reason: z.string().min(1).max(2000) }),
      response: { 200: z.object({ decision: Decision, clusterId: z.string().nullable() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => linkage.decidePair(ctxOf(app, req), await requireActor(app, req), req.body));

  f.get('/linkage/clusters/:id', {
    schema: {
      tags: ['linkage'], summary: 'The records resolved as the same person as this one (those the caller may read)',
      params: z.object({ id: Id }), response: { 200: z.object({ clusterId: z.string().nullable(), members: z.array(EntityRef) }), ...errors(401, 403, 404) },
    },
  }, async (req) => linkage.clusterOf(ctxOf(app, req), await requireActor(app, req), req.params.id));

  f.get('/linkage/profiles/:id', {
    schema: {
      tags: ['linkage'], summary: "Merged profile: every record of this one's cluster with its values' provenance",
      params: z.object({ id: Id }),
      response: {
        200: z.object({
          clusterId: z.string().nullable(), anchor: z.string(), members: z.array(EntityView),
          pairs: z.array(z.object({ left: z.string(), right: z.string(), probability: z.number(), decision: DecisionKind.nullable() })),
        }),
        ...errors(401, 403, 404),
      },
    },
  }, async (req) => linkage.profileOf(ctxOf(app, req), await requireActor(app, req), req.params.id));
};
