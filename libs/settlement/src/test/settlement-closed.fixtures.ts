import type { SettlementClosed, SettlementReport } from '@lib/ledger';

export const DAY = '2026-12-01';
/** 00:00:07 KST the next day: 15:00:07 UTC, which MS-DOS time holds as 15:00:06. */
export const CLOSED_AT = '2026-12-02T00:00:07.000+09:00';

/** The report's headers as whoever imports the CSV expects them, in order. */
export const HEADERS = [
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

const tally = (count: number, amountKrw: number) => ({ count, amountKrw });

/**
 * A closed day with both methods, two issuers, banks `004` and `088`, and (R24) a late completion
 * and a late cancellation (whose net is negative).
 */
export function closedDay(
  overrides: { report?: Partial<SettlementReport>; closedAt?: string } = {},
): SettlementClosed['data'] {
  return {
    date: DAY,
    closedAt: overrides.closedAt ?? CLOSED_AT,
    countedUpToPosition: '42',
    previousCut: '7',
    digest: {
      after: '7',
      root: 'a'.repeat(64),
      setRoot: 'b'.repeat(64),
      count: 35,
      firstPosition: '8',
      lastPosition: '42',
      lastHash: 'c'.repeat(64),
    },
    report: {
      date: DAY,
      completed: tally(4, 1_234_000),
      cancelled: tally(1, 5_000),
      netAmountKrw: 1_229_000 + 1_000,
      byMethod: {
        CARD: { completed: tally(2, 1_222_000), cancelled: tally(0, 0) },
        BANK_TRANSFER: { completed: tally(2, 12_000), cancelled: tally(1, 5_000) },
      },
      byIssuer: {
        KB: { completed: tally(1, 1_000), cancelled: tally(0, 0) },
        SHINHAN: { completed: tally(1, 1_221_000), cancelled: tally(0, 0) },
      },
      byBank: {
        '004': { completed: tally(1, 5_000), cancelled: tally(1, 5_000) },
        '088': { completed: tally(1, 7_000), cancelled: tally(0, 0) },
      },
      lateAdjustments: [
        {
          paymentId: 'pay-late-1',
          type: 'COMPLETED',
          amountKrw: 3_000,
          businessDate: '2026-11-30',
          position: '20',
        },
        {
          paymentId: 'pay-late-2',
          type: 'CANCELLED',
          amountKrw: 2_000,
          businessDate: '2026-11-29',
          position: '30',
        },
      ],
      lateAdjustmentTotals: {
        completed: tally(1, 3_000),
        cancelled: tally(1, 2_000),
        netAmountKrw: 1_000,
      },
      ...overrides.report,
    },
    abandonedReservations: [],
  };
}
