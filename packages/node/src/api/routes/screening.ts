/**
 * Screening: one name or a CSV file against the designation lists, hits with their explanations, decisions,
 * the alerts list updates raise on the node's own records, and the lists with their versions and changes.
 * Everything is decided and audited in services/screening*.ts; these routes only shape requests and answers.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import * as screening from '../../services/screening';
import * as lists from '../../services/screening-lists';
import { errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

// ---- Shapes -----------------------------------------------------------------------------------------------------

const ListName = z.object({ text: z.string(), kind: z.enum(['primary', 'alias', 'previous', 'weak']), surnames: z.string().optional() });
const ListEntry = z.object({
  id: z.string().describe("the list's own id (OFAC ent_num, FtM id)"), schema: z.string(), caption: z.string(), names: z.array(ListName),
  countries: z.array(z.string()).optional(), birthDates: z.array(z.string()).optional(), list: z.string().optional(),
  programs: z.array(z.string()).optional(),
});

const Query = z.object({
  id: z.string().optional(), name: z.string(), schema: z.string().optional(), country: z.string().optional(), birthDate: z.string().optional(),
});

const Explanation = z.object({
  matchedName: z.string().describe('the list name that matched best'),
  nameKind: z.enum(['primary', 'alias', 'previous', 'weak']),
  name: z.object({
    score: z.number(), num: z.number(), den: z.number(),
    pairs: z.array(z.object({ query: z.string(), candidate: z.string(), role: z.string(), sim: z.number(), method: z.string(), weight: z.number() })),
    unmatched: z.array(z.object({ side: z.enum(['query', 'candidate']), part: z.string(), role: z.string(), weight: z.number(), cost: z.number() })),
    shortcut: z.enum(['literal', 'compact']).optional(),
  }).describe('name score = Σ matched w·sim / (Σ matched w + Σ unmatched w·cost)'),
  factor: z.number().describe('1, or the weak-alias factor'),
  features: z.array(z.object({ feature: z.string(), weight: z.number(), detail: z.string().optional() })),
  score: z.number().describe('clamp(name.score × factor + Σ features.weight, 0, 1)'),
}).describe('Why the entry scored what it scored');

const DecisionKind = z.enum(['match', 'false_positive']);
const Decision = z.object({
  id: z.string(), decision: DecisionKind, reason: z.string(), actorId: z.string(), actorAgency: z.string(),
  purpose: z.string().nullable(), decidedAt: z.string(),
});

const Hit = z.object({
  id: z.string(), runId: z.string(), queryId: z.string(), query: Query, entityId: z.string().nullable(), rank: z.number(),
  listId: z.string(), versionId: z.string(), entryId: z.string(), entryCaption: z.string(), entrySchema: z.string(),
  matchedName: z.string(), score: z.number(), explanation: Explanation, createdAt: z.string(), decision: Decision.nullable(),
});

const Run = z.object({
  id: z.string(), kind: z.enum(['single', 'batch', 'rescreen']), actorId: z.string().nullable(), actorAgency: z.string().nullable(),
  purpose: z.string().nullable(), versions: z.array(z.string()), threshold: z.number(), file: z.string().nullable(),
  queries: z.number(), hits: z.number(), alerts: z.number(), createdAt: z.string(),
});

const Version = z.object({
  id: z.string(), listId: z.string(), seq: z.number(), label: z.string(), format: z.string(), files: z.array(z.string()),
  importedAt: z.string(), importedBy: z.string().nullable(), entries: z.number(), contentHash: z.string(),
  added: z.number(), changed: z.number(), removed: z.number(),
});

const List = z.object({ id: z.string(), title: z.string(), source: z.string(), createdAt: z.string(), versions: z.number(), current: Version.nullable() });

const Change = z.object({
  entryId: z.string(), change: z.enum(['added', 'changed', 'removed']), caption: z.string(), schema: z.string(),
  fields: z.array(z.string()), before: ListEntry.nullable(), after: ListEntry.nullable(),
});

const Alert = z.object({
  id: z.string(), status: z.enum(['open', 'decided', 'delisted']), createdAt: z.string(), updatedAt: z.string(),
  entity: z.object({ id: z.string(), schema: z.string(), caption: z.string() }), hit: Hit,
});

const Rescreen = z.object({ runId: z.string(), records: z.number(), names: z.number(), hits: z.number(), alerts: z.number(), ms: z.number() });

const ImportResult = z.object({
  versions: z.array(z.object({ version: Version, unchanged: z.boolean() })),
  warnings: z.array(z.object({ file: z.string(), code: z.string(), messages: z.object({ en: z.string(), es: z.string() }) })),
  rescreen: Rescreen.nullable(),
});

const Options = {
  threshold: z.number().min(0).max(1).optional().describe('report hits scoring at least this (default 0.80)'),
  top: z.number().int().min(1).max(50).optional().describe('at most this many hits per query (default 5)'),
  lists: z.array(z.string().min(1).max(100)).max(20).optional().describe('list ids to screen against (default: all)'),
};

const Page = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0) };
const Id = z.string().min(1).max(200);

// ---- Routes -----------------------------------------------------------------------------------------------------

export const screeningRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.post('/screening/screen', {
    schema: {
      tags: ['screening'], summary: 'Screen one name against the current version of every designation list',
      description: 'Hits score ≥ threshold, best first, each with its explanation (matched parts, features, weights). Stored as a run; audited with the name.',
      body: z.object({
        name: z.string().min(1).max(500), schema: z.string().max(40).optional(), country: z.string().max(60).optional(),
        birthDate: z.string().max(10).optional().describe('YYYY, YYYY-MM or YYYY-MM-DD'), ...Options,
      }),
      response: { 200: z.object({ run: Run, hits: z.array(Hit) }), ...errors(400, 401, 403, 409) },
    },
  }, async (req) => screening.screenName(ctxOf(app, req), await requireActor(app, req), req.body));

  f.post('/screening/batch', {
    schema: {
      tags: ['screening'], summary: 'Screen every row of a CSV file (columns id,name and optional schema, country, birth_date)',
      description: `The file's text in \`csv\`; at most ${screening.MAX_BATCH_ROWS} rows. A malformed file is refused as a whole with file, line and field (English and Spanish).`,
      body: z.object({ file: z.string().max(200).default('upload.csv'), csv: z.string().max(8 * 1024 * 1024), ...Options }),
      response: {
        200: z.object({ run: Run, rows: z.array(z.object({ line: z.number(), queryId: z.string(), query: Query, hits: z.array(Hit) })) }),
        ...errors(400, 401, 403, 409),
      },
    },
  }, async (req) => screening.screenBatch(ctxOf(app, req), await requireActor(app, req), req.body));

  f.get('/screening/runs', {
    schema: {
      tags: ['screening'], summary: "Recent screenings of the caller's agency (one name, or a file)",
      querystring: z.object({ limit: Page.limit }), response: { 200: z.object({ runs: z.array(Run) }), ...errors(400, 401, 403) },
    },
  }, async (req) => ({ runs: await screening.listRuns(ctxOf(app, req), await requireActor(app, req), req.query) }));

  f.get('/screening/runs/:runId', {
    schema: {
      tags: ['screening'], summary: 'One screening with its hits', params: z.object({ runId: Id }),
      response: { 200: z.object({ run: Run, hits: z.array(Hit) }), ...errors(401, 403, 404) },
    },
  }, async (req) => screening.getRun(ctxOf(app, req), await requireActor(app, req), req.params.runId));

  f.get('/screening/hits', {
    schema: {
      tags: ['screening'], summary: "Hits of the agency's screenings: open (not decided yet), decided, or all",
      querystring: z.object({ status: z.enum(['open', 'decided', 'all']).default('open'), runId: Id.optional(), ...Page }),
      response: { 200: z.object({ total: z.number(), hits: z.array(Hit) }), ...errors(400, 401, 403) },
    },
  }, async (req) => screening.listHits(ctxOf(app, req), await requireActor(app, req), req.query));

  f.post('/screening/hits/:hitId/decision', {
    schema: {
      tags: ['screening'], summary: 'Decide a hit: match or false positive, with a reason (audited; a later decision supersedes)',
      params: z.object({ hitId: Id }),
      body: z.object({ decision: DecisionKind, reason: z.string().max(screening.MAX_REASON) }),
      response: { 200: z.object({ decision: Decision, hit: Hit }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => screening.decideHit(ctxOf(app, req), await requireActor(app, req), req.params.hitId, req.body));

  f.get('/screening/alerts', {
    schema: {
      tags: ['screening'], summary: "Alerts on the node's own records raised by list updates (only records the caller may read)",
      querystring: z.object({ status: z.enum(['open', 'decided', 'delisted', 'all']).default('open'), ...Page }),
      response: { 200: z.object({ total: z.number(), alerts: z.array(Alert) }), ...errors(400, 401, 403) },
    },
  }, async (req) => screening.listAlerts(ctxOf(app, req), await requireActor(app, req), req.query));

  f.get('/screening/lists', {
    schema: {
      tags: ['screening'], summary: 'Designation lists with their current version',
      response: { 200: z.object({ lists: z.array(List) }), ...errors(401, 403) },
    },
  }, async (req) => ({ lists: await lists.listLists(ctxOf(app, req), await requireActor(app, req)) }));

  f.get('/screening/lists/:listId/versions', {
    schema: {
      tags: ['screening'], summary: "A list's versions, newest first", params: z.object({ listId: Id }),
      response: { 200: z.object({ versions: z.array(Version) }), ...errors(401, 403, 404) },
    },
  }, async (req) => ({ versions: await lists.listVersions(ctxOf(app, req), await requireActor(app, req), req.params.listId) }));

  f.get('/screening/versions/:versionId/changes', {
    schema: {
      tags: ['screening'], summary: 'What a version added, changed and removed against the previous one',
      params: z.object({ versionId: Id }),
      querystring: z.object({ change: z.enum(['added', 'changed', 'removed']).optional(), ...Page }),
      response: {
        200: z.object({ version: Version, previous: Version.nullable(), total: z.number(), changes: z.array(Change) }),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req) => lists.versionChanges(ctxOf(app, req), await requireActor(app, req), req.params.versionId, req.query));

  f.get('/screening/versions/:versionId/entries', {
    schema: {
      tags: ['screening'], summary: "A version's entries (optionally those whose name contains q; accents and case ignored)",
      params: z.object({ versionId: Id }),
      querystring: z.object({ q: z.string().max(200).optional(), ...Page }),
      response: { 200: z.object({ version: Version, total: z.number(), entries: z.array(ListEntry) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => lists.versionEntries(ctxOf(app, req), await requireActor(app, req), req.params.versionId, req.query));

  f.post('/screening/imports', {
    // a full SDN list in its legacy CSV files is ~10 MB of text
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      tags: ['screening'], summary: 'Import a new version of a designation list (supervisors); the node then re-screens its records',
      description: 'FtM JSON lines (`format: ftm`, the text in `content`) or OFAC files (`format: ofac`, file name → text). One transaction; a bad line changes nothing.',
      body: z.discriminatedUnion('format', [
        z.object({
          format: z.literal('ftm'), listId: z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,99}$/), title: z.string().max(200).optional(),
          label: z.string().min(1).max(200), file: z.string().max(200).default('upload.ftm.jsonl'), content: z.string(),
        }),
        z.object({
          format: z.literal('ofac'), label: z.string().min(1).max(200),
          files: z.partialRecord(z.enum(lists.OFAC_FILE_NAMES), z.string()),
        }),
      ]),
      response: { 200: ImportResult, ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const ctx = ctxOf(app, req);
    const actor = await requireActor(app, req);
    const b = req.body;
    const r = b.format === 'ftm'
      ? await lists.importFtmList(ctx, actor, b.content.split(/\r?\n/), { listId: b.listId, title: b.title, label: b.label, file: b.file })
      : await lists.importOfacFiles(ctx, actor, b.files as Record<string, string>, { label: b.label });
    return { ...r, warnings: r.warnings.map((w) => ({ file: w.file, code: w.code, messages: w.messages })) };
  });
};
