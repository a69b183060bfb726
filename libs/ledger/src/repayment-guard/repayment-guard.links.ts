/**
 * How a repayment drives its original's repayment guard (R12): the hold taken before the
 * repayment is written, and the release once it has an outcome. First payments never touch it.
 */
import { assertNever } from '../assert';
import { isoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import type { RequestPayment } from '../payment/payment.commands';
import type { PaymentState } from '../payment/payment.state';
import type { HoldRepayment, ReleaseRepayment } from './repayment-guard.commands';

/**
 * The hold to take BEFORE the repayment `command` (from `planRepayment`) is decided and appended:
 * for the pending window from now, which for a bank transfer is its own deadline (R5).
 * Null for a payment that repays nothing.
 */
export function repaymentHoldFor(
  command: RequestPayment,
  ctx: DecisionContext,
): HoldRepayment | null {
  const { repaymentOf, paymentId } = command.data;
  if (repaymentOf === null || repaymentOf === undefined) return null;
  return {
    type: 'HoldRepayment',
    data: {
      originalPaymentId: repaymentOf.paymentId,
      repaymentId: paymentId,
      holdUntil: isoInstant(ctx.now.plus({ minutes: ctx.policy.pendingTransferWindowMinutes })),
    },
  };
}

/**
 * The release to send once a repayment has an outcome, with the original whose guard it holds;
 * null while it is REQUESTED and for a payment that repays nothing.
 */
export function repaymentReleaseFor(
  payment: PaymentState,
): { readonly originalPaymentId: string; readonly command: ReleaseRepayment } | null {
  if (payment.status === 'NONE' || payment.repaymentOf === null) return null;
  switch (payment.status) {
    case 'REQUESTED':
      return null;
    case 'COMPLETED':
    case 'CANCELLING':
    case 'FAILED':
    case 'CANCELLED':
      return {
        originalPaymentId: payment.repaymentOf.paymentId,
        command: {
          type: 'ReleaseRepayment',
          data: {
            repaymentId: payment.paymentId,
            outcome: payment.status === 'CANCELLING' ? 'COMPLETED' : payment.status,
          },
        },
      };
    default:
      return assertNever(payment, 'payment state');
  }
}
