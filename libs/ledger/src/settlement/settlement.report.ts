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

export interface SettlementReport extends SettlementLine {
  readonly date: BusinessDate;
  /** completed − cancelled. */
  readonly netAmountKrw: number;
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
