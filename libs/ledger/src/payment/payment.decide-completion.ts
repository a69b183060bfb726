/**
 * PG results: CompletePayment and FailPayment (R3, R3a, R4, R5, R7). Invariants:
 * - a payment completes only from REQUESTED, before its transfer deadline, for exactly its amount,
 *   and with certificate verification from the method's threshold on;
 * - a refused approval of a REQUESTED payment fails it: the decision carries the PaymentFailed to
 *   append AND the refusal to answer;
 * - an approval the payment can no longer take is recorded once (LatePaymentApprovalReceived) so
 *   support can void a real double charge; the same approval again is a no-op (PG retry).
 */
import { assertNever, invariant } from '../assert';
import { businessDate, isoInstant, parseIsoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse } from '../decision';
import { isKrw } from '../money';
import type { CompletePayment, FailPayment } from './payment.commands';
import type { PaymentDecision } from './payment.decide';
import {
  amountMismatch,
  amountMismatchMessage,
  certificateRequired,
  certificateRequiredMessage,
  notRequested,
  validationFailedFor,
  violation,
  type Violation,
} from './payment.errors';
import type {
  FailureReason,
  JudgmentViewed,
  LatePaymentApprovalReceived,
  PaymentEvent,
  PaymentFailed,
} from './payment.events';
import { expiredEvent } from './payment.expiry';
import { certificateThresholdKrw, isExpired, needsCertificate } from './payment.rules';
import { checkGatewayText } from './payment.validation';
import type {
  CancelledPayment,
  CompletedPayment,
  FailedPayment,
  PaymentState,
  RequestedPayment,
} from './payment.state';

type ExistingPayment = Exclude<PaymentState, { status: 'NONE' }>;

export function decideCompletion(
  command: CompletePayment,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const { pgTransactionId, approvedAmountKrw, approvedAt, certificateVerified } = command.data;
  const approvedAtTime = typeof approvedAt === 'string' ? parseIsoInstant(approvedAt) : null;
  const violations: Violation[] = [];
  checkGatewayText('pgTransactionId', pgTransactionId, 'code', violations);
  if (!isKrw(approvedAmountKrw)) {
    violations.push(violation('approvedAmountKrw', 'INVALID_GATEWAY_RESULT'));
  }
  if (approvedAtTime === null) {
    violations.push(violation('approvedAt', 'INVALID_GATEWAY_RESULT'));
  }
  if (typeof certificateVerified !== 'boolean') {
    violations.push(violation('certificateVerified', 'INVALID_GATEWAY_RESULT'));
  }
  const invalid = validationFailedFor(violations);
  if (invalid !== null) return refuse(invalid);
  invariant(approvedAtTime !== null, 'approvedAt was validated');
  const approval: Approval = {
    pgTransactionId,
    approvedAmountKrw,
    approvedAt: isoInstant(approvedAtTime),
  };

  switch (state.status) {
    case 'REQUESTED':
      return decideApproval(state, approval, certificateVerified, ctx);
    case 'COMPLETED':
      if (
        state.completion.pgTransactionId === pgTransactionId &&
        state.amountKrw === approvedAmountKrw
      ) {
        return accept(); // the PG repeating the approval we recorded
      }
      return refuse(notRequested(state.status), lateApproval(state, approval, ctx));
    case 'FAILED':
    case 'CANCELLED':
      return refuse(notRequested(state.status), lateApproval(state, approval, ctx));
    default:
      return assertNever(state, 'payment state');
  }
}

interface Approval {
  readonly pgTransactionId: string;
  readonly approvedAmountKrw: number;
  readonly approvedAt: string;
}

