/**
 * Cancellation as a process around the PG call (R9–R11, R13, R19–R21). Invariants:
 * - CancelPayment validates (whole payment, same KST day, day not settled, nothing viewed) and
 *   records the intent, PaymentCancellationStarted, BEFORE the PG is called; its cancellation id is
 *   the PG call's idempotency key. On a payment already CANCELLING it records nothing and names
 *   the cancellation in flight: a second cancel joins it and never calls the PG again;
 * - the PG's answer is a fact about the cancellation it names: success cancels, refusal (or "no
 *   record", R21) makes the payment COMPLETED again and answers PG_CANCEL_FAILED; the same answer
 *   twice records nothing;
 * - an unknown outcome records nothing until the reconcilers' patience runs out; then
 *   PaymentNeedsAttention, once;
 * - a PG answer for a payment that never completed, or for another cancellation than the one in
 *   flight, is a bug in the caller.
 */
import { LIMITS } from '@lib/limits';
import { assertNever, invariant } from '../assert';
import { isoInstant, parseIsoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse } from '../decision';
import type {
  CancelPayment,
  RecordCancellationFailure,
  RecordCancellationSuccess,
  RecordCancellationUnanswered,
} from './payment.commands';
import type { PaymentDecision } from './payment.decide';
import {
  cancelNotAllowed,
  pgCancelFailed,
  validationFailedFor,
  type Violation,
} from './payment.errors';
import { cancelBlockedReason } from './payment.rules';
import type { CancellingPayment, PaymentState } from './payment.state';
import { checkGatewayText } from './payment.validation';

type ExistingPayment = Exclude<PaymentState, { status: 'NONE' }>;

export function decideCancellation(
  command: CancelPayment,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  invariant(typeof command.data.settlementClosed === 'boolean', 'settlementClosed must be known');
  if (state.status === 'CANCELLING') {
    return { events: [], inFlight: { cancellationId: state.cancellation.cancellationId } };
  }
  const blocked = cancelBlockedReason(state, ctx.now, command.data.settlementClosed);
  if (blocked !== null) return refuse(cancelNotAllowed(blocked));
  invariant(state.status === 'COMPLETED', 'Only a COMPLETED payment is cancellable');
  const cancellationId = ctx.newId();
  const { pgTransactionId, completedOn } = state.completion;
  return {
    events: [
      {
        type: 'PaymentCancellationStarted',
        data: {
          paymentId: state.paymentId,
          cancellationId,
          pgTransactionId,
          amountKrw: state.amountKrw,
          startedAt: isoInstant(ctx.now),
          completedOn,
        },
      },
    ],
    gatewayCancellation: { cancellationId, pgTransactionId, amountKrw: state.amountKrw },
  };
}

export function decideCancellationSuccess(
  command: RecordCancellationSuccess,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const { cancellationId, pgCancelTransactionId } = command.data;
  const violations: Violation[] = [];
  if (pgCancelTransactionId !== null) {
    checkGatewayText('pgCancelTransactionId', pgCancelTransactionId, 'code', violations);
  }
  const invalid = validationFailedFor(violations);
  if (invalid !== null) return refuse(invalid);
  switch (state.status) {
    case 'CANCELLING':
      expectInFlight(state, cancellationId);
      return accept({
        type: 'PaymentCancelled',
        data: {
          paymentId: state.paymentId,
          cancellationId,
          amountKrw: state.amountKrw,
          cancelledAt: isoInstant(ctx.now),
          completedOn: state.completion.completedOn,
          pgCancelTransactionId,
        },
      });
    case 'CANCELLED':
      // The same success reported twice (the request and the reconciler, or two joined requests).
      invariant(state.cancellationId === cancellationId, 'A success for another cancellation');
      return accept();
    case 'COMPLETED':
    case 'REQUESTED':
    case 'FAILED':
      return invariantBroken(state.status, cancellationId);
    default:
      return assertNever(state, 'payment state');
  }
}

export function decideCancellationFailure(
  command: RecordCancellationFailure,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const { cancellationId, pgCode, pgMessage } = command.data;
  const violations: Violation[] = [];
  checkGatewayText('pgCode', pgCode, 'code', violations);
  checkGatewayText('pgMessage', pgMessage, 'message', violations);
  const invalid = validationFailedFor(violations);
  if (invalid !== null) return refuse(invalid);
  switch (state.status) {
    case 'CANCELLING':
      expectInFlight(state, cancellationId);
      return refuse(pgCancelFailed(pgCode, pgMessage), [
        {
          type: 'PaymentCancellationFailed',
          data: {
            paymentId: state.paymentId,
            cancellationId,
            pgCode,
            pgMessage,
            failedAt: isoInstant(ctx.now),
          },
        },
      ]);
    case 'COMPLETED': {
      // The same refusal reported twice: answer it again, record nothing.
      const recorded = state.cancellationFailures.find(
        (failure) => failure.cancellationId === cancellationId,
      );
      invariant(recorded !== undefined, `A failure of ${cancellationId}, which never started`);
      return refuse(pgCancelFailed(recorded.pgCode, recorded.pgMessage));
    }
    case 'CANCELLED':
      invariant(state.cancellationId === cancellationId, 'A failure for another cancellation');
      return invariantBroken('CANCELLED', cancellationId);
    case 'REQUESTED':
    case 'FAILED':
      return invariantBroken(state.status, cancellationId);
    default:
      return assertNever(state, 'payment state');
  }
}

/**
 * R21: the reconciler asked and the PG could not say. Nothing is recorded until the cancellation
 * is older than the reconcilers' patience; then it needs a person, once.
 */
export function decideCancellationUnanswered(
  command: RecordCancellationUnanswered,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const { cancellationId, detail } = command.data;
  if (state.status !== 'CANCELLING' || state.cancellation.cancellationId !== cancellationId) {
    return accept(); // settled meanwhile: nothing left to ask about
  }
  if (state.cancellation.attention !== null || !pastPatience(state.cancellation.startedAt, ctx)) {
    return accept();
  }
  return accept({
    type: 'PaymentNeedsAttention',
    data: {
      paymentId: state.paymentId,
      subject: 'CANCELLATION',
      reference: cancellationId,
      reason: 'PG_UNANSWERED',
      pgCode: null,
      pgMessage: detail.slice(0, 500),
      since: isoInstant(ctx.now),
    },
  });
}

/** Whether something started at `startedAt` has waited past the reconcilers' patience. */
export function pastPatience(startedAt: string, ctx: DecisionContext): boolean {
  const started = parseIsoInstant(startedAt);
  invariant(started !== null, `Not an instant: ${startedAt}`);
  return ctx.now >= started.plus({ minutes: LIMITS.reconcile.attentionAfterMinutes });
}

function expectInFlight(state: CancellingPayment, cancellationId: string): void {
  invariant(
    state.cancellation.cancellationId === cancellationId,
    `An answer for cancellation ${cancellationId} while ${state.cancellation.cancellationId} is in flight`,
  );
}

function invariantBroken(status: string, cancellationId: string): never {
  invariant(false, `A PG answer for cancellation ${cancellationId} of a ${status} payment`);
}
