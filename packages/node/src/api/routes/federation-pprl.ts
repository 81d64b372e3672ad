/** Federation (issue 6) routes: pprl. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';

export const federationPprlRoutes = (_app: NodeApp): FastifyPluginAsyncZod => async () => {};
