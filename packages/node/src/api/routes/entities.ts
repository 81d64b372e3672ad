/** Records: search, read, create, edit, neighbourhood graph. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import { createEntity, getEntity, updateEntity } from '../../services/entities';
import { searchEntities } from '../../services/search';
import { neighbourhood } from '../../services/graph';
import { Entity, EntityInput, EntityPatch, EntityView, Graph, SearchResult, errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

const Id = z.object({ id: z.string().min(1).max(200) });

export const entityRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.get('/search', {
    schema: {
      tags: ['entities'], summary: 'Search names (accents and case ignored; trigram similarity); only readable records',
      querystring: z.object({
        q: z.string().max(200).default(''),
        schema: z.string().max(64).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
        offset: z.coerce.number().int().min(0).max(10_000).default(0),
      }),
      response: { 200: SearchResult, ...errors(400, 401) },
    },
  }, async (req) => searchEntities(ctxOf(app, req), await requireActor(app, req), req.query));

  f.get('/entities/:id', {
    schema: {
      tags: ['entities'], summary: 'One record with its statements (provenance) and relationships',
      params: Id, response: { 200: EntityView, ...errors(401, 403, 404) },
    },
  }, async (req) => getEntity(ctxOf(app, req), await requireActor(app, req), req.params.id));

  f.post('/entities', {
    schema: { tags: ['entities'], summary: 'Create a record', body: EntityInput, response: { 200: z.object({ entity: Entity }), ...errors(400, 401, 403) } },
  }, async (req) => createEntity(ctxOf(app, req), await requireActor(app, req), req.body));

  f.patch('/entities/:id', {
    schema: {
      tags: ['entities'], summary: 'Edit a record: each given property gets exactly the given values',
      params: Id, body: EntityPatch, response: { 200: z.object({ entity: Entity }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => updateEntity(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body));

  f.get('/entities/:id/graph', {
    schema: {
      tags: ['entities'], summary: 'Neighbourhood (1–2 hops); records the caller may not read are omitted',
      params: Id, querystring: z.object({ depth: z.coerce.number().int().min(1).max(2).default(1) }),
      response: { 200: Graph, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => neighbourhood(ctxOf(app, req), await requireActor(app, req), req.params.id, req.query.depth));
};
