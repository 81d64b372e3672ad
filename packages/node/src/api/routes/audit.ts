/** The audit log for auditors: events, chain verification, signed checkpoints. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import { listAuditEvents, listCheckpoints, makeCheckpoint, verifyAuditLog } from '../../services/audit';
import { Loose, errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

/** Rows of other modules, made JSON-safe (bigint seq, Date ts). */
function plain(v: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))) as Record<string, unknown>;
}

export const auditRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.get('/audit', {
    schema: {
      tags: ['audit'], summary: 'Audit events, newest first (auditor)',
      querystring: z.object({
        actor: z.string().max(200).optional(), action: z.string().max(100).optional(), resource: z.string().max(200).optional(),
        from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(),
        before: z.string().regex(/^\d+$/).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: { 200: z.object({ events: z.array(Loose) }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const q = req.query;
    const events = await listAuditEvents(ctxOf(app, req), await requireActor(app, req), {
      actorId: q.actor, action: q.action, resourceId: q.resource, beforeSeq: q.before, limit: q.limit,
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
    });
    return { events: events.map(plain) };
  });

  f.get('/audit/verify', {
    schema: { tags: ['audit'], summary: 'Verify the hash chain and checkpoint signatures (auditor)', response: { 200: Loose, ...errors(401, 403) } },
  }, async (req) => plain(await verifyAuditLog(ctxOf(app, req), await requireActor(app, req))));

  f.get('/audit/checkpoints', {
    schema: { tags: ['audit'], summary: 'Signed checkpoints, newest first (auditor)', response: { 200: z.object({ checkpoints: z.array(Loose) }), ...errors(401, 403) } },
  }, async (req) => ({ checkpoints: (await listCheckpoints(ctxOf(app, req), await requireActor(app, req))).map(plain) }));

  f.post('/audit/checkpoints', {
    schema: { tags: ['audit'], summary: 'Sign a checkpoint over the log so far (auditor)', response: { 200: Loose, ...errors(401, 403) } },
  }, async (req) => plain(await makeCheckpoint(ctxOf(app, req), await requireActor(app, req))));
};
