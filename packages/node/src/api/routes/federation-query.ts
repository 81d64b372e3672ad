/** Federation (issue 6) routes: query. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';

export const federationQueryRoutes = (_app: NodeApp): FastifyPluginAsyncZod => async () => {};
