/**
 * Rules shared by `decide` and the read side, so both give the same answer (one implementation).
 * - R3: the certificate threshold is per method and comes from the policy.
 * - R5: a transfer expires AT `requestedAt + window` (inclusive): at exactly 15:00 it is expired.
 * - R10, R11, R19: `cancelBlockedReason` is the only place that says whether a payment can be cancelled.
 */
import type { DateTime } from 'luxon';
import { assertNever } from '../assert';
import { businessDate, toBusinessTime, type BusinessDate } from '../business-time';
import type { PaymentMethod } from '../payment-methods';
import type { LedgerPolicy } from '../policy';
import type { CancelBlockedReason } from './payment.errors';
import type { PaymentItem, PaymentState, RequestedPayment } from './payment.state';

/** R5: when a bank transfer requested at `requestedAt` expires; null for cards (they do not expire). */
export function expiresAt(
  method: PaymentMethod,
  requestedAt: DateTime,
  policy: LedgerPolicy,
): DateTime | null {
  switch (method) {
    case 'BANK_TRANSFER':
      return requestedAt.plus({ minutes: policy.pendingTransferWindowMinutes });
    case 'CARD':
      return null;
    default:
      return assertNever(method, 'payment method');
  }
}

/** R5: a REQUESTED transfer is expired from its deadline on (the deadline instant itself included). */
export function isExpired(state: RequestedPayment, now: DateTime): boolean {
  return state.expiresAt !== null && now.toMillis() >= toBusinessTime(state.expiresAt).toMillis();
}

/** R3: the amount from which a payment of `method` needs certificate verification, or null. */
export function certificateThresholdKrw(
  method: PaymentMethod,
  policy: LedgerPolicy,
): number | null {
  return policy.certificateThresholdKrw[method];
}

export function needsCertificate(
  method: PaymentMethod,
  amountKrw: number,
  policy: LedgerPolicy,
): boolean {
  const threshold = certificateThresholdKrw(method, policy);
  return threshold !== null && amountKrw >= threshold;
}

/** The KST day whose settlement decides R19 for this payment, or null when it never completed. */
export function completedOn(state: PaymentState): BusinessDate | null {
  switch (state.status) {
    case 'COMPLETED':
    case 'CANCELLING':
    case 'CANCELLED':
      return state.completion.completedOn;
    case 'NONE':
    case 'REQUESTED':
    case 'FAILED':
      return null;
    default:
      return assertNever(state, 'payment state');
  }
}

export function viewedItems(state: PaymentState): readonly PaymentItem[] {
  return state.status === 'NONE' ? [] : state.items.filter((item) => item.viewedAt !== null);
}

/**
 * Why the payment cannot be cancelled at `now`, or null when it can (R9–R11, R19). Precedence:
 * not cancellable at all (NOT_COMPLETED, ALREADY_CANCELLED), already at the PG
 * (CANCEL_IN_PROGRESS, R20), then the books (SETTLED wins even
 * when the clock still says it is the completion day), then the calendar (NOT_SAME_DAY: a
 * repayment would not help), then views (ALREADY_VIEWED: the repayment workaround of R12 helps).
 * `isDayClosed` answers whether a KST day's settlement is closed.
 */
export function cancelBlockedReason(
  state: PaymentState,
  now: DateTime,
  isDayClosed: boolean | ((day: BusinessDate) => boolean),
): CancelBlockedReason | null {
  switch (state.status) {
    case 'NONE':
    case 'REQUESTED':
    case 'FAILED':
      return 'NOT_COMPLETED';
    case 'CANCELLED':
      return 'ALREADY_CANCELLED';
    case 'CANCELLING':
      return 'CANCEL_IN_PROGRESS';
    case 'COMPLETED': {
      const day = state.completion.completedOn;
      const closed = typeof isDayClosed === 'function' ? isDayClosed(day) : isDayClosed;
      if (closed) return 'SETTLED';
      if (businessDate(now) !== day) return 'NOT_SAME_DAY';
      if (viewedItems(state).length > 0) return 'ALREADY_VIEWED';
      return null;
    }
    default:
      return assertNever(state, 'payment state');
  }
}
