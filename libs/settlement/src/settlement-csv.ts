import { csvRow, spreadsheetSafeText } from '@lib/common';
import type { SettlementReport } from '@lib/ledger';
import { SETTLEMENT_COLUMNS, settlementRows } from './settlement-rows';

/** A spreadsheet reads a UTF-8 file as UTF-8 (and the Korean names right) only with this mark. */
const UTF8_BOM = '\uFEFF';

/**
 * The day's report as CSV (RFC 4180: CRLF, quoted where needed) for whoever imports it: the rows
 * of `settlementRows` under the headers of `SETTLEMENT_COLUMNS`. Integers are written as they are
 * (a negative net stays a number); a text field that a spreadsheet would run as a formula is
 * neutralised. A spreadsheet still turns `004` into 4 and may read the date as a date: people
 * open `<date>.xlsx`, whose cells are typed.
 */
export function settlementCsv(report: SettlementReport): string {
  const header = SETTLEMENT_COLUMNS.map((column) => column.header);
  const lines = settlementRows(report).map((row) =>
    SETTLEMENT_COLUMNS.map((column) =>
      column.type === 'text' ? spreadsheetSafeText(row[column.field]) : String(row[column.field]),
    ),
  );
  return UTF8_BOM + [header, ...lines].map(csvRow).join('');
}
