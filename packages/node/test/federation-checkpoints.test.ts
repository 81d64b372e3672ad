/**
 * Audit checkpoints exchanged and countersigned between two real nodes over HTTP (Mexico on PGlite, the United
 * States on the PostgreSQL server), and `puente audit verify --partner` (issue 6, item 6): checkpoints are
 * countersigned both ways and each node keeps the other's; the verification passes, in-process and as the real
 * command; a held checkpoint altered in the database, a partner whose audit rows were altered behind the triggers,
 * and a partner whose history was rewritten with recomputed hashes are each caught (exit 1, one bilingual line),
 * and a rewritten history is refused at the next exchange and audited.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql, type Transaction } from 'kysely';
import { chainHash, listCheckpoints, publicKeyFromPem, verifyAudit, verifyCountersignature } from '../src/audit/index';
import { contentOfStored, scanAudit, type StoredAuditRow } from '../src/audit/log';
import { getPartner, runJobsNow } from '../src/federation/index';
import { createAgency, createUser, systemActor } from '../src/identity/index';
import { exchangeCheckpoint, heldCheckpoints, verifyWithPartner } from '../src/services/federation/checkpoints';
import type { DB } from '../src/store/schema';
import { startFederatedPair, type FederatedPair } from './helpers/federation';
import { FIXTURE_AGENCIES, json, TEST_PASSWORD, type TestNode } from './helpers/node';
import { DEFAULT_SERVER_URL } from './helpers/store';

const root = new URL('../../../', import.meta.url).pathname;

/** Runs `fn` as an attacker with the database password: with the append-only triggers out of the way. */
async function tamper(t: TestNode, tables: string[], fn: (tx: Transaction<DB>) => Promise<void>) {
  await t.node.ctx.db.transaction().execute(async (tx) => {
    for (const table of tables) await sql.raw(`alter table ${table} disable trigger all`).execute(tx);
    await fn(tx);
    for (const table of tables) await sql.raw(`alter table ${table} enable trigger all`).execute(tx);
  });
}

/** Some activity in a node's audit log (logins are audited). */
async function activity(t: TestNode, n = 3) {
  for (let i = 0; i < n; i++) await t.login('auditor', 'oversight');
}

/** `puente audit verify --partner mx-node` as a real process against the U.S. node's database and data folder. */
async function cliVerifyOnUs(p: FederatedPair, lang = 'en') {
  return puenteOnUs(p, ['audit', 'verify', '--partner', 'mx-node', '--lang', lang]);
}

async function puenteOnUs(p: FederatedPair, args: string[]) {
  const db = (await sql<{ db: string }>`select current_database() as db`.execute(p.us.node.ctx.db)).rows[0]!.db;
  const url = new URL(process.env.DATABASE_URL || DEFAULT_SERVER_URL);
  url.pathname = `/${db}`;
  // Not spawnSync: the Mexican node lives in this process and must answer the command's consistency question.
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/node/src/cli/main.ts'), ...args,
    '--data', p.us.node.ctx.node.dataDir, '--country', 'US'], {
    cwd: root, env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn', PUENTE_NODE_ID: 'us-node' },
  });
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const code = await new Promise<number | null>((res) => child.on('close', res));
  return { code, out, err };
}

