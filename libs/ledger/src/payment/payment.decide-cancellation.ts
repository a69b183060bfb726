/**
 * Cancellation in two steps around the PG call (R9–R11, R13, R19). Invariants:
 * - CancelPayment only validates (whole payment, same KST day, day not settled, nothing viewed)
 *   and names the PG cancellation to make; it appends nothing;
 * - the PG's answer is a fact: RecordCancellationSuccess cancels a COMPLETED payment whatever
 *   happened during the call; RecordCancellationFailure keeps it COMPLETED and answers
 *   PG_CANCEL_FAILED, and the payer may try again;
 * - a PG answer for a payment that never completed is a bug in the caller.
 */
import { assertNever, invariant } from '../assert';
import { isoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse } from '../decision';
import type {
  CancelPayment,
  RecordCancellationFailure,
  RecordCancellationSuccess,
} from './payment.commands';
import type { PaymentDecision } from './payment.decide';
import {
  cancelNotAllowed,
  pgCancelFailed,
  validationFailedFor,
  type Violation,
} from './payment.errors';
import { cancelBlockedReason } from './payment.rules';
import { checkGatewayText } from './payment.validation';
import type { PaymentState } from './payment.state';

type ExistingPayment = Exclude<PaymentState, { status: 'NONE' }>;

export function decideCancellation(
  command: CancelPayment,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  invariant(typeof command.data.settlementClosed === 'boolean', 'settlementClosed must be known');
  const blocked = cancelBlockedReason(state, ctx.now, command.data.settlementClosed);
  if (blocked !== null) return refuse(cancelNotAllowed(blocked));
  invariant(state.status === 'COMPLETED', 'Only a COMPLETED payment is cancellable');
  return {
    events: [],
    gatewayCancellation: {
      pgTransactionId: state.completion.pgTransactionId,
      amountKrw: state.amountKrw,
    },
  };
}

export function decideCancellationSuccess(
  command: RecordCancellationSuccess,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const { pgCancelTransactionId } = command.data;
  const violations: Violation[] = [];
  if (pgCancelTransactionId !== null) {
    checkGatewayText('pgCancelTransactionId', pgCancelTransactionId, 'code', violations);
  }
  const invalid = validationFailedFor(violations);
  if (invalid !== null) return refuse(invalid);
  switch (state.status) {
    case 'COMPLETED':
      return accept({
        type: 'PaymentCancelled',
        data: {
          paymentId: state.paymentId,
          amountKrw: state.amountKrw,
          cancelledAt: isoInstant(ctx.now),
          completedOn: state.completion.completedOn,
          pgCancelTransactionId,
        },
      });
    case 'CANCELLED':
      return accept(); // the same success reported twice
    case 'REQUESTED':
    case 'FAILED':
      return invariantBroken(state.status);
    default:
      return assertNever(state, 'payment state');
  }
}

export function decideCancellationFailure(
  command: RecordCancellationFailure,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const { pgCode, pgMessage } = command.data;
  const violations: Violation[] = [];
  checkGatewayText('pgCode', pgCode, 'code', violations);
  checkGatewayText('pgMessage', pgMessage, 'message', violations);
  const invalid = validationFailedFor(violations);
  if (invalid !== null) return refuse(invalid);
  switch (state.status) {
    case 'COMPLETED':
      return refuse(pgCancelFailed(pgCode, pgMessage), [
        {
          type: 'PaymentCancellationFailed',
          data: { paymentId: state.paymentId, pgCode, pgMessage, failedAt: isoInstant(ctx.now) },
        },
      ]);
    case 'CANCELLED':
      // An earlier attempt already succeeded (e.g. two cancel requests raced): the payer got
      // what they asked for, and the late failure adds nothing.
      return accept();
    case 'REQUESTED':
    case 'FAILED':
      return invariantBroken(state.status);
    default:
      return assertNever(state, 'payment state');
  }
}

function invariantBroken(status: string): never {
  invariant(false, `A PG cancellation result for a ${status} payment: it was never cancellable`);
}
