/**
 * Cross-border privacy-preserving linkage (issue 6, item 5) between two real nodes over HTTP (Mexico on PGlite, the
 * United States on the PostgreSQL server), each holding its own people (test/federation-pprl-fixture.ts): a Mexican
 * supervisor's run links the eight people both nodes hold, and no one else; each side stores only its own record
 * ids with the link tokens, and the tokens agree; the asker never receives (nor stores) the partner's ids, and the
 * partner never receives the asker's; a wrong key is refused on both sides with a bilingual error; the matcher
 * works with both key files deleted and does not load the encoder; the policy and the reading of links.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Entity } from '@puente/model';
import { DEFAULT_CLK_SCHEMA, encodeRecords, keyCheck } from '../../engines/src/pprl/index';
import { request } from '../src/federation/index';
import { createAgency, createUser, systemActor } from '../src/identity/index';
import { importRecords } from '../src/services/import';
import { establishAgreements, frameworkAgreement } from '../src/services/federation/agreements';
import { installPprlKey, ownLinkRecords, pprlKeyFile, readPprlKey, removePprlKey } from '../src/services/federation/pprl';
import { matchEncodings } from '../src/services/federation/pprl-match';
import { startFederatedPair, type FederatedPair } from './helpers/federation';
import { FIXTURE_AGENCIES, json, TEST_PASSWORD, type TestNode } from './helpers/node';
import { DEFAULT_SERVER_URL } from './helpers/store';
import { MX_ENCODABLE, MX_PEOPLE, TRUE_PAIRS, US_ENCODABLE, US_PEOPLE } from './federation-pprl-fixture';

const SECRET = new TextEncoder().encode('puente-pprl-shared-secret-2026\n');
const OTHER_SECRET = new TextEncoder().encode('a-different-secret-of-the-us-node');

async function seed(t: TestNode, people: Entity[], users: Array<{ username: string; agencyId: string; roles: Array<'analyst' | 'supervisor' | 'auditor' | 'admin'> }>) {
  const { ctx } = t.node;
  for (const a of FIXTURE_AGENCIES) await createAgency(ctx.db, a);
  for (const u of users) await createUser(ctx.db, { ...u, displayName: u.username, password: TEST_PASSWORD });
  await importRecords(ctx, systemActor(ctx.node), (async function* () {
    let line = 0;
    for (const entity of people) yield { line: ++line, entity };
  })(), { file: 'pprl-fixture' });
}

async function links(t: TestNode, runId: string): Promise<Array<{ entity_id: string; token: string; score: number }>> {
  return (await sql<{ entity_id: string; token: string; score: number }>`select entity_id, token, score from federation_pprl_links
    where run_id = ${runId} order by entity_id`.execute(t.node.ctx.db)).rows;
}

/** Every text a node stored about PPRL (runs, links) and in its audit log, as one string to search. */
async function storedText(t: TestNode): Promise<string> {
  const db = t.node.ctx.db;
  const parts = await Promise.all([
    sql`select * from federation_pprl_runs`.execute(db), sql`select * from federation_pprl_links`.execute(db),
    sql`select action, resource_id, detail from audit_events`.execute(db),
  ]);
  return JSON.stringify(parts.map((p) => p.rows));
}

const root = new URL('../../../', import.meta.url).pathname;

/** `puente …` as a real process on the U.S. node (its database on the server, its data folder). Asynchronous: the
 *  Mexican node lives in this process and must answer. */
async function puenteOnUs(p: FederatedPair, args: string[]) {
  const db = (await sql<{ db: string }>`select current_database() as db`.execute(p.us.node.ctx.db)).rows[0]!.db;
  const url = new URL(process.env.DATABASE_URL || DEFAULT_SERVER_URL);
  url.pathname = `/${db}`;
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/node/src/cli/main.ts'), ...args,
    '--data', p.us.node.ctx.node.dataDir, '--country', 'US'], { cwd: root, env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' } });
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const code = await new Promise<number | null>((res) => child.on('close', res));
  return { code, out, err };
}

