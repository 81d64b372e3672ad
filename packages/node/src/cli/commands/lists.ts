/**
 * `puente lists import ofac:<dir> | ftm:<file> --label L [--list-id ID] [--title T]`: a new version of a
 * designation list in the node's store (one transaction: a bad line changes nothing), what it added, changed and
 * removed, and the node's re-screen of its own records with the alerts raised. OFAC folders may hold any of
 * OFAC's formats (legacy CSV, sdn.xml, sdn_advanced.xml — files too large for an HTTP upload); FtM JSON lines are
 * how a UIF list or an agency watchlist arrives. Runs as the node itself.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Actor } from '../../context';
import type { ServiceCtx } from '../../services/context';
import { importFtmList, importOfacDirectory, type ListImportResult } from '../../services/screening-lists';
import { createInterface } from 'node:readline';
import { CliError, configFrom, openNode, type NodeOptions } from '../shared';

type T = (key: string, vars?: Record<string, unknown>) => string;

export interface ListsImportOptions { label: string; listId?: string; title?: string }

/** A list id for an FtM file without one: its name, lower case, in the characters list ids allow. */
export function listIdOf(file: string): string {
  const stem = basename(file).replace(/\.(ftm\.)?(jsonl?|ndjson)$/i, '').toLowerCase().replace(/[^a-z0-9_.:-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return (stem || 'list').slice(0, 100);
}

/** Imports the list a `ofac:<dir>` or `ftm:<file>` spec names (the CLI's `lists import`, callable in tests). */
export async function importListSpec(ctx: ServiceCtx, actor: Actor, spec: string, opts: ListsImportOptions): Promise<ListImportResult> {
  const m = /^(ofac|ftm):(.+)$/.exec(spec);
  if (!m) throw new CliError('screening.cli.error.listSpec', { value: spec });
  const [, kind, path] = m;
  if (!existsSync(path)) throw new CliError('screening.cli.error.notFound', { path });
  if (kind === 'ofac') return importOfacDirectory(ctx, actor, path, { label: opts.label });
  if (statSync(path).isDirectory()) throw new CliError('screening.cli.error.notFound', { path });
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  return importFtmList(ctx, actor, lines, { listId: opts.listId ?? listIdOf(path), title: opts.title, label: opts.label, file: basename(path) });
}

/** The lines the command prints for a result. */
export function describeImport(r: ListImportResult, t: T): string[] {
  const out = r.versions.map(({ version: v, unchanged }) => (unchanged
    ? t('screening.cli.lists.unchanged', { list: v.listId, label: v.label, seq: v.seq })
    : t('screening.cli.lists.imported', { list: v.listId, seq: v.seq, entries: v.entries, added: v.added, changed: v.changed, removed: v.removed })));
  for (const w of r.warnings) out.push(t('screening.cli.warning', { message: w.messages.en }));
  if (r.rescreen) out.push(t('screening.cli.lists.rescreen', { records: r.rescreen.records, hits: r.rescreen.hits, alerts: r.rescreen.alerts }));
  return out;
}

export function registerLists(program: Command, t: T) {
  const lists = program.command('lists').description(t('screening.cli.lists.description'));
  lists
    .command('import <spec>')
    .description(t('screening.cli.lists.import'))
    .requiredOption('--label <label>', t('screening.cli.lists.opt.label'))
    .option('--list-id <id>', t('screening.cli.lists.opt.listId'))
    .option('--title <title>', t('screening.cli.lists.opt.title'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .action(async (spec: string, opts: NodeOptions & ListsImportOptions) => {
      const node = await openNode(configFrom(opts));
      try {
        for (const line of describeImport(await importListSpec(node.ctx, node.system, spec, opts), t)) console.log(line);
      } finally {
        await node.close();
      }
    });
}
