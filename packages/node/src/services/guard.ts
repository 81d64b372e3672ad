/**
 * The two things no service may forget: ask the policy, and write the audit trail. Every denial is
 * audited (CJIS 5.4.1.1 lists unsuccessful access among the auditable events) before the caller sees it.
 */
import type { Actor } from '../context';
import { appendAudit, type AuditInput } from '../audit/index';
import type { Action, Decision, RecordResource } from '../authz/index';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../store/schema';
import type { ServiceCtx } from './context';

/** Appends one audit event for this request (actor, request id and stated purpose filled in). */
export async function audit(
  ctx: ServiceCtx,
  actor: Actor | null,
  input: Omit<AuditInput, 'actor' | 'requestId'>,
  exec: Executor = ctx.db,
): Promise<void> {
  await appendAudit(exec, { purpose: actor?.purpose ?? null, ...input, actor, requestId: ctx.requestId });
}

export interface GuardTarget {
  resource?: RecordResource;
  resourceType?: string;
  resourceId?: string;
  legalBasis?: string | null;
  detail?: Record<string, unknown>;
  /** false for a record being created: there is nothing whose existence could leak, so never 404. */
  exists?: boolean;
}

/**
 * Throws (after auditing the denial) unless the policy allows `action`. When the denial is for a record
 * the actor may not even learn exists, the answer is 404 rather than 403 (see `hiddenFrom`).
 */
export async function authorize(ctx: ServiceCtx, actor: Actor, action: Action, target: GuardTarget = {}): Promise<Decision> {
  const decision = ctx.policy.decide(actor, action, target.resource);
  if (decision.allowed) return decision;
  const hidden = target.resource && target.exists !== false ? hiddenFrom(ctx, actor, target.resource) : false;
  await audit(ctx, actor, {
    action,
    outcome: 'denied',
    resourceType: target.resourceType ?? (target.resource ? 'entity' : undefined),
    resourceId: target.resourceId ?? target.resource?.id,
    legalBasis: target.legalBasis ?? null,
    detail: { ...target.detail, policies: decision.policies, ...(hidden ? { answered: 'not_found' } : {}) },
  });
  ctx.log.info({ action, resourceId: target.resource?.id, policies: decision.policies }, 'authz.denied');
  throw hidden ? notFound() : forbidden({ action });
}

/**
 * 404 or 403? A record whose distribution does not reach the actor's agency/country is answered 404:
 * outside the sharing circle even its existence is not shared (MISP hides events beyond their
 * distribution the same way). Inside the circle (wrong role or purpose, locked copy) the answer is 403,
 * so the user knows to state another purpose or ask a colleague. The policy itself draws the circle:
 * we ask it whether an analyst of the actor's agency, stating a purpose the record serves, could read it.
 */
export function hiddenFrom(ctx: ServiceCtx, actor: Actor, resource: RecordResource): boolean {
  const probe: Actor = { ...actor, kind: 'user', roles: ['analyst'], purpose: (resource.purposes[0] ?? null) as Actor['purpose'] };
  return !ctx.policy.decide(probe, 'entity.read', resource).allowed;
}
