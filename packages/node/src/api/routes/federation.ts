/**
 * Federation (issue 6), the core routes: this node's public identity (what a partner pins at pairing), the inbox
 * where partners' signed messages arrive, and the paired partners with their outbox state.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import * as federation from '../../services/federation/partners';
import { identityOf, receive } from '../../federation/index';
import { errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

const Identity = z.object({
  nodeId: z.string(), country: z.string(), keyId: z.string().describe('fingerprint: first 16 hex digits of SHA-256 of the raw Ed25519 public key'),
  publicKeyPem: z.string(), version: z.string(),
});
const Outbox = z.object({
  pending: z.number(), ackedSeq: z.number().describe("the partner's cursor: messages up to it are applied there"), nextSeq: z.number(),
  attempts: z.number(), nextAttemptAt: z.string().nullable(), lastError: z.string().nullable(), lastDeliveryAt: z.string().nullable(),
});
const PartnerView = z.object({
  nodeId: z.string(), country: z.string(), url: z.string(), keyId: z.string(), pairedAt: z.string(),
  outbox: Outbox, inbound: z.object({ appliedSeq: z.number().describe('the last of its queued messages this node applied') }),
});

export const federationRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.get('/federation/identity', {
    schema: { tags: ['federation'], summary: "This node's id, country and Ed25519 public key (pinned by partners at pairing); no login", response: { 200: Identity } },
  }, async (req) => identityOf(ctxOf(app, req)));

  f.post('/federation/inbox', {
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      tags: ['federation'], summary: "A partner node's signed message (JWS, EdDSA); answered with this node's signed reply",
      body: z.object({ jws: z.string().min(1) }),
      response: { 200: z.object({ jws: z.string() }), ...errors(400, 401) },
    },
  }, async (req) => ({ jws: await receive(ctxOf(app, req), req.body.jws) }));

  f.get('/federation/partners', {
    schema: { tags: ['federation'], summary: 'Paired partner nodes, their pinned keys and the state of the exchange', response: { 200: z.object({ partners: z.array(PartnerView) }), ...errors(401, 403) } },
  }, async (req) => ({ partners: await federation.partnersView(ctxOf(app, req), await requireActor(app, req)) }));

  f.post('/federation/partners', {
    schema: {
      tags: ['federation'], summary: "Pair with a partner node: pin its key (compare the fingerprint with the one its administrator gave you)",
      body: z.object({ url: z.string().url().max(500), fingerprint: z.string().regex(/^[0-9a-fA-F]{16}$/).optional(), replace: z.boolean().optional() }),
      response: { 200: z.object({ partner: PartnerView }), ...errors(400, 401, 403, 409, 502) },
    },
  }, async (req) => ({ partner: await federation.pair(ctxOf(app, req), await requireActor(app, req), req.body) }));

  f.post('/federation/partners/:nodeId/deliver', {
    schema: {
      tags: ['federation'], summary: 'Deliver the queued messages to the partner now (ignores the backoff)',
      params: z.object({ nodeId: z.string().min(1).max(64) }),
      response: { 200: z.object({ delivered: z.number(), pending: z.number(), error: z.string().optional() }), ...errors(401, 403, 404) },
    },
  }, async (req) => federation.deliver(ctxOf(app, req), await requireActor(app, req), req.params.nodeId));
};
