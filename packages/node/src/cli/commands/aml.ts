/**
 * `puente aml train --transactions <tx.csv> --until <YYYY-MM-DD> --model <file> [--accounts <accounts.csv>] [--seed S]`
 * `puente aml score --model <file> --transactions <tx.csv> --from <YYYY-MM-DD> --output <scores.csv> [--accounts <accounts.csv>]
 *    [--explanations <file.csv>]`
 * Outside checks run these commands on unseen data: the contract is kept exactly.
 *
 * train: reads the transactions (format from the header: AMLSim, IBM AMLworld or the generic CSV), reads labels
 *   only from rows dated before --until (UTC midnight), learns the GBDT risk model on the first three quarters
 *   of those days and picks the alert threshold (max F1) on the last quarter; writes the model as JSON.
 * score: never reads label columns; all rows before --from are context (features only); writes
 *   tran_id,score,flag,typology for every transaction dated on or after --from, in file order.
 *   score in [0, 1]; flag 1 = alert at the model's threshold; typology = the first detector that matched, or empty.
 *   --explanations also writes tran_id,rank,feature,value,contribution (top 5 Saabas contributions to the logit)
 *   for every flagged transaction. From 50,000 transactions it scores on two cores (a worker thread beside the
 *   sequential passes, AmlScorePool); the output is the same.
 */
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import {
  checkModel, dateSeconds, explain, parseRates, RateFileError, scoreAmlAuto, trainAml, TYPOLOGIES, type AmlModel, type RateTable,
} from '../../../../engines/src/aml/index';
import { readTransactions } from '../../sources/aml-csv/index';
import { CliError } from '../shared';

type T = (key: string, vars?: Record<string, unknown>) => string;

const need = (raw: Record<string, string | undefined>, names: string[]) => {
  for (const o of names) if (!raw[o]) throw new CliError('aml.error.missingOption', { option: `--${o}` });
};
const dateOpt = (option: string, v: string) => {
  const s = dateSeconds(v);
  if (!Number.isFinite(s)) throw new CliError('aml.error.badDate', { option, value: v });
  return s;
};
const exists = (f: string | undefined) => { if (f && !existsSync(f)) throw new CliError('aml.error.notFound', { file: f }); };
const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** An optional exchange-rate file (`currency,from,rate`: units of USD per unit from that date); errors name file and line. */
function readRates(file: string | undefined): RateTable | undefined {
  if (file === undefined) return undefined;
  exists(file);
  try {
    return parseRates(readFileSync(file, 'utf8'), 'USD', file);
  } catch (err) {
    if (err instanceof RateFileError) throw new CliError(`aml.error.rates.${err.reason}`, { file, line: err.line ?? 1 });
    throw err;
  }
}

export async function amlTrain(raw: { transactions?: string; until?: string; model?: string; accounts?: string; seed?: string; rates?: string }): Promise<AmlModel> {
  need(raw, ['transactions', 'until', 'model']);
  const until = dateOpt('--until', raw.until!);
  let seed = 1;
  if (raw.seed !== undefined) {
    seed = Number(raw.seed);
    if (!Number.isInteger(seed) || seed < 0 || raw.seed.trim() === '') throw new CliError('aml.error.badOption', { option: '--seed', value: raw.seed });
  }
  exists(raw.transactions); exists(raw.accounts);
  const rates = readRates(raw.rates);
  const { table } = await readTransactions(raw.transactions!, { labels: true, accounts: raw.accounts });
  // labels on or after --until are dropped before the engine sees the table
  let pos = 0, neg = 0;
  for (let i = 0; i < table.size; i++) {
    if (table.time[i] >= until) table.label[i] = -1;
    else if (table.label[i] === 1) pos++; else if (table.label[i] === 0) neg++;
  }
  if (!pos || !neg) throw new CliError('aml.error.noTraining', { file: raw.transactions, until: raw.until });
  const model = trainAml(table, { until, seed, ...(rates ? { rates } : {}) });
  writeFileSync(raw.model!, JSON.stringify(model));
  return model;
}

