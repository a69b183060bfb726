import { Injectable } from '@nestjs/common';
import { viewTransferFor, type PaymentState } from '@lib/ledger';
import { systemMetaCausedBy, type CommandMeta } from './command-meta';
import { PayerGuard } from './payer-guard.service';
import { PaymentStore } from './payment-store.service';

/**
 * What must follow a payment's new outcome in other streams: the payer's guard is released (R6)
 * and a completed repayment takes over the original's views (R12). Both are idempotent, so running
 * them again (after a retry or a restart) changes nothing.
 */
@Injectable()
export class PaymentFollowUps {
  constructor(
    private readonly payments: PaymentStore,
    private readonly guard: PayerGuard,
  ) {}

  async after(payment: PaymentState, cause: CommandMeta): Promise<void> {
    const meta = systemMetaCausedBy(cause, 'payment-follow-ups');
    await this.guard.releaseFor(payment, meta);
    const transfer = viewTransferFor(payment);
    if (transfer !== null) {
      // A refused transfer (the views already moved to another repayment of the same items, or
      // the original is cancelled) leaves the original as it is; it must not turn the completion
      // that triggered it, which is already recorded, into an error for the PG.
      await this.payments.decideAndAppend(transfer.originalPaymentId, transfer.command, meta);
    }
  }
}
