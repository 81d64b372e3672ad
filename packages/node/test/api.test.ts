/**
 * The HTTP API over real HTTP (fetch against a listening node), on the store under test: health,
 * OpenAPI, the error shape, sessions, search, records with provenance and relationships, denials and
 * their audit trail, the graph, audit and admin routes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { json, seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

let t: TestNode;
const cookies: Record<string, string> = {};
const as = async (username: string, purpose: string | null = 'criminal_investigation') => {
  const key = `${username}|${purpose}`;
  return (cookies[key] ??= await t.login(username, purpose));
};

function assertErrorShape(body: any, code: string) {
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message.en, 'string');
  assert.equal(typeof body.error.message.es, 'string');
  assert.ok(body.error.message.en.length > 0 && body.error.message.es.length > 0);
  assert.notEqual(body.error.message.en, body.error.message.es, 'both languages');
  assert.equal(typeof body.error.requestId, 'string');
}

before(async () => {
  t = await startTestNode();
  await seedFixture(t);
});
after(async () => { await t?.close(); });

describe(`node API (${storeKind})`, () => {
  test('health answers 200 JSON with the node and store, and echoes a plain x-request-id', async () => {
    const res = await t.request('/api/health', { headers: { 'x-request-id': 'req-abc.123' } });
    assert.equal(res.headers.get('x-request-id'), 'req-abc.123');
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const body = await json(res);
    assert.deepEqual({ ...body, version: undefined }, { status: 'ok', node: 'mx-node', country: 'MX', store: storeKind, version: undefined });
    // A request id with characters fit for log injection is replaced by a fresh one.
    const res2 = await t.request('/api/health', { headers: { 'x-request-id': 'has spaces <and> "quotes"' } });
    assert.match(res2.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('openapi.json is an OpenAPI 3 document listing the routes with their schemas', async () => {
    const doc = await json(await t.request('/api/openapi.json'));
    assert.match(doc.openapi, /^3\./);
    for (const path of ['/api/health', '/api/meta', '/api/auth/login', '/api/auth/logout', '/api/auth/me', '/api/auth/purpose',
      '/api/search', '/api/entities', '/api/entities/{id}', '/api/entities/{id}/graph', '/api/import', '/api/export',
      '/api/audit', '/api/audit/verify', '/api/audit/checkpoints', '/api/admin/users', '/api/admin/users/{id}',
      '/api/admin/agencies', '/api/admin/policies']) {
      assert.ok(doc.paths[path], `missing ${path}`);
    }
    const search = doc.paths['/api/search'].get;
    assert.ok(search.parameters.some((p: any) => p.name === 'q' && p.in === 'query'));
    assert.ok(search.responses['200'] && search.responses['401'] && search.responses['429']);
    assert.ok(doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.properties.username);
  });

  test('meta lists purposes, roles and schemata without login', async () => {
    const meta = await json(await t.request('/api/meta'));
    assert.ok(meta.purposes.includes('criminal_investigation'));
    assert.deepEqual(meta.roles, ['analyst', 'supervisor', 'auditor', 'admin']);
    const person = meta.schemata.find((s: any) => s.name === 'Person');
    assert.ok(person && !person.abstract && !person.edge && person.properties.some((p: any) => p.name === 'name'));
    assert.equal(meta.schemata.find((s: any) => s.name === 'Ownership').edge, true);
  });

  test('every failure has the one error shape: unknown route, validation, unauthenticated, forbidden', async () => {
    const r404 = await t.request('/api/no/such/route');
    assert.equal(r404.status, 404);
    assertErrorShape(await r404.json(), 'not_found');
    assert.ok(r404.headers.get('x-request-id'));

    const cookie = await as('mx.analyst');
    const r400 = await t.request('/api/search?q=x&limit=abc', { cookie });
    assert.equal(r400.status, 400);
    const b400 = await r400.json();
    assertErrorShape(b400, 'validation');
    assert.equal(b400.error.details.field, 'querystring.limit');
    assert.equal(b400.error.requestId, r400.headers.get('x-request-id'));

    const badJson = await t.request('/api/auth/login', { body: '{"username":', headers: { 'content-type': 'application/json' } });
    assert.equal(badJson.status, 400);
    assertErrorShape(await badJson.json(), 'validation');

    const r401 = await t.request('/api/search?q=jose');
    assert.equal(r401.status, 401);
    assertErrorShape(await r401.json(), 'unauthenticated');

    const r403 = await t.request('/api/admin/users', { cookie });
    assert.equal(r403.status, 403);
    assertErrorShape(await r403.json(), 'forbidden');
  });

  test('login, me, purpose, logout; failed logins are refused and audited', async () => {
    const bad = await t.request('/api/auth/login', { body: { username: 'mx.analyst', password: 'wrong-password' } });
    assert.equal(bad.status, 401);
    assertErrorShape(await bad.json(), 'unauthenticated');

    const res = await t.request('/api/auth/login', { body: { username: 'mx.analyst', password: 'puente-demo-2026' } });
    const session = await json(res);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('puente_session='))!;
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    assert.equal(session.user.username, 'mx.analyst');
    assert.equal(session.user.agencyId, 'mx-uif');
    assert.equal(session.user.country, 'MX');
    assert.deepEqual(session.user.roles, ['analyst']);
    assert.equal(session.purpose, null);
    assert.ok(Date.parse(session.expiresAt) > Date.now());
    const cookie = setCookie.split(';')[0];

    const me = await json(await t.request('/api/auth/me', { cookie }));
    assert.deepEqual(me.user, session.user);
    const changed = await json(await t.request('/api/auth/purpose', { method: 'PUT', cookie, body: { purpose: 'financial_intelligence' } }));
    assert.equal(changed.purpose, 'financial_intelligence');
    assert.equal((await json(await t.request('/api/auth/me', { cookie }))).purpose, 'financial_intelligence');
    const badPurpose = await t.request('/api/auth/purpose', { method: 'PUT', cookie, body: { purpose: 'curiosity' } });
    assert.equal(badPurpose.status, 400);

    assert.equal((await t.request('/api/auth/logout', { method: 'POST', cookie })).status, 200);
    assert.equal((await t.request('/api/auth/logout', { method: 'POST', cookie })).status, 200, 'logging out twice is fine');
    const after = await t.request('/api/auth/me', { cookie });
    assert.equal(after.status, 401);
    assertErrorShape(await after.json(), 'unauthenticated');

    const auditor = await as('mx.auditor', 'oversight');
    const { events } = await json(await t.request('/api/audit?action=login&limit=50', { cookie: auditor }));
    assert.ok(events.some((e: any) => e.outcome === 'failed' && e.detail?.username === 'mx.analyst'), 'failed login audited');
    assert.ok(events.some((e: any) => e.outcome === 'ok' && e.actorId === session.user.id), 'login audited');
  });

  test('search folds case and accents and returns only readable records, with a total', async () => {
    const cookie = await as('mx.analyst');
    for (const q of ['jose gonzalez', 'JOSÉ GONZÁLEZ', 'José  González!']) {
      const r = await json(await t.request(`/api/search?q=${encodeURIComponent(q)}`, { cookie }));
      assert.equal(r.results[0]?.id, 'fx-jose', q);
      assert.equal(r.results[0].matchedName, 'José González');
      assert.ok(r.results[0].score > 0.9);
      assert.equal(r.total, r.results.length);
    }
    const word = await json(await t.request('/api/search?q=nunez', { cookie }));
    assert.deepEqual(new Set(word.results.map((h: any) => h.id)), new Set(['fx-abarrotes', 'fx-maria']));
    const companies = await json(await t.request('/api/search?q=nunez&schema=LegalEntity', { cookie }));
    assert.ok(companies.results.length >= 1);
    const onlyCompanies = await json(await t.request('/api/search?q=nunez&schema=Company', { cookie }));
    assert.deepEqual(onlyCompanies.results.map((h: any) => h.id), ['fx-abarrotes']);
    const paged = await json(await t.request('/api/search?q=nunez&limit=1&offset=1', { cookie }));
    assert.equal(paged.total, 2);
    assert.equal(paged.results.length, 1);

    // MARIA is shared within mx-uif only; FGR's analyst does not find her.
    const fgr = await as('mx.fgr.analyst');
    const hidden = await json(await t.request('/api/search?q=maria%20secreta', { cookie: fgr }));
    assert.equal(hidden.results.some((h: any) => h.id === 'fx-maria'), false);
    // ANA serves public health only: invisible under criminal_investigation, visible under public_health.
    assert.equal((await json(await t.request('/api/search?q=ana%20publica', { cookie: fgr }))).total, 0);
    const ph = await as('mx.fgr.analyst', 'public_health');
    assert.equal((await json(await t.request('/api/search?q=ana%20publica', { cookie: ph }))).results[0]?.id, 'fx-ana');
  });

  test('a record comes with its statements (provenance) and relationships; hidden ends are null', async () => {
    const cookie = await as('mx.analyst');
    const v = await json(await t.request('/api/entities/fx-jose', { cookie }));
    assert.equal(v.entity.schema, 'Person');
    assert.equal(v.entity.caption, 'José González');
    assert.deepEqual(v.entity.properties.name, ['José González']);
    assert.equal(v.entity.meta.ownerAgency, 'mx-uif');
    assert.equal(v.entity.meta.distribution, 'node');
    assert.equal(v.entity.meta.retentionUntil, '2031-12-31');
    const name = v.statements.find((s: any) => s.prop === 'name');
    assert.deepEqual({ ...name, firstSeen: undefined, lastSeen: undefined },
      { prop: 'name', value: 'José González', dataset: 'fixture', originNode: 'mx-node', originAgency: 'mx-uif', firstSeen: undefined, lastSeen: undefined });
    assert.ok(!Number.isNaN(Date.parse(name.firstSeen)));

    const own = v.relationships.find((r: any) => r.id === 'fx-own-jose');
    assert.deepEqual(own, { id: 'fx-own-jose', schema: 'Ownership', caption: own.caption, direction: 'out', prop: 'owner',
      other: { id: 'fx-abarrotes', schema: 'Company', caption: 'Abarrotes Núñez, S.A. de C.V.' } });
    const dir = v.relationships.find((r: any) => r.id === 'fx-dir-jose');
    assert.equal(dir.direction, 'out');
    assert.equal(dir.other, null, "FGR's agency-only company is not shown to UIF");

    const company = await json(await t.request('/api/entities/fx-abarrotes', { cookie }));
    assert.deepEqual(company.relationships.map((r: any) => [r.id, r.direction, r.other?.id]).sort(),
      [['fx-own-jose', 'in', 'fx-jose'], ['fx-own-maria', 'in', 'fx-maria']]);
    const fgrView = await json(await t.request('/api/entities/fx-abarrotes', { cookie: await as('mx.fgr.analyst') }));
    assert.deepEqual(fgrView.relationships.map((r: any) => r.id), ['fx-own-jose'], 'the agency-only ownership is left out');
  });

  test('another agency, country or purpose cannot read a restricted record; each denial is audited', async () => {
    const fgr = await as('mx.fgr.analyst');
    const outside = await t.request('/api/entities/fx-maria', { cookie: fgr });
    assert.equal(outside.status, 404, 'outside the sharing circle the record does not exist');
    assertErrorShape(await outside.json(), 'not_found');

    const us = await as('us.analyst');
    const foreign = await t.request('/api/entities/fx-jose', { cookie: us });
    assert.equal(foreign.status, 404, 'node distribution does not reach the partner country');
    const shared = await t.request('/api/entities/fx-abarrotes', { cookie: us });
    assert.equal(shared.status, 200, 'bilateral distribution does');

    const wrongPurpose = await t.request('/api/entities/fx-jose', { cookie: await as('mx.analyst', 'public_health') });
    assert.equal(wrongPurpose.status, 403, 'inside the circle, the wrong purpose is a refusal');
    assertErrorShape(await wrongPurpose.json(), 'forbidden');

    const noPurpose = await t.request('/api/entities/fx-jose', { cookie: await as('mx.analyst', null) });
    assert.equal(noPurpose.status, 403);

    const auditor = await as('mx.auditor', 'oversight');
    const { events } = await json(await t.request('/api/audit?action=entity.read&limit=200', { cookie: auditor }));
    const denied = events.filter((e: any) => e.outcome === 'denied');
    assert.ok(denied.some((e: any) => e.resourceId === 'fx-maria' && e.actorAgency === 'mx-fgr'));
    assert.ok(denied.some((e: any) => e.resourceId === 'fx-jose' && e.actorCountry === 'US'));
    assert.ok(denied.some((e: any) => e.resourceId === 'fx-jose' && e.purpose === 'public_health'));
  });

  test('reading personal data is audited with purpose and legal basis; a company read is not', async () => {
    const cookie = await as('mx.supervisor', 'criminal_investigation');
    await json(await t.request('/api/entities/fx-jose', { cookie }));
    await json(await t.request('/api/entities/fx-abarrotes', { cookie }));
    const auditor = await as('mx.auditor', 'oversight');
    const me = await json(await t.request('/api/auth/me', { cookie }));
    const { events } = await json(await t.request(`/api/audit?actor=${me.user.id}&action=entity.read`, { cookie: auditor }));
    const read = events.find((e: any) => e.resourceId === 'fx-jose');
    assert.ok(read, 'read of a Person audited');
    assert.equal(read.outcome, 'ok');
    assert.equal(read.purpose, 'criminal_investigation');
    assert.equal(read.legalBasis, 'LFPIORPI art. 17');
    assert.equal(read.actorAgency, 'mx-uif');
    assert.equal(events.some((e: any) => e.resourceId === 'fx-abarrotes'), false);
  });

  test('graph neighbourhood: edge entities become edges, hidden records and their edges are omitted', async () => {
    const uif = await json(await t.request('/api/entities/fx-jose/graph?depth=2', { cookie: await as('mx.analyst') }));
    const ids = new Set(uif.nodes.map((n: any) => n.id));
    assert.deepEqual(ids, new Set(['fx-jose', 'fx-abarrotes', 'fx-maria']), 'two hops: Jose → Abarrotes ← Maria');
    assert.ok(uif.edges.some((e: any) => e.id === 'fx-own-jose' && e.source === 'fx-jose' && e.target === 'fx-abarrotes' && e.label === 'owns'));
    assert.ok(uif.edges.some((e: any) => e.id === 'fx-own-maria'));
    for (const e of uif.edges) assert.ok(ids.has(e.source) && ids.has(e.target), 'no dangling edge');

    const one = await json(await t.request('/api/entities/fx-jose/graph', { cookie: await as('mx.analyst') }));
    assert.deepEqual(new Set(one.nodes.map((n: any) => n.id)), new Set(['fx-jose', 'fx-abarrotes']));

    const fgr = await json(await t.request('/api/entities/fx-abarrotes/graph?depth=2', { cookie: await as('mx.fgr.analyst') }));
    const fgrIds = new Set(fgr.nodes.map((n: any) => n.id));
    assert.ok(fgrIds.has('fx-jose') && fgrIds.has('fx-fgr-holdings'), 'Jose directs FGR holdings, two hops away');
    assert.equal(fgrIds.has('fx-maria'), false);
    assert.equal(fgr.edges.some((e: any) => e.id === 'fx-own-maria'), false);

    const bad = await t.request('/api/entities/fx-jose/graph?depth=3', { cookie: await as('mx.analyst') });
    assert.equal(bad.status, 400);
    const hidden = await t.request('/api/entities/fx-maria/graph', { cookie: await as('mx.fgr.analyst') });
    assert.equal(hidden.status, 404);
  });

  test('create and edit a record; another agency may not edit it', async () => {
    const cookie = await as('mx.analyst');
    const created = await json(await t.request('/api/entities', { cookie, body: {
      schema: 'Person', properties: { name: ['Pedro Páramo'], birthDate: ['1955-03-19'] }, meta: { legalBasis: 'CNPP art. 131', distribution: 'node' },
    } }));
    const id = created.entity.id;
    assert.equal(created.entity.caption, 'Pedro Páramo');
    assert.equal(created.entity.meta.ownerAgency, 'mx-uif');
    assert.deepEqual(created.entity.meta.purposes, ['criminal_investigation']);
    const found = await json(await t.request('/api/search?q=pedro%20paramo', { cookie }));
    assert.equal(found.results[0].id, id);

    const edited = await json(await t.request(`/api/entities/${id}`, { method: 'PATCH', cookie, body: { properties: { name: ['Pedro Páramo', 'El Patrón'] } } }));
    assert.deepEqual(edited.entity.properties.name, ['Pedro Páramo', 'El Patrón']);
    assert.deepEqual(edited.entity.properties.birthDate, ['1955-03-19']);
    assert.equal((await json(await t.request('/api/search?q=el%20patron', { cookie }))).results[0]?.id, id);
    const dropped = await json(await t.request(`/api/entities/${id}`, { method: 'PATCH', cookie, body: { properties: { name: ['El Patrón'] } } }));
    assert.deepEqual(dropped.entity.properties.name, ['El Patrón']);
    assert.equal((await json(await t.request('/api/search?q=pedro%20paramo', { cookie }))).total, 0, 'a withdrawn name is no longer found');

    const invalid = await t.request('/api/entities', { cookie, body: { schema: 'Person', properties: { birthDate: ['yesterday'] } } });
    assert.equal(invalid.status, 400);
    assertErrorShape(await invalid.json(), 'validation');
    const abstract = await t.request('/api/entities', { cookie, body: { schema: 'Thing', properties: { name: ['x'] } } });
    assert.equal(abstract.status, 400);
    const noAgreement = await t.request('/api/entities', { cookie, body: { schema: 'Company', properties: { name: ['X'] }, meta: { distribution: 'agreement' } } });
    assert.equal(noAgreement.status, 400);
    assert.equal((await noAgreement.json()).error.details.field, 'meta.agreementId');
    const otherOwner = await t.request('/api/entities', { cookie, body: { schema: 'Company', properties: { name: ['X'] }, meta: { ownerAgency: 'mx-fgr' } } });
    assert.equal(otherOwner.status, 403);

    const fgr = await t.request(`/api/entities/${id}`, { method: 'PATCH', cookie: await as('mx.fgr.analyst'), body: { properties: { name: ['Hijacked'] } } });
    assert.equal(fgr.status, 403);
    assertErrorShape(await fgr.json(), 'forbidden');
    const unknown = await t.request('/api/entities/no-such-id', { method: 'PATCH', cookie, body: { properties: {} } });
    assert.equal(unknown.status, 404);
  });

  test('audit query, verify and checkpoints are for auditors only', async () => {
    const analyst = await as('mx.analyst');
    for (const [path, method] of [['/api/audit', 'GET'], ['/api/audit/verify', 'GET'], ['/api/audit/checkpoints', 'GET'], ['/api/audit/checkpoints', 'POST']]) {
      const r = await t.request(path, { cookie: analyst, method });
      assert.equal(r.status, 403, path);
      assertErrorShape(await r.json(), 'forbidden');
    }
    const auditor = await as('mx.auditor', 'oversight');
    const { events } = await json(await t.request('/api/audit?limit=5', { cookie: auditor }));
    assert.equal(events.length, 5);
    assert.ok(BigInt(events[0].seq) > BigInt(events[4].seq), 'newest first');
    const older = await json(await t.request(`/api/audit?limit=5&before=${events[4].seq}`, { cookie: auditor }));
    assert.ok(older.events.every((e: any) => BigInt(e.seq) < BigInt(events[4].seq)));

    const cp = await json(await t.request('/api/audit/checkpoints', { method: 'POST', cookie: auditor }));
    assert.ok(Number(cp.treeSize) > 0);
    const list = await json(await t.request('/api/audit/checkpoints', { cookie: auditor }));
    assert.ok(list.checkpoints.some((c: any) => c.treeSize === cp.treeSize));
    const report = await json(await t.request('/api/audit/verify', { cookie: auditor }));
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.ok(report.count > 10);
    const denials = await json(await t.request('/api/audit?action=audit.read&limit=50', { cookie: auditor }));
    assert.ok(denials.events.some((e: any) => e.outcome === 'denied' && e.actorId !== undefined), 'the analyst’s attempt is on record');
  });

  test('an admin creates a user who can then log in; admin routes are audited and refused to others', async () => {
    const admin = await as('mx.admin', null);
    const agencies = await json(await t.request('/api/admin/agencies', { cookie: admin }));
    assert.ok(agencies.agencies.some((a: any) => a.id === 'mx-uif'));
    const created = await json(await t.request('/api/admin/users', { cookie: admin, body: {
      username: 'mx.new.analyst', displayName: 'Nueva Analista', agencyId: 'mx-fgr', roles: ['analyst'], password: 'a-long-enough-password',
    } }));
    assert.equal(created.user.country, 'MX');
    assert.equal('passwordHash' in created.user || 'password_hash' in created.user, false);
    const cookie = await t.login('mx.new.analyst', 'criminal_investigation', 'a-long-enough-password');
    assert.equal((await json(await t.request('/api/auth/me', { cookie }))).user.agencyId, 'mx-fgr');

    const dup = await t.request('/api/admin/users', { cookie: admin, body: {
      username: 'mx.new.analyst', displayName: 'x', agencyId: 'mx-fgr', roles: ['analyst'], password: 'a-long-enough-password',
    } });
    assert.equal(dup.status, 409);
    assertErrorShape(await dup.json(), 'conflict');

    const disabled = await json(await t.request(`/api/admin/users/${created.user.id}`, { method: 'PATCH', cookie: admin, body: { disabled: true } }));
    assert.equal(disabled.user.disabled, true);
    assert.equal((await t.request('/api/auth/me', { cookie })).status, 401, 'disabling ends the sessions');

    const agency = await json(await t.request('/api/admin/agencies', { cookie: admin, body: { id: 'mx-sat', country: 'MX', name: 'SAT', nameEn: 'Tax Administration', nameEs: 'Servicio de Administración Tributaria' } }));
    assert.equal(agency.agency.id, 'mx-sat');
    assert.equal((await t.request('/api/admin/users', { cookie: await as('mx.analyst') })).status, 403);

    const policies = await json(await t.request('/api/admin/policies', { cookie: admin }));
    assert.ok(policies.files.some((f: any) => f.file.endsWith('.cedar') && f.text.includes('permit')));
    assert.equal((await t.request('/api/admin/policies', { cookie: await as('mx.auditor', 'oversight') })).status, 200);
    assert.equal((await t.request('/api/admin/policies', { cookie: await as('mx.analyst') })).status, 403);

    const auditor = await as('mx.auditor', 'oversight');
    const { events } = await json(await t.request('/api/audit?action=user.manage', { cookie: auditor }));
    assert.ok(events.some((e: any) => e.resourceId === created.user.id && e.detail.op === 'create'));
    assert.ok(events.some((e: any) => e.resourceId === created.user.id && e.detail.op === 'update'));
    assert.equal(JSON.stringify(events).includes('a-long-enough-password'), false, 'no password in the audit log');
    const agencyEvents = await json(await t.request('/api/audit?action=agency.manage', { cookie: auditor }));
    assert.ok(agencyEvents.events.some((e: any) => e.resourceId === 'mx-sat'));
  });

  test('the startup policy hash is on record as policy.change', async () => {
    const auditor = await as('mx.auditor', 'oversight');
    const { events } = await json(await t.request('/api/audit?action=policy.change', { cookie: auditor }));
    assert.equal(events.length, 1);
    assert.equal(events[0].detail.hash, t.node.node.policy.hash);
  });
});
