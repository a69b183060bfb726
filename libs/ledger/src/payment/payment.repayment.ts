/**
 * R12, the repayment workaround (FAQ II.4): pay again, in a new payment, for exactly the viewed
 * items of the original; when it completes, it carries those views and the original loses them.
 * Invariants:
 * - a repayment is planned only for a COMPLETED original that the views alone keep from being
 *   cancelled (same KST day, day not settled): otherwise paying again could not help the payer;
 * - its items are exactly the original's viewed items, same court and case number, same payer;
 * - `repaymentOf.itemIds[i]` is the original item that `items[i]` repays.
 */
import type { DateTime } from 'luxon';
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
