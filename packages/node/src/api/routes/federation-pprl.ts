/**
 * Federation (issue 6) routes: cross-border privacy-preserving linkage (runs, the links of this node's own records)
 * and the audit checkpoints exchanged with partners. Decisions and audit happen in services/federation/.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import * as pprl from '../../services/federation/pprl';
import * as checkpoints from '../../services/federation/checkpoints';
import { errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

const NodeId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const Run = z.object({
  id: z.string(), partner: z.string(), role: z.enum(['asker', 'responder']).describe('asker: started here; responder: answered a partner'),
  status: z.enum(['running', 'ok', 'refused', 'failed']), actorId: z.string().nullable(), actorAgency: z.string().nullable(), purpose: z.string().nullable(),
  keyCheck: z.string().nullable().describe("public check value of the shared secret (HMAC), not the secret"), threshold: z.number().describe('Dice threshold of the one-to-one assignment'),
  records: z.number().describe("this node's own records encoded"), partnerRecords: z.number().nullable().describe("the asker's encodings received (responder side only)"),
  links: z.number(), error: z.string().nullable(), createdAt: z.string(), finishedAt: z.string().nullable(),
});
const Link = z.object({
  runId: z.string(), partner: z.string(), role: z.enum(['asker', 'responder']),
  entity: z.object({ id: z.string(), schema: z.string(), caption: z.string() }).describe("this node's own record (the partner's record id is never known here)"),
  token: z.string().describe('the link token both nodes hold for the matched pair'), score: z.number().describe('Dice similarity of the two encodings'), createdAt: z.string(),
});
const OwnCheckpoint = z.object({
  treeSize: z.string(), rootHash: z.string(), ts: z.string(), keyId: z.string(),
  countersignatures: z.array(z.object({ nodeId: z.string(), keyId: z.string() })),
});
const HeldCheckpoint = z.object({
  partner: z.string(), treeSize: z.string(), rootHash: z.string(), ts: z.string(), keyId: z.string(),
  fromSize: z.string().describe('the size of the checkpoint held before it (its consistency proof starts there)'), receivedAt: z.string(),
});
const Exchange = z.union([
  z.object({ partner: z.string(), treeSize: z.string(), rootHash: z.string(), countersignedBy: z.array(z.string()) }),
  z.object({ partner: z.string(), error: z.object({ en: z.string(), es: z.string() }) }),
]);

export const federationPprlRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.post('/federation/pprl/runs', {
    schema: {
      tags: ['federation'], summary: "Link this node's own Person records with the partner's (encodings only; each side learns its own matched ids and a token)",
      body: z.object({ partner: NodeId }),
      response: { 200: z.object({ run: Run }), ...errors(400, 401, 403, 404, 409, 502) },
    },
  }, async (req) => ({ run: await pprl.startPprlRun(ctxOf(app, req), await requireActor(app, req), req.body) }));

  f.get('/federation/pprl/runs', {
    schema: {
      tags: ['federation'], summary: 'Linkage runs started here or answered for a partner', querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: { 200: z.object({ runs: z.array(Run) }), ...errors(401, 403) },
    },
  }, async (req) => ({ runs: await pprl.listPprlRuns(ctxOf(app, req), await requireActor(app, req), req.query) }));

  f.get('/federation/pprl/links', {
    schema: {
      tags: ['federation'], summary: "This node's records that a linkage run matched, with the link token and score (each record shown is an audited read)",
      querystring: z.object({ runId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }),
      response: { 200: z.object({ links: z.array(Link), hidden: z.number().describe('links to records the reader may not read, left out') }), ...errors(401, 403, 404) },
    },
  }, async (req) => pprl.listPprlLinks(ctxOf(app, req), await requireActor(app, req), req.query));

  f.post('/federation/checkpoints/exchange', {
    schema: {
      tags: ['federation'], summary: "Sign a checkpoint of this node's audit log now and have the partner(s) countersign it",
      body: z.object({ partner: NodeId.optional() }).default({}),
      response: { 200: z.object({ results: z.array(Exchange) }), ...errors(401, 403, 404) },
    },
  }, async (req) => ({ results: await checkpoints.exchangeAll(ctxOf(app, req), await requireActor(app, req), req.body?.partner) }));

  f.get('/federation/checkpoints', {
    schema: {
      tags: ['federation'], summary: "This node's signed checkpoints with their countersignatures, and the partners' checkpoints held here",
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: { 200: z.object({ own: z.array(OwnCheckpoint), held: z.array(HeldCheckpoint) }), ...errors(401, 403) },
    },
  }, async (req) => checkpoints.checkpointsView(ctxOf(app, req), await requireActor(app, req), req.query));
};
