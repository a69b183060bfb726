/**
 * decide(command, state, ctx) for one payment. Invariants it keeps:
 * - R1, R2: a request names a known issuer or bank and 1..max distinct, well-formed judgments;
 *   amount = fee × items, a whole number of KRW.
 * - R4: only a REQUESTED payment completes or fails; only a COMPLETED one is charged.
 * - R5: a REQUESTED transfer at or past its deadline is expired by any command that meets it.
 * - R8: only items of a COMPLETED payment are viewed; a view is recorded once.
 * - R9–R11, R13, R19: cancellation is whole, same KST day, unsettled, unviewed (`cancelBlockedReason`);
 *   R20: it is recorded as started before the PG is called, and while it is CANCELLING nothing
 *   else changes the payment; R21: its outcome is recorded when the PG tells it.
 * - R12: views move off an original only to the repayment that paid for them.
 * - R22, R23: an approval the ledger refuses is voided at the PG, once per PG transaction.
 * Refusals are returned, never thrown; a thrown InvariantViolation is a bug.
 */
import { assertNever, invariant } from '../assert';
import { isoInstant, toBusinessTime } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse, type Accepted, type Decider, type Refused } from '../decision';
import { assertKrw } from '../money';
import { assertLedgerPolicy } from '../policy';
import { isStreamKey } from '../streams';
import type { PaymentCommand, RequestPayment, ViewJudgment } from './payment.commands';
import {
  decideCancellation,
  decideCancellationFailure,
  decideCancellationSuccess,
  decideCancellationUnanswered,
} from './payment.decide-cancellation';
import { decideCompletion, decideFailure } from './payment.decide-completion';
import { decideViewTransfer } from './payment.decide-view-transfer';
import {
  decideApprovalVoided,
  decideApprovalVoidUnsettled,
  decideLegacyApprovalVoid,
} from './payment.decide-void';
import {
  cancelInProgress,
  itemNotFound,
  paymentNotFound,
  validationFailed,
  viewNotAllowed,
  type PaymentRefusal,
} from './payment.errors';
import { PAYMENT_EVENT_SCHEMA_VERSIONS, type PaymentEvent } from './payment.events';
import { decideExpiry } from './payment.expiry';
import { expiresAt } from './payment.rules';
import { evolve, initialState, type PaymentState } from './payment.state';
import { validatePaymentRequest } from './payment.validation';

/** The PG cancellation the command side must make after an accepted CancelPayment (R20). */
export interface GatewayCancellation {
  /** The PG call's idempotency key. */
  readonly cancellationId: string;
  readonly pgTransactionId: string;
  readonly amountKrw: number;
}

export type PaymentDecision =
  | (Accepted<PaymentEvent> & {
      /** A cancellation to make at the PG, now recorded as started. */
      readonly gatewayCancellation?: GatewayCancellation;
      /** R20: the payment is already CANCELLING: the caller joins that cancellation. */
      readonly inFlight?: { readonly cancellationId: string };
    })
  | Refused<PaymentEvent, PaymentRefusal>;

export function decide(
  command: PaymentCommand,
  state: PaymentState,
  ctx: DecisionContext,
): PaymentDecision {
  invariant(ctx.now.isValid, 'ctx.now is not a valid instant');
  assertLedgerPolicy(ctx.policy);
  if (command.type === 'RequestPayment') return decideRequest(command, state, ctx);
  if (state.status === 'NONE') return refuse(paymentNotFound());
  switch (command.type) {
    case 'CompletePayment':
      return decideCompletion(command, state, ctx);
    case 'FailPayment':
      return decideFailure(command, state, ctx);
    case 'ExpirePayment':
    case 'RefreshPayment':
      return state.status === 'REQUESTED' ? decideExpiry(state, ctx) : accept();
    case 'ViewJudgment':
      return decideView(command, state, ctx);
    case 'CancelPayment':
      return decideCancellation(command, state, ctx);
    case 'RecordCancellationSuccess':
      return decideCancellationSuccess(command, state, ctx);
    case 'RecordCancellationFailure':
      return decideCancellationFailure(command, state, ctx);
    case 'RecordCancellationUnanswered':
      return decideCancellationUnanswered(command, state, ctx);
    case 'RecordApprovalVoided':
      return decideApprovalVoided(command, state, ctx);
    case 'RecordApprovalVoidUnsettled':
      return decideApprovalVoidUnsettled(command, state, ctx);
    case 'StartLegacyApprovalVoid':
      return decideLegacyApprovalVoid(command, state, ctx);
    case 'TransferViews':
      return decideViewTransfer(command, state, ctx);
    default:
      return assertNever(command, 'payment command');
  }
}

function decideRequest(
  command: RequestPayment,
  state: PaymentState,
  ctx: DecisionContext,
): PaymentDecision {
  const { paymentId } = command.data;
  invariant(isStreamKey(paymentId), `Not a payment id: ${JSON.stringify(paymentId)}`);
  // Payment ids are fresh: a second request on the same stream means the id generator broke.
  invariant(state.status === 'NONE', `Payment ${paymentId} already exists`);
  const validated = validatePaymentRequest(command.data, ctx.policy);
  if (!validated.ok) return refuse(validationFailed(validated.violations));
  const { payer, instrument, items, repaymentOf } = validated.value;
  const feeKrw = ctx.policy.feePerJudgmentKrw;
  const amountKrw = feeKrw * items.length;
  assertKrw(amountKrw, 'Payment amount');
  const withIds = items.map((item) => ({ itemId: ctx.newId(), ...item, feeKrw }));
  const itemIds = withIds.map(({ itemId }) => itemId);
  invariant(
    itemIds.every((id) => isStreamKey(id)) && new Set(itemIds).size === itemIds.length,
    'ctx.newId() must give distinct ids',
  );
  const now = toBusinessTime(ctx.now);
  const deadline = expiresAt(instrument.method, now, ctx.policy);
  return accept({
    type: 'PaymentRequested',
    data: {
      paymentId,
      payer,
      instrument,
      items: withIds,
      amountKrw,
      currency: 'KRW',
      requestedAt: isoInstant(now),
      expiresAt: deadline === null ? null : isoInstant(deadline),
      repaymentOf,
    },
  });
}

/** R8. */
function decideView(
  command: ViewJudgment,
  state: Exclude<PaymentState, { status: 'NONE' }>,
  ctx: DecisionContext,
): PaymentDecision {
  // R20: a view while the PG is being asked to cancel would end in a refund of a read judgment.
  if (state.status === 'CANCELLING') {
    return refuse(cancelInProgress(state.cancellation.cancellationId));
  }
  if (state.status !== 'COMPLETED') return refuse(viewNotAllowed(state.status));
  const item = state.items.find(({ itemId }) => itemId === command.data.itemId);
  if (item === undefined) return refuse(itemNotFound(command.data.itemId));
  if (item.viewedAt !== null) return accept();
  // R12: its view moved to a completed repayment, which paid for this judgment; recording a new
  // view here would block the original's cancel again (R11) and waste the repayment.
  if (item.viewTransferredTo !== null) return accept();
  return accept({
    type: 'JudgmentViewed',
    data: {
      paymentId: state.paymentId,
      itemId: item.itemId,
      viewedAt: isoInstant(ctx.now),
      transferredFrom: null,
    },
  });
}

export const paymentDecider: Decider<PaymentCommand, PaymentEvent, PaymentState, PaymentDecision> =
  {
    initialState,
    evolve,
    decide,
    schemaVersions: PAYMENT_EVENT_SCHEMA_VERSIONS,
  };
