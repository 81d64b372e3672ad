/**
 * B2 · Entity resolution (../shared/design/BENCHMARKS.md): unsupervised Fellegi–Sunter linkage on FEBRL
 * (../shared/data/febrl/, true pairs in truth/ — used for scoring only, never for fitting) and a scaling run on
 * the U.S.–Mexico generator (packages/demo/src/linkage).
 *
 *   FEBRL4 link (5,000 × 5,000) with and without soc_sec_id, FEBRL3 dedupe (5,000), dsgen F_10000 link
 *   (6,000 originals × 4,000 duplicates, up to 9 per original), blocking pair completeness and candidate count on
 *   FEBRL4, the U.S.–Mexico world at --size N per side (default 10,000; 1,000,000 is the 1M × 1M target).
 *
 * Every run uses the engine's defaults (threshold 0.5 posterior, model fitted by EM on the data itself); the
 * same runs without the relatives/housemates class are reported beside them for information, since FEBRL's
 * generator makes no relatives and its heavily corrupted duplicates look like them.
 * Options: --size N (U.S.–Mexico per side), --data DIR (default $PUENTE_DATA or ../shared/data), --skip-febrl.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BenchResult } from '../main';
import { dedupeRecords, linkRecords, type LinkOptions, type LinkRecord } from '../../../engines/src/linkage/index';
import { readLinkRecordsCsv } from '../../../node/src/sources/linkage-csv/index';

const root = new URL('../../../../', import.meta.url).pathname;
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const key = (a: string, b: string, ordered: boolean) => (ordered || a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

function truthPairs(file: string, ordered: boolean): Set<string> {
  const rows = parse(readFileSync(file), { skip_empty_lines: true, trim: true, from_line: 2 }) as string[][];
  return new Set(rows.map(([a, b]) => key(a, b, ordered)));
}

function score(found: Array<{ left: string; right: string }>, truth: Set<string>, ordered: boolean) {
  let tp = 0;
  for (const p of found) if (truth.has(key(p.left, p.right, ordered))) tp++;
  const precision = found.length ? tp / found.length : 0;
  const recall = tp / truth.size;
  return { tp, fp: found.length - tp, fn: truth.size - tp, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const peakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

export async function linkageBench(args: string[]): Promise<BenchResult> {
  const data = arg(args, '--data') ?? process.env.PUENTE_DATA ?? join(root, '..', 'shared', 'data');
  const size = Number(arg(args, '--size') ?? 10_000);
  const febrl = join(data, 'febrl');
  const metrics: BenchResult['metrics'] = [];
  const notes: string[] = ['machine shared with other jobs while measuring: times are indicative'];

  const report = (label: string, s: ReturnType<typeof score>, ms: number, bar?: number, anchor?: string) => {
    metrics.push({ metric: `${label} F1`, value: round(s.f1), unit: '', ...(bar !== undefined ? { bar: `≥ ${bar}`, pass: s.f1 >= bar } : {}), ...(anchor ? { anchor } : {}) });
    metrics.push({ metric: `${label} precision / recall`, value: `${round(s.precision)} / ${round(s.recall)}`, unit: `(tp ${s.tp}, fp ${s.fp}, fn ${s.fn})` });
    metrics.push({ metric: `${label} time`, value: Math.round(ms), unit: 'ms' });
  };

  if (!args.includes('--skip-febrl')) {
    if (!existsSync(join(febrl, 'dataset4a.csv'))) throw new Error(`B2 needs ${febrl}/dataset4a.csv`);
    const a4 = await readLinkRecordsCsv(join(febrl, 'dataset4a.csv'));
    const b4 = await readLinkRecordsCsv(join(febrl, 'dataset4b.csv'));
    const t4 = truthPairs(join(febrl, 'truth', 'febrl4_true_pairs.csv'), true);
    const noSsn = (rs: LinkRecord[]) => rs.map((r) => ({ id: r.id, values: { ...r.values, soc_sec_id: undefined } }));
    const d3 = await readLinkRecordsCsv(join(febrl, 'dataset3.csv'));
    const t3 = truthPairs(join(febrl, 'truth', 'febrl3_true_pairs.csv'), false);
    const dsDir = join(febrl, 'febrl-0.4.2-dsgen', 'link-dsgen');
    const fo = await readLinkRecordsCsv(join(dsDir, 'dataset_F_org_10000.csv'));
    const fd = await readLinkRecordsCsv(join(dsDir, 'dataset_F_dup_10000.csv'));
    const tf = truthPairs(join(febrl, 'truth', 'dsgen_F_10000_true_pairs.csv'), true);

    for (const household of [true, false]) {
      const opts: LinkOptions = { explain: false, household };
      const tag = household ? '' : ' [no relatives class]';
      let t = performance.now();
      let r = await linkRecords(a4, b4, opts);
      report(`FEBRL4 link${tag}`, score(r.pairs, t4, true), performance.now() - t, household ? 0.999 : undefined, household ? 'Splink 0.9992; recordlinkage ECM 0.9989' : undefined);
      t = performance.now();
      r = await linkRecords(noSsn(a4), noSsn(b4), opts);
      report(`FEBRL4 link without soc_sec_id${tag}`, score(r.pairs, t4, true), performance.now() - t, household ? 0.997 : undefined, household ? 'recordlinkage ECM 0.9946' : undefined);
      t = performance.now();
      r = await dedupeRecords(d3, opts);
      report(`FEBRL3 dedupe${tag}`, score(r.pairs, t3, false), performance.now() - t, household ? 0.995 : undefined, household ? 'Splink 0.9929' : undefined);
      t = performance.now();
      r = await linkRecords(fo, fd, opts);
      report(`dsgen F_10000 link${tag}`, score(r.pairs, tf, true), performance.now() - t, household ? 0.98 : undefined, household ? 'recordlinkage ECM 0.9708' : undefined);
    }

    // Blocking on FEBRL4: every candidate pair (threshold 0) against the true pairs.
    for (const [label, l, r] of [['', a4, b4], [' without soc_sec_id', noSsn(a4), noSsn(b4)]] as const) {
      const all = await linkRecords(l as LinkRecord[], r as LinkRecord[], { explain: false, threshold: 0 });
      const s = score(all.pairs, t4, true);
      const pc = s.tp / t4.size;
      const bar = label === '';
      metrics.push({ metric: `FEBRL4 blocking pair completeness${label}`, value: round(pc, 5), unit: '', ...(bar ? { bar: '≥ 0.999', pass: pc >= 0.999, anchor: 'recordlinkage 0.9982' } : {}) });
      metrics.push({ metric: `FEBRL4 candidate pairs${label}`, value: all.stats.candidates, unit: 'pairs', ...(bar ? { bar: '≤ 200,000', pass: all.stats.candidates <= 200_000 } : {}) });
    }
    metrics.push({ metric: 'peak memory so far (FEBRL runs)', value: peakMiB(), unit: 'MiB' });
  }

  // Scaling: the U.S.–Mexico world.
  let demo: typeof import('../../../demo/src/linkage/index') | null = null;
  try { demo = await import('../../../demo/src/linkage/index'); } catch { notes.push('U.S.–Mexico generator (packages/demo/src/linkage) not found: scaling run skipped'); }
  if (demo && size > 0) {
    const opts = { perSide: size };
    let t = performance.now();
    const us = [...demo.linkageSide(opts, 'us')];
    const mx = [...demo.linkageSide(opts, 'mx')];
    const genMs = performance.now() - t;
    const truth = new Set<string>();
    for (const [u, m] of demo.linkageTruth(opts)) truth.add(key(u, m, true));
    t = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await linkRecords(us, mx, { explain: false });
    const ms = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    metrics.push({ metric: `U.S.–Mexico ${size} × ${size} link CPU time (user + system; the wall time suffers when the machine is shared)`, value: Math.round((cpu.user + cpu.system) / 1000), unit: 'ms' });
    console.log(`U.S.–Mexico ${size} × ${size}: linked in ${Math.round(ms / 1000)} s, ${r.stats.candidates} candidates, peak ${peakMiB()} MiB`);
    const s = score(r.pairs, truth, true);
    const big = size >= 1_000_000;
    report(`U.S.–Mexico ${size} × ${size} link`, s, ms);
    if (big) metrics.push({ metric: '1M × 1M link time', value: round(ms / 60000, 2), unit: 'min', bar: '≤ 10', pass: ms <= 600_000 });
    metrics.push({ metric: `U.S.–Mexico ${size} × ${size} candidate pairs`, value: r.stats.candidates, unit: 'pairs' });
    metrics.push({ metric: `U.S.–Mexico ${size} × ${size} records per second (both sides)`, value: Math.round((2 * size) / (ms / 1000)), unit: 'records/s' });
    metrics.push({ metric: 'generation of both sides (not timed in the link)', value: Math.round(genMs), unit: 'ms' });
    const peak = peakMiB();
    metrics.push({ metric: 'peak memory (process, incl. generated records)', value: peak, unit: 'MiB', ...(big ? { bar: '≤ 8 GiB', pass: peak <= 8192 } : {}) });
    if (!big) {
      const one = await linkRecords(us, mx, { explain: false, oneToOne: true });
      const s1 = score(one.pairs, truth, true);
      metrics.push({ metric: `U.S.–Mexico ${size} × ${size} link --one-to-one F1 (information)`, value: round(s1.f1), unit: `(P ${round(s1.precision)}, R ${round(s1.recall)})` });
    }
  }
  return { name: 'linkage', metrics, notes };
}