function decideApproval(
  state: RequestedPayment,
  approval: Approval,
  certificateVerified: boolean,
  ctx: DecisionContext,
): PaymentDecision {
  if (isExpired(state, ctx.now)) {
    // R5 decides by the ledger's clock: at the deadline the payer was told 결제실패 and the payer
    // guard let them pay again, so a late approval must not charge this payment too.
    const expired = expiredEvent(state, ctx);
    const late = lateApprovalEvent(state.paymentId, approval, 'FAILED', ctx);
    return refuse(notRequested('FAILED'), [expired, late]);
  }
  const { amountKrw, instrument } = state;
  if (approval.approvedAmountKrw !== amountKrw) {
    const message = amountMismatchMessage(amountKrw, approval.approvedAmountKrw);
    return refuse(amountMismatch(amountKrw, approval.approvedAmountKrw), [
      refusedApproval(state, approval, 'AMOUNT_MISMATCH', message, ctx),
    ]);
  }
  if (needsCertificate(instrument.method, amountKrw, ctx.policy) && !certificateVerified) {
    const threshold = certificateThresholdKrw(instrument.method, ctx.policy) ?? 0;
    const message = certificateRequiredMessage(threshold);
    return refuse(certificateRequired(threshold), [
      refusedApproval(state, approval, 'CERTIFICATE_REQUIRED', message, ctx),
    ]);
  }
  const completedAt = isoInstant(ctx.now);
  return accept<PaymentEvent>(
    {
      type: 'PaymentCompleted',
      data: {
        paymentId: state.paymentId,
        pgTransactionId: approval.pgTransactionId,
        amountKrw,
        approvedAt: approval.approvedAt,
        certificateVerified,
        completedAt,
        completedOn: businessDate(ctx.now),
      },
    },
    ...carriedViews(state, completedAt),
  );
}

/** R12: a repayment carries the views it paid for, in the same append as its completion. */
function carriedViews(state: RequestedPayment, viewedAt: string): JudgmentViewed[] {
  const repaymentOf = state.repaymentOf;
  if (repaymentOf === null) return [];
  return state.items.map((item, index) => {
    const originalItemId = repaymentOf.itemIds[index];
    invariant(originalItemId !== undefined, 'repaymentOf.itemIds must align with items');
    return {
      type: 'JudgmentViewed',
      data: {
        paymentId: state.paymentId,
        itemId: item.itemId,
        viewedAt,
        transferredFrom: { paymentId: repaymentOf.paymentId, itemId: originalItemId },
      },
    };
  });
}

function refusedApproval(
  state: RequestedPayment,
  approval: Approval,
  reason: Extract<FailureReason, 'AMOUNT_MISMATCH' | 'CERTIFICATE_REQUIRED'>,
  message: string,
  ctx: DecisionContext,
): PaymentFailed {
  return {
    type: 'PaymentFailed',
    data: {
      paymentId: state.paymentId,
      reason,
      code: reason,
      message,
      failedAt: isoInstant(ctx.now),
      pgTransactionId: approval.pgTransactionId,
      approvedAmountKrw: approval.approvedAmountKrw,
    },
  };
}

/** Records an approval the payment cannot take, once per PG transaction. */
function lateApproval(
  state: CompletedPayment | FailedPayment | CancelledPayment,
  approval: Approval,
  ctx: DecisionContext,
): LatePaymentApprovalReceived[] {
  const known =
    state.lateApprovals.includes(approval.pgTransactionId) ||
    (state.status !== 'FAILED' && state.completion.pgTransactionId === approval.pgTransactionId);
  return known ? [] : [lateApprovalEvent(state.paymentId, approval, state.status, ctx)];
}

function lateApprovalEvent(
  paymentId: string,
  approval: Approval,
  statusAtReceipt: LatePaymentApprovalReceived['data']['statusAtReceipt'],
  ctx: DecisionContext,
): LatePaymentApprovalReceived {
  return {
    type: 'LatePaymentApprovalReceived',
    data: { paymentId, ...approval, receivedAt: isoInstant(ctx.now), statusAtReceipt },
  };
}

/**
 * R7: a decline is recorded with the PG's code and message, even when it arrives after the
 * transfer deadline (the PG's answer tells support more than EXPIRED would). A decline for a
 * payment that already failed is a PG retry: nothing new.
 */
export function decideFailure(
  command: FailPayment,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const { code, message } = command.data;
  const violations: Violation[] = [];
  checkGatewayText('code', code, 'code', violations);
  checkGatewayText('message', message, 'message', violations);
  const invalid = validationFailedFor(violations);
  if (invalid !== null) return refuse(invalid);
  switch (state.status) {
    case 'REQUESTED':
      return accept({
        type: 'PaymentFailed',
        data: {
          paymentId: state.paymentId,
          reason: 'DECLINED',
          code,
          message,
          failedAt: isoInstant(ctx.now),
          pgTransactionId: null,
          approvedAmountKrw: null,
        },
      });
    case 'FAILED':
      return accept();
    case 'COMPLETED':
    case 'CANCELLED':
      return refuse(notRequested(state.status));
    default:
      return assertNever(state, 'payment state');
  }
}
