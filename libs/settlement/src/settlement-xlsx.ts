import { Workbook } from 'exceljs';
import { DateTime } from 'luxon';
import type { SettlementClosed } from '@lib/ledger';
import {
  SETTLEMENT_COLUMNS,
  settlementRows,
  type SettlementColumn,
  type SettlementRow,
} from './settlement-rows';
import { withZipEntryTimes } from './zip-entry-times';

/** Text cells keep codes and dates as written (bank `004`); integers show thousands separators. */
const NUMBER_FORMATS: Readonly<Record<SettlementColumn['type'], string>> = {
  text: '@',
  integer: '#,##0',
};

const AUTHOR = 'judgment-fee-ledger';

/**
 * The day's report as a spreadsheet (`<date>.xlsx`) for people who open it in Excel or Calc: the
 * rows of `settlementRows` under the headers of `SETTLEMENT_COLUMNS`, codes and dates as text
 * cells, counts and KRW amounts as integer number cells, the header row frozen and filterable.
 * Every timestamp in the file is the close's own `closedAt`, so the same SettlementClosed event
 * always gives the same bytes (and an unchanged report is never rewritten).
 */
export async function settlementXlsx(closed: SettlementClosed['data']): Promise<Buffer> {
  const closedAt = DateTime.fromISO(closed.closedAt, { zone: 'utc' });
  const rows = settlementRows(closed.report);
  const workbook = new Workbook();
  workbook.creator = AUTHOR;
  workbook.lastModifiedBy = AUTHOR;
  workbook.created = closedAt.toJSDate();
  workbook.modified = closedAt.toJSDate();
  const sheet = workbook.addWorksheet(`settlement ${closed.date}`, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = SETTLEMENT_COLUMNS.map((column) => ({
    header: column.header,
    width: widthOf(column, rows),
    style: { numFmt: NUMBER_FORMATS[column.type] },
  }));
  sheet.getRow(1).eachCell((cell) => {
    cell.numFmt = NUMBER_FORMATS.text;
    cell.font = { bold: true };
  });
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1, column: SETTLEMENT_COLUMNS.length },
  };
  for (const row of rows) sheet.addRow(SETTLEMENT_COLUMNS.map((column) => row[column.field]));
  // exceljs types its answer as an ArrayBuffer; it is a Node Buffer, which Buffer.from copies.
  return withZipEntryTimes(Buffer.from(await workbook.xlsx.writeBuffer()), closedAt);
}

/** Wide enough for the header and every value as shown, Korean letters counted double. */
function widthOf(column: SettlementColumn, rows: readonly SettlementRow[]): number {
  const shown = rows.map((row) =>
    column.type === 'text' ? row[column.field] : THOUSANDS.format(row[column.field]),
  );
  return Math.max(...[column.header, ...shown].map(displayWidth)) + 2;
}

const THOUSANDS = new Intl.NumberFormat('en-US');

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += char.codePointAt(0)! >= 0x1100 ? 2 : 1;
  return width;
}
