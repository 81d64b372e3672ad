/**
 * `puente protect import --format <cdc|sesnsp|csv> <file>` — case counts into the node's store through the
 * same service as POST /api/protect/import (one transaction; a bad line changes nothing and is named by file,
 * line and field). For cdc and sesnsp the populations beside the file are read too (us_states.geojson;
 * mx_municipios_pop2020.csv, mx_states_pop2020.csv).
 * `puente protect detect` — runs the enabled alert rules once (new alerts go to subscribers' inboxes).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { CliError, configFrom, openNode, type NodeOptions } from '../shared';
import { ingest as ingestCdc } from '../../sources/cdc/index';
import { ingest as ingestSesnsp } from '../../sources/sesnsp/index';
import { CaseCountParseError } from '../../services/protect/errors';
import { parseCaseCountCsv } from '../../services/protect/generic-csv';
import { decodeText, type CaseCountBatch } from '../../services/protect/model';
import { importCaseCountBatch } from '../../services/protect/import';
import { runRules } from '../../services/protect/alerts';
import { PuenteError } from '../../errors';

type T = (key: string, vars?: Record<string, unknown>) => string;
const FORMATS = ['cdc', 'sesnsp', 'csv'];

function parse(format: string, file: string): CaseCountBatch {
  try {
    if (format === 'cdc') return ingestCdc(file);
    if (format === 'sesnsp') return ingestSesnsp(file);
    return parseCaseCountCsv(decodeText(readFileSync(file)), basename(file));
  } catch (err) {
    if (err instanceof CaseCountParseError) throw new CliError('protect.parse.at', {}, 1, err.messages);
    throw err;
  }
}

export function registerProtect(program: Command, t: T) {
  const protect = program.command('protect').description(t('protect.cli.protect'));
  protect.command('import')
    .description(t('protect.cli.import'))
    .argument('<file>', t('protect.cli.file'))
    .requiredOption('--format <format>', t('protect.cli.format'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .action(async (file: string, opts: NodeOptions & { format: string }) => {
      if (!FORMATS.includes(opts.format)) throw new CliError('cli.error.badOption', { option: '--format', value: opts.format });
      if (!existsSync(file) || !statSync(file).isFile()) throw new CliError('cli.error.notFound', { file });
      const batch = parse(opts.format, file);
      const node = await openNode(configFrom(opts));
      try {
        const r = await importCaseCountBatch(node.ctx, node.system, batch);
        const skipped = Object.values(r.skipped).reduce((s, n) => s + n, 0);
        console.log(t('protect.cli.imported', { file: r.file, places: r.places, series: r.series, points: r.points, skipped }));
      } catch (err) {
        if (err instanceof PuenteError) throw new CliError('protect.parse.at', {}, 1, err.messages);
        throw err;
      } finally {
        await node.close();
      }
    });
  protect.command('detect')
    .description(t('protect.cli.detect'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .action(async (opts: NodeOptions) => {
      const node = await openNode(configFrom(opts));
      try {
        const r = await runRules(node.ctx, node.system);
        console.log(t('protect.cli.detected', { ...r }));
      } finally {
        await node.close();
      }
    });
}
