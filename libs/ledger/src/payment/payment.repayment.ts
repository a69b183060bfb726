/**
 * R12, the repayment workaround (FAQ II.4): pay again, in a new payment, for exactly the viewed
 * items of the original; when it completes, it carries those views and the original loses them.
 * Invariants:
 * - a repayment is planned only for a COMPLETED original that the views alone keep from being
 *   cancelled (same KST day, day not settled): otherwise paying again could not help the payer;
 * - its items are exactly the original's viewed items, same court and case number, same payer;
 * - `repaymentOf.itemIds[i]` is the original item that `items[i]` repays;
 * - R23: of the repayments of one original, at most one ever completes for a given judgment
 *   (`repaymentMayComplete`), however late its approval and whatever happened to the others.
 */
import type { DateTime } from 'luxon';
import type { RepaymentOf } from './payment.events';
import type { BusinessDate } from '../business-time';
import type { PaymentRefusal } from './payment.errors';
import { itemNotFound, paymentNotFound, viewTransferNotAllowed } from './payment.errors';
import type { RequestPayment, TransferViews } from './payment.commands';
import { cancelBlockedReason, viewedItems } from './payment.rules';
import type { PaymentItem, PaymentState } from './payment.state';

export interface RepaymentRequest {
  /** The new payment's id. */
  readonly paymentId: string;
  readonly method: string;
  readonly cardIssuer?: string | null;
  readonly bankCode?: string | null;
  /** Which items to repay; default (and the only accepted set): every viewed item. */
  readonly itemIds?: readonly string[] | null;
}

export type RepaymentPlan =
  | { readonly command: RequestPayment; readonly refusal?: undefined }
  | { readonly refusal: PaymentRefusal; readonly command?: undefined };

/**
 * Builds the RequestPayment of a repayment from the original payment's state, or refuses.
 * `isDayClosed` answers for the original's completion day, as for `cancelBlockedReason`.
 */
export function planRepayment(
  original: PaymentState,
  request: RepaymentRequest,
  now: DateTime,
  isDayClosed: boolean | ((day: BusinessDate) => boolean),
): RepaymentPlan {
  if (original.status === 'NONE') return { refusal: paymentNotFound() };
  const blocked = cancelBlockedReason(original, now, isDayClosed);
  if (blocked !== null && blocked !== 'ALREADY_VIEWED') {
    return { refusal: viewTransferNotAllowed(blocked) };
  }
  const viewed = viewedItems(original);
  if (viewed.length === 0) return { refusal: viewTransferNotAllowed('NOTHING_VIEWED') };

  const items: PaymentItem[] = [];
  for (const itemId of request.itemIds ?? viewed.map((item) => item.itemId)) {
    const item = original.items.find((candidate) => candidate.itemId === itemId);
    if (item === undefined) return { refusal: itemNotFound(itemId) };
    if (item.viewedAt === null) return { refusal: viewTransferNotAllowed('ITEM_NOT_VIEWED') };
    if (!items.includes(item)) items.push(item);
  }
  if (items.length !== viewed.length) {
    return { refusal: viewTransferNotAllowed('VIEWED_ITEMS_MISSING') };
  }
  return {
    command: {
      type: 'RequestPayment',
      data: {
        paymentId: request.paymentId,
        payer: original.payer,
        method: request.method,
        cardIssuer: request.cardIssuer ?? null,
        bankCode: request.bankCode ?? null,
        items: items.map(({ court, caseNumber }) => ({ court, caseNumber })),
        repaymentOf: {
          paymentId: original.paymentId,
          itemIds: items.map(({ itemId }) => itemId),
        },
      },
    },
  };
}

/**
 * What to send to the ORIGINAL payment once a repayment has completed: `TransferViews` on
 * `payment-<originalPaymentId>`. Null for a payment that is not a completed repayment.
 */
export function viewTransferFor(
  repayment: PaymentState,
): { readonly originalPaymentId: string; readonly command: TransferViews } | null {
  if (repayment.status !== 'COMPLETED' || repayment.repaymentOf === null) return null;
  return {
    originalPaymentId: repayment.repaymentOf.paymentId,
    command: {
      type: 'TransferViews',
      data: { toPaymentId: repayment.paymentId, itemIds: repayment.repaymentOf.itemIds },
    },
  };
}

/**
 * R12, R23: whether a repayment's approval may complete it (the `originalCancellable` of its
 * CompletePayment). Its views must still be the original's to take: the original can still be
 * cancelled once they move (only ALREADY_VIEWED blocks it now), each judgment it repays is still
 * viewed there and has not moved to another repayment, and no other repayment of those judgments
 * has completed (its view transfer may not have run yet: a follow-up delayed by a crash). Without
 * the last two a second repayment, requested once the first one's hold lapsed, would charge the
 * payer again for the same judgments. `others` are the original's other repayments (as its
 * repayment guard names them), in any state.
 */
export function repaymentMayComplete(
  repaymentOf: RepaymentOf,
  original: PaymentState,
  others: readonly PaymentState[],
  now: DateTime,
  originalDayClosed: boolean,
): boolean {
  const blocked = cancelBlockedReason(original, now, originalDayClosed);
  if (blocked !== null && blocked !== 'ALREADY_VIEWED') return false;
  if (original.status === 'NONE') return false;
  const repaid = new Set(repaymentOf.itemIds);
  const stillThere = repaymentOf.itemIds.every((itemId) => {
    const item = original.items.find((candidate) => candidate.itemId === itemId);
    return item !== undefined && item.viewedAt !== null && item.viewTransferredTo === null;
  });
  if (!stillThere) return false;
  return !others.some(
    (other) =>
      other.status !== 'NONE' &&
      other.repaymentOf?.paymentId === repaymentOf.paymentId &&
      (other.status === 'COMPLETED' ||
        other.status === 'CANCELLING' ||
        other.status === 'CANCELLED') &&
      other.repaymentOf.itemIds.some((itemId) => repaid.has(itemId)),
  );
}
