import type { IsoInstant } from '../business-time';

/**
 * R12: a repayment of this original is already pending. DESIGN.md §6: 409 REPAYMENT_NOT_ALLOWED
 * with reason REPAYMENT_PENDING, like the other refused repayments, plus when to try again.
 */
export interface RepaymentPending {
  readonly code: 'REPAYMENT_NOT_ALLOWED';
  readonly reason: 'REPAYMENT_PENDING';
  readonly message: string;
  /** When the hold lapses on its own, if the pending repayment never gets an outcome. */
  readonly retryAfter: IsoInstant;
  /** The pending repayment, so the front end can show it instead of charging again. */
  readonly pendingPaymentId: string;
}

export type RepaymentGuardRefusal = RepaymentPending;

export function repaymentPendingMessage(windowMinutes: number): string {
  return (
    '이미 진행 중인 다시 결제가 있습니다. 이중으로 결제되는 것을 막기 위하여 진행 중인 결제가 ' +
    `완료되거나 실패한 후에, 또는 ${windowMinutes}분 후에 다시 시도해주시기 바랍니다.`
  );
}

export function repaymentPending(
  retryAfter: IsoInstant,
  pendingPaymentId: string,
  windowMinutes: number,
): RepaymentPending {
  return {
    code: 'REPAYMENT_NOT_ALLOWED',
    reason: 'REPAYMENT_PENDING',
    message: repaymentPendingMessage(windowMinutes),
    retryAfter,
    pendingPaymentId,
  };
}
