/** Federation (issue 6) routes: share. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';

export const federationShareRoutes = (_app: NodeApp): FastifyPluginAsyncZod => async () => {};
