/**
 * The day's settlement report (R18, DESIGN.md §6): what completed that KST day and which of those
 * payments were cancelled, in total, by method, by card issuer and by bank. Money is integer KRW.
 */
import type { BusinessDate } from '../business-time';
import type { BankCode, CardIssuer, PaymentMethod } from '../payment-methods';

export interface Tally {
  readonly count: number;
  readonly amountKrw: number;
}

/** One line of the report: payments completed that day, and those of them cancelled. */
export interface SettlementLine {
  readonly completed: Tally;
  readonly cancelled: Tally;
}

/**
 * R24: a completion or cancellation recorded after its own day's close, carried into the first
 * report closed after it was recorded.
 */
export interface LateAdjustment {
  readonly paymentId: string;
  readonly type: 'COMPLETED' | 'CANCELLED';
  readonly amountKrw: number;
  /** The KST day the payment completed on (its own day, already closed). */
  readonly businessDate: BusinessDate;
  /** Where it was recorded in `$all` (decimal). */
  readonly position: string;
}

/** R24: the totals of a report's late adjustments. */
export interface LateAdjustmentTotals extends SettlementLine {
  /** completed − cancelled. */
  readonly netAmountKrw: number;
}

export interface SettlementReport extends SettlementLine {
  readonly date: BusinessDate;
  /**
   * The day's net (completed − cancelled) plus the late adjustments' net (R24), so the netAmounts
   * of all reports add up to the log's net.
   */
  readonly netAmountKrw: number;
  /** R24: absent from reports closed before late adjustments existed. */
  readonly lateAdjustments?: readonly LateAdjustment[];
  readonly lateAdjustmentTotals?: LateAdjustmentTotals;
  /** Both methods, always. */
  readonly byMethod: Readonly<Record<PaymentMethod, SettlementLine>>;
  /** Only the issuers and banks that had a payment that day, in the order of the R1 tables. */
  readonly byIssuer: Readonly<Partial<Record<CardIssuer, SettlementLine>>>;
  readonly byBank: Readonly<Partial<Record<BankCode, SettlementLine>>>;
}

export const ZERO_TALLY: Tally = Object.freeze({ count: 0, amountKrw: 0 });

export const EMPTY_LINE: SettlementLine = Object.freeze({
  completed: ZERO_TALLY,
  cancelled: ZERO_TALLY,
});
