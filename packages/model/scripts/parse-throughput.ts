/**
 * Parser throughput: N generated FtM JSON lines (default 100,000) written to a temporary file, then read
 * back through linesOf(createReadStream) → readFtmLines (JSON parse, validation, metadata merge, caption).
 * Not a test (no timing assertions in tests); the platform benchmark B7 measures the whole import.
 *   npx tsx packages/model/scripts/parse-throughput.ts [lines] [bare]
 * `bare`: lines without the `puente` object, its fields coming from the import's defaults (as
 * `POST /api/import?ownerAgency=…` sends them), i.e. plain FtM lines as OpenSanctions publishes them.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linesOf, loadModel, readFtmLines, toFtmLine, type Entity, type RecordMeta } from '../src/index';

const n = Number(process.argv[2] ?? 100_000);
const bare = process.argv[3] === 'bare';
const model = loadModel();
const meta: RecordMeta = {
  ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'bilateral', agreementId: null, legalBasis: 'LFPIORPI art. 17',
  purposes: ['financial_intelligence'], retentionUntil: '2036-01-01', dataset: 'bench', originNode: 'mx-node', locked: false,
};
const given = ['José', 'María Guadalupe', 'Juan Carlos', 'Ana', 'Michael', 'Jennifer'];
const family = ['Hernández', 'García López', 'Martínez', 'Smith', 'Johnson', 'Ñúñez'];

function entity(i: number): Entity {
  const k = i % 5;
  if (k === 0 || k === 1) {
    const name = `${given[i % 6]} ${family[(i >> 3) % 6]}`;
    return { id: `p-${i}`, schema: 'Person', meta, properties: {
      name: [name], firstName: [given[i % 6]], lastName: [family[(i >> 3) % 6]],
      birthDate: [`19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`], nationality: [i % 2 ? 'mx' : 'us'],
      addressEntity: [`addr-${i}`] } };
  }
  if (k === 2) {
    return { id: `co-${i}`, schema: 'Company', meta, properties: {
      name: [`Comercializadora ${family[i % 6]} ${i} S.A. de C.V.`], jurisdiction: ['mx'],
      incorporationDate: ['2015-03-02'], registrationNumber: [`RFC${i}`] } };
  }
  if (k === 3) {
    return { id: `own-${i}`, schema: 'Ownership', meta, properties: {
      owner: [`p-${i - 3}`], asset: [`co-${i - 1}`], percentage: ['50'], startDate: ['2019-04'] } };
  }
  return { id: `addr-${i}`, schema: 'Address', meta, properties: {
    full: [`Av. Insurgentes Sur ${i}, Ciudad de México`], city: ['Ciudad de México'], country: ['mx'] } };
}

const dir = mkdtempSync(join(tmpdir(), 'puente-parse-'));
const file = join(dir, 'bench.ftm.json');
const lines: string[] = [];
for (let i = 0; i < n; i++) {
  const e = entity(i);
  lines.push(bare ? JSON.stringify({ id: e.id, schema: e.schema, properties: e.properties }) : toFtmLine(e));
}
const text = `${lines.join('\n')}\n`;
writeFileSync(file, text);

/** Entities per second of wall time and of this process's CPU time (the latter is steadier on a busy machine). */
async function run(): Promise<{ wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let count = 0;
  for await (const _x of readFtmLines(linesOf(createReadStream(file)), { file, model, defaults: bare ? meta : {} })) count++;
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  if (count !== n) throw new Error(`read ${count} of ${n}`);
  return { wall: n / wall, cpu: n / ((c.user + c.system) / 1e6) };
}

try {
  const runs: Array<{ wall: number; cpu: number }> = [];
  for (let r = 0; r < 5; r++) runs.push(await run());
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x).toLocaleString('en-US')).join(', ');
  const mb = Buffer.byteLength(text) / 1e6;
  console.log(`${n} ${bare ? 'bare FtM' : 'FtM + puente'} lines (${mb.toFixed(1)} MB), node ${process.version}`);
  console.log(`  wall: ${fmt(runs.map((r) => r.wall))} entities/s`);
  console.log(`  cpu:  ${fmt(runs.map((r) => r.cpu))} entities/s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
