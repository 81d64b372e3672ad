/**
 * The HTTP face of a node: Fastify 5, zod 4 schemas on every route (validation and the OpenAPI 3
 * document at /api/openapi.json), rate limits on every route (tighter on login), session cookies,
 * request ids, one error shape, and the built web UI with a single-page-app fallback.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import {
  hasZodFastifySchemaValidationErrors, isResponseSerializationError, jsonSchemaTransform, serializerCompiler, validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { internal, notFound, PuenteError, rateLimited, validation, type ErrorCode } from '../errors';
import type { NodeApp } from '../services/context';
import { adminRoutes } from './routes/admin';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { entityRoutes } from './routes/entities';
import { healthRoutes } from './routes/health';
import { transferRoutes } from './routes/transfer';
import { screeningRoutes } from './routes/screening';
import { protectRoutes } from './routes/protect';
import { linkageRoutes } from './routes/linkage';
import { amlRoutes } from './routes/aml';
import { federationRoutes } from './routes/federation';
import { federationShareRoutes } from './routes/federation-share';
import { federationQueryRoutes } from './routes/federation-query';
import { federationPprlRoutes } from './routes/federation-pprl';

/** A caller's x-request-id is kept when it is short and plain (it ends up in logs); otherwise we make one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Errors of other modules (identity, audit, model) carry a code and bilingual messages; map their codes. */
const STATUS_OF: Record<string, [ErrorCode, number]> = {
  validation: ['validation', 400], not_found: ['not_found', 404], conflict: ['conflict', 409],
  unauthenticated: ['unauthenticated', 401], forbidden: ['forbidden', 403],
};

export function toPuenteError(err: unknown, requestId: string): PuenteError {
  if (err instanceof PuenteError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'request';
    const issues = err.validation.map((v) => ({ field: `${where}${v.instancePath.replace(/\//g, '.')}`, message: v.message ?? '' }));
    return validation(issues.map((i) => `${i.field}: ${i.message}`).join('; '), { field: issues[0]?.field, issues });
  }
  const e = err as Partial<FastifyError> & { messages?: { en: string; es: string }; field?: string };
  if (e && typeof e.code === 'string' && e.messages && STATUS_OF[e.code]) {
    const [code, status] = STATUS_OF[e.code];
    return new PuenteError(code, status, e.messages, {}, e.field ? { field: e.field } : undefined);
  }
  const status = e?.statusCode ?? 500;
  if (status === 429) return rateLimited();
  if (status === 413) return new PuenteError('payload_too_large', 413, 'api.error.payload_too_large');
  if (status === 415) return new PuenteError('validation', 415, 'api.error.media_type', { type: String(e?.message ?? '') });
  // Fastify's own 4xx (malformed JSON, empty body…): the user can fix the request.
  if (status >= 400 && status < 500 && !isResponseSerializationError(err)) return validation(String(e?.message ?? ''));
  return internal(requestId);
}

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 32 || v === null || typeof v !== 'object' || typeof (v as { pipe?: unknown }).pipe === 'function') return false;
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1));
}

export async function buildServer(app: NodeApp): Promise<FastifyInstance> {
  const f = Fastify({
    // pino's Logger is a FastifyBaseLogger; saying so keeps the instance type the plain one.
    loggerInstance: app.log as FastifyBaseLogger,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    requestIdHeader: false,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID.test(h) ? h : randomUUID();
    },
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  f.setValidatorCompiler(validatorCompiler);
  f.setSerializerCompiler(serializerCompiler);
  f.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // PostgreSQL text cannot hold U+0000: refuse it at the door rather than fail deep in a query.
    if (/%00/.test(req.url)) throw validation('U+0000', { field: 'url' });
  });
  f.addHook('preValidation', async (req) => {
    if (req.body !== null && typeof req.body === 'object' && hasNul(req.body)) throw validation('U+0000', { field: 'body' });
  });

  f.setErrorHandler((err, req, reply) => {
    const e = toPuenteError(err, String(req.id));
    if (e.status >= 500) req.log.error({ err }, 'error.internal');
    else req.log.info({ code: e.code, status: e.status, key: e.key }, 'request.refused');
    return reply.code(e.status).type('application/json; charset=utf-8').send(e.toBody(String(req.id)));
  });

  await f.register(cookie);
  await f.register(rateLimit, {
    global: true,
    max: app.rateLimit.perMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, context) => rateLimited(Math.ceil(context.ttl / 1000)),
  });
  await f.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Puente node API', version: app.version, description: `Node ${app.node.id} (${app.node.country})` },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'puente_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await f.register(async (api) => {
    api.get('/openapi.json', { schema: { hide: true } }, async () => f.swagger());
    for (const routes of [healthRoutes, authRoutes, entityRoutes, transferRoutes, auditRoutes, adminRoutes]) await api.register(routes(app));
    await api.register(screeningRoutes(app));
    await api.register(protectRoutes(app));
    await api.register(linkageRoutes(app));
    await api.register(amlRoutes(app));
    for (const routes of [federationRoutes, federationShareRoutes, federationQueryRoutes, federationPprlRoutes]) await api.register(routes(app));
  }, { prefix: '/api' });

  const webDir = app.webDir && existsSync(app.webDir) ? app.webDir : null;
  if (webDir) await f.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: true, index: 'index.html' });

  f.setNotFoundHandler({ preHandler: f.rateLimit() }, (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0];
    // Client-side routes of the web UI (e.g. /entities/abc) are answered with its index.html.
    if (webDir && (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api') {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const e = notFound({ method: req.method, path });
    return reply.code(404).send(e.toBody(String(req.id)));
  });

  return f;
}