describe('cross-border PPRL: two nodes over HTTP (MX on PGlite, US on the server)', () => {
  let p: FederatedPair;
  let mxSup: string;
  let runId: string;

  before(async () => {
    p = await startFederatedPair();
    await seed(p.mx, MX_PEOPLE, [
      { username: 'mx.supervisor', agencyId: 'mx-uif', roles: ['supervisor'] },
      { username: 'mx.analyst', agencyId: 'mx-uif', roles: ['analyst'] },
      { username: 'mx.auditor', agencyId: 'mx-uif', roles: ['auditor'] },
      { username: 'mx.admin', agencyId: 'mx-uif', roles: ['admin'] },
    ]);
    await seed(p.us, US_PEOPLE, [{ username: 'us.supervisor', agencyId: 'us-fincen', roles: ['supervisor'] }]);
    mxSup = await p.mx.login('mx.supervisor');
    // The agreement in force allows linkage for criminal investigations only.
    await establishAgreements(p.mx.node.ctx, p.us.node.ctx, [frameworkAgreement({ purposes: ['criminal_investigation'] })]);
  });
  after(async () => { await p?.close(); });

  it('installs the shared secret 0600 under <dataDir>/keys/ and refuses a short one', async () => {
    for (const [t, partner] of [[p.mx, 'us-node'], [p.us, 'mx-node']] as const) {
      const ctx = t.node.ctx;
      await assert.rejects(installPprlKey(ctx, systemActor(ctx.node), partner, new TextEncoder().encode('too short\n')), /at least 16/);
      const r = await installPprlKey(ctx, systemActor(ctx.node), partner, SECRET);
      assert.equal(r.keyCheck, keyCheck(SECRET.subarray(0, SECRET.length - 1)), 'the trailing newline is not part of the secret');
      const file = pprlKeyFile(ctx.node.dataDir, partner);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.ok(file.startsWith(`${ctx.node.dataDir}/keys/`));
    }
    // A key file others may read is refused, not used.
    const file = pprlKeyFile(p.mx.node.ctx.node.dataDir, 'us-node');
    chmodSync(file, 0o644);
    assert.throws(() => readPprlKey(p.mx.node.ctx.node.dataDir, 'us-node'), /can be read by other users/);
    chmodSync(file, 0o600);
    // An analyst may not install a key (administration).
    const analyst = { ...systemActor(p.mx.node.ctx.node), kind: 'user' as const, id: 'u', username: 'mx.analyst', agencyId: 'mx-uif', roles: ['analyst' as const], purpose: null };
    await assert.rejects(installPprlKey(p.mx.node.ctx, analyst, 'us-node', SECRET), /denied by policy/);
  });

  it('encodes only own records that serve the purpose and that the supervisor may read', async () => {
    const sup = { kind: 'user' as const, id: 'x', username: 'mx.supervisor', agencyId: 'mx-uif', country: 'MX', roles: ['supervisor' as const], purpose: 'criminal_investigation' as const };
    assert.deepEqual((await ownLinkRecords(p.mx.node.ctx, 'criminal_investigation', sup)).map((r) => r.id).sort(), [...MX_ENCODABLE].sort());
    assert.deepEqual((await ownLinkRecords(p.us.node.ctx, 'criminal_investigation')).map((r) => r.id).sort(), [...US_ENCODABLE].sort());
  });

  it('an analyst, or a supervisor without an investigative purpose, may not start a run', async () => {
    const analyst = await p.mx.login('mx.analyst');
    assert.equal((await p.mx.request('/api/federation/pprl/runs', { cookie: analyst, body: { partner: 'us-node' } })).status, 403);
    const health = await p.mx.login('mx.supervisor', 'public_health');
    assert.equal((await p.mx.request('/api/federation/pprl/runs', { cookie: health, body: { partner: 'us-node' } })).status, 403);
  });

  it('a purpose the agreement does not allow is refused by the asker and by the partner', async () => {
    const fin = await p.mx.login('mx.supervisor', 'financial_intelligence');
    const r = await json(await p.mx.request('/api/federation/pprl/runs', { cookie: fin, body: { partner: 'us-node' } }), 403);
    assert.equal(r.error.details.reason, 'agreement');
    assert.match(r.error.message.es, /ningún acuerdo vigente con us-node/);
    // Asked directly, the partner refuses too (its own agreements decide), before reading its key.
    await assert.rejects(request(p.mx.node.ctx, 'us-node', 'pprl.match', {
      runId: randomUUID(), purpose: 'financial_intelligence', schema: DEFAULT_CLK_SCHEMA, keyCheck: '0123456789abcdef', encodings: [],
    }), (err: { details?: { reason?: string } }) => err.details?.reason === 'agreement');
  });

  it('a run links the true pairs: each side stores its own ids and a token, and the tokens agree', async () => {
    const { run } = await json(await p.mx.request('/api/federation/pprl/runs', { cookie: mxSup, body: { partner: 'us-node' } }));
    runId = run.id;
    assert.equal(run.status, 'ok');
    assert.equal(run.role, 'asker');
    assert.equal(run.records, MX_ENCODABLE.length);
    assert.equal(run.links, TRUE_PAIRS.length);

    const mine = await links(p.mx, runId);
    const theirs = await links(p.us, runId);
    assert.equal(mine.length, TRUE_PAIRS.length);
    assert.equal(theirs.length, TRUE_PAIRS.length);
    assert.ok(mine.every((l) => MX_ENCODABLE.includes(l.entity_id)), 'Mexico stores only its own ids');
    assert.ok(theirs.every((l) => US_ENCODABLE.includes(l.entity_id)), 'the United States stores only its own ids');
    // Joined on the token, the two sides' records are exactly the true pairs.
    const usByToken = new Map(theirs.map((l) => [l.token, l]));
    const joined = mine.map((l) => [l.entity_id, usByToken.get(l.token)?.entity_id] as [string, string | undefined]).sort();
    assert.deepEqual(joined, [...TRUE_PAIRS].sort());
    for (const l of mine) {
      assert.match(l.token, /^lt_[A-Za-z0-9_-]{22}$/);
      assert.ok(Math.abs(Number(l.score) - Number(usByToken.get(l.token)!.score)) < 1e-9, 'both sides store the same score');
      assert.ok(Number(l.score) >= 0.55);
    }

    // The responder recorded the run under the same id, with the partner as principal.
    const { runs } = await json(await p.us.request('/api/federation/pprl/runs', { cookie: await p.us.login('us.supervisor') }));
    const answered = runs.find((r: { id: string }) => r.id === runId);
    assert.equal(answered.role, 'responder');
    assert.equal(answered.partner, 'mx-node');
    assert.equal(answered.partnerRecords, MX_ENCODABLE.length);
    assert.equal(answered.records, US_ENCODABLE.length);

    // Both sides audited the run and the records they encoded.
    for (const t of [p.mx, p.us]) {
      const a = await sql<{ action: string; outcome: string; detail: any }>`select action, outcome, detail from audit_events
        where detail->>'run' = ${runId} order by seq`.execute(t.node.ctx.db);
      assert.ok(a.rows.some((r) => r.action === 'federation.pprl.run' && r.outcome === 'ok'));
      const enc = a.rows.find((r) => r.action === 'federation.pprl.encode');
      assert.deepEqual([...enc!.detail.ids].sort(), [...(t === p.mx ? MX_ENCODABLE : US_ENCODABLE)].sort());
    }
  });

  it('the asker never receives nor stores the partner\'s record ids, and the partner never the asker\'s', async () => {
    const mxText = await storedText(p.mx);
    const usText = await storedText(p.us);
    for (const e of US_PEOPLE) if (e.id !== 'us-copy-mx-mendoza') assert.ok(!mxText.includes(e.id), `Mexico stored ${e.id}`);
    for (const e of MX_PEOPLE) if (e.id !== 'mx-copy-us-gonzalez') assert.ok(!usText.includes(e.id), `the United States stored ${e.id}`);

    // The reply itself, as the asker receives it: the pseudonyms it sent, tokens and scores; nothing else.
    const ctx = p.mx.node.ctx;
    const records = await ownLinkRecords(ctx, 'criminal_investigation');
    const secret = readPprlKey(ctx.node.dataDir, 'us-node')!;
    const enc = encodeRecords(records, secret);
    const pseudonyms = records.map((_, i) => `pseudonym-${String(i).padStart(6, '0')}`);
    const reply = await request<{ threshold: number; links: Array<Record<string, unknown>> }>(ctx, 'us-node', 'pprl.match', {
      runId: randomUUID(), purpose: 'criminal_investigation', schema: DEFAULT_CLK_SCHEMA,
      keyCheck: keyCheck(secret), encodings: enc.map((r, i) => ({ p: pseudonyms[i], clk: Buffer.from(r.clk).toString('base64') })),
    });
    const text = JSON.stringify(reply);
    for (const e of US_PEOPLE) assert.ok(!text.includes(e.id), `the reply names ${e.id}`);
    assert.equal(reply.links.length, TRUE_PAIRS.length);
    for (const l of reply.links) {
      assert.deepEqual(Object.keys(l).sort(), ['pseudonym', 'score', 'token']);
      assert.ok(pseudonyms.includes(l.pseudonym as string));
    }
  });

  it('the links: own record, token and score, each record read audited; an admin sees none of the records', async () => {
    const body = await json(await p.mx.request(`/api/federation/pprl/links?runId=${runId}`, { cookie: mxSup }));
    assert.equal(body.links.length, TRUE_PAIRS.length);
    assert.equal(body.hidden, 0);
    for (const l of body.links) {
      assert.ok(MX_ENCODABLE.includes(l.entity.id));
      assert.equal(l.partner, 'us-node');
      assert.match(l.token, /^lt_/);
    }
    const reads = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'entity.read'
      and detail->>'via' = 'federation.pprl.links' and purpose = 'criminal_investigation'`.execute(p.mx.node.ctx.db);
    assert.equal(reads.rows[0]!.n, TRUE_PAIRS.length);
    const admin = await json(await p.mx.request(`/api/federation/pprl/links?runId=${runId}`, { cookie: await p.mx.login('mx.admin', null) }));
    assert.equal(admin.links.length, 0);
    assert.equal(admin.hidden, TRUE_PAIRS.length);
  });

  it('a wrong key (key check mismatch) is refused on both sides, with a bilingual error; nothing is linked', async () => {
    await installPprlKey(p.us.node.ctx, systemActor(p.us.node.ctx.node), 'mx-node', OTHER_SECRET);
    const res = await p.mx.request('/api/federation/pprl/runs', { cookie: mxSup, body: { partner: 'us-node' }, headers: { 'accept-language': 'es' } });
    const body = await json(res, 409);
    assert.equal(body.error.details.reason, 'key_check');
    assert.match(body.error.message.en, /key check mismatch/);
    assert.match(body.error.message.es, /comprobación de la clave no coincide/);
    const refused = await sql<{ id: string; role: string; status: string; links: number }>`select id, role, status, links from federation_pprl_runs
      where status = 'refused'`.execute(p.mx.node.ctx.db);
    assert.equal(refused.rows.length, 1);
    const usSide = await sql<{ status: string; error: string }>`select status, error from federation_pprl_runs where id = ${refused.rows[0]!.id}`.execute(p.us.node.ctx.db);
    assert.deepEqual(usSide.rows[0], { status: 'refused', error: 'key_check' });
    assert.equal((await links(p.mx, refused.rows[0]!.id)).length + (await links(p.us, refused.rows[0]!.id)).length, 0);
    const denied = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'federation.pprl.run' and outcome = 'denied'
      and detail->>'reason' = 'key_check'`.execute(p.us.node.ctx.db);
    assert.equal(denied.rows[0]!.n, 1);
    await installPprlKey(p.us.node.ctx, systemActor(p.us.node.ctx.node), 'mx-node', SECRET);
  });

  it('the command line: a short secret is refused in one line; a run from the U.S. side links the same people with new tokens', async () => {
    const short = join(p.us.node.ctx.node.dataDir, 'short.secret');
    writeFileSync(short, 'only-12-bytes\n');
    const bad = await puenteOnUs(p, ['federation', 'pprl', 'key', '--partner', 'mx-node', '--secret-file', short, '--lang', 'es']);
    assert.equal(bad.code, 1);
    assert.equal(bad.err.trim().split('\n').length, 1);
    assert.match(bad.err, /el secreto compartido tiene 13 bytes; se necesitan al menos 16/);
    const good = join(p.us.node.ctx.node.dataDir, 'shared.secret');
    writeFileSync(good, SECRET);
    const key = await puenteOnUs(p, ['federation', 'pprl', 'key', '--partner', 'mx-node', '--secret-file', good]);
    assert.equal(key.code, 0, key.err);
    assert.match(key.out, new RegExp(`key check ${keyCheck(SECRET.subarray(0, SECRET.length - 1))}`));

    const run = await puenteOnUs(p, ['federation', 'pprl', 'run', '--partner', 'mx-node', '--purpose', 'criminal_investigation']);
    assert.equal(run.code, 0, run.err);
    const id = /run ([0-9a-f-]{36}) with mx-node: (\d+) own records encoded, (\d+) linked/.exec(run.out);
    assert.ok(id, run.out);
    assert.equal(Number(id![2]), US_ENCODABLE.length);
    assert.equal(Number(id![3]), TRUE_PAIRS.length);
    const us = await links(p.us, id![1]!), mx = await links(p.mx, id![1]!);
    const mxByToken = new Map(mx.map((l) => [l.token, l.entity_id]));
    assert.deepEqual(us.map((l) => [mxByToken.get(l.token), l.entity_id]).sort(), [...TRUE_PAIRS].sort());
    const earlier = new Set((await links(p.mx, runId)).map((l) => l.token));
    assert.ok(mx.every((l) => !earlier.has(l.token)), 'tokens are minted afresh for each run');
  });

  it('the routes are in the OpenAPI document and refuse the anonymous', async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(await p.mx.request('/api/openapi.json'));
    for (const [path, method] of [['/api/federation/pprl/runs', 'post'], ['/api/federation/pprl/runs', 'get'], ['/api/federation/pprl/links', 'get'],
      ['/api/federation/checkpoints/exchange', 'post'], ['/api/federation/checkpoints', 'get']] as const) {
      assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
      assert.equal((await p.mx.request(path, { method: method.toUpperCase(), ...(method === 'post' ? { body: { partner: 'us-node' } } : {}) })).status, 401, path);
    }
  });

  it('the matcher works with both key files deleted, and does not load the encoder or any key', async () => {
    const mxCtx = p.mx.node.ctx, usCtx = p.us.node.ctx;
    const encode = (records: Awaited<ReturnType<typeof ownLinkRecords>>, secret: Uint8Array) =>
      ({ schema: DEFAULT_CLK_SCHEMA, keyCheck: keyCheck(secret), records: encodeRecords(records, secret) });
    const left = encode(await ownLinkRecords(mxCtx, 'criminal_investigation'), readPprlKey(mxCtx.node.dataDir, 'us-node')!);
    const right = encode(await ownLinkRecords(usCtx, 'criminal_investigation'), readPprlKey(usCtx.node.dataDir, 'mx-node')!);
    assert.ok(removePprlKey(mxCtx.node.dataDir, 'us-node'));
    assert.ok(removePprlKey(usCtx.node.dataDir, 'mx-node'));
    assert.equal(readPprlKey(mxCtx.node.dataDir, 'us-node'), null);

    const pairs = matchEncodings(left, right);
    assert.ok(Array.isArray(pairs));
    assert.deepEqual(pairs.map((x) => [x.left, x.right]).sort(), [...TRUE_PAIRS].sort());
    assert.deepEqual(matchEncodings(left, { ...right, keyCheck: '0000000000000000' }), { refused: 'key_check' });

    // The module imports only the matcher and the schema checks (the encoder's type is erased).
    const src = readFileSync(new URL('../src/services/federation/pprl-match.ts', import.meta.url), 'utf8');
    const imports = [...src.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)].map((m) => ({ typeOnly: !!m[1], from: m[2] }));
    assert.deepEqual(imports.filter((i) => !i.typeOnly).map((i) => i.from).sort(), ['../../../../engines/src/pprl/match', '../../../../engines/src/pprl/schema']);
    const matchSrc = readFileSync(new URL('../../engines/src/pprl/match.ts', import.meta.url), 'utf8');
    assert.ok(!/from '\.\/encode'/.test(matchSrc.replace(/import type[^;]+;/g, '')), 'the engine matcher does not load the encoder');

    // Without its key the node cannot start a run.
    const r = await json(await p.mx.request('/api/federation/pprl/runs', { cookie: mxSup, body: { partner: 'us-node' } }), 409);
    assert.equal(r.error.details.reason, 'no_key');
  });
});
