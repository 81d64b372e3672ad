/** The Cedar policies as text (policy.read), and the startup check that records policy changes. */
import { sql } from 'kysely';
import type { Actor } from '../context';
import type { ServiceCtx } from './context';
import { audit, authorize } from './guard';

export async function readPolicies(ctx: ServiceCtx, actor: Actor) {
  await authorize(ctx, actor, 'policy.read', { resourceType: 'policy' });
  return { hash: ctx.policy.hash, files: ctx.policy.texts };
}

const POLICY_HASH_KEY = 'policy_hash';

/**
 * At startup: when the policies differ from those the node last ran with, the change goes into the
 * audit log (old and new hash), so a changed rule is as visible as a changed record.
 */
export async function recordPolicyChange(ctx: ServiceCtx, actor: Actor): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('node_state').select('value').where('key', '=', POLICY_HASH_KEY).forUpdate().executeTakeFirst();
    const previous = row ? (row.value as { hash?: string }).hash ?? null : null;
    if (previous === ctx.policy.hash) return false;
    await audit(ctx, actor, {
      action: 'policy.change', outcome: 'ok', resourceType: 'policy', resourceId: ctx.policy.hash,
      detail: { previous, hash: ctx.policy.hash, files: ctx.policy.texts.map((t) => t.file) },
    }, tx);
    const value = JSON.stringify({ hash: ctx.policy.hash });
    await sql`insert into node_state (key, value) values (${POLICY_HASH_KEY}, ${value}::jsonb)
              on conflict (key) do update set value = excluded.value`.execute(tx);
    return true;
  });
}
