/**
 * The edges of the HTTP server: rate limits (tighter on login) answered in the one error shape, and the
 * built web UI served with a single-page-app fallback that never swallows /api.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildServer } from '../src/api/server';
import { startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

let t: TestNode;
let web: string;
const PER_MINUTE = 40;
const LOGIN_PER_MINUTE = 3;

before(async () => {
  web = mkdtempSync(join(tmpdir(), 'puente-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Puente</title><div id="root"></div>');
  writeFileSync(join(web, 'assets', 'app.js'), 'console.log("puente")');
  t = await startTestNode({ webDir: web, rateLimitPerMinute: PER_MINUTE, loginRateLimitPerMinute: LOGIN_PER_MINUTE });
});
after(async () => {
  await t?.close();
  rmSync(web, { recursive: true, force: true });
});

describe(`server edges (${storeKind})`, () => {
  test('the web UI is served, client-side routes fall back to index.html, /api stays JSON', async () => {
    const root = await t.request('/');
    assert.equal(root.status, 200);
    assert.match(await root.text(), /<div id="root">/);
    const deep = await t.request('/entities/fx-jose');
    assert.equal(deep.status, 200);
    assert.match(deep.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await deep.text(), /<div id="root">/);
    const asset = await t.request('/assets/app.js');
    assert.equal(asset.status, 200);
    assert.match(await asset.text(), /puente/);
    const api = await t.request('/api/nope');
    assert.equal(api.status, 404);
    assert.equal((await api.json()).error.code, 'not_found');
    const post = await t.request('/somewhere', { method: 'POST', body: {} });
    assert.equal(post.status, 404);
    assert.equal((await post.json()).error.code, 'not_found');
  });

  test('an unexpected error is answered 500 in the error shape and logged with its request id', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } });
    const f = await buildServer({ ...t.node.node, log, rateLimit: { perMinute: 1000, loginPerMinute: 10 } });
    f.get('/api/boom', async () => { throw new Error('kaput: secret detail'); });
    await f.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = f.server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${addr.port}/api/boom`, { headers: { 'x-request-id': 'boom-1' } });
      assert.equal(res.status, 500);
      const body = await res.json();
      assert.equal(body.error.code, 'internal');
      assert.equal(body.error.requestId, 'boom-1');
      assert.match(body.error.message.en, /boom-1/);
      assert.match(body.error.message.es, /boom-1/);
      assert.equal(JSON.stringify(body).includes('secret detail'), false, 'no internals leak to the client');
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'error.internal');
      assert.ok(logged, 'logged');
      assert.equal(logged.requestId, 'boom-1');
      assert.match(logged.err.message, /secret detail/);
      assert.ok(lines.map((l) => JSON.parse(l)).filter((l) => l.requestId === 'boom-1').length >= 2, 'every line of the request carries its id');
    } finally {
      await f.close();
    }
  });

  test('U+0000 in a URL or a JSON body is a validation error, not a database failure', async () => {
    const url = await t.request('/api/entities/abc%00def');
    assert.equal(url.status, 400);
    assert.equal((await url.json()).error.code, 'validation');
    const body = await t.request('/api/auth/login', { body: { username: 'a\u0000b', password: 'x' } });
    assert.equal(body.status, 400);
    assert.equal((await body.json()).error.code, 'validation');
  });

  test('login is limited per client and username, with the error shape and Retry-After', async () => {
    const attempt = (username: string) => t.request('/api/auth/login', { body: { username, password: 'wrong-password' } });
    for (let i = 0; i < LOGIN_PER_MINUTE; i++) assert.equal((await attempt('mx.victim')).status, 401);
    const limited = await attempt('mx.victim');
    assert.equal(limited.status, 429);
    const body = await limited.json();
    assert.equal(body.error.code, 'rate_limited');
    assert.ok(body.error.message.en && body.error.message.es && body.error.requestId);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await attempt('mx.someone.else')).status, 401, 'another username is counted apart');
  });

  test('every route is limited per client, unknown routes included', async () => {
    let first429: Response | undefined;
    for (let i = 0; i < PER_MINUTE + 5 && !first429; i++) {
      const r = await t.request(i % 2 ? '/api/health' : '/api/no/such/route');
      if (r.status === 429) first429 = r;
      else await r.arrayBuffer();
    }
    assert.ok(first429, 'limited');
    const body = await first429.json();
    assert.equal(body.error.code, 'rate_limited');
    assert.equal(body.error.requestId, first429.headers.get('x-request-id'));
    const after = await t.request('/api/meta');
    assert.equal(after.status, 429);
  });
});
