/**
 * `npm run bench -- <name> [options]`: runs one benchmark of ../shared/design/BENCHMARKS.md, prints quality
 * and cost beside the bar, and writes a JSON result under packages/bench/results/.
 * Benchmarks are not tests: nothing here asserts a timing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { platformBench } from './benchmarks/platform';

export interface BenchResult {
  name: string;
  metrics: Array<{ metric: string; value: number | string; unit: string; bar?: string; anchor?: string; pass?: boolean }>;
  notes?: string[];
}

const benches: Record<string, (args: string[]) => Promise<BenchResult>> = {
  platform: platformBench,
  screening: async (args) => (await import('./benchmarks/screening')).screeningBench(args),
  'early-warning': async (args) => (await import('./benchmarks/early-warning')).earlyWarningBench(args),
  hotspots: async (args) => (await import('./benchmarks/hotspots')).hotspotsBench(args),
  linkage: async (args) => (await import('./benchmarks/linkage')).linkageBench(args),
  pprl: async (args) => (await import('./benchmarks/pprl')).pprlBench(args),
  aml: async (args) => (await import('./benchmarks/aml')).amlBench(args),
};

async function main() {
  const [name, ...args] = process.argv.slice(2);
  if (!name || !benches[name]) {
    console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
    process.exit(2);
  }
  const started = new Date();
  const result = await benches[name](args);
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  console.log(`\n${name} — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}`);
  console.log(['metric', 'value', 'bar', 'pass'].join('\t'));
  for (const m of result.metrics) {
    console.log([m.metric, `${m.value} ${m.unit}`, m.bar ?? '', m.pass === undefined ? '' : m.pass ? 'yes' : 'NO'].join('\t'));
  }
  for (const n of result.notes ?? []) console.log(`note: ${n}`);
  const dir = new URL('../results/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ ...result, machine, started: started.toISOString() }, null, 2));
  console.log(`result: ${file}`);
}

await main();
