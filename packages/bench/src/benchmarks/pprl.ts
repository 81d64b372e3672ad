/**
 * B3 · Privacy-preserving linkage (../shared/design/BENCHMARKS.md).
 *   1. FEBRL4 (../shared/data/febrl/dataset4a.csv × dataset4b.csv, 5,000 true pairs from truth/): both files
 *      encoded with one secret into the default 1,024-bit XOR-folded CLKs, matched without it at the default
 *      Dice threshold (chosen on development sets, see match.ts). F1, precision and recall of (a) the greedy
 *      one-to-one assignment — the two-party setting, each person at most once per side, as anonlink's solver —
 *      and (b) every pair at or above the threshold (what `pprl match` writes by default). No fitting on truth.
 *      Also: Hamming-LSH blocking pair completeness and candidate pairs.
 *   2. Dice comparisons per second on one core: the WebAssembly scanner over all 5,000 × 5,000 pairs without the
 *      length filter (which in practice skips most of them), median of runs.
 *   3. Encodings per second on one core: FEBRL4 (10,000 records) and the generator's population, fresh encoder
 *      (first use of every token computes its HMAC).
 *   4. Frequency attacks (attack.ts) on the generator's population (linkagePopulation, --population N, default
 *      20,000; the attacker's name knowledge is another population of the same size and other seed): share of the
 *      100 most frequent given names recovered from hardened CLKs (bar ≤ 2 %, worst of the two attacks), and for
 *      contrast from unhardened CLKs and from field-level given-name filters (Kuzu et al.'s setting), unhardened
 *      and hardened (salted by birth year, folded).
 * Options: --data DIR (default $PUENTE_DATA or ../shared/data), --runs R (default 3), --population N.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from '../main';
import {
  DEFAULT_CLK_SCHEMA, DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD, DEFAULT_PPRL_THRESHOLD, DiceScanner, encodeRecords, frequentEncodingAttack, greedyOneToOne,
  lshCandidates, matchClks, patternMiningAttack, type ClkSchema, type PprlPair,
} from '../../../engines/src/pprl/index';
import type { LinkRecord } from '../../../engines/src/linkage/record';
import { parseLinkRecordsCsv } from '../../../node/src/sources/linkage-csv/index';
import { linkagePopulation } from '../../../demo/src/linkage/index';

const root = new URL('../../../../', import.meta.url).pathname;
const arg = (args: string[], name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 5) => Math.round(x * 10 ** d) / 10 ** d;
/** The benchmark's secret: fixed so runs are comparable (any secret gives the same figures up to noise). */
const SECRET = new TextEncoder().encode('puente-bench-b3-secret-0123456789');

function prf(pairs: PprlPair[], truth: Set<string>) {
  let tp = 0;
  for (const p of pairs) if (truth.has(`${p.left}\u0000${p.right}`)) tp++;
  const precision = pairs.length ? tp / pairs.length : 0, recall = tp / truth.size;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, tp, n: pairs.length };
}

