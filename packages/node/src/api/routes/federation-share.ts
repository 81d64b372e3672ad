/**
 * Federation (issue 6) routes: agreements (list, propose, sign), push sharing (sync now) and what was shared
 * (out: sent to partners; in: copies held of partners' records).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import { AgreementBodySchema, AgreementProposalSchema, listAgreements, proposeAgreement, signAgreement } from '../../services/federation/agreements';
import { listShared, syncNow } from '../../services/federation/share';
import { errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

const AgreementView = z.object({
  id: z.string(), version: z.number(), body: AgreementBodySchema, bodyHash: z.string(), proposedBy: z.string(),
  status: z.enum(['proposed', 'signed', 'superseded']),
  active: z.boolean().describe('signed by every party (signatures verified), the latest signed version, and today within its validity'),
  expired: z.boolean(),
  signatures: z.array(z.object({ node: z.string(), keyId: z.string(), username: z.string(), signedAt: z.string(), valid: z.boolean() })),
  awaiting: z.array(z.string()).describe('party nodes whose signature is missing'),
  createdAt: z.string(), activatedAt: z.string().nullable(),
});

const Delivery = z.object({ delivered: z.number(), pending: z.number(), error: z.string().optional() });
const SyncResult = z.object({
  partner: z.string(), upserts: z.number(), retracts: z.number(), refused: z.number().describe('packages the egress guard refused'),
  unchanged: z.number(), delivery: Delivery,
});
const SharedOut = z.object({
  partner: z.string(), entityId: z.string(), schema: z.string().nullable(), caption: z.string().nullable(), agreementId: z.string(),
  agreementVersion: z.number(), state: z.enum(['sent', 'retracted', 'refused']), lastSeq: z.number().nullable(), policies: z.array(z.string()), updatedAt: z.string(),
});
const SharedIn = z.object({
  origin: z.string(), entityId: z.string(), schema: z.string(), caption: z.string().nullable(), agreementId: z.string(), agreementVersion: z.number(),
  seq: z.number(), retentionUntil: z.string(), distribution: z.string(), receivedAt: z.string(), updatedAt: z.string(),
});

export const federationShareRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.get('/federation/agreements', {
    schema: { tags: ['federation'], summary: 'Every version of every sharing agreement, its signatures and whether it is in force', response: { 200: z.object({ agreements: z.array(AgreementView) }), ...errors(401, 403) } },
  }, async (req) => ({ agreements: await listAgreements(ctxOf(app, req), await requireActor(app, req)) }));

  f.post('/federation/agreements', {
    schema: {
      tags: ['federation'], summary: "Propose a version of an agreement: this node signs it and sends it to the other parties (administrators)",
      body: AgreementProposalSchema,
      response: { 200: z.object({ agreement: AgreementView }), ...errors(400, 401, 403, 409) },
    },
  }, async (req) => ({ agreement: await proposeAgreement(ctxOf(app, req), await requireActor(app, req), req.body) }));

  f.post('/federation/agreements/:id/sign', {
    schema: {
      tags: ['federation'], summary: "Sign a proposed agreement version as this node's administrator; the signature is sent to the other parties",
      params: z.object({ id: z.string().min(1).max(64) }),
      body: z.object({ version: z.number().int().min(1).optional() }).optional(),
      response: { 200: z.object({ agreement: AgreementView }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => ({ agreement: await signAgreement(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body?.version) }));

  f.post('/federation/sync', {
    schema: {
      tags: ['federation'], summary: 'Compare the shareable records with what each partner was sent, queue the changes (egress guard on each) and deliver now',
      body: z.object({ partner: z.string().min(1).max(64).optional() }).optional(),
      response: { 200: z.object({ partners: z.array(SyncResult) }), ...errors(401, 403, 404) },
    },
  }, async (req) => ({ partners: await syncNow(ctxOf(app, req), await requireActor(app, req), req.body?.partner) }));

  f.get('/federation/shared', {
    schema: {
      tags: ['federation'], summary: 'Records sent to partners (out) or copies held of partners\' records (in); captions only of records you may read',
      querystring: z.object({
        direction: z.enum(['out', 'in']).default('out'), partner: z.string().max(64).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0),
      }),
      response: { 200: z.object({ total: z.number(), items: z.array(z.union([SharedOut, SharedIn])) }), ...errors(401, 403) },
    },
  }, async (req) => listShared(ctxOf(app, req), await requireActor(app, req), req.query));
};
