/**
 * The policy decision point: Cedar (https://www.cedarpolicy.com) evaluated in-process with
 * @cedar-policy/cedar-wasm. The rules are the readable files in ./policies; this module loads them,
 * refuses to start on anything doubtful, and turns an Actor and a record into a Cedar request.
 *
 * Load-time checks (any failure throws PolicyLoadError, naming the file and the problem):
 *  - the schema parses, and every policy validates against it in strict mode, warnings included
 *    (Cedar warns of an impossible policy, e.g. a rule whose condition can never hold);
 *  - every policy carries a unique `@id("kebab-case")`: the ids are the explanation of a decision
 *    (Decision.policies) and the audit trail records them;
 *  - no templates, and no policy names a particular user, record or node: the policies are purely
 *    attribute-based, so a decision depends only on the attributes below. That is what makes the
 *    decision cache exact, and what lets the SQL prefilter (./filter.ts) be equivalent.
 *
 * Speed: cedar-wasm parses the request entities on every call (~0.1 ms each), so even with the
 * policy set and schema pre-parsed (statefulIsAuthorized) one decision costs ~0.4-0.7 ms (plain
 * isAuthorized, which re-parses the policies each call, ~3-7 ms). Search and
 * export decide per row, so decisions are memoised on (action, principal attributes, record
 * attributes); rows of one search share a handful of attribute combinations.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { both } from '@puente/i18n';
import type { Distribution } from '@puente/model';
import type { Actor } from '../context';
import { partnerOf } from './partner';

export const ACTIONS = [
  'entity.read', 'entity.create', 'entity.update', 'entity.delete', 'entity.import', 'entity.export',
  'audit.read', 'audit.verify', 'user.manage', 'agency.manage', 'policy.read',
  // screening (issue 3)
  'screening.run', 'screening.read', 'screening.decide', 'screening.list.manage',
  // protect (issue 7)
  'protect.read', 'protect.import', 'protect.alert.manage', 'protect.practice.publish', 'protect.case.read', 'protect.case.update',
  // entity resolution (issue 4)
  'linkage.run', 'linkage.read', 'linkage.decide',
  // financial intelligence (issue 5)
  'aml.import', 'aml.model.train', 'aml.read', 'aml.alert.manage', 'aml.case.manage',
  // federation (issue 6)
  'federation.read', 'federation.partner.manage', 'federation.agreement.manage', 'federation.share',
  'federation.query.ask', 'federation.query.answer', 'federation.disclosure.request', 'federation.disclosure.review',
  'federation.pprl.run',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions about one record; the others are about the node as a whole (resource Puente::Node::"node"). */
export const RECORD_ACTIONS: ReadonlySet<Action> = new Set<Action>(['entity.read', 'entity.create', 'entity.update', 'entity.delete',
  'protect.case.read', 'protect.case.update', 'federation.share']);

/** A Cedar request context (attribute → value), for the actions whose schema declares one (e.g. federation.share). */
export type DecisionContext = Record<string, cedar.CedarValueJson>;

export interface RecordResource {
  id: string; ownerCountry: string; ownerAgency: string; distribution: Distribution; agreementParties: string[];
  purposes: string[]; personalData: boolean; locked: boolean;
}

export interface Decision {
  allowed: boolean;
  /** Ids (@id) of the determining policies: the permits that allowed, or the forbids that denied.
   *  Empty on a default deny (no permit applied). */
  policies: string[];
  errors: string[];
}

export const DEFAULT_POLICY_DIR = new URL('./policies/', import.meta.url).pathname;
export const SCHEMA_FILE = 'schema.cedarschema';
const POLICY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DEFAULT_CACHE_SIZE = 20_000;

export class PolicyLoadError extends Error {
  readonly messages: { en: string; es: string };
  constructor(readonly problems: string[]) {
    const messages = both('auth.policy.invalid', { problems: problems.join('; ') });
    super(messages.en);
    this.name = 'PolicyLoadError';
    this.messages = messages;
  }
}

const errorText = (e: { message: string; help?: string | null }) => (e.help ? `${e.message} (${e.help})` : e.message);

/** Entity literals in a policy's JSON form, other than actions. */
function namedEntities(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const v of node) namedEntities(v, found);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'action') continue; // action scope: naming actions is the point
      if ((k === '__entity' || k === 'entity') && v && typeof v === 'object' && 'type' in v) {
        const type = String((v as { type: unknown }).type);
        if (!/(^|::)Action$/.test(type)) found.push(`${type}::"${String((v as { id?: unknown }).id)}"`);
      } else namedEntities(v, found);
    }
  }
  return found;
}

type CedarAttrs = Record<string, cedar.CedarValueJson>;

export class PolicyEngine {
  /** Ids of all policies, in file order. */
  readonly policyIds: string[];
  private readonly setId: string;
  private readonly cache = new Map<string, Decision>();

  private constructor(
    /** SHA-256 (hex) over every file's name and text, schema included: audit records it as 'policy.change'. */
    readonly hash: string,
    /** The schema and the policy files, for policy.read. */
    readonly texts: Array<{ file: string; text: string }>,
    policyIds: string[],
    private readonly cacheSize: number,
  ) {
    this.policyIds = policyIds;
    this.setId = `puente-${hash}`;
  }

