/**
 * Entity resolution in the node, on a real store (PGlite, or the server when DATABASE_URL is set) and over HTTP:
 * a run over the node's Person records finds the same man in three records ("Jose Gonzalez" in a U.S. trace,
 * "José Luis González Hernández" in a company register, a bank report with day and month of birth swapped) and
 * leaves his brother at the same address apart; every pair's weight is the sum of its parts; the queue is ordered
 * by uncertainty and shows only pairs the reader may read; decisions regroup the clusters at once and bind later
 * runs; a profile shows every member with provenance; reads are audited with purpose.
 *
 * The background population (so that EM has something to estimate m and u from) is drawn here from small name
 * lists with a fixed seed; no real person is in it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Entity, RecordMeta } from '@puente/model';
import type { Actor } from '../src/context';
import { queryAudit } from '../src/audit/index';
import { PuenteError } from '../src/errors';
import { systemActor } from '../src/identity/index';
import { importRecords } from '../src/services/import';
import { clusterOf, decidePair, pairDetail, profileOf, reviewQueue, runResolution } from '../src/services/linkage/index';
import { linkRecordOf, splitStreet } from '../src/services/linkage/records';
import { FIXTURE, json, seedFixture, startTestNode, type TestNode } from './helpers/node';
import { storeKind } from './helpers/store';

const meta = (m: Partial<RecordMeta> = {}): RecordMeta => ({
  ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'node', legalBasis: 'LFPIORPI art. 17',
  purposes: ['criminal_investigation', 'financial_intelligence'], retentionUntil: '2031-12-31', dataset: 'linkage-fixture',
  originNode: 'mx-node', ...m,
});

const person = (id: string, props: Record<string, string[]>, m: Partial<RecordMeta> = {}): Entity =>
  ({ id, schema: 'Person', properties: { name: [props.name?.[0] ?? [props.firstName?.[0], props.lastName?.[0]].join(' ')], ...props }, meta: meta(m) });

/** The named cases. */
const NAMED: Entity[] = [
  person('lk-jose-trace', {
    firstName: ['Jose'], lastName: ['Gonzalez'], birthDate: ['1979-03-08'], gender: ['male'], country: ['us'],
    address: ['1421 Alameda St, El Paso, TX 79901, USA'],
  }, { dataset: 'us-trace-results' }),
  person('lk-jose-register', {
    name: ['José Luis González Hernández'], firstName: ['José'], secondName: ['Luis'], fatherName: ['González'], motherName: ['Hernández'],
    lastName: ['González Hernández'], birthDate: ['1979-03-08'], gender: ['male'], country: ['mx'], idNumber: ['GOHJ790308HCHNRS04'],
    address: ['Calle Morelos 123, Col. Centro, C.P. 32000, Ciudad Juárez, CHIH, México'],
  }, { dataset: 'mx-company-register' }),
  person('lk-jose-bank', {
    name: ['José L. González Hernández'], firstName: ['José'], secondName: ['L.'], fatherName: ['González'], motherName: ['Hernández'],
    lastName: ['González Hernández'], birthDate: ['1979-08-03'], gender: ['male'], country: ['mx'], idNumber: ['GOHJ790308HCHNRS04'],
    address: ['Calle Morelos 123, Col. Centro, C.P. 32000, Ciudad Juárez, CHIH, México'],
  }, { dataset: 'mx-bank-reports' }),
  person('lk-brother', {
    name: ['Juan Carlos González Hernández'], firstName: ['Juan'], secondName: ['Carlos'], fatherName: ['González'], motherName: ['Hernández'],
    lastName: ['González Hernández'], birthDate: ['1982-11-21'], gender: ['male'], country: ['mx'], idNumber: ['GOHJ821121HCHNRN09'],
    address: ['Calle Morelos 123, Col. Centro, C.P. 32000, Ciudad Juárez, CHIH, México'],
  }, { dataset: 'mx-company-register' }),
  // The same man in a record only the Attorney General's office may read.
  person('lk-jose-fgr', {
    name: ['José Luis González Hernández'], firstName: ['José'], secondName: ['Luis'], fatherName: ['González'], motherName: ['Hernández'],
    lastName: ['González Hernández'], birthDate: ['1979-03-08'], idNumber: ['GOHJ790308HCHNRS04'],
  }, { ownerAgency: 'mx-fgr', distribution: 'agency', dataset: 'fgr-investigations' }),
];