export async function amlScore(raw: { model?: string; transactions?: string; from?: string; output?: string; accounts?: string; explanations?: string }) {
  need(raw, ['model', 'transactions', 'from', 'output']);
  const from = dateOpt('--from', raw.from!);
  exists(raw.model); exists(raw.transactions); exists(raw.accounts);
  let model: AmlModel;
  try {
    model = JSON.parse(readFileSync(raw.model!, 'utf8')) as AmlModel;
    checkModel(model);
  } catch (err) {
    throw new CliError('aml.error.badModel', { file: raw.model, detail: (err as Error).message });
  }
  const { table } = await readTransactions(raw.transactions!, { labels: false, accounts: raw.accounts });
  const res = await scoreAmlAuto(model, table, from, { keepFeatures: !!raw.explanations });
  const n = res.rows.length;
  // file order
  const byRow = Array.from({ length: n }, (_, r) => r).sort((a, b) => res.rows[a] - res.rows[b]);
  const out = createWriteStream(raw.output!);
  const lines: string[] = ['tran_id,score,flag,typology'];
  let alerts = 0;
  const flush = async () => { if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain'); lines.length = 0; };
  for (const r of byRow) {
    alerts += res.flag[r];
    lines.push(`${csvCell(table.ids[res.rows[r]])},${res.score[r].toFixed(6)},${res.flag[r]},${res.typology[r] >= 0 ? TYPOLOGIES[res.typology[r]] : ''}`);
    if (lines.length >= 10_000) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  if (raw.explanations) {
    const ex: string[] = ['tran_id,rank,feature,value,contribution'];
    for (const r of byRow) {
      if (!res.flag[r]) continue;
      explain(model, res.X, r, 5).top.forEach((e, k) => ex.push(`${csvCell(table.ids[res.rows[r]])},${k + 1},${e.feature},${Number.isNaN(e.value) ? 'NA' : +e.value.toFixed(4)},${e.contribution.toFixed(4)}`));
    }
    writeFileSync(raw.explanations, `${ex.join('\n')}\n`);
  }
  return { rows: n, context: table.size - n, alerts };
}

export function registerAml(program: Command, t: T): void {
  const aml = program.command('aml').description(t('aml.cli.command')).addHelpText('after', `\n${t('aml.cli.formats')}`);
  aml.command('train')
    .description(t('aml.cli.train'))
    .option('--transactions <tx.csv>', t('aml.cli.transactions'))
    .option('--until <YYYY-MM-DD>', t('aml.cli.until'))
    .option('--model <file>', t('aml.cli.model'))
    .option('--accounts <accounts.csv>', t('aml.cli.accounts'))
    .option('--seed <n>', t('aml.cli.seed'))
    .option('--rates <rates.csv>', t('aml.cli.rates'))
    .addHelpText('after', `\n${t('aml.cli.formats')}`)
    .action(async (raw) => {
      const m = await amlTrain(raw);
      const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'NA');
      console.log(t('aml.cli.trained', { file: raw.model, ...m.training, f1: f(m.training.validationF1), ap: f(m.training.validationAp), threshold: m.threshold.toPrecision(4) }));
    });
  aml.command('score')
    .description(t('aml.cli.score'))
    .option('--model <file>', t('aml.cli.model'))
    .option('--transactions <tx.csv>', t('aml.cli.transactions'))
    .option('--from <YYYY-MM-DD>', t('aml.cli.from'))
    .option('--output <scores.csv>', t('aml.cli.output'))
    .option('--accounts <accounts.csv>', t('aml.cli.accounts'))
    .option('--explanations <file.csv>', t('aml.cli.explanations'))
    .addHelpText('after', `\n${t('aml.cli.formats')}`)
    .action(async (raw) => {
      const r = await amlScore(raw);
      console.log(t('aml.cli.scored', { ...r, from: raw.from, file: raw.output }));
    });
}
