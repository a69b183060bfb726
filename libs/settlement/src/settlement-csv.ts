import { csvRow } from '@lib/common';
import {
  BANKS,
  CARD_ISSUERS,
  isBankCode,
  isCardIssuer,
  type PaymentMethod,
  type SettlementReport,
  type SettlementLine,
} from '@lib/ledger';

/** A spreadsheet reads a UTF-8 file as UTF-8 (and the Korean names right) only with this mark. */
const UTF8_BOM = '\uFEFF';

const METHOD_NAMES: Readonly<Record<PaymentMethod, string>> = {
  CARD: '신용카드',
  BANK_TRANSFER: '계좌이체',
};

const HEADER = [
  'date',
  'section',
  'code',
  'name',
  'completed_count',
  'completed_amount_krw',
  'cancelled_count',
  'cancelled_amount_krw',
  'net_amount_krw',
];

/**
 * The day's report as CSV (RFC 4180: CRLF, quoted where needed) for the finance team: one row for
 * the total, one per method, issuer and bank, with the Korean names of R1's tables; then (R24)
 * the late adjustments' total and one row per late adjustment (code: the payment id, name: its
 * own day), whose net the total's net does not include. Headers are stable ASCII names for
 * whoever imports the file.
 */
export function settlementCsv(report: SettlementReport): string {
  const rows: string[][] = [HEADER];
  const row = (section: string, code: string, name: string, line: SettlementLine) => {
    rows.push([
      report.date,
      section,
      code,
      name,
      String(line.completed.count),
      String(line.completed.amountKrw),
      String(line.cancelled.count),
      String(line.cancelled.amountKrw),
      String(line.completed.amountKrw - line.cancelled.amountKrw),
    ]);
  };
  row('TOTAL', '', '합계', report);
  for (const method of ['CARD', 'BANK_TRANSFER'] as const) {
    row('METHOD', method, METHOD_NAMES[method], report.byMethod[method]);
  }
  for (const [code, line] of Object.entries(report.byIssuer)) {
    if (line !== undefined && isCardIssuer(code))
      row('ISSUER', code, CARD_ISSUERS[code].name, line);
  }
  for (const [code, line] of Object.entries(report.byBank)) {
    if (line !== undefined && isBankCode(code)) row('BANK', code, BANKS[code].name, line);
  }
  const late = report.lateAdjustments ?? [];
  if (late.length > 0 && report.lateAdjustmentTotals !== undefined) {
    row('LATE_TOTAL', '', '지난 정산일 추가분 합계', report.lateAdjustmentTotals);
    for (const adjustment of late) {
      const tally = { count: 1, amountKrw: adjustment.amountKrw };
      const zero = { count: 0, amountKrw: 0 };
      row('LATE', adjustment.paymentId, adjustment.businessDate, {
        completed: adjustment.type === 'COMPLETED' ? tally : zero,
        cancelled: adjustment.type === 'CANCELLED' ? tally : zero,
      });
    }
  }
  return UTF8_BOM + rows.map(csvRow).join('');
}
