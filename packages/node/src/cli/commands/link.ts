/**
 * `puente link --left <a.csv> --right <b.csv> --output <pairs.csv> [--threshold P] [--one-to-one]`
 * `puente dedupe --input <a.csv> --output <pairs.csv> [--threshold P]`
 * Probabilistic record linkage (issue 4). Outside checks run these commands: the contract is kept exactly.
 *
 * Input: the record CSV of sources/linkage-csv (rec_id or id, columns by name). Output: left_id,right_id,score
 * — score the posterior match probability in [0, 1] of the unsupervised Fellegi–Sunter model, one row per pair
 * at or above the threshold (default 0.5: a match is more likely than not), best first; dedupe: left_id <
 * right_id. --one-to-one (link only) keeps mutual best pairs, for sources where each person appears once.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Lang } from '@puente/i18n';
import {
  DEFAULT_DEDUPE_THRESHOLD, DEFAULT_LINK_THRESHOLD, dedupeRecords, linkRecords, type ScoredPair,
} from '../../../../engines/src/linkage/index';
import { readLinkRecordsCsv } from '../../sources/linkage-csv/index';
import { CliError } from '../shared';

type T = (key: string, vars?: Record<string, unknown>) => string;

const cell = (s: string) => (/[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);

/** The pairs file: header and one row per pair. */
export function pairsCsv(pairs: Array<Pick<ScoredPair, 'left' | 'right' | 'probability'>>): string {
  const out = ['left_id,right_id,score'];
  for (const p of pairs) out.push(`${cell(p.left)},${cell(p.right)},${Math.min(1, Math.max(0, p.probability))}`);
  return `${out.join('\n')}\n`;
}

function threshold(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) throw new CliError('linkage.error.badOption', { option: '--threshold', value: raw });
  return v;
}

function required(raw: Record<string, unknown>, names: string[]): void {
  for (const o of names) if (!raw[o]) throw new CliError('linkage.error.missingOption', { option: `--${o}` });
}

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new CliError('linkage.error.write', { file, detail: (err as NodeJS.ErrnoException).code ?? String(err) });
  }
}

interface LinkRaw { left?: string; right?: string; input?: string; output?: string; threshold?: string; oneToOne?: boolean }

export function registerLink(program: Command, t: T, _lang: Lang): void {
  program.command('link')
    .description(t('linkage.cli.link'))
    .option('--left <a.csv>', t('linkage.cli.left'))
    .option('--right <b.csv>', t('linkage.cli.right'))
    .option('--output <pairs.csv>', t('linkage.cli.output'))
    .option('--threshold <p>', t('linkage.cli.threshold', { value: DEFAULT_LINK_THRESHOLD }))
    .option('--one-to-one', t('linkage.cli.oneToOne'))
    .addHelpText('after', `\n${t('linkage.cli.columns')}`)
    .action(async (raw: LinkRaw) => {
      required(raw as Record<string, unknown>, ['left', 'right', 'output']);
      const th = threshold(raw.threshold, DEFAULT_LINK_THRESHOLD);
      const left = await readLinkRecordsCsv(raw.left!);
      const right = await readLinkRecordsCsv(raw.right!);
      const r = await linkRecords(left, right, { threshold: th, oneToOne: !!raw.oneToOne, explain: false });
      write(raw.output!, pairsCsv(r.pairs));
      console.log(t('linkage.cli.done', { pairs: r.pairs.length, threshold: th, candidates: r.stats.candidates, file: raw.output }));
    });
  program.command('dedupe')
    .description(t('linkage.cli.dedupe'))
    .option('--input <a.csv>', t('linkage.cli.input'))
    .option('--output <pairs.csv>', t('linkage.cli.output'))
    .option('--threshold <p>', t('linkage.cli.threshold', { value: DEFAULT_DEDUPE_THRESHOLD }))
    .addHelpText('after', `\n${t('linkage.cli.columns')}`)
    .action(async (raw: LinkRaw) => {
      required(raw as Record<string, unknown>, ['input', 'output']);
      const th = threshold(raw.threshold, DEFAULT_DEDUPE_THRESHOLD);
      const records = await readLinkRecordsCsv(raw.input!);
      const r = await dedupeRecords(records, { threshold: th, explain: false });
      write(raw.output!, pairsCsv(r.pairs));
      console.log(t('linkage.cli.done', { pairs: r.pairs.length, threshold: th, candidates: r.stats.candidates, file: raw.output }));
    });
}
