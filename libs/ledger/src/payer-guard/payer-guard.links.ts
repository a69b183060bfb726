/**
 * How the payment stream drives the payer guard (R6): which guard command follows which payment
 * fact. Card payments never touch the guard.
 */
import { assertNever, invariant } from '../assert';
import { payerKeyOf } from '../payer';
import type { PaymentRequested } from '../payment/payment.events';
import type { PaymentState } from '../payment/payment.state';
import type { HoldPendingTransfer, ReleasePendingTransfer } from './payer-guard.commands';

/** The hold to take BEFORE appending this PaymentRequested; null for a card payment. */
export function pendingTransferHoldFor(requested: PaymentRequested): HoldPendingTransfer | null {
  const { instrument, expiresAt, payer, paymentId } = requested.data;
  if (instrument.method !== 'BANK_TRANSFER') return null;
  invariant(expiresAt !== null, `Bank transfer ${paymentId} has no deadline`);
  return {
    type: 'HoldPendingTransfer',
    data: { payerKey: payerKeyOf(payer), paymentId, holdUntil: expiresAt },
  };
}

/**
 * The release to send once a bank transfer has an outcome, with the payer key of the guard
 * stream; null while it is REQUESTED and for card payments.
 */
export function pendingTransferReleaseFor(
  payment: PaymentState,
): { readonly payerKey: string; readonly command: ReleasePendingTransfer } | null {
  if (payment.status === 'NONE' || payment.instrument.method !== 'BANK_TRANSFER') return null;
  switch (payment.status) {
    case 'REQUESTED':
      return null;
    case 'COMPLETED':
    case 'CANCELLING':
    case 'FAILED':
    case 'CANCELLED':
      return {
        payerKey: payerKeyOf(payment.payer),
        command: {
          type: 'ReleasePendingTransfer',
          data: {
            paymentId: payment.paymentId,
            outcome: payment.status === 'CANCELLING' ? 'COMPLETED' : payment.status,
          },
        },
      };
    default:
      return assertNever(payment, 'payment state');
  }
}
