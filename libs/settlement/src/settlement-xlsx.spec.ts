import { ValueType, Workbook, type Worksheet } from 'exceljs';
import { settlementXlsx } from './settlement-xlsx';
import { CLOSED_AT, DAY, HEADERS, closedDay } from './test/settlement-closed.fixtures';

async function sheetOf(xlsx: Buffer): Promise<Worksheet> {
  const workbook = new Workbook();
  // exceljs types its input as its own Buffer (an ArrayBuffer); a Node Buffer is what it reads.
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0]!;
}

/** The row whose section and code are these. */
function rowOf(sheet: Worksheet, section: string, code: string): number {
  for (let row = 2; row <= sheet.rowCount; row += 1) {
    const cells = sheet.getRow(row);
    if (cells.getCell(2).value === section && cells.getCell(3).value === code) return row;
  }
  throw new Error(`No ${section} row ${code}`);
}

describe('R18 the closed day as a spreadsheet (<date>.xlsx)', () => {
  describe('given a day with bank 004 and a late cancellation, when the xlsx is read back', () => {
    let sheet: Worksheet;
    beforeAll(async () => {
      sheet = await sheetOf(await settlementXlsx(closedDay()));
    });

    it('names the sheet with the date and heads it with the CSV headers, bold and frozen', () => {
      expect(sheet.name).toBe(`settlement ${DAY}`);
      expect(sheet.getRow(1).values).toEqual([undefined, ...HEADERS]); // columns count from 1
      expect(sheet.getCell('A1').font).toMatchObject({ bold: true });
      expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 1 })]);
      expect(sheet.autoFilter).toBeDefined();
    });

    it('keeps bank 004 as a text cell with the value "004", and the date as text', () => {
      const cell = sheet.getCell(rowOf(sheet, 'BANK', '004'), 3);
      expect({ type: cell.type, value: cell.value, numFmt: cell.numFmt }).toEqual({
        type: ValueType.String,
        value: '004',
        numFmt: '@',
      });
      const date = sheet.getCell(2, 1);
      expect({ type: date.type, value: date.value, numFmt: date.numFmt }).toEqual({
        type: ValueType.String,
        value: DAY,
        numFmt: '@',
      });
    });

    it('writes counts and KRW amounts as integer number cells with thousands separators', () => {
      const shinhan = sheet.getRow(rowOf(sheet, 'ISSUER', 'SHINHAN'));
      for (const column of [5, 6, 7, 8, 9]) {
        const cell = shinhan.getCell(column);
        expect({ type: cell.type, numFmt: cell.numFmt }).toEqual({
          type: ValueType.Number,
          numFmt: '#,##0',
        });
      }
      expect(shinhan.getCell(6).value).toBe(1_221_000);
      expect(shinhan.getCell(9).value).toBe(1_221_000);
    });

    it('has the same rows as the CSV: total, methods, issuers, banks, late total, late rows', () => {
      const rows: unknown[] = [];
      sheet.eachRow((row, number) => {
        if (number > 1) rows.push((row.values as unknown[]).slice(1));
      });
      expect(rows).toEqual([
        [DAY, 'TOTAL', '', '합계', 4, 1_234_000, 1, 5_000, 1_229_000],
        [DAY, 'METHOD', 'CARD', '신용카드', 2, 1_222_000, 0, 0, 1_222_000],
        [DAY, 'METHOD', 'BANK_TRANSFER', '계좌이체', 2, 12_000, 1, 5_000, 7_000],
        [DAY, 'ISSUER', 'KB', 'KB국민카드', 1, 1_000, 0, 0, 1_000],
        [DAY, 'ISSUER', 'SHINHAN', '신한카드', 1, 1_221_000, 0, 0, 1_221_000],
        [DAY, 'BANK', '004', 'KB국민은행', 1, 5_000, 1, 5_000, 0],
        [DAY, 'BANK', '088', '신한은행', 1, 7_000, 0, 0, 7_000],
        [DAY, 'LATE_TOTAL', '', '지난 정산일 추가분 합계', 1, 3_000, 1, 2_000, 1_000],
        [DAY, 'LATE', 'pay-late-1', '2026-11-30', 1, 3_000, 0, 0, 3_000],
        [DAY, 'LATE', 'pay-late-2', '2026-11-29', 0, 0, 1, 2_000, -2_000],
      ]);
    });

    it('makes every column at least as wide as its header and its widest value', () => {
      expect(sheet.getColumn(6).width).toBeGreaterThanOrEqual('completed_amount_krw'.length);
      // 11 Korean letters and 2 spaces, each letter about two digits wide.
      expect(sheet.getColumn(4).width).toBeGreaterThanOrEqual(24);
      expect(sheet.getColumn(1).width).toBeLessThan(20);
    });
  });

  it('given a payment id that looks like a formula, when written, then it is a string cell, not a formula', async () => {
    const closed = closedDay();
    const late = closed.report.lateAdjustments!;
    const sheet = await sheetOf(
      await settlementXlsx({
        ...closed,
        report: { ...closed.report, lateAdjustments: [{ ...late[0]!, paymentId: '=1+1' }] },
      }),
    );
    const cell = sheet.getCell(rowOf(sheet, 'LATE', '=1+1'), 3);
    expect({ type: cell.type, value: cell.value }).toEqual({
      type: ValueType.String,
      value: '=1+1',
    });
  });

  describe('given the same close written twice, at different times of the wall clock', () => {
    afterEach(() => jest.useRealTimers());

    it('gives the same bytes, dated by the close: the file is derived from the event alone', async () => {
      // Only the Date the ZIP writer stamps entries with is faked; its async work runs as usual.
      jest.useFakeTimers({
        doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'queueMicrotask'],
        now: new Date('2027-01-01T03:00:00Z'),
      });
      const first = await settlementXlsx(closedDay());
      jest.setSystemTime(new Date('2031-06-15T21:17:43Z'));
      const second = await settlementXlsx(closedDay());
      expect(second.equals(first)).toBe(true);

      const workbook = new Workbook();
      await workbook.xlsx.load(first as unknown as ArrayBuffer);
      expect(workbook.created.toISOString()).toBe(new Date(CLOSED_AT).toISOString());
      expect(workbook.modified.toISOString()).toBe(new Date(CLOSED_AT).toISOString());
    });

    it('gives other bytes for another close of the same report', async () => {
      const first = await settlementXlsx(closedDay());
      const later = await settlementXlsx(closedDay({ closedAt: '2026-12-02T09:30:00.000+09:00' }));
      expect(later.equals(first)).toBe(false);
    });
  });
});
