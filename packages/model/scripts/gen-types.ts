/**
 * Writes packages/model/src/generated/schemata.ts from the schema YAML.
 * Run after changing any schema: `npx tsx packages/model/scripts/gen-types.ts`
 * (reads FtM's YAML from $PUENTE_DATA/platform/ftm or ../shared/data/platform/ftm).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSchemataTs } from '../src/codegen';
import { loadModel } from '../src/loader';

const target = fileURLToPath(new URL('../src/generated/schemata.ts', import.meta.url));
const model = loadModel();
writeFileSync(target, renderSchemataTs(model));
console.log(`wrote ${target} (${model.schemata.size} schemata)`);
