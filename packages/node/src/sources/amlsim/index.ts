/**
 * IBM AMLSim's converted transaction log: `tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id`
 * (is_sar and alert_id optional; read only when labels are asked for) and its accounts.csv
 * (`acct_id,bank_id[,…]`). tran_timestamp is ISO 8601 (AMLSim writes `YYYY-MM-DDT00:00:00Z`: one simulation
 * step = one day from the base date, 2017-01-01 in ../shared/data/aml/amlsim_aml10k, so step d = 2017-01-01 + d days).
 * Also AMLSim's sample format (`sourceNodeId,targetNodeId,value,time`, time = step): tran_id = data-row number and
 * step d mapped to 2017-01-01 + d days.
 */
import type { TxTableBuilder } from '../../../../engines/src/aml/table';
import { amountOf, cell, columns, csvRows, labelOf, sourceError, timestampReader, type CsvRow, type ReadOptions } from '../aml-csv/common';

export const AMLSIM_COLUMNS = ['tran_id', 'orig_acct', 'bene_acct', 'tx_type', 'base_amt', 'tran_timestamp'];
export const AMLSIM_SAMPLE_COLUMNS = ['sourceNodeId', 'targetNodeId', 'value', 'time'];
export const AMLSIM_BASE_DATE = Date.UTC(2017, 0, 1) / 1000;

export async function readAmlsimRows(file: string, header: CsvRow, rows: AsyncIterator<CsvRow>, b: TxTableBuilder, opts: ReadOptions): Promise<void> {
  const pos = columns(header.cells, file, AMLSIM_COLUMNS, opts.labels ? ['is_sar', 'alert_id'] : []);
  const w = header.cells.length;
  const ts = timestampReader(file, 'tran_timestamp');
  const seen = new Set<string>();
  for (let it = await rows.next(); !it.done; it = await rows.next()) {
    const r = it.value;
    const id = cell(r, file, pos.tran_id, 'tran_id', w);
    if (!id) sourceError('aml.error.emptyField', { file, line: r.line, field: 'tran_id' });
    if (seen.has(id)) sourceError('aml.error.duplicateId', { file, line: r.line, field: 'tran_id', value: id });
    seen.add(id);
    const orig = r.cells[pos.orig_acct], bene = r.cells[pos.bene_acct];
    if (!orig) sourceError('aml.error.emptyField', { file, line: r.line, field: 'orig_acct' });
    if (!bene) sourceError('aml.error.emptyField', { file, line: r.line, field: 'bene_acct' });
    b.add({
      id, orig, bene, type: r.cells[pos.tx_type],
      amount: amountOf(r.cells[pos.base_amt], file, r.line, 'base_amt'),
      time: ts(r.cells[pos.tran_timestamp], r.line),
      label: opts.labels && pos.is_sar !== undefined ? labelOf(r.cells[pos.is_sar], file, r.line, 'is_sar') : -1,
    });
  }
}

export async function readAmlsimSampleRows(file: string, header: CsvRow, rows: AsyncIterator<CsvRow>, b: TxTableBuilder): Promise<void> {
  const pos = columns(header.cells, file, AMLSIM_SAMPLE_COLUMNS);
  const w = header.cells.length;
  let n = 0;
  for (let it = await rows.next(); !it.done; it = await rows.next()) {
    const r = it.value;
    const step = Number(cell(r, file, pos.time, 'time', w));
    if (r.cells[pos.time] === '' || !Number.isInteger(step)) sourceError('aml.error.badTimestamp', { file, line: r.line, field: 'time', value: r.cells[pos.time] });
    for (const f of ['sourceNodeId', 'targetNodeId']) if (!r.cells[pos[f]]) sourceError('aml.error.emptyField', { file, line: r.line, field: f });
    b.add({ id: String(++n), orig: r.cells[pos.sourceNodeId], bene: r.cells[pos.targetNodeId], amount: amountOf(r.cells[pos.value], file, r.line, 'value'), time: AMLSIM_BASE_DATE + step * 86_400, type: 'TRANSFER' });
  }
}

/** accounts.csv: acct_id and bank_id (other columns ignored; the label-leaking prior_sar_count is never read). */
export async function readAccountsCsv(file: string, b: TxTableBuilder): Promise<number> {
  const it = csvRows(file)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return sourceError('aml.error.empty', { file });
  const pos = columns(first.value.cells, file, ['acct_id'], ['bank_id']);
  let n = 0;
  for (let r = await it.next(); !r.done; r = await it.next()) {
    const row = r.value;
    const id = row.cells[pos.acct_id];
    if (!id) sourceError('aml.error.emptyField', { file, line: row.line, field: 'acct_id' });
    if (pos.bank_id !== undefined && row.cells[pos.bank_id]) b.setBank(id, row.cells[pos.bank_id]);
    n++;
  }
  return n;
}
