import { parseCsv, spreadsheetSafeText } from '@lib/common';
import { settlementCsv } from './settlement-csv';
import { DAY, HEADERS, closedDay } from './test/settlement-closed.fixtures';

describe('R18 the closed day as CSV (<date>.csv)', () => {
  it('given a closed day, when written, then it starts with a UTF-8 BOM and has one row per line of the report', () => {
    const csv = settlementCsv(closedDay().report);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      HEADERS,
      [DAY, 'TOTAL', '', '합계', '4', '1234000', '1', '5000', '1229000'],
      [DAY, 'METHOD', 'CARD', '신용카드', '2', '1222000', '0', '0', '1222000'],
      [DAY, 'METHOD', 'BANK_TRANSFER', '계좌이체', '2', '12000', '1', '5000', '7000'],
      [DAY, 'ISSUER', 'KB', 'KB국민카드', '1', '1000', '0', '0', '1000'],
      [DAY, 'ISSUER', 'SHINHAN', '신한카드', '1', '1221000', '0', '0', '1221000'],
      [DAY, 'BANK', '004', 'KB국민은행', '1', '5000', '1', '5000', '0'],
      [DAY, 'BANK', '088', '신한은행', '1', '7000', '0', '0', '7000'],
      [DAY, 'LATE_TOTAL', '', '지난 정산일 추가분 합계', '1', '3000', '1', '2000', '1000'],
      [DAY, 'LATE', 'pay-late-1', '2026-11-30', '1', '3000', '0', '0', '3000'],
      // A late cancellation's net is a negative number, written as one (not neutralised).
      [DAY, 'LATE', 'pay-late-2', '2026-11-29', '0', '0', '1', '2000', '-2000'],
    ]);
  });

  it('given a day without late adjustments, when written, then it has no LATE rows', () => {
    const csv = settlementCsv(
      closedDay({ report: { lateAdjustments: [], lateAdjustmentTotals: undefined } }).report,
    );
    expect(parseCsv(csv).map((row) => row[1])).not.toContain('LATE_TOTAL');
  });

  it('given a text field a spreadsheet would run as a formula, when written, then it is neutralised', () => {
    const closed = closedDay();
    const late = closed.report.lateAdjustments!;
    const csv = settlementCsv({
      ...closed.report,
      lateAdjustments: [{ ...late[0]!, paymentId: '=HYPERLINK("http://x","y")' }],
    });
    const lateRow = parseCsv(csv).find((row) => row[1] === 'LATE');
    expect(lateRow?.[2]).toBe(`'=HYPERLINK("http://x","y")`);
  });
});

describe('spreadsheetSafeText (CSV injection)', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('prefixes %j with a quote', (value) => {
    expect(spreadsheetSafeText(value)).toBe(`'${value}`);
  });

  it.each(['004', '2026-12-01', 'KB국민은행', '', 'a=b', "'=already"])('keeps %j', (value) => {
    expect(spreadsheetSafeText(value)).toBe(value);
  });
});
