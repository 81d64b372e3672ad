/**
 * Loads the demo world's share for this node (packages/demo: worldForNode) into the store:
 * agencies, users (argon2id-hashed by identity.createUser), then records through the same import path
 * as any file. Idempotent: agencies and users that exist are left alone, and records are loaded only
 * into a store that has none.
 */
import { sql } from 'kysely';
import { DEFAULT_NOW, generateWorld, nodeOf, withLinkageDuplicates, worldForNode, type Country, type NodeId } from '@puente/demo';
import type { Actor } from '../context';
import * as identity from '../identity/index';
import type { ServiceCtx } from '../services/context';
import { audit } from '../services/guard';
import { importRecords } from '../services/import';
import { pgArray } from '../services/sql';
import { loadProtectDemo } from '../services/protect/demo';
import { loadDemoScreening } from '../services/screening-demo';
import { latestRunId, runResolution } from '../services/linkage/index';
import { loadAmlDemo } from '../services/aml/demo';

export interface DemoLoad { agencies: number; agreements: number; users: number; entities: number }

/**
 * `partnerCopies: false` (the two-node demo start) loads only this node's own records: the partner's arrive through
 * federation under the signed agreements instead of as the generator's ready-made locked copies.
 */
export async function loadDemoWorld(ctx: ServiceCtx, actor: Actor, opts: { seed?: number; partnerCopies?: boolean } = {}): Promise<DemoLoad> {
  const world = generateWorld(opts.seed === undefined ? {} : { seed: opts.seed });
  // A node named otherwise than the demo's (PUENTE_NODE_ID) holds its country's share.
  const demoNode = world.nodes.find((n) => n.id === ctx.node.id)?.id ?? nodeOf(ctx.node.country as Country);
  // Some people also in other agencies' records (issue 4: the entity-resolution screens' true duplicates and look-alike
  // relatives); the designation list is drawn from the plain world, so screening's demo stays as it was.
  const share = worldForNode(withLinkageDuplicates(world), demoNode as NodeId, { partnerCopies: opts.partnerCopies });
  const loaded: DemoLoad = { agencies: 0, agreements: 0, users: 0, entities: 0 };

  const agencies = new Set((await identity.listAgencies(ctx.db)).map((a) => a.id));
  for (const a of share.agencies) {
    if (agencies.has(a.id)) continue;
    await identity.createAgency(ctx.db, a);
    loaded.agencies++;
  }
  for (const a of share.agreements) {
    const r = await sql`insert into agreements (id, title, parties, valid_from, valid_to, body)
      values (${a.id}, ${a.title}, ${pgArray(a.parties)}::text[], ${a.validFrom}::date, ${a.validTo}::date,
              ${JSON.stringify({ titleEn: a.titleEn, titleEs: a.titleEs })}::jsonb)
      on conflict (id) do nothing returning id`.execute(ctx.db);
    loaded.agreements += r.rows.length;
  }
  const users = new Set((await identity.listUsers(ctx.db)).map((u) => u.username));
  // Created side by side: each argon2id hash runs on libuv's thread pool, so both cores hash at once.
  const created = await Promise.all(share.users.filter((u) => !users.has(u.username)).map((u) => identity.createUser(ctx.db, u)));
  loaded.users += created.length;

  const hasRecords = await ctx.db.selectFrom('entities').select('id').limit(1).executeTakeFirst();
  if (!hasRecords && share.entities.length) {
    const source = (async function* () {
      let line = 0;
      for (const entity of share.entities) yield { line: ++line, entity };
    })();
    const r = await importRecords(ctx, actor, source, { file: `demo-world-${world.seed}`, format: 'demo' });
    loaded.entities = r.entities;
  }
  if (loaded.agencies || loaded.agreements || loaded.users || loaded.entities) {
    await audit(ctx, actor, { action: 'demo.load', outcome: 'ok', resourceType: 'node', resourceId: ctx.node.id, detail: { seed: world.seed, ...loaded } });
    ctx.log.info({ ...loaded }, 'demo.loaded');
  }
  await loadProtectDemo(ctx, actor, { seed: world.seed }); // issue 7: case counts, alerts, practices, task-force case
  await loadDemoScreening(ctx, actor, world); // issue 3: the demo designation list (two versions) and the re-screen alerts
  // issue 4: the review queue and profiles start filled (the world holds some people in several records)
  if (loaded.entities || !(await latestRunId(ctx.db))) await runResolution(ctx, actor);
  await loadAmlDemo(ctx, actor, share, { seed: world.seed, now: DEFAULT_NOW }); // issue 5: transfers, laundering rings, alerts
  return loaded;
}
