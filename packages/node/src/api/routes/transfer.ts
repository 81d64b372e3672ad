/** Bulk import and export of FtM JSON lines (application/x-ndjson). */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RecordMeta } from '@puente/model';
import type { NodeApp } from '../../services/context';
import { importFtm } from '../../services/import';
import { exportFtm } from '../../services/export';
import { validation } from '../../errors';
import { Distribution, IsoDate, Purpose, errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

/** Media types accepted as a stream of FtM lines. */
export const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/octet-stream'];

/** Lines joined into chunks of a few hundred, so the socket is not written once per record. */
async function* chunked(lines: AsyncIterable<string>, size = 500): AsyncGenerator<string> {
  let buf = '';
  let n = 0;
  for await (const line of lines) {
    buf += `${line}\n`;
    if (++n % size === 0) { yield buf; buf = ''; }
  }
  if (buf) yield buf;
}

export const transferRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  // The body is handed to the route as the raw stream: lines are parsed and written as they arrive.
  f.addContentTypeParser(NDJSON_TYPES, (_req, payload, done) => done(null, payload));

  f.post('/import', {
    schema: {
      tags: ['transfer'],
      summary: 'Import FtM JSON lines (body: application/x-ndjson). All or nothing: a bad line aborts the whole import.',
      description: 'Query parameters give the record metadata for lines without a `puente` block.',
      querystring: z.object({
        file: z.string().max(200).default('upload.ndjson'),
        ownerAgency: z.string().max(64).optional(),
        distribution: Distribution.optional(),
        agreementId: z.string().max(64).optional(),
        legalBasis: z.string().max(500).optional(),
        purposes: z.string().max(1000).optional().describe('comma-separated purposes'),
        retentionUntil: IsoDate.optional(),
        dataset: z.string().max(200).optional(),
      }),
      response: { 200: z.object({ importId: z.string(), entities: z.number() }), ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const actor = await requireActor(app, req);
    const body = req.body as unknown;
    if (!(body instanceof Readable)) throw validation(`content-type must be one of ${NDJSON_TYPES.join(', ')}`);
    const q = req.query;
    const purposes = q.purposes?.split(',').map((p) => p.trim()).filter(Boolean);
    if (purposes) {
      const bad = purposes.find((p) => !Purpose.safeParse(p).success);
      if (bad) throw validation(`purposes: ${bad}`, { field: 'purposes' });
    }
    const ctx = ctxOf(app, req);
    const ownerAgency = q.ownerAgency ?? actor.agencyId;
    const agency = await ctx.db.selectFrom('agencies').select('country').where('id', '=', ownerAgency).executeTakeFirst();
    const defaults: Partial<RecordMeta> = {
      ownerAgency, ownerCountry: agency?.country.trim() ?? actor.country,
      ...(q.distribution ? { distribution: q.distribution } : {}),
      ...(q.agreementId ? { agreementId: q.agreementId } : {}),
      ...(q.legalBasis ? { legalBasis: q.legalBasis } : {}),
      ...(purposes ? { purposes: purposes as RecordMeta['purposes'] } : {}),
      ...(q.retentionUntil ? { retentionUntil: q.retentionUntil } : {}),
      ...(q.dataset ? { dataset: q.dataset } : {}),
    };
    // destroyOnReturn: false — when a bad line stops the import early, the rest of the upload is drained
    // (resume) rather than the socket destroyed, so the client receives the error response.
    const chunks = body.iterator({ destroyOnReturn: false });
    try {
      const r = await importFtm(ctx, actor, chunks, { file: q.file, defaults });
      return { importId: r.importId, entities: r.entities };
    } finally {
      body.resume();
    }
  });

  f.get('/export', {
    schema: {
      tags: ['transfer'], summary: 'Export readable records as FtM JSON lines (application/x-ndjson)',
      querystring: z.object({ schema: z.string().max(64).optional() }),
      response: { ...errors(401, 403) }, // 200: application/x-ndjson stream
    },
  }, async (req, reply) => {
    const lines = await exportFtm(ctxOf(app, req), await requireActor(app, req), { schema: req.query.schema });
    reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="${app.node.id}-export.ndjson"`);
    // A stream is sent as is (no serializer); the typed reply only knows the JSON error bodies.
    return reply.send(Readable.from(chunked(lines)) as never);
  });
};
