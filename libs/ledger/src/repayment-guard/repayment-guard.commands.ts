import type { IsoInstant } from '../business-time';

/** Commands of the repayment guard stream `repayment-<originalPaymentId>` (R12). */
export type RepaymentGuardCommand = HoldRepayment | ReleaseRepayment;

/**
 * Before a repayment's PaymentRequested is appended: hold the original's repayment guard until
 * `holdUntil` (the pending window). Build it with `repaymentHoldFor`.
 */
export interface HoldRepayment {
  readonly type: 'HoldRepayment';
  readonly data: {
    readonly originalPaymentId: string;
    readonly repaymentId: string;
    readonly holdUntil: IsoInstant;
  };
}

/** After the held repayment completed, failed or was cancelled, or was never created. */
export interface ReleaseRepayment {
  readonly type: 'ReleaseRepayment';
  readonly data: {
    readonly repaymentId: string;
    readonly outcome: RepaymentOutcome;
  };
}

/** `NOT_CREATED`: the hold was taken but the repayment itself was refused (e.g. by R6). */
export type RepaymentOutcome = 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'NOT_CREATED';
