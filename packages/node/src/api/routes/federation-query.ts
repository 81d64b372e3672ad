/**
 * Federation (issue 6) routes: questions to the partner and disclosure requests (the eTrace pattern). Decided and
 * audited in services/federation/{queries,disclosures}.ts; these routes only shape requests and answers.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import * as queries from '../../services/federation/queries';
import * as disclosures from '../../services/federation/disclosures';
import { errors, Purpose } from '../schemas';
import { ctxOf, requireActor } from '../session';

const Kind = z.enum(queries.QUERY_KINDS);
const Id = z.string().regex(queries.UUID, 'a UUID');
const AnswerItem = z.object({
  token: z.string().describe('opaque reference to one hit, kept by the partner; give it in a disclosure request'),
  band: z.enum(['high', 'medium']).optional().describe('screen-name only: high ≥ 0.9, medium ≥ 0.8 (the engine threshold)'),
});

const Query = z.object({
  id: z.string(), side: z.enum(['asked', 'answered']).describe('asked: by this node; answered: the partner asked this node'),
  partner: z.string(), kind: z.string(), value: z.string().describe('the name or identifier asked about'),
  purpose: z.string().nullable(), legalBasis: z.string().nullable(), agreementId: z.string().nullable(),
  actorId: z.string().nullable(), actorAgency: z.string().nullable(),
  outcome: z.enum(['answered', 'refused', 'failed']),
  reason: z.string().nullable().describe('refused: no_agreement | purpose | kind | policy | malformed | duplicate; failed: the error code'),
  hit: z.boolean().nullable(), hits: z.number().nullable(), answer: z.array(AnswerItem), createdAt: z.string(),
}).describe('A question and its minimal answer: hit or not, how many, a band per name hit, an opaque reference per hit');

const Verdict = z.enum(['approve', 'deny']);
const Disclosure = z.object({
  id: z.string(), side: z.enum(['asked', 'owned']), partner: z.string(), queryId: z.string().nullable(), reference: z.string(),
  purpose: z.string(), legalBasis: z.string(), justification: z.string(), requestedBy: z.string(), requestedAgency: z.string(),
  status: z.enum(['requested', 'pending', 'reviewed', 'approved', 'denied', 'refused', 'disclosed'])
    .describe('asked: requested → disclosed | denied | refused; owned: pending → reviewed → approved | denied (pending → approved | denied when one supervisor decides), or refused'),
  reason: z.string().nullable(), agreementId: z.string().nullable(),
  review: z.object({ by: z.string(), byName: z.string().nullable(), recommendation: Verdict, note: z.string(), at: z.string() }).nullable(),
  decision: z.object({ by: z.string(), byName: z.string().nullable(), decision: Verdict, note: z.string(), at: z.string() }).nullable(),
  recordId: z.string().nullable().describe('asked: the locked copy received (GET /api/entities/:id)'),
  retentionUntil: z.string().nullable(),
  fourEyes: z.boolean().nullable().describe("owned: a review, then a different supervisor's decision (true), or one supervisor's decision, where the agreement's approvalRequired does not name the record (false); asked: null"),
  target: z.object({ type: z.enum(['entity', 'list_entry']), id: z.string(), schema: z.string(), caption: z.string() }).nullable()
    .describe('owned: what the reference stands for, when the reader may see it'),
  nextStep: z.enum(['review', 'decide']).nullable().describe('owned: the step the reader may take now'),
  createdAt: z.string(), updatedAt: z.string(),
});

export const federationQueryRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.post('/federation/queries', {
    schema: {
      tags: ['federation'], summary: 'Ask the partner a question (screen a name against its lists; a firearm serial; a person id) and get a minimal answer',
      body: z.object({
        partner: z.string().min(1).max(64), kind: Kind, value: z.string().min(1).max(300),
        purpose: Purpose.optional().describe("default: the session's purpose"), legalBasis: z.string().max(500).optional().describe("default: the agreement's"),
      }),
      response: { 200: z.object({ query: Query }), ...errors(400, 401, 403, 404, 502) },
    },
  }, async (req) => ({ query: await queries.askPartner(ctxOf(app, req), await requireActor(app, req), req.body) }));

  f.get('/federation/queries', {
    schema: {
      tags: ['federation'], summary: 'Questions this node asked (side=asked, the reader\'s agency) or the partner asked it (side=answered)',
      querystring: z.object({ side: z.enum(['asked', 'answered']).default('asked'), limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: { 200: z.object({ queries: z.array(Query) }), ...errors(401, 403) },
    },
  }, async (req) => ({ queries: await queries.listQueries(ctxOf(app, req), await requireActor(app, req), req.query) }));

  f.post('/federation/disclosures', {
    schema: {
      tags: ['federation'], summary: 'Ask the partner to disclose the record behind a reference (four eyes on its side); queued to the partner',
      body: z.object({
        partner: z.string().min(1).max(64).optional(), queryId: Id.optional(), reference: z.string().min(1).max(100).optional(),
        purpose: Purpose.optional(), legalBasis: z.string().min(1).max(500), justification: z.string().min(1).max(2000),
      }).describe('queryId (its one hit, or with reference) or reference; partner when the reference is not from a question of this node'),
      response: { 200: z.object({ disclosure: Disclosure }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => ({ disclosure: await disclosures.requestDisclosure(ctxOf(app, req), await requireActor(app, req), req.body) }));

  f.get('/federation/disclosures', {
    schema: {
      tags: ['federation'], summary: 'Disclosure requests this node made (side=asked) or received (side=owned, for review)',
      querystring: z.object({ side: z.enum(['asked', 'owned']).default('asked'), limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: { 200: z.object({ disclosures: z.array(Disclosure) }), ...errors(401, 403) },
    },
  }, async (req) => ({ disclosures: await disclosures.listDisclosures(ctxOf(app, req), await requireActor(app, req), req.query) }));

  f.post('/federation/disclosures/:id/review', {
    schema: {
      tags: ['federation'],
      summary: 'Owning side, four eyes: review a pending request (analyst or supervisor recommends), then decide it (another supervisor); a denial note goes to the partner',
      params: z.object({ id: Id }),
      body: z.object({ decision: Verdict, note: z.string().min(1).max(2000) }),
      response: { 200: z.object({ disclosure: Disclosure }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => ({ disclosure: await disclosures.reviewDisclosure(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body) }));
};
