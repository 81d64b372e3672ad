/**
 * Reading transactions for the AML engine, with the format detected from the header:
 *   amlsim        tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp[,is_sar,alert_id]   (../amlsim)
 *   amlsim-sample sourceNodeId,targetNodeId,value,time                                          (../amlsim)
 *   amlworld      Timestamp,From Bank,Account,To Bank,Account.1,Amount Received,…,Is Laundering  (../amlworld)
 *   generic       Puente's documented CSV (below)
 *
 * Generic CSV (UTF-8, header, columns by name in any order, case-insensitive):
 *   tran_id      required, unique transaction id
 *   timestamp    required, ISO 8601 date or date-time (UTC unless it carries an offset)
 *   orig_acct    required, sending account id
 *   bene_acct    required, receiving account id
 *   amount       required, non-negative number (decimal point)
 *   currency     optional ISO 4217 code (default empty = one currency)
 *   tx_type      optional (e.g. TRANSFER, WIRE, CASH, CHECK, ACH)
 *   country      optional ISO 3166 code of where the transaction happened; place optional sub-place (ZIP code,
 *                municipality) — structuring thresholds are matched on country and place
 *   orig_bank, bene_bank  optional bank codes
 *   is_laundering optional label: 1/0, true/false (read only by `train`; `score` never reads it)
 *   typology     optional label of the typology (read only with labels)
 * Rows need not be sorted: the engine orders them by time (ties by numeric id, else by file order).
 */
import { TxTableBuilder, type TxTable } from '../../../../engines/src/aml/table';
import { readAccountsCsv, readAmlsimRows, readAmlsimSampleRows, AMLSIM_COLUMNS, AMLSIM_SAMPLE_COLUMNS } from '../amlsim/index';
import { readAmlworldRows } from '../amlworld/index';
import { amountOf, cell, columns, csvRows, labelOf, sourceError, timestampReader, type CsvRow, type ReadOptions } from './common';

export { AmlSourceError, parseTimestamp } from './common';
export { readAccountsCsv } from '../amlsim/index';

export const GENERIC_REQUIRED = ['tran_id', 'timestamp', 'orig_acct', 'bene_acct', 'amount'];
export const GENERIC_OPTIONAL = ['currency', 'tx_type', 'country', 'place', 'orig_bank', 'bene_bank'];

export type AmlFormat = 'amlsim' | 'amlsim-sample' | 'amlworld' | 'generic';

export function detectFormat(header: string[]): AmlFormat | undefined {
  const h = new Set(header.map((c) => c.trim().toLowerCase()));
  const has = (cols: string[]) => cols.every((c) => h.has(c.toLowerCase()));
  if (has(AMLSIM_COLUMNS)) return 'amlsim';
  if (has(['Timestamp', 'From Bank', 'Account', 'To Bank', 'Account.1', 'Amount Paid'])) return 'amlworld';
  if (has(GENERIC_REQUIRED)) return 'generic';
  if (has(AMLSIM_SAMPLE_COLUMNS)) return 'amlsim-sample';
  return undefined;
}

async function readGenericRows(file: string, header: CsvRow, rows: AsyncIterator<CsvRow>, b: TxTableBuilder, opts: ReadOptions): Promise<void> {
  const pos = columns(header.cells, file, GENERIC_REQUIRED, [...GENERIC_OPTIONAL, ...(opts.labels ? ['is_laundering', 'typology'] : [])]);
  const w = header.cells.length;
  const ts = timestampReader(file, 'timestamp');
  const seen = new Set<string>();
  const opt = (r: CsvRow, f: string) => (pos[f] === undefined ? '' : r.cells[pos[f]]);
  for (let it = await rows.next(); !it.done; it = await rows.next()) {
    const r = it.value;
    const id = cell(r, file, pos.tran_id, 'tran_id', w);
    if (!id) sourceError('aml.error.emptyField', { file, line: r.line, field: 'tran_id' });
    if (seen.has(id)) sourceError('aml.error.duplicateId', { file, line: r.line, field: 'tran_id', value: id });
    seen.add(id);
    for (const f of ['orig_acct', 'bene_acct']) if (!r.cells[pos[f]]) sourceError('aml.error.emptyField', { file, line: r.line, field: f });
    const orig = r.cells[pos.orig_acct], bene = r.cells[pos.bene_acct];
    if (opt(r, 'orig_bank')) b.setBank(orig, opt(r, 'orig_bank'));
    if (opt(r, 'bene_bank')) b.setBank(bene, opt(r, 'bene_bank'));
    const country = opt(r, 'country').toUpperCase(), place = opt(r, 'place');
    b.add({
      id, orig, bene, time: ts(r.cells[pos.timestamp], r.line), amount: amountOf(r.cells[pos.amount], file, r.line, 'amount'),
      currency: opt(r, 'currency').toUpperCase(), type: opt(r, 'tx_type'),
      place: country ? (place ? `${country}/${place}` : country) : undefined,
      label: opts.labels && pos.is_laundering !== undefined ? labelOf(r.cells[pos.is_laundering], file, r.line, 'is_laundering') : -1,
      typology: opts.labels && pos.typology !== undefined ? r.cells[pos.typology] || undefined : undefined,
    });
  }
}

export interface ReadTransactionsOptions extends ReadOptions { accounts?: string }

/** Streams a transaction file (format from its header) into the typed table. */
export async function readTransactions(file: string, opts: ReadTransactionsOptions): Promise<{ table: TxTable; format: AmlFormat }> {
  const b = new TxTableBuilder();
  if (opts.accounts) await readAccountsCsv(opts.accounts, b);
  const rows = csvRows(file)[Symbol.asyncIterator]();
  const first = await rows.next();
  if (first.done) return sourceError('aml.error.empty', { file });
  const header = first.value;
  const format = detectFormat(header.cells);
  if (!format) return sourceError('aml.error.unknownFormat', { file, line: header.line, columns: header.cells.join(',') });
  if (format === 'amlsim') await readAmlsimRows(file, header, rows, b, opts);
  else if (format === 'amlworld') await readAmlworldRows(file, header, rows, b, opts);
  else if (format === 'amlsim-sample') await readAmlsimSampleRows(file, header, rows, b);
  else await readGenericRows(file, header, rows, b, opts);
  return { table: b.finish(), format };
}
