/**
 * PG results: CompletePayment and FailPayment (R3, R3a, R4, R5, R7, R22, R23). Invariants:
 * - a payment completes only from REQUESTED, before its transfer deadline, for exactly its amount,
 *   with certificate verification from the method's threshold on, and (a repayment) only while
 *   its original can still be cancelled;
 * - a refused approval of a REQUESTED payment fails it: the decision carries the PaymentFailed to
 *   append AND the refusal to answer;
 * - every approval the ledger does not take has moved money at the PG: its void is started in the
 *   same append as the refusal (PaymentApprovalVoidStarted), once per PG transaction;
 * - the same approval again (a PG retrying its callback) is a replay: the first answer, no event.
 */
import { assertNever, invariant } from '../assert';
import { businessDate, isoInstant, parseIsoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse } from '../decision';
import { isKrw } from '../money';
import type { CompletePayment, FailPayment } from './payment.commands';
import type { PaymentDecision } from './payment.decide';
import {
  ORIGINAL_NOT_CANCELLABLE_MESSAGE,
  amountMismatch,
  amountMismatchMessage,
  certificateRequired,
  certificateRequiredMessage,
  notRequested,
  originalNotCancellable,
  validationFailedFor,
  violation,
  type PaymentRefusal,
  type Violation,
} from './payment.errors';
import type {
  FailureReason,
  JudgmentViewed,
  PaymentApprovalVoidStarted,
  PaymentEvent,
  PaymentFailed,
  VoidReason,
} from './payment.events';
import { expiredEvent } from './payment.expiry';
import { certificateThresholdKrw, isExpired, needsCertificate } from './payment.rules';
import { checkGatewayText } from './payment.validation';
import type { ApprovalVoid, PaymentState, PaymentStatus, RequestedPayment } from './payment.state';

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

  if (state.status === 'REQUESTED') {
    return decideApproval(state, approval, certificateVerified, command.data, ctx);
  }
  if (state.status !== 'FAILED' && state.completion.pgTransactionId === pgTransactionId) {
    // The PG repeating the approval we recorded. With another amount it contradicts itself; the
    // charge stands either way: voiding it (voids are keyed by transaction) would undo a payment
    // the ledger counts as completed.
    return state.amountKrw === approvedAmountKrw ? accept() : refuse(notRequested(state.status));
  }
  const voided = state.voids.find((started) => started.pgTransactionId === pgTransactionId);
  if (voided !== undefined) return refuse(firstAnswer(state, voided, ctx)); // a replay
  // Recorded before R22 (a late approval, or a refused one that failed the payment): a replay
  // answers as the first time; the void process gives those approvals back.
  if (state.status === 'FAILED' && state.failure.pgTransactionId === pgTransactionId) {
    return refuse(legacyRefusalOf(state, ctx));
  }
  if (state.lateApprovals.some((late) => late.pgTransactionId === pgTransactionId)) {
    return refuse(notRequested(state.status));
  }
  return refuse(notRequested(state.status), [
    voidStarted(state.paymentId, approval, 'NOT_REQUESTED', state.status, ctx),
  ]);
}

export interface Approval {
  readonly pgTransactionId: string;
  readonly approvedAmountKrw: number;
  readonly approvedAt: string;
}

