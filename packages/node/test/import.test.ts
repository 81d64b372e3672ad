/**
 * Import and export of FtM JSON lines over HTTP: all-or-nothing imports (a bad line anywhere leaves the
 * store exactly as it was and names its line and field in both languages), authorisation per record,
 * long values, fragments, and an export → import → export round trip between two nodes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { linesOf } from '@puente/model';
import { json, seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';
import { systemActor } from '../src/identity/index';
import { exportFtm } from '../src/services/export';
import { importFtm, importRecords } from '../src/services/import';

let t: TestNode;
let analyst: string;

const QUERY = 'legalBasis=LFPIORPI%20art.%2017&purposes=criminal_investigation,financial_intelligence&retentionUntil=2031-12-31&dataset=upload&distribution=node';

function person(i: number, extra: Record<string, string[]> = {}) {
  return JSON.stringify({ id: `imp-${i}`, schema: 'Person', properties: { name: [`Persona Importada ${i}`], birthDate: ['1980-01-01'], nationality: ['mx'], ...extra } });
}

async function counts() {
  const r = await sql<{ e: string; s: string; n: string }>`select (select count(*) from entities) as e,
    (select count(*) from fragments f cross join jsonb_array_elements(f.statements)) as s,
    (select count(*) from entity_names) as n`.execute(t.node.ctx.db);
  return r.rows[0];
}

const upload = (body: string, query = QUERY, cookie = analyst, type = 'application/x-ndjson') =>
  t.request(`/api/import?${query}`, { method: 'POST', cookie, body, headers: { 'content-type': type } });

before(async () => {
  t = await startTestNode();
  await seedFixture(t);
  analyst = await t.login('mx.analyst');
});
after(async () => { await t?.close(); });

describe(`import and export (${storeKind})`, () => {
  test('a good file is imported with the query defaults, found by search, and recorded', async () => {
    const body = Array.from({ length: 30 }, (_, i) => person(i)).join('\n') + '\n';
    const r = await json(await upload(body));
    assert.equal(r.entities, 30);
    const hit = await json(await t.request('/api/search?q=persona%20importada%207', { cookie: analyst }));
    assert.equal(hit.results[0].id, 'imp-7');
    const e = await json(await t.request('/api/entities/imp-7', { cookie: analyst }));
    assert.deepEqual(e.entity.meta.purposes, ['criminal_investigation', 'financial_intelligence']);
    assert.equal(e.entity.meta.ownerAgency, 'mx-uif');
    assert.equal(e.entity.meta.ownerCountry, 'MX');
    assert.equal(e.entity.meta.dataset, 'upload');
    assert.equal(e.entity.meta.originNode, 'mx-node');
    const row = await t.node.ctx.db.selectFrom('imports').selectAll().where('id', '=', r.importId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'ok');
    assert.equal(Number(row.entities), 30);
  });

  test('a bad line in the middle aborts the whole import: counts unchanged, line and field named in en and es', async () => {
    const before = await counts();
    // 2,500 lines: two full batches are written inside the transaction before line 2,100 fails.
    const lines = Array.from({ length: 2500 }, (_, i) => person(1000 + i));
    lines[2099] = person(99999, { birthDate: ['not a date'] });
    const res = await upload(lines.join('\n'), `${QUERY}&file=people.ndjson`);
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.code, 'validation');
    assert.equal(body.error.details.file, 'people.ndjson');
    assert.equal(body.error.details.line, 2100);
    assert.equal(body.error.details.field, 'properties.birthDate');
    assert.match(body.error.message.en, /2100/);
    assert.match(body.error.message.es, /2100/);
    assert.match(body.error.message.es, /línea/i);
    assert.notEqual(body.error.message.en, body.error.message.es);
    assert.deepEqual(await counts(), before, 'store exactly as before');

    const failed = await t.node.ctx.db.selectFrom('imports').selectAll().where('status', '=', 'failed').execute();
    assert.ok(failed.some((f) => f.file === 'people.ndjson'));
    const auditor = await t.login('mx.auditor', 'oversight');
    const { events } = await json(await t.request('/api/audit?action=entity.import', { cookie: auditor }));
    assert.ok(events.some((e: any) => e.outcome === 'failed' && e.detail.line === 2100 && e.detail.file === 'people.ndjson'));
  });

  test('malformed JSON and missing metadata are named by line and field', async () => {
    const before = await counts();
    const bad = await (await upload([person(5000), '{"id": "x", "schema": ', person(5001)].join('\n'))).json();
    assert.equal(bad.error.details.line, 2);
    assert.equal(bad.error.details.field, 'json');
    const noMeta = await (await upload(person(5002), 'dataset=upload')).json();
    assert.equal(noMeta.error.details.line, 1);
    assert.match(noMeta.error.details.field, /^puente\./);
    const badPurpose = await upload(person(5003), `${QUERY}&purposes=curiosity`);
    assert.equal(badPurpose.status, 400);
    assert.deepEqual(await counts(), before);
  });

  test('fuzz: a garbage line at any position leaves the store unchanged and is the line reported', async () => {
    const before = await counts();
    const garbage = fc.oneof(
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !s.includes('\n') && !s.includes('\r')),
      fc.constant('{"id":"g","schema":"NoSuchSchema","properties":{}}'),
      fc.constant('{"id":"g","schema":"Person","properties":{"name":"not a list"}}'),
      fc.constant('[1,2,3]'),
    );
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 40 }), garbage, async (at, junk) => {
      const lines = Array.from({ length: 40 }, (_, i) => person(7000 + i));
      lines.splice(at, 0, junk);
      const res = await upload(lines.join('\n'));
      if (res.status === 200) {
        // Some strings are valid JSON objects that happen to be acceptable (vanishingly rare); nothing to check then.
        assert.fail(`accepted garbage ${JSON.stringify(junk)}`);
      }
      const body = await res.json();
      assert.equal(res.status, 400);
      assert.equal(body.error.details.line, at + 1);
      assert.deepEqual(await counts(), before);
    }), { numRuns: 12 });
  });

  test('records of another agency, or updates of them, are refused with the line; nothing is written', async () => {
    const before = await counts();
    const foreign = JSON.stringify({ id: 'imp-foreign', schema: 'Company', properties: { name: ['Ajena'] },
      puente: { owner_country: 'MX', owner_agency: 'mx-fgr', distribution: 'node', legal_basis: 'x', purposes: ['criminal_investigation'], retention_until: '2030-01-01', dataset: 'd', origin_node: 'mx-node' } });
    const res = await upload([person(8000), foreign].join('\n'));
    assert.equal(res.status, 403);
    const body = await res.json();
    assert.equal(body.error.code, 'forbidden');
    assert.equal(body.error.details.line, 2);
    // Overwriting FGR's own record by id.
    const overwrite = await upload(JSON.stringify({ id: 'fx-ana', schema: 'Person', properties: { name: ['Overwritten'] } }));
    assert.equal(overwrite.status, 403);
    assert.deepEqual(await counts(), before);
    assert.equal((await upload(person(8001), QUERY, await t.login('mx.auditor', 'oversight'))).status, 403);
    assert.equal((await t.request(`/api/import?${QUERY}`, { method: 'POST', body: person(1), headers: { 'content-type': 'application/x-ndjson' } })).status, 401);
    const wrongType = await upload(person(8002), QUERY, analyst, 'text/csv');
    assert.equal(wrongType.status, 415);
    assert.equal((await wrongType.json()).error.code, 'validation');
  });

  test('long values, repeated imports and fragments of one entity', async () => {
    const long = Array.from({ length: 4000 }, (_, i) => String.fromCharCode(0x41 + ((i * 7919) % 26))).join('') + ' ' + Math.random();
    const doc = JSON.stringify({ id: 'imp-long', schema: 'Company', properties: { name: ['Larga'], notes: [long] } });
    await json(await upload(doc));
    const once = await counts();
    await json(await upload(doc));
    assert.deepEqual(await counts(), once, 'a second import of the same lines adds nothing');
    const v = await json(await t.request('/api/entities/imp-long', { cookie: analyst }));
    assert.equal(v.entity.properties.notes[0], long);

    const fragments = [
      JSON.stringify({ id: 'imp-frag', schema: 'Person', properties: { name: ['Fragmento Uno'] } }),
      JSON.stringify({ id: 'imp-frag', schema: 'Person', properties: { name: ['Fragmento Uno'], alias: ['Frag'], birthDate: ['1990-05-05'] } }),
    ].join('\n');
    await json(await upload(fragments));
    const f = await json(await t.request('/api/entities/imp-frag', { cookie: analyst }));
    assert.deepEqual(f.entity.properties.name, ['Fragmento Uno']);
    assert.deepEqual(f.entity.properties.alias, ['Frag']);
    assert.deepEqual(f.entity.properties.birthDate, ['1990-05-05']);
    assert.equal(f.entity.caption, 'Fragmento Uno');
  });

  test('a file of many batches, prepared in the worker thread on PGlite, stores what the one-by-one path stores', async () => {
    const ctx = t.node.ctx;
    const actor = { ...systemActor(ctx.node), agencyId: 'mx-uif', purpose: 'criminal_investigation' as const };
    const defaults = { ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'node' as const, legalBasis: 'test', purposes: ['criminal_investigation' as const], retentionUntil: '2031-12-31', dataset: 'pipe' };
    const doc = (prefix: string, i: number, extra: Record<string, string[]> = {}) => JSON.stringify({
      id: `${prefix}-${i}`, schema: i % 3 ? 'Person' : 'Company',
      properties: i % 3 ? { name: [`Persona Tubería ${i}`], birthDate: [`19${50 + (i % 50)}-02-03`], ...extra } : { name: [`Empresa ${i} S.A. de C.V.`], ...extra },
    });
    const file = (prefix: string) => {
      const lines = Array.from({ length: 22 }, (_, i) => doc(prefix, i));
      lines.splice(7, 0, '');
      // the same record again, three batches later, with one more value: merged with what the transaction wrote
      lines.push(doc(prefix, 2, { alias: ['Otra'] }));
      lines.push(JSON.stringify({ id: `${prefix}-owns`, schema: 'Ownership', properties: { owner: [`${prefix}-1`], asset: [`${prefix}-3`] } }));
      return lines;
    };
    const source = (lines: string[]) => (async function* () { yield lines.join('\n'); })();
    const piped = await importFtm(ctx, actor, source(file('pw')), { file: 'pw.ndjson', defaults, batchSize: 4, waitForWorker: true });
    const { readFtmLines } = await import('@puente/model');
    const plain = await importRecords(ctx, actor, readFtmLines(linesOf(source(file('pm'))), { file: 'pm.ndjson', model: ctx.model, defaults: { originNode: ctx.node.id, ...defaults } }), { file: 'pm.ndjson', batchSize: 4 });
    assert.equal(piped.entities, plain.entities);
    assert.equal(piped.statements, plain.statements);
    const rows = async (prefix: string) => {
      const r = await sql<Record<string, unknown>>`select e.id, e.schema, e.caption, e.names, e.owner_agency, e.purposes, e.distribution,
          f.dataset, f.statements, (select coalesce(array_agg(l.prop || '>' || l.target order by l.prop, l.target), '{}') from links l where l.entity_id = e.id) as links
        from entities e join fragments f on f.entity_id = e.id where e.id like ${`${prefix}-%`} order by e.id`.execute(ctx.db);
      return JSON.parse(JSON.stringify(r.rows).replaceAll(`${prefix}-`, 'X-'));
    };
    assert.deepEqual(await rows('pw'), await rows('pm'));
    const two = await json(await t.request('/api/entities/pw-2', { cookie: analyst }));
    assert.deepEqual(two.entity.properties.alias, ['Otra']);
    const hit = await json(await t.request('/api/search?q=persona%20tuberia%2019', { cookie: analyst }));
    assert.deepEqual(hit.results.slice(0, 2).map((r: any) => r.id).sort(), ['pm-19', 'pw-19'], 'the catalog took the records');

    // A bad line, a NUL and a refused record in a late batch: named by line, nothing written.
    const before = await counts();
    const later = (at: number, line: string) => { const lines = Array.from({ length: 30 }, (_, i) => doc('pz', i)); lines[at - 1] = line; return lines; };
    const fail = (lines: string[]) => importFtm(ctx, actor, source(lines), { file: 'pz.ndjson', defaults, batchSize: 4, waitForWorker: true });
    await assert.rejects(fail(later(23, '{"id": "pz-bad", "schema": "Person", "properties": {"birthDate": ["soon"]}}')),
      (err: any) => err.details?.line === 23 && err.details?.field === 'properties.birthDate' && /23/.test(err.messages.es));
    await assert.rejects(fail(later(18, doc('pz', 99, { notes: ['a\u0000b'] }))), (err: any) => err.details?.line === 18 && err.details?.reason === 'nul');
    const foreign = JSON.stringify({ id: 'pz-foreign', schema: 'Company', properties: { name: ['Ajena'] },
      puente: { owner_country: 'MX', owner_agency: 'mx-fgr', distribution: 'node', legal_basis: 'x', purposes: ['criminal_investigation'], retention_until: '2030-01-01', dataset: 'd', origin_node: 'mx-node' } });
    // Fuzz: a garbage line anywhere in a file of many small batches, each prepared in the worker.
    const garbage = fc.oneof(
      fc.string({ minLength: 1, maxLength: 30 }).filter((x) => x.trim() !== '' && !/[\n\r]/.test(x)),
      fc.constant('{"id":"g","schema":"NoSuchSchema","properties":{}}'),
      fc.constant('{"id":"g","schema":"Person","properties":{"name":"not a list"}}'),
    );
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 29 }), garbage, async (at, junk) => {
      const lines = Array.from({ length: 30 }, (_, i) => doc('pf', i));
      lines.splice(at, 0, junk);
      await assert.rejects(fail(lines), (err: any) => err.details?.line === at + 1 && err.details?.file === 'pz.ndjson');
    }), { numRuns: 10 });
    const many = Array.from({ length: 2100 }, (_, i) => doc('pz', i));
    many[2049] = foreign; // in the third batch of 1,000: prepared by the worker, refused by the analyst's policy
    const refused = await upload(many.join('\n'));
    assert.equal(refused.status, 403);
    assert.equal((await refused.json()).error.details.line, 2050);
    assert.deepEqual(await counts(), before);
  });

  test('export → import into a second node → export gives the same lines; export holds only readable records', async () => {
    const res = await t.request('/api/export', { cookie: analyst });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/x-ndjson/);
    const text = await res.text();
    const lines = text.split('\n').filter(Boolean);
    const ids = lines.map((l) => JSON.parse(l).id);
    assert.ok(ids.includes('fx-jose') && ids.includes('imp-7'));
    assert.equal(ids.includes('fx-fgr-holdings'), false, "FGR's agency-only record is not exported to UIF");
    assert.equal(ids.includes('fx-ana'), false, 'public-health record is not exported under criminal_investigation');
    assert.deepEqual([...ids].sort(), ids, 'ordered by id');

    const companies = (await (await t.request('/api/export?schema=Company', { cookie: analyst })).text()).split('\n').filter(Boolean);
    assert.ok(companies.length > 0 && companies.every((l) => JSON.parse(l).schema === 'Company'));

    const second = await startTestNode();
    try {
      const system = { ...systemActor(second.node.ctx.node), purpose: 'criminal_investigation' as const };
      const r = await importFtm(second.node.ctx, system, (async function* () { yield text; })(), { file: 'export.ndjson', defaults: {} });
      assert.equal(r.entities, lines.length);
      const again: string[] = [];
      for await (const line of await exportFtm(second.node.ctx, system, {})) again.push(line);
      const strip = (l: string) => { const o = JSON.parse(l); delete o.first_seen; delete o.last_seen; return o; };
      assert.deepEqual(again.map(strip), lines.map(strip));
    } finally {
      await second.close();
    }
    const auditor = await t.login('mx.auditor', 'oversight');
    const { events } = await json(await t.request('/api/audit?action=entity.export', { cookie: auditor }));
    assert.ok(events.some((e: any) => e.outcome === 'ok' && e.detail.entities === lines.length));
    const reads = await json(await t.request('/api/audit?action=entity.read&limit=500', { cookie: auditor }));
    assert.ok(reads.events.some((e: any) => e.detail?.via === 'export' && e.detail.ids.includes('fx-jose')), 'personal records in an export are audited as reads');
  });
});
