import type { Command } from 'commander';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { DISTRIBUTIONS, PURPOSES, type Distribution, type Purpose, type RecordMeta } from '@puente/model';
import { CliError, configFrom, openNode, type NodeOptions } from '../shared';
import { importFtm } from '../../services/import';
import { exportFtm } from '../../services/export';

type T = (key: string, vars?: Record<string, unknown>) => string;

interface ImportOpts extends NodeOptions {
  ownerAgency?: string; distribution?: string; legalBasis?: string; purposes?: string; retention?: string; dataset?: string;
}

/** The record metadata a file's lines inherit when they do not carry a `puente` object. */
function defaultsFrom(o: ImportOpts): Partial<RecordMeta> {
  const d: Partial<RecordMeta> = {};
  if (o.ownerAgency) d.ownerAgency = o.ownerAgency;
  if (o.distribution) {
    if (!(DISTRIBUTIONS as readonly string[]).includes(o.distribution)) throw new CliError('cli.error.badOption', { option: '--distribution', value: o.distribution });
    d.distribution = o.distribution as Distribution;
  }
  if (o.legalBasis) d.legalBasis = o.legalBasis;
  if (o.purposes) {
    const ps = o.purposes.split(',').map((p) => p.trim()).filter(Boolean);
    const bad = ps.find((p) => !(PURPOSES as readonly string[]).includes(p));
    if (bad) throw new CliError('cli.error.badOption', { option: '--purposes', value: bad });
    d.purposes = ps as Purpose[];
  }
  if (o.retention) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(o.retention)) throw new CliError('cli.error.badOption', { option: '--retention', value: o.retention });
    d.retentionUntil = o.retention;
  }
  if (o.dataset) d.dataset = o.dataset;
  return d;
}

export function registerTransfer(program: Command, t: T) {
  program
    .command('import')
    .description(t('cli.import'))
    .argument('<file>', t('cli.import.file'))
    .option('--owner-agency <id>', t('cli.import.ownerAgency'))
    .option('--distribution <level>', t('cli.import.distribution'))
    .option('--legal-basis <text>', t('cli.import.legalBasis'))
    .option('--purposes <list>', t('cli.import.purposes'))
    .option('--retention <date>', t('cli.import.retention'))
    .option('--dataset <name>', t('cli.import.dataset'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .action(async (file: string, opts: ImportOpts) => {
      if (!existsSync(file) || !statSync(file).isFile()) throw new CliError('cli.error.notFound', { file });
      const defaults = defaultsFrom(opts);
      const config = configFrom(opts);
      if (!defaults.ownerCountry) defaults.ownerCountry = config.country;
      if (!defaults.dataset) defaults.dataset = basename(file).replace(/\.(ftm\.)?jsonl?$|\.json$/i, '');
      const node = await openNode(config);
      // A progress bar on a terminal (bytes read of the file's size); nothing when output is piped.
      const size = statSync(file).size;
      const bar = process.stderr.isTTY ? new cliProgress.SingleBar({
        format: `${t('cli.import.progress')} {bar} {percentage}% | {value}/{total} MB`, stream: process.stderr,
      }, cliProgress.Presets.shades_classic) : null;
      let read = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          read += chunk.length;
          bar?.update(Math.round(read / 1e5) / 10);
          cb(null, chunk);
        },
      });
      bar?.start(Math.round(size / 1e5) / 10, 0);
      const t0 = performance.now();
      try {
        const result = await importFtm(node.ctx, node.system, createReadStream(file).pipe(meter), { file, defaults });
        bar?.update(Math.round(size / 1e5) / 10);
        bar?.stop();
        console.log(t('cli.import.done', { entities: result.entities, file, seconds: ((performance.now() - t0) / 1000).toFixed(1) }));
      } finally {
        bar?.stop();
        await node.close();
      }
    });

  program
    .command('export')
    .description(t('cli.export'))
    .option('--out <file>', t('cli.export.out'))
    .option('--schema <name>', t('cli.export.schema'))
    .option('--purpose <purpose>', t('cli.export.purpose'), 'oversight')
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .action(async (opts: NodeOptions & { out?: string; schema?: string; purpose: string }) => {
      if (!(PURPOSES as readonly string[]).includes(opts.purpose)) throw new CliError('cli.error.badOption', { option: '--purpose', value: opts.purpose });
      const node = await openNode(configFrom(opts));
      try {
        const actor = { ...node.system, purpose: opts.purpose as Purpose };
        const out = opts.out ? createWriteStream(opts.out) : process.stdout;
        let n = 0;
        for await (const line of await exportFtm(node.ctx, actor, { schema: opts.schema })) {
          if (!out.write(`${line}\n`)) await new Promise<void>((res) => out.once('drain', () => res()));
          n++;
        }
        if (opts.out) await new Promise<void>((res, rej) => { out.once('error', rej); out.end(() => res()); });
        process.stderr.write(`${t('cli.export.done', { entities: n })}\n`);
      } finally {
        await node.close();
      }
    });
}