function decideApproval(
  state: RequestedPayment,
  approval: Approval,
  certificateVerified: boolean,
  { originalCancellable }: CompletePayment['data'],
  ctx: DecisionContext,
): PaymentDecision {
  const { amountKrw, instrument, paymentId, repaymentOf } = state;
  if (isExpired(state, ctx.now)) {
    // R5 decides by the ledger's clock: at the deadline the payer was told 결제실패 and the payer
    // guard let them pay again, so a late approval must not charge this payment too.
    return refuse(notRequested('FAILED'), [
      expiredEvent(state, ctx),
      voidStarted(paymentId, approval, 'NOT_REQUESTED', 'FAILED', ctx),
    ]);
  }
  if (approval.approvedAmountKrw !== amountKrw) {
    const message = amountMismatchMessage(amountKrw, approval.approvedAmountKrw);
    return refuse(
      amountMismatch(amountKrw, approval.approvedAmountKrw),
      refusedApproval(state, approval, 'AMOUNT_MISMATCH', message, ctx),
    );
  }
  if (needsCertificate(instrument.method, amountKrw, ctx.policy) && !certificateVerified) {
    const threshold = certificateThresholdKrw(instrument.method, ctx.policy) ?? 0;
    const message = certificateRequiredMessage(threshold);
    return refuse(
      certificateRequired(threshold),
      refusedApproval(state, approval, 'CERTIFICATE_REQUIRED', message, ctx),
    );
  }
  if (repaymentOf !== null) {
    invariant(
      typeof originalCancellable === 'boolean',
      'A repayment completes only when the caller says whether its original can be cancelled',
    );
    // R23: the views would move to a repayment that cannot make the original cancellable; the
    // payer would have paid twice for the same judgments.
    if (!originalCancellable) {
      return refuse(
        originalNotCancellable(repaymentOf.paymentId),
        refusedApproval(
          state,
          approval,
          'ORIGINAL_NOT_CANCELLABLE',
          ORIGINAL_NOT_CANCELLABLE_MESSAGE,
          ctx,
        ),
      );
    }
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

/** The refused approval fails the payment, and its void starts in the same append (R22). */
function refusedApproval(
  state: RequestedPayment,
  approval: Approval,
  reason: Extract<VoidReason, FailureReason>,
  message: string,
  ctx: DecisionContext,
): [PaymentFailed, PaymentApprovalVoidStarted] {
  return [
    {
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
    },
    voidStarted(state.paymentId, approval, reason, 'REQUESTED', ctx),
  ];
}

export function voidStarted(
  paymentId: string,
  approval: Approval,
  reason: VoidReason,
  statusAtReceipt: PaymentApprovalVoidStarted['data']['statusAtReceipt'],
  ctx: DecisionContext,
): PaymentApprovalVoidStarted {
  return {
    type: 'PaymentApprovalVoidStarted',
    data: { paymentId, ...approval, reason, statusAtReceipt, startedAt: isoInstant(ctx.now) },
  };
}

/** The answer a refused approval recorded before R22 got, read from the failure it recorded. */
function legacyRefusalOf(
  state: Extract<PaymentState, { status: 'FAILED' }>,
  ctx: DecisionContext,
): PaymentRefusal {
  const { reason, approvedAmountKrw } = state.failure;
  const refusedAs = reason === 'DECLINED' || reason === 'EXPIRED' ? 'NOT_REQUESTED' : reason;
  return refusalAs(state, refusedAs, approvedAmountKrw ?? state.amountKrw, 'FAILED', ctx);
}

/** R22: a replayed approval gets the answer the first one got. */
function firstAnswer(
  state: Exclude<PaymentState, { status: 'NONE' | 'REQUESTED' }>,
  { reason, approvedAmountKrw, statusAtReceipt }: ApprovalVoid,
  ctx: DecisionContext,
): PaymentRefusal {
  const status = statusAtReceipt === 'REQUESTED' ? 'FAILED' : statusAtReceipt;
  return refusalAs(state, reason, approvedAmountKrw, status, ctx);
}

/** The refusal an approval refused as `reason` was answered with. */
function refusalAs(
  state: Exclude<PaymentState, { status: 'NONE' | 'REQUESTED' }>,
  reason: VoidReason,
  approvedAmountKrw: number,
  statusWhenNotRequested: Exclude<PaymentStatus, 'REQUESTED'>,
  ctx: DecisionContext,
): PaymentRefusal {
  switch (reason) {
    case 'AMOUNT_MISMATCH':
      return amountMismatch(state.amountKrw, approvedAmountKrw);
    case 'CERTIFICATE_REQUIRED':
      return certificateRequired(
        certificateThresholdKrw(state.instrument.method, ctx.policy) ?? state.amountKrw,
      );
    case 'ORIGINAL_NOT_CANCELLABLE':
      invariant(state.repaymentOf !== null, 'Only a repayment is refused for its original');
      return originalNotCancellable(state.repaymentOf.paymentId);
    case 'NOT_REQUESTED':
      return notRequested(statusWhenNotRequested);
    default:
      return assertNever(reason, 'void reason');
  }
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
    case 'CANCELLING':
    case 'CANCELLED':
      return refuse(notRequested(state.status));
    default:
      return assertNever(state, 'payment state');
  }
}
