/**
 * R5: a REQUESTED bank transfer expires at `expiresAt` = requestedAt + window. The deadline instant
 * itself is expired ("has not completed 15 minutes after it was requested"): a completion at
 * 14:59.999 succeeds, one at 15:00.000 does not. Before the deadline, expiry changes nothing; a
 * card payment never expires; expiring a payment that is no longer REQUESTED changes nothing.
 */
import { isoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept } from '../decision';
import type { PaymentDecision } from './payment.decide';
import { TRANSFER_EXPIRED_MESSAGE } from './payment.errors';
import type { PaymentFailed } from './payment.events';
import { isExpired } from './payment.rules';
import type { RequestedPayment } from './payment.state';

export function decideExpiry(state: RequestedPayment, ctx: DecisionContext): PaymentDecision {
  return isExpired(state, ctx.now) ? accept(expiredEvent(state, ctx)) : accept();
}

export function expiredEvent(state: RequestedPayment, ctx: DecisionContext): PaymentFailed {
  return {
    type: 'PaymentFailed',
    data: {
      paymentId: state.paymentId,
      reason: 'EXPIRED',
      code: 'EXPIRED',
      message: TRANSFER_EXPIRED_MESSAGE,
      failedAt: isoInstant(ctx.now),
      pgTransactionId: null,
      approvedAmountKrw: null,
    },
  };
}
