/**
 * R12 on the ORIGINAL payment: TransferViews moves the views of the repaid items to the repayment.
 * Invariants:
 * - only a COMPLETED payment's views move, only viewed items, only items of this payment;
 * - the move does not depend on the day or the settlement: the views belong to the repayment
 *   whether or not the original can still be cancelled;
 * - repeating the same transfer is a no-op (the saga that sends it may retry).
 */
import { isArray } from '../assert';
import { isoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse } from '../decision';
import { isStreamKey } from '../streams';
import type { TransferViews } from './payment.commands';
import type { PaymentDecision } from './payment.decide';
import {
  itemNotFound,
  validationFailedFor,
  viewTransferNotAllowed,
  violation,
  type Violation,
} from './payment.errors';
import type { PaymentState } from './payment.state';

export function decideViewTransfer(
  command: TransferViews,
  state: Exclude<PaymentState, { status: 'NONE' }>,
  ctx: DecisionContext,
): PaymentDecision {
  const { toPaymentId, itemIds } = command.data;
  const violations: Violation[] = [];
  if (!isStreamKey(toPaymentId) || toPaymentId === state.paymentId) {
    violations.push(violation('toPaymentId', 'INVALID_REPAYMENT'));
  }
  if (!isArray(itemIds) || itemIds.length === 0 || new Set(itemIds).size !== itemIds.length) {
    violations.push(violation('itemIds', 'INVALID_REPAYMENT'));
  }
  const invalid = validationFailedFor(violations);
  if (invalid !== null) return refuse(invalid);
  if (state.status === 'CANCELLED') return refuse(viewTransferNotAllowed('ALREADY_CANCELLED'));
  if (state.status === 'CANCELLING') return refuse(viewTransferNotAllowed('CANCEL_IN_PROGRESS'));
  if (state.status !== 'COMPLETED') return refuse(viewTransferNotAllowed('NOT_COMPLETED'));

  const pending: string[] = [];
  for (const itemId of itemIds) {
    const item = state.items.find((candidate) => candidate.itemId === itemId);
    if (item === undefined) return refuse(itemNotFound(itemId));
    if (item.viewTransferredTo === toPaymentId) continue; // moved already
    if (item.viewedAt === null) return refuse(viewTransferNotAllowed('ITEM_NOT_VIEWED'));
    pending.push(itemId);
  }
  if (pending.length === 0) return accept();
  return accept({
    type: 'JudgmentViewsTransferred',
    data: {
      paymentId: state.paymentId,
      toPaymentId,
      itemIds: pending,
      transferredAt: isoInstant(ctx.now),
    },
  });
}