/** A seeded background population: distinct people with common names (xorshift32, fixed seed). */
function background(n: number): Entity[] {
  const given = ['María', 'Guadalupe', 'Juan', 'Francisco', 'Ana', 'Luis', 'Carmen', 'Miguel', 'Rosa', 'Pedro', 'Laura', 'Jorge', 'Elena', 'Ricardo', 'Patricia', 'Fernando', 'Sofía', 'Alejandro', 'Isabel', 'Roberto'];
  const surnames = ['García', 'Martínez', 'López', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Flores', 'Torres', 'Rivera', 'Gómez', 'Díaz', 'Cruz', 'Morales', 'Reyes', 'Ortiz', 'Ruiz', 'Vargas', 'Castillo', 'Jiménez', 'Mendoza', 'Aguilar', 'Romero', 'Herrera', 'Medina'];
  const cities = ['Tijuana, BC', 'Monterrey, NL', 'Hermosillo, SON', 'Culiacán, SIN', 'Chihuahua, CHIH', 'Saltillo, COAH'];
  let s = 0x2545f491;
  const rnd = (k: number) => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s % k; };
  const out: Entity[] = [];
  for (let i = 0; i < n; i++) {
    const g = given[rnd(given.length)]!; const p = surnames[rnd(surnames.length)]!; const m = surnames[rnd(surnames.length)]!;
    const date = `${1950 + rnd(50)}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`;
    out.push(person(`lk-bg-${String(i).padStart(4, '0')}`, {
      name: [`${g} ${p} ${m}`], firstName: [g], fatherName: [p], motherName: [m], lastName: [`${p} ${m}`], birthDate: [date],
      gender: [rnd(2) ? 'female' : 'male'], address: [`Calle ${surnames[rnd(surnames.length)]} ${1 + rnd(2999)}, ${cities[rnd(cities.length)]}, México`],
    }));
  }
  return out;
}

const user = (over: Partial<Actor> = {}): Actor => ({
  kind: 'user', id: 'u-mx-analyst', username: 'mx.analyst', agencyId: 'mx-uif', country: 'MX', roles: ['analyst'],
  purpose: 'criminal_investigation', ...over,
});
const analyst = user();
const supervisor = user({ id: 'u-mx-supervisor', username: 'mx.supervisor', roles: ['supervisor'] });
const fgrAnalyst = user({ id: 'u-fgr', username: 'mx.fgr.analyst', agencyId: 'mx-fgr' });
const healthAnalyst = user({ purpose: 'public_health' });

let t: TestNode;
before(async () => {
  t = await startTestNode();
  await seedFixture(t);
  const { ctx } = t.node;
  await importRecords(ctx, systemActor(ctx.node), (async function* () {
    let line = 0;
    for (const entity of [...NAMED, ...background(400)]) yield { line: ++line, entity };
  })(), { file: 'linkage-records' });
});
after(async () => { await t?.close(); });

const ctx = (requestId = 'linkage-test') => ({ ...t.node.ctx, requestId });
const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

