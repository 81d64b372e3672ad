/**
 * IBM AMLworld (Altman et al., 2023) transactions: `Timestamp,From Bank,Account,To Bank,Account.1,Amount Received,
 * Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering` (Is Laundering optional, read only
 * when labels are asked for). Accounts are keyed bank:account (account numbers repeat across banks); the
 * transaction id is the data-row number (1 = first row after the header), as the format has none. Timestamps
 * are `YYYY/MM/DD HH:MM`, taken as UTC. Amounts stay in their own currencies (paid and received are both kept).
 */
import type { TxTableBuilder } from '../../../../engines/src/aml/table';
import { amountOf, cell, columns, labelOf, sourceError, timestampReader, type CsvRow, type ReadOptions } from '../aml-csv/common';

export const AMLWORLD_COLUMNS = ['Timestamp', 'From Bank', 'Account', 'To Bank', 'Account.1', 'Amount Received', 'Receiving Currency', 'Amount Paid', 'Payment Currency', 'Payment Format'];

export async function readAmlworldRows(file: string, header: CsvRow, rows: AsyncIterator<CsvRow>, b: TxTableBuilder, opts: ReadOptions): Promise<void> {
  const pos = columns(header.cells, file, AMLWORLD_COLUMNS, opts.labels ? ['Is Laundering'] : []);
  const w = header.cells.length;
  const ts = timestampReader(file, 'Timestamp');
  let n = 0;
  for (let it = await rows.next(); !it.done; it = await rows.next()) {
    const r = it.value;
    const fromBank = cell(r, file, pos['From Bank'], 'From Bank', w), toBank = r.cells[pos['To Bank']];
    const from = r.cells[pos.Account], to = r.cells[pos['Account.1']];
    for (const [f, v] of [['From Bank', fromBank], ['Account', from], ['To Bank', toBank], ['Account.1', to]]) if (!v) sourceError('aml.error.emptyField', { file, line: r.line, field: f });
    const orig = `${fromBank}:${from}`, bene = `${toBank}:${to}`;
    b.setBank(orig, fromBank); b.setBank(bene, toBank);
    b.add({
      id: String(++n), orig, bene,
      time: ts(r.cells[pos.Timestamp], r.line),
      amount: amountOf(r.cells[pos['Amount Paid']], file, r.line, 'Amount Paid'),
      amountReceived: amountOf(r.cells[pos['Amount Received']], file, r.line, 'Amount Received'),
      currency: r.cells[pos['Payment Currency']], currencyReceived: r.cells[pos['Receiving Currency']],
      type: r.cells[pos['Payment Format']],
      label: opts.labels && pos['Is Laundering'] !== undefined ? labelOf(r.cells[pos['Is Laundering']], file, r.line, 'Is Laundering') : -1,
    });
  }
}
