import {
  BANKS,
  CARD_ISSUERS,
  isBankCode,
  isCardIssuer,
  type PaymentMethod,
  type SettlementLine,
  type SettlementReport,
} from '@lib/ledger';

/** What a row of the report stands for (the README describes each). */
export type SettlementSection = 'TOTAL' | 'METHOD' | 'ISSUER' | 'BANK' | 'LATE_TOTAL' | 'LATE';

/** One row of the day's report, the same for every file format that renders it. */
export interface SettlementRow {
  readonly date: string;
  readonly section: SettlementSection;
  /** A method, an issuer's or a bank's code (bank codes keep their leading zeros), a payment id. */
  readonly code: string;
  readonly name: string;
  readonly completedCount: number;
  readonly completedAmountKrw: number;
  readonly cancelledCount: number;
  readonly cancelledAmountKrw: number;
  /** completed − cancelled; negative on a late cancellation. */
  readonly netAmountKrw: number;
}

type TextField = 'date' | 'section' | 'code' | 'name';
type IntegerField = Exclude<keyof SettlementRow, TextField>;

/**
 * A column of the report: its header, the row's field and what kind of value it holds. Codes and
 * dates are text, never numbers, so that a spreadsheet keeps bank `004` as it is; counts and KRW
 * amounts are integers.
 */
export type SettlementColumn =
  | { readonly header: string; readonly field: TextField; readonly type: 'text' }
  | { readonly header: string; readonly field: IntegerField; readonly type: 'integer' };

/** Headers are stable ASCII names for whoever imports the files; the order is the files' order. */
export const SETTLEMENT_COLUMNS: readonly SettlementColumn[] = [
  { header: 'date', field: 'date', type: 'text' },
  { header: 'section', field: 'section', type: 'text' },
  { header: 'code', field: 'code', type: 'text' },
  { header: 'name', field: 'name', type: 'text' },
  { header: 'completed_count', field: 'completedCount', type: 'integer' },
  { header: 'completed_amount_krw', field: 'completedAmountKrw', type: 'integer' },
  { header: 'cancelled_count', field: 'cancelledCount', type: 'integer' },
  { header: 'cancelled_amount_krw', field: 'cancelledAmountKrw', type: 'integer' },
  { header: 'net_amount_krw', field: 'netAmountKrw', type: 'integer' },
];

const METHOD_NAMES: Readonly<Record<PaymentMethod, string>> = {
  CARD: '신용카드',
  BANK_TRANSFER: '계좌이체',
};

const ZERO = { count: 0, amountKrw: 0 };

/**
 * The rows of the day's report, which the CSV and the spreadsheet both render: one row for the
 * total, one per method, issuer and bank, with the Korean names of R1's tables; then (R24) the
 * late adjustments' total and one row per late adjustment (code: the payment id, name: its own
 * day), whose net the total's net does not include.
 */
export function settlementRows(report: SettlementReport): SettlementRow[] {
  const rows: SettlementRow[] = [];
  const row = (section: SettlementSection, code: string, name: string, line: SettlementLine) => {
    rows.push({
      date: report.date,
      section,
      code,
      name,
      completedCount: line.completed.count,
      completedAmountKrw: line.completed.amountKrw,
      cancelledCount: line.cancelled.count,
      cancelledAmountKrw: line.cancelled.amountKrw,
      netAmountKrw: line.completed.amountKrw - line.cancelled.amountKrw,
    });
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
      row('LATE', adjustment.paymentId, adjustment.businessDate, {
        completed: adjustment.type === 'COMPLETED' ? tally : ZERO,
        cancelled: adjustment.type === 'CANCELLED' ? tally : ZERO,
      });
    }
  }
  return rows;
}
