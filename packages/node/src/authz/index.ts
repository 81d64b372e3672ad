/** Authorisation: Cedar policies (./policies) as the one decision point, and their SQL prefilter. */
export { PolicyEngine, PolicyLoadError, ACTIONS, RECORD_ACTIONS, DEFAULT_POLICY_DIR } from './engine';
export type { Action, Decision, DecisionContext, RecordResource } from './engine';
export { visibleEntitiesFilter, toRecordResource } from './filter';
export { partnerOf } from './partner';