describe('audit checkpoints exchanged between two nodes; audit verify --partner', () => {
  let p: FederatedPair;
  before(async () => {
    p = await startFederatedPair();
    for (const t of [p.mx, p.us]) {
      const agency = FIXTURE_AGENCIES.find((a) => a.country === t.node.ctx.node.country)!;
      await createAgency(t.node.ctx.db, agency);
      await createUser(t.node.ctx.db, { username: 'auditor', agencyId: agency.id, roles: ['auditor'], displayName: 'Auditor', password: TEST_PASSWORD });
      await createUser(t.node.ctx.db, { username: 'admin', agencyId: agency.id, roles: ['admin'], displayName: 'Admin', password: TEST_PASSWORD });
      await createUser(t.node.ctx.db, { username: 'analyst', agencyId: agency.id, roles: ['analyst'], displayName: 'Analyst', password: TEST_PASSWORD });
    }
  });
  after(async () => { await p?.close(); });

  it('exchanged and countersigned both ways (the job on one node, the API on the other); each keeps the other\'s', async () => {
    await activity(p.mx);
    await activity(p.us);
    await runJobsNow(p.mx.node.ctx, ['checkpoints']);
    const cookie = await p.us.login('auditor', 'oversight');
    const analyst = await p.us.login('analyst');
    assert.equal((await p.us.request('/api/federation/checkpoints/exchange', { cookie: analyst, body: { partner: 'mx-node' } })).status, 403);
    const { results } = await json(await p.us.request('/api/federation/checkpoints/exchange', { cookie, body: { partner: 'mx-node' } }));
    assert.deepEqual(results[0].countersignedBy, ['mx-node']);

    for (const [t, other] of [[p.mx, p.us], [p.us, p.mx]] as const) {
      const ctx = t.node.ctx;
      const partner = (await getPartner(ctx.db, other.node.ctx.node.id))!;
      const [own] = await listCheckpoints(ctx.db, { limit: 1 });
      assert.equal(own!.countersignatures.length, 1);
      assert.equal(own!.countersignatures[0]!.nodeId, partner.nodeId);
      assert.ok(verifyCountersignature(own!, own!.countersignatures[0]!, publicKeyFromPem(partner.publicKeyPem)));
      // The partner holds our checkpoint, with the same root.
      const held = await heldCheckpoints(other.node.ctx.db, ctx.node.id);
      assert.equal(held.length, 1);
      assert.equal(held[0]!.treeSize, own!.treeSize);
      assert.equal(held[0]!.rootHash, own!.rootHash);
    }

    // A second exchange carries a consistency proof from the first; both are kept, in order.
    await activity(p.mx, 5);
    const second = await exchangeCheckpoint(p.mx.node.ctx, systemActor(p.mx.node.ctx.node), 'us-node');
    const held = await heldCheckpoints(p.us.node.ctx.db, 'mx-node');
    assert.equal(held.length, 2);
    assert.equal(held[1]!.treeSize, second.treeSize);
    assert.equal(held[1]!.fromSize, held[0]!.treeSize);
    assert.ok(held[1]!.proof.length > 0);

    const view = await json(await p.us.request('/api/federation/checkpoints', { cookie }));
    assert.equal(view.held.length, 2);
    assert.equal(view.held[0].partner, 'mx-node');
    assert.ok(view.own.some((c: { countersignatures: Array<{ nodeId: string }> }) => c.countersignatures.some((s) => s.nodeId === 'mx-node')));
  });

  it('audit verify --partner passes on both nodes, in-process and as the real command', async () => {
    // `puente federation checkpoint --partner` exchanges at once from the command line.
    const cp = await puenteOnUs(p, ['federation', 'checkpoint', '--partner', 'mx-node']);
    assert.equal(cp.code, 0, cp.err);
    assert.match(cp.out, /checkpoint of size \d+ \(root [0-9a-f]{64}\) countersigned by mx-node/);
    assert.equal((await heldCheckpoints(p.mx.node.ctx.db, 'us-node')).length, 2);
    for (const [t, partner] of [[p.mx, 'us-node'], [p.us, 'mx-node']] as const) {
      const r = await verifyWithPartner(t.node.ctx, systemActor(t.node.ctx.node), partner);
      assert.equal(r.ok, true, JSON.stringify(r.partner.problems));
      assert.ok(r.own.countersignedByPartner >= 1);
      assert.ok(r.own.heldByPartner !== null, 'the partner holds a checkpoint of ours, and our log extends it');
      assert.equal(r.partner.live.reachable, true);
      assert.equal(r.partner.live.ok, true);
      assert.ok(r.partner.held >= 1);
    }
    const cli = await cliVerifyOnUs(p);
    assert.equal(cli.code, 0, cli.err + cli.out);
    assert.match(cli.out, /partner mx-node: 2 checkpoints held here \(up to size \d+\), live check: consistent: intact/);
  });

  it('a held checkpoint altered in the database is caught (exit 1, one line)', async () => {
    const [first] = await heldCheckpoints(p.us.node.ctx.db, 'mx-node');
    const forged = first!.rootHash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    await tamper(p.us, ['federation_partner_checkpoints'], (tx) => sql`update federation_partner_checkpoints set root_hash = ${forged}
      where partner = 'mx-node' and tree_size = ${first!.treeSize}`.execute(tx).then(() => undefined));
    const r = await verifyWithPartner(p.us.node.ctx, systemActor(p.us.node.ctx.node), 'mx-node');
    assert.equal(r.ok, false);
    assert.equal(r.own.ok, true);
    assert.deepEqual(r.partner.problems.map((x) => x.kind).sort(), ['partner_inconsistent', 'partner_signature']);
    const cli = await cliVerifyOnUs(p, 'es');
    assert.equal(cli.code, 1);
    assert.equal(cli.err.trim().split('\n').length, 1);
    assert.match(cli.err, /historial del socio mx-node fue reescrito/);
    // Put it back (as it was signed).
    await tamper(p.us, ['federation_partner_checkpoints'], (tx) => sql`update federation_partner_checkpoints set root_hash = ${first!.rootHash}
      where partner = 'mx-node' and tree_size = ${first!.treeSize}`.execute(tx).then(() => undefined));
    assert.equal((await verifyWithPartner(p.us.node.ctx, systemActor(p.us.node.ctx.node), 'mx-node')).ok, true);
  });

  it("the partner's audit rows altered behind the triggers: caught by verify --partner (exit 1)", async () => {
    const row = (await sql<{ seq: string; detail: unknown }>`select seq::text as seq, detail from audit_events where seq = 2`.execute(p.mx.node.ctx.db)).rows[0]!;
    await tamper(p.mx, ['audit_events'], (tx) => sql`update audit_events set detail = ${JSON.stringify({ rewritten: true })}::jsonb where seq = 2`.execute(tx).then(() => undefined));
    const r = await verifyWithPartner(p.us.node.ctx, systemActor(p.us.node.ctx.node), 'mx-node');
    assert.equal(r.ok, false);
    assert.equal(r.partner.live.ok, false);
    assert.match(r.partner.problems[0]!.message.en, /mx-node's own check of its log fails \(altered at row 2\)/);
    const cli = await cliVerifyOnUs(p);
    assert.equal(cli.code, 1);
    assert.match(cli.err, /partner mx-node's history was rewritten/);
    // And Mexico's own verification says so too.
    const own = await verifyWithPartner(p.mx.node.ctx, systemActor(p.mx.node.ctx.node), 'us-node');
    assert.equal(own.own.ok, false);
    await tamper(p.mx, ['audit_events'], (tx) => sql`update audit_events set detail = ${JSON.stringify(row.detail)}::jsonb where seq = 2`.execute(tx).then(() => undefined));
    assert.equal((await verifyWithPartner(p.us.node.ctx, systemActor(p.us.node.ctx.node), 'mx-node')).ok, true);
  });

  it('a history rewritten with recomputed hashes: the next exchange is refused and audited; verify --partner fails', async () => {
    // Mexico's log from row 3 on is rewritten as one would to hide an event: row 3 altered, every later hash recomputed.
    const rows: StoredAuditRow[] = [];
    for await (const r of scanAudit(p.mx.node.ctx.db)) rows.push(r);
    let prev = rows[1]!.hash;
    const rewritten = rows.slice(2).map((r, i) => {
      const next = { ...r, prev_hash: prev, ...(i === 0 ? { detail: { hidden: true } } : {}) };
      const hash = chainHash(prev, contentOfStored(next));
      prev = hash;
      return { ...next, hash };
    });
    await tamper(p.mx, ['audit_events', 'audit_checkpoints'], async (tx) => {
      await sql`delete from audit_checkpoints`.execute(tx); // the attacker drops the checkpoints that would betray it
      for (const r of rewritten) {
        await sql`update audit_events set detail = ${JSON.stringify(r.detail)}::jsonb, prev_hash = ${r.prev_hash}, hash = ${r.hash} where seq = ${r.seq}`.execute(tx);
      }
    });
    // Mexico's log is self-consistent again (plain `audit verify` passes)…
    assert.equal((await verifyAudit(p.mx.node.ctx.db, { publicKey: p.mx.node.ctx.app.nodeKey.publicKey })).ok, true);
    // …but the United States holds its earlier checkpoints: Mexico's own `verify --partner` sees it no longer
    // extends them, and the next exchange is refused.
    const self = await verifyWithPartner(p.mx.node.ctx, systemActor(p.mx.node.ctx.node), 'us-node');
    assert.equal(self.own.ok, false);
    assert.equal(self.ok, false);
    assert.match(self.own.problems[0]!.message.en, /this node's log no longer matches its checkpoint of size \d+ that us-node holds/);
    await assert.rejects(exchangeCheckpoint(p.mx.node.ctx, systemActor(p.mx.node.ctx.node), 'us-node'), /history was rewritten/);
    const refused = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'federation.checkpoint.countersign'
      and outcome = 'denied' and detail->>'reason' = 'rewritten'`.execute(p.us.node.ctx.db);
    assert.equal(refused.rows[0]!.n, 1);
    assert.equal((await heldCheckpoints(p.us.node.ctx.db, 'mx-node')).length, 2, 'nothing was stored');
    const r = await verifyWithPartner(p.us.node.ctx, systemActor(p.us.node.ctx.node), 'mx-node');
    assert.equal(r.ok, false);
    assert.ok(r.partner.problems.some((x) => x.kind === 'partner_inconsistent'));
    const cli = await cliVerifyOnUs(p);
    assert.equal(cli.code, 1);
    assert.match(cli.err, /partner mx-node's history was rewritten/);
  });
});