  /**
   * Loads, checks and pre-parses the policies in `dir` (*.cedar and schema.cedarschema).
   * `cacheSize: 0` turns the decision cache off (tests compare Cedar itself against the rules).
   */
  static load(dir: string = DEFAULT_POLICY_DIR, opts: { cacheSize?: number } = {}): PolicyEngine {
    const problems: string[] = [];
    const names = readdirSync(dir).sort();
    if (!names.includes(SCHEMA_FILE)) throw new PolicyLoadError([`${join(dir, SCHEMA_FILE)}: missing`]);
    const policyFiles = names.filter((f) => f.endsWith('.cedar'));
    if (!policyFiles.length) throw new PolicyLoadError([`${dir}: no *.cedar files`]);
    const texts = [SCHEMA_FILE, ...policyFiles].map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
    const schema = texts[0].text;

    const parsedSchema = cedar.checkParseSchema(schema);
    if (parsedSchema.type === 'failure') throw new PolicyLoadError(parsedSchema.errors.map((e) => `${SCHEMA_FILE}: ${errorText(e)}`));

    const byId: Record<string, string> = {};
    const fileOf = new Map<string, string>();
    for (const { file, text } of texts.slice(1)) {
      const parts = cedar.policySetTextToParts(text);
      if (parts.type === 'failure') { problems.push(...parts.errors.map((e) => `${file}: ${errorText(e)}`)); continue; }
      if (parts.policy_templates.length) problems.push(`${file}: templates are not used in Puente's policies`);
      for (const policy of parts.policies) {
        const json = cedar.policyToJson(policy);
        if (json.type === 'failure') { problems.push(...json.errors.map((e) => `${file}: ${errorText(e)}`)); continue; }
        const id = json.json.annotations?.id;
        const head = policy.split('\n').find((l) => /^\s*(permit|forbid)/.test(l))?.trim() ?? policy.slice(0, 60);
        if (!id || !POLICY_ID.test(id)) { problems.push(`${file}: policy "${head}" needs @id("kebab-case-id")`); continue; }
        if (fileOf.has(id)) { problems.push(`${file}: @id("${id}") already used in ${fileOf.get(id)}`); continue; }
        const named = namedEntities({ principal: json.json.principal, resource: json.json.resource, conditions: json.json.conditions });
        if (named.length) problems.push(`${file}: @id("${id}") names ${named.join(', ')}; policies must be attribute-based`);
        fileOf.set(id, file);
        byId[id] = policy;
      }
    }
    if (problems.length) throw new PolicyLoadError(problems);

    const policies: cedar.PolicySet = { staticPolicies: byId };
    const v = cedar.validate({ schema, policies, validationSettings: { mode: 'strict' } });
    if (v.type === 'failure') throw new PolicyLoadError(v.errors.map(errorText));
    for (const e of [...v.validationErrors, ...v.validationWarnings]) problems.push(`${fileOf.get(e.policyId) ?? '?'}: @id("${e.policyId}"): ${errorText(e.error)}`);
    if (problems.length) throw new PolicyLoadError(problems);

    const h = createHash('sha256');
    for (const { file, text } of texts) h.update(`${file}\0${text}\0`);
    const engine = new PolicyEngine(h.digest('hex'), texts, Object.keys(byId), opts.cacheSize ?? DEFAULT_CACHE_SIZE);
    // Pre-parsed once into cedar-wasm's module state under an id derived from the content, so two
    // engines with different policies never share a slot.
    for (const r of [cedar.preparsePolicySet(engine.setId, policies), cedar.preparseSchema(engine.setId, schema)]) {
      if (r.type === 'failure') throw new PolicyLoadError(r.errors.map(errorText));
    }
    return engine;
  }

  /** The bilateral partner country under the Framework ('US' <-> 'MX'); '' when there is none. */
  partnerOf(country: string): string {
    return partnerOf(country) ?? '';
  }

  decide(actor: Actor, action: Action, resource?: RecordResource, context: DecisionContext = {}): Decision {
    if (!(ACTIONS as readonly string[]).includes(action)) return { allowed: false, policies: [], errors: [`unknown action ${String(action)}`] };
    const onRecord = RECORD_ACTIONS.has(action);
    if (onRecord && !resource) return { allowed: false, policies: [], errors: [`${action} needs a record`] };
    const principal: CedarAttrs = { kind: actor.kind, country: actor.country, agency: actor.agencyId, roles: actor.roles };
    if (actor.purpose !== null && actor.purpose !== undefined) principal.purpose = actor.purpose;
    const record: CedarAttrs | null = onRecord && resource ? {
      owner_country: resource.ownerCountry, owner_agency: resource.ownerAgency, distribution: resource.distribution,
      agreement_parties: resource.agreementParties, purposes: resource.purposes,
      personal_data: resource.personalData, locked: resource.locked,
    } : null;

    const key = this.cacheSize > 0 ? JSON.stringify([action, principal, record, context]) : '';
    const hit = key ? this.cache.get(key) : undefined;
    if (hit) return { allowed: hit.allowed, policies: [...hit.policies], errors: [...hit.errors] };

    const principalUid = { type: 'Puente::User', id: actor.id };
    const resourceUid = record && resource ? { type: 'Puente::Record', id: resource.id } : { type: 'Puente::Node', id: 'node' };
    const answer = cedar.statefulIsAuthorized({
      principal: principalUid,
      action: { type: 'Puente::Action', id: action },
      resource: resourceUid,
      context,
      preparsedPolicySetId: this.setId,
      preparsedSchemaName: this.setId,
      validateRequest: true,
      entities: [
        { uid: principalUid, attrs: principal, parents: [] },
        { uid: resourceUid, attrs: record ?? {}, parents: [] },
      ],
    });
    const decision: Decision = answer.type === 'success'
      ? {
        allowed: answer.response.decision === 'allow',
        policies: [...answer.response.diagnostics.reason].sort(),
        errors: answer.response.diagnostics.errors.map((e) => `${e.policyId}: ${errorText(e.error)}`),
      }
      : { allowed: false, policies: [], errors: answer.errors.map(errorText) };

    if (key) {
      if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, decision);
    }
    return { allowed: decision.allowed, policies: [...decision.policies], errors: [...decision.errors] };
  }
}
