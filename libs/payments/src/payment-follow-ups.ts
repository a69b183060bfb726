import { Injectable } from '@nestjs/common';
import { systemMetaCausedBy, type CommandMeta } from '@lib/commands';
import { viewTransferFor, type PaymentState } from '@lib/ledger';
import { PayerGuard } from './payer-guard';
import { PaymentStore } from './payment-store';
import { RepaymentGuard } from './repayment-guard';

/**
 * What must follow a payment's new outcome in other streams: the payer's guard is released (R6),
 * a completed repayment takes over the original's views (R12), and a repayment with an outcome
 * releases its original's repayment guard (R12). All are idempotent, so running them again (after
 * a retry, a restart, or in the worker's reactor) changes nothing.
 */
@Injectable()
export class PaymentFollowUps {
  constructor(
    private readonly payments: PaymentStore,
    private readonly guard: PayerGuard,
    private readonly repayments: RepaymentGuard,
  ) {}

  async after(payment: PaymentState, cause: CommandMeta): Promise<void> {
    const meta = systemMetaCausedBy(cause, 'payment-follow-ups');
    await this.guard.releaseFor(payment, meta);
    const transfer = viewTransferFor(payment);
    if (transfer !== null) {
      // A refused transfer (the original is cancelled, or its views already moved) leaves the
      // original as it is; it must not turn the completion that triggered it, which is already
      // recorded, into an error for the PG.
      await this.payments.decideAndAppend(transfer.originalPaymentId, transfer.command, meta);
    }
    // Only after the views moved: released earlier, a new repayment could still be planned from
    // the original's views and charge the payer a second time.
    await this.repayments.releaseFor(payment, meta);
  }
}
