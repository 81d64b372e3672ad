/**
 * @puente/model — the entity model: FollowTheMoney's schemata plus Puente's, read from their YAML;
 * validation, captions and text folding; FtM JSON lines in and out; statements with provenance.
 */
export * from './browser';
export { loadModel, defaultFtmDir, PUENTE_SCHEMA_DIR } from './loader';
