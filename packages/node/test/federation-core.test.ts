/**
 * Federation core (issue 6): pairing pins keys; signed requests and replies; the inbox refuses a tampered message,
 * a wrong key, a replay, a stale message and one meant for another node (each audited); the outbox delivers queued
 * messages exactly once and in order, backs off while the partner is down and catches up afterwards.
 * Two real nodes over HTTP: Mexico on PGlite, the United States on the PostgreSQL server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import {
  deliverNow, enqueue, getPartner, onQueued, onRequest, outboxStatus, pairWith, request, signEnvelope, type Envelope,
} from '../src/federation/index';
import { keyIdOf } from '../src/audit/index';
import { systemActor } from '../src/identity/index';
import { startFederatedPair, type FederatedPair } from './helpers/federation';

const received: Array<{ node: string; seq: number; n: number }> = [];
onRequest('test.echo', async (ctx, msg) => ({ echoed: msg.body, by: ctx.node.id, from: msg.from.nodeId }));
onQueued('test.count', async (ctx, trx, msg) => {
  await sql`select 1`.execute(trx);
  received.push({ node: ctx.node.id, seq: msg.seq, n: (msg.body as { n: number }).n });
});

async function deniedAudits(t: FederatedPair['us'], reason: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'federation.message'
    and outcome = 'denied' and detail->>'reason' = ${reason}`.execute(t.node.ctx.db);
  return r.rows[0]!.n;
}

async function post(url: string, jws: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/api/federation/inbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jws }) });
  return { status: res.status, body: await res.json() };
}

describe('federation core: two nodes over HTTP (MX on PGlite, US on the server)', () => {
  let p: FederatedPair;
  before(async () => { p = await startFederatedPair(); });
  after(async () => { await p?.close(); });

  it('pairing pins each other\'s key; a wrong fingerprint and a changed key are refused', async () => {
    const us = await getPartner(p.mx.node.ctx.db, 'us-node');
    assert.equal(us?.keyId, p.us.node.ctx.app.nodeKey.keyId);
    assert.equal(us?.country, 'US');
    const mx = await getPartner(p.us.node.ctx.db, 'mx-node');
    assert.equal(mx?.keyId, p.mx.node.ctx.app.nodeKey.keyId);
    const ctx = p.mx.node.ctx;
    await assert.rejects(pairWith(ctx, systemActor(ctx.node), { url: p.us.url, fingerprint: '0000000000000000' }), /fingerprint/);
    // the pinned key is kept while another one is presented for the same node
    await sql`update federation_partners set key_id = '1111111111111111' where node_id = 'us-node'`.execute(ctx.db);
    await assert.rejects(pairWith(ctx, systemActor(ctx.node), { url: p.us.url }), /pinned with key 1111111111111111/);
    await pairWith(ctx, systemActor(ctx.node), { url: p.us.url, replace: true });
    assert.equal((await getPartner(ctx.db, 'us-node'))?.keyId, p.us.node.ctx.app.nodeKey.keyId);
  });

  it('a signed request gets a signed reply from the partner\'s handler', async () => {
    const r = await request<{ echoed: unknown; by: string; from: string }>(p.mx.node.ctx, 'us-node', 'test.echo', { hello: 'mundo' });
    assert.deepEqual(r, { echoed: { hello: 'mundo' }, by: 'us-node', from: 'mx-node' });
  });

  const envelope = (over: Partial<Envelope> = {}): Envelope => ({
    kind: 'request', from: 'mx-node', to: 'us-node', iat: Date.now(), nonce: randomUUID(), type: 'test.echo', body: { x: 1 }, ...over,
  });

  it('refuses a tampered message, and audits it', async () => {
    const jws = await signEnvelope(envelope(), p.mx.node.ctx.app.nodeKey);
    const [h, payload, s] = jws.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), body: { x: 2 } })).toString('base64url');
    const before = await deniedAudits(p.us, 'signature');
    const r = await post(p.us.url, `${h}.${altered}.${s}`);
    assert.equal(r.status, 401);
    assert.equal(r.body.error.details.reason, 'signature');
    assert.ok(r.body.error.message.es.length > 0);
    assert.equal(await deniedAudits(p.us, 'signature'), before + 1);
  });

  it('refuses a message signed with a key no partner holds (wrong key)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const r = await post(p.us.url, await signEnvelope(envelope(), { keyId: keyIdOf(publicKey), privateKey }));
    assert.equal(r.status, 401);
    assert.equal(r.body.error.details.reason, 'unknown_key');
    assert.ok(await deniedAudits(p.us, 'unknown_key') >= 1);
  });

  it('refuses a replay, a stale message and a message for another node', async () => {
    const key = p.mx.node.ctx.app.nodeKey;
    const once = await signEnvelope(envelope(), key);
    assert.equal((await post(p.us.url, once)).status, 200);
    const again = await post(p.us.url, once);
    assert.equal(again.status, 401);
    assert.equal(again.body.error.details.reason, 'replay');
    const stale = await post(p.us.url, await signEnvelope(envelope({ iat: Date.now() - 10 * 60_000 }), key));
    assert.equal(stale.body.error.details.reason, 'stale');
    const elsewhere = await post(p.us.url, await signEnvelope(envelope({ to: 'ca-node' }), key));
    assert.equal(elsewhere.body.error.details.reason, 'audience');
    const unknown = await post(p.us.url, await signEnvelope(envelope({ type: 'no.such.type' }), key));
    assert.equal(unknown.status, 400);
  });

  it('queued messages: partner down → backoff; back up → delivered once, in order; a resend is not applied twice', async () => {
    const ctx = p.mx.node.ctx;
    const realUrl = p.us.url;
    await sql`update federation_partners set url = 'http://127.0.0.1:9' where node_id = 'us-node'`.execute(ctx.db);
    const seqs: number[] = [];
    for (let n = 1; n <= 5; n++) seqs.push(await ctx.db.transaction().execute((trx) => enqueue(ctx, trx, 'us-node', 'test.count', { n })));
    const down = await deliverNow(ctx, 'us-node');
    assert.ok(down[0]!.error);
    const s1 = await outboxStatus(ctx.db, 'us-node');
    assert.equal(s1.pending, 5);
    assert.equal(s1.attempts, 1);
    await deliverNow(ctx, 'us-node');
    const s2 = await outboxStatus(ctx.db, 'us-node');
    assert.equal(s2.attempts, 2);
    assert.ok(Date.parse(s2.nextAttemptAt!) > Date.now() - 1000, 'the next attempt waits');

    await sql`update federation_partners set url = ${realUrl} where node_id = 'us-node'`.execute(ctx.db);
    const up = await deliverNow(ctx, 'us-node');
    assert.equal(up[0]!.delivered, 5);
    const got = received.filter((r) => r.node === 'us-node');
    assert.deepEqual(got.map((r) => r.n), [1, 2, 3, 4, 5]);
    assert.deepEqual(got.map((r) => r.seq), seqs);

    // The sender forgets the partner's answer (a crash before it was written): it sends again; nothing is applied twice.
    await sql`update federation_links set acked_seq = 0 where partner = 'us-node'`.execute(ctx.db);
    await sql`update federation_outbox set delivered_at = null where partner = 'us-node'`.execute(ctx.db);
    const resent = await deliverNow(ctx, 'us-node');
    assert.equal(resent[0]!.error, undefined);
    assert.equal(received.filter((r) => r.node === 'us-node').length, 5);
    assert.equal((await outboxStatus(ctx.db, 'us-node')).pending, 0);
  });

  it('GET /api/federation/identity is public; partners need a login', async () => {
    const id = await (await fetch(`${p.us.url}/api/federation/identity`)).json();
    assert.equal(id.nodeId, 'us-node');
    assert.equal(id.keyId, p.us.node.ctx.app.nodeKey.keyId);
    assert.equal((await fetch(`${p.us.url}/api/federation/partners`)).status, 401);
  });
});