describe(`entity resolution in the node (${storeKind})`, () => {
  test('a Person becomes the engine\'s record: given names, paternal and maternal surnames, address parts', () => {
    const r = linkRecordOf('x', {
      firstName: ['José'], secondName: ['Luis'], fatherName: ['González'], motherName: ['Hernández'], lastName: ['González Hernández'],
      birthDate: ['1979-03-08'], gender: ['male'], idNumber: ['GOHJ790308HCHNRS04'],
    }, { street: ['Calle Morelos 123 Int. 4'], street2: ['Col. Centro'], postalCode: ['32000'], city: ['Ciudad Juárez'], state: ['Chihuahua'] });
    assert.deepEqual(r.values, {
      given_name: 'José Luis', surname: 'González', second_surname: 'Hernández', date_of_birth: '1979-03-08', sex: 'male',
      id_number: 'GOHJ790308HCHNRS04', street_number: '123', address_1: 'Calle Morelos', address_2: 'Col. Centro', postcode: '32000',
      city: 'Ciudad Juárez', state: 'Chihuahua',
    });
    assert.deepEqual(linkRecordOf('y', { name: ['Ana María Ruiz Díaz'], fatherName: ['Ruiz'], motherName: ['Díaz'] }).values.given_name, 'Ana María');
    assert.deepEqual(splitStreet('1421 Alameda St'), { number: '1421', rest: 'Alameda St' });
  });

  test('only supervisors run it, and the refusal is audited', async () => {
    await assert.rejects(runResolution(ctx('deny-run'), analyst), (e: unknown) => e instanceof PuenteError && e.status === 403);
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'linkage.run', limit: 1 });
    assert.equal(ev.outcome, 'denied');
    assert.equal(ev.requestId, 'deny-run');
  });

  test('a run links the three records of one man, and not his brother at the same address', async () => {
    const run = await runResolution(ctx(), supervisor);
    assert.equal(run.records, NAMED.length + 400 + FIXTURE.filter((e) => e.schema === 'Person').length);
    assert.ok(run.pairs > 0);
    const { clusterId, members } = await clusterOf(ctx(), analyst, 'lk-jose-register');
    assert.ok(clusterId);
    const ids = members.map((m) => m.id).sort();
    assert.ok(ids.includes('lk-jose-trace') && ids.includes('lk-jose-bank'), `cluster: ${ids.join(', ')}`);
    assert.ok(!ids.includes('lk-brother'), 'the brother is another person');
    // The Attorney General's record is in the cluster, but not for a reader of another agency.
    assert.ok(!ids.includes('lk-jose-fgr'));
    const forFgr = await clusterOf(ctx(), fgrAnalyst, 'lk-jose-fgr');
    assert.ok(forFgr.members.some((m) => m.id === 'lk-jose-register'));
  });

  test('the queue: most uncertain first, only pairs of records the reader may read', async () => {
    const all = await reviewQueue(ctx(), analyst, { status: 'all', limit: 200 });
    assert.ok(all.total > 0);
    const u = all.pairs.map((p) => p.uncertainty);
    for (let i = 1; i < u.length; i++) assert.ok(u[i - 1]! >= u[i]! - 1e-12, 'ordered by uncertainty');
    assert.ok(all.pairs.every((p) => p.left.id !== 'lk-jose-fgr' && p.right.id !== 'lk-jose-fgr'));
    const fgr = await reviewQueue(ctx(), fgrAnalyst, { status: 'all', limit: 200 });
    assert.ok(fgr.pairs.some((p) => p.left.id === 'lk-jose-fgr' || p.right.id === 'lk-jose-fgr'));
    // A purpose the records do not serve sees none of them; a purpose outside entity resolution is refused.
    await assert.rejects(reviewQueue(ctx(), healthAnalyst), (e: unknown) => e instanceof PuenteError && e.status === 403);
  });

  test('a pair explained: the weight is the prior plus the field weights, and opening it is an audited read', async () => {
    const d = await pairDetail(ctx('open-pair'), analyst, 'lk-jose-trace', 'lk-jose-register');
    const sum = d.explanation.prior + d.explanation.fields.reduce((s, f) => s + f.weight, 0);
    assert.ok(Math.abs(sum - d.weight) < 1e-9, `${sum} vs ${d.weight}`);
    assert.ok(Math.abs(d.probability - 2 ** d.weight / (1 + 2 ** d.weight)) < 1e-9);
    assert.ok(d.explanation.fields.length >= 3);
    assert.ok(d.linked);
    const reads = await queryAudit(t.node.ctx.db, { action: 'entity.read', limit: 10 });
    const mine = reads.filter((r) => r.requestId === 'open-pair');
    assert.deepEqual(mine.map((r) => r.resourceId).sort(), ['lk-jose-register', 'lk-jose-trace']);
    assert.ok(mine.every((r) => r.purpose === 'criminal_investigation'));
    // A pair with a record outside the reader's circle does not exist for them.
    const fgrPair = (await reviewQueue(ctx(), fgrAnalyst, { status: 'all', limit: 200 })).pairs.find((p) => p.left.id === 'lk-jose-fgr' || p.right.id === 'lk-jose-fgr')!;
    await assert.rejects(pairDetail(ctx(), analyst, fgrPair.left.id, fgrPair.right.id), (e: unknown) => e instanceof PuenteError && e.status === 404);
  });

  test('decisions: a reason is required; a split takes a record out at once, and the next run honours it', async () => {
    await assert.rejects(decidePair(ctx(), analyst, { left: 'lk-jose-trace', right: 'lk-jose-register', decision: 'no_match', reason: ' ' }),
      (e: unknown) => e instanceof PuenteError && e.status === 400);
    // The analyst splits the U.S. trace record from both other records of the man.
    for (const other of ['lk-jose-register', 'lk-jose-bank']) {
      await decidePair(ctx('split'), analyst, { left: 'lk-jose-trace', right: other, decision: 'no_match', reason: 'different father on the trace form' });
    }
    let c = await clusterOf(ctx(), analyst, 'lk-jose-trace');
    assert.ok(!c.members.some((m) => m.id === 'lk-jose-register'), 'split at once');
    const [ev] = await queryAudit(t.node.ctx.db, { action: 'linkage.decide', limit: 1 });
    assert.equal(ev.outcome, 'ok');
    assert.equal(ev.purpose, 'criminal_investigation');
    await runResolution(ctx(), supervisor);
    c = await clusterOf(ctx(), analyst, 'lk-jose-trace');
    assert.ok(!c.members.some((m) => m.id === 'lk-jose-register' || m.id === 'lk-jose-bank'), 'honoured by the next run');
    // A confirmation joins records the model kept apart.
    await decidePair(ctx(), analyst, { left: 'lk-brother', right: 'lk-jose-register', decision: 'match', reason: 'test: confirmed by a field visit' });
    c = await clusterOf(ctx(), analyst, 'lk-brother');
    assert.ok(c.members.some((m) => m.id === 'lk-jose-register'));
    const queue = await reviewQueue(ctx(), analyst, { status: 'decided', limit: 200 });
    assert.ok(queue.pairs.some((p) => key(p.left.id, p.right.id) === key('lk-jose-trace', 'lk-jose-register') && p.decision?.decision === 'no_match'));
  });

  test('a profile: every readable member with the provenance of its values', async () => {
    const p = await profileOf(ctx(), analyst, 'lk-jose-register');
    const ids = p.members.map((m) => m.entity.id);
    assert.ok(ids.includes('lk-jose-bank'));
    assert.ok(!ids.includes('lk-jose-fgr'));
    const bank = p.members.find((m) => m.entity.id === 'lk-jose-bank')!;
    assert.ok(bank.statements.some((s) => s.prop === 'birthDate' && s.value === '1979-08-03' && s.dataset === 'mx-bank-reports'));
    assert.ok(p.pairs.length >= 1);
  });

  test('over HTTP: the queue, a pair and a decision, with the policy applied', async () => {
    const cookie = await t.login('mx.analyst');
    const q = await json<{ total: number; pairs: Array<{ left: { id: string }; right: { id: string } }> }>(await t.request('/api/linkage/queue?status=all&limit=5', { cookie }));
    assert.ok(q.total > 0 && q.pairs.length <= 5);
    const first = q.pairs[0]!;
    const d = await json<{ explanation: { fields: unknown[] } }>(await t.request(`/api/linkage/pairs/${first.left.id}/${first.right.id}`, { cookie }));
    assert.ok(d.explanation.fields.length > 0);
    const bad = await t.request('/api/linkage/decisions', { cookie, body: { left: first.left.id, right: first.right.id, decision: 'maybe', reason: 'x' } });
    assert.equal(bad.status, 400);
    const run = await t.request('/api/linkage/runs', { cookie, body: {} });
    assert.equal(run.status, 403);
    const health = await t.login('mx.analyst', 'public_health');
    assert.equal((await t.request('/api/linkage/queue', { cookie: health })).status, 403);
  });
});
