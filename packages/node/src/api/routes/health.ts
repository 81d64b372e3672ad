/** Liveness and the node's identity; no login needed. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import { describeNode } from '../../services/meta';
import { ctxOf } from '../session';

export const healthRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.get('/health', {
    schema: {
      tags: ['node'], summary: 'Node health',
      response: { 200: z.object({ status: z.literal('ok'), node: z.string(), country: z.string(), store: z.enum(['pglite', 'postgres']), version: z.string() }) },
    },
  }, async () => ({ status: 'ok' as const, node: app.node.id, country: app.node.country, store: app.storeKind, version: app.version }));

  f.get('/meta', {
    schema: {
      tags: ['node'], summary: 'Purposes, roles and schemata of the model',
      response: {
        200: z.object({
          node: z.string(), country: z.string(), purposes: z.array(z.string()), roles: z.array(z.string()),
          schemata: z.array(z.object({
            name: z.string(), label: z.string(), plural: z.string(), abstract: z.boolean(), edge: z.boolean(),
            properties: z.array(z.object({ name: z.string(), label: z.string(), type: z.string(), range: z.string().optional() })),
          })),
        }),
      },
    },
  }, async (req) => describeNode(ctxOf(app, req)));
};