export async function pprlBench(args: string[]): Promise<BenchResult> {
  const data = arg(args, '--data') ?? process.env.PUENTE_DATA ?? join(root, '..', 'shared', 'data');
  const runs = Number(arg(args, '--runs') ?? 3);
  const popSize = Number(arg(args, '--population') ?? 20000);
  const febrl = join(data, 'febrl');
  if (!existsSync(join(febrl, 'dataset4a.csv'))) throw new Error(`B3 needs ${febrl}/dataset4a.csv`);
  const metrics: BenchResult['metrics'] = [];
  const notes: string[] = [];
  const read = (f: string) => parseLinkRecordsCsv(readFileSync(join(febrl, f), 'utf8'), f);
  const A = read('dataset4a.csv'), B = read('dataset4b.csv');
  const truthRows = readFileSync(join(febrl, 'truth', 'febrl4_true_pairs.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  const truth = new Set(truthRows.map((l) => l.split(',').map((s) => s.trim()).join('\u0000')));

  // 3 (first, cold): encoding speed.
  const encTimes: number[] = [];
  let ea = encodeRecords(A, SECRET), eb = encodeRecords(B, SECRET);
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    ea = encodeRecords(A, SECRET);
    eb = encodeRecords(B, SECRET);
    encTimes.push(performance.now() - t0);
  }
  const encRate = (A.length + B.length) / (median(encTimes) / 1000);
  metrics.push({ metric: 'FEBRL4 records encoded per second (1 core, fresh encoder each run)', value: Math.round(encRate), unit: '/s', bar: '≥ 20,000', pass: encRate >= 20000 });
  const pop: LinkRecord[] = [...linkagePopulation(popSize, 20261128)];
  const tp0 = performance.now();
  encodeRecords(pop, SECRET);
  const popRate = pop.length / ((performance.now() - tp0) / 1000);
  metrics.push({ metric: `generator population (${popSize}) encoded per second (1 core)`, value: Math.round(popRate), unit: '/s', bar: '≥ 20,000', pass: popRate >= 20000 });

  // 1. Quality on FEBRL4.
  const t = DEFAULT_PPRL_THRESHOLD;
  const tm = performance.now();
  const all = matchClks(ea, eb, { threshold: t });
  const matchMs = performance.now() - tm;
  const t1 = DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD;
  const one = greedyOneToOne(matchClks(ea, eb, { threshold: t1 }));
  const q1 = prf(one, truth), qa = prf(all, truth);
  metrics.push({ metric: `FEBRL4 F1, 1,024-bit CLK, Dice ≥ ${t1}, greedy one-to-one (pprl match --one-to-one)`, value: round(q1.f1), unit: '', bar: '≥ 0.998', anchor: 'anonlink 0.9962 at Dice 0.80', pass: q1.f1 >= 0.998 });
  metrics.push({ metric: '  precision / recall (one-to-one)', value: `${round(q1.precision)} / ${round(q1.recall)}`, unit: '' });
  metrics.push({ metric: `FEBRL4 F1, every pair with Dice ≥ ${t} (pprl match default output)`, value: round(qa.f1), unit: '', bar: '≥ 0.998', pass: qa.f1 >= 0.998 });
  metrics.push({ metric: '  precision / recall (all pairs)', value: `${round(qa.precision)} / ${round(qa.recall)}`, unit: '' });
  metrics.push({ metric: 'FEBRL4 match time, 5,000 × 5,000 with the length filter (1 core)', value: Math.round(matchMs), unit: 'ms' });
  const cands = lshCandidates(ea.map((r) => r.clk), eb.map((r) => r.clk));
  let nc = 0, found = 0;
  const idx = new Map(eb.map((r, j) => [r.id, j]));
  cands.forEach((c, i) => { nc += c.length; });
  for (const key of truth) {
    const [l, r] = key.split('\u0000');
    const i = ea.findIndex((x) => x.id === l);
    if (i >= 0 && cands[i].includes(idx.get(r)!)) found++;
  }
  metrics.push({ metric: 'Hamming-LSH blocking (40 samples × 16 bits, no key): pair completeness', value: round(found / truth.size), unit: '' });
  metrics.push({ metric: '  candidate pairs', value: nc, unit: '' });

  // 2. Dice comparisons per second, one core.
  const scanner = new DiceScanner(eb.map((r) => r.clk), eb[0].clk.byteLength);
  const dTimes: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const a of ea) scanner.scanRange(a.clk, t);
    dTimes.push(performance.now() - t0);
  }
  const dRate = (ea.length * eb.length) / (median(dTimes) / 1000);
  metrics.push({ metric: 'Dice comparisons per second (1 core, WebAssembly popcount)', value: round(dRate / 1e6, 1), unit: 'M/s', bar: '≥ 50 M/s', anchor: 'anonlink (C++) 45–107 M/s', pass: dRate >= 50e6 });

  // 4. Frequency attacks.
  const ref: LinkRecord[] = [...linkagePopulation(popSize, 1234567)];
  const nameOnly = (hardened: boolean): ClkSchema => ({
    ...DEFAULT_CLK_SCHEMA,
    fields: [{ field: 'given_name', kind: 'name', k: 15 }],
    hardening: { xorFold: hardened, saltedFields: hardened ? ['given_name'] : [] },
  });
  const variants: Array<[string, ClkSchema, boolean]> = [
    ['hardened CLK (default schema: XOR-folded)', DEFAULT_CLK_SCHEMA, true],
    ['unhardened CLK (same fields, not folded)', { ...DEFAULT_CLK_SCHEMA, hardening: { xorFold: false, saltedFields: [] } }, false],
    ['field-level given-name filter, unhardened', nameOnly(false), false],
    ['field-level given-name filter, salted by birth year + folded', nameOnly(true), true],
  ];
  for (const [label, schema, isBar] of variants) {
    const enc = encodeRecords(pop, SECRET, schema).map((r) => r.clk);
    const a = frequentEncodingAttack(enc, pop, ref, schema);
    const b = patternMiningAttack(enc, pop, ref, schema);
    const worst = Math.max(a.recovered, b.recovered);
    metrics.push({
      metric: `frequency attack on ${label}: top-100 given names recovered (frequent-encoding ${round(a.recovered * 100, 1)} %, pattern-mining ${round(b.recovered * 100, 1)} %)`,
      value: round(worst * 100, 1),
      unit: '%',
      ...(isBar && schema === DEFAULT_CLK_SCHEMA ? { bar: '≤ 2 %', anchor: 'published ≤ 5 % with balancing/XOR folding, 20.7 % without', pass: worst <= 0.02 } : {}),
    });
  }
  notes.push(`thresholds ${t} (every pair) and ${DEFAULT_PPRL_ONE_TO_ONE_THRESHOLD} (one-to-one) are the default operating points, chosen on development sets, not FEBRL4; encodings ${DEFAULT_CLK_SCHEMA.bits} bits`);
  notes.push('throughput depends on the machine load; 2 shared cores here');
  return { name: 'pprl', metrics, notes };
}
