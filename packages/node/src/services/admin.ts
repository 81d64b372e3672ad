/** Users and agencies of this node: admin only, every change audited as user.manage / agency.manage. */
import * as identity from '../identity/index';
import type { Actor, Role } from '../context';
import type { ServiceCtx } from './context';
import { audit, authorize } from './guard';

export async function listUsers(ctx: ServiceCtx, actor: Actor) {
  await authorize(ctx, actor, 'user.manage', { resourceType: 'user' });
  return identity.listUsers(ctx.db);
}

export interface NewUser { username: string; displayName: string; agencyId: string; roles: Role[]; password: string }

export async function createUser(ctx: ServiceCtx, actor: Actor, input: NewUser) {
  await authorize(ctx, actor, 'user.manage', { resourceType: 'user' });
  return ctx.db.transaction().execute(async (tx) => {
    const user = await identity.createUser(tx, input);
    await audit(ctx, actor, {
      action: 'user.manage', outcome: 'ok', resourceType: 'user', resourceId: user.id,
      detail: { op: 'create', username: user.username, agencyId: user.agencyId, roles: user.roles },
    }, tx);
    return user;
  });
}

export interface UserPatch { displayName?: string; roles?: Role[]; disabled?: boolean; password?: string }

export async function updateUser(ctx: ServiceCtx, actor: Actor, id: string, patch: UserPatch) {
  await authorize(ctx, actor, 'user.manage', { resourceType: 'user', resourceId: id });
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const user = await identity.updateUser(tx, id, patch);
    await audit(ctx, actor, {
      action: 'user.manage', outcome: 'ok', resourceType: 'user', resourceId: id,
      // Which fields changed, never the password itself.
      detail: { op: 'update', fields: Object.keys(patch).filter((k) => patch[k as keyof UserPatch] !== undefined), roles: patch.roles, disabled: patch.disabled },
    }, tx);
    return user;
  });
  // Roles or a disabled flag take effect on the user's live sessions at once.
  ctx.app.sessions.clear();
  return updated;
}

export async function listAgencies(ctx: ServiceCtx, actor: Actor) {
  await authorize(ctx, actor, 'agency.manage', { resourceType: 'agency' });
  return identity.listAgencies(ctx.db);
}

export interface NewAgency { id: string; country: string; name: string; nameEn: string; nameEs: string }

export async function createAgency(ctx: ServiceCtx, actor: Actor, input: NewAgency) {
  await authorize(ctx, actor, 'agency.manage', { resourceType: 'agency', resourceId: input.id });
  await ctx.db.transaction().execute(async (tx) => {
    await identity.createAgency(tx, input);
    await audit(ctx, actor, { action: 'agency.manage', outcome: 'ok', resourceType: 'agency', resourceId: input.id, detail: { op: 'create', ...input } }, tx);
  });
  return input;
}
