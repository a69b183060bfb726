import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@lib/event-store';
import { EVENT_STORE } from '@lib/event-store/event-store.token';
import { viewTransferFor, type PaymentState } from '@lib/ledger';
import { RepaymentGuard } from '../repay-payment/repayment-guard';
import { systemMetaCausedBy, type CommandMeta } from './command-meta';
import { LedgerContext } from './ledger-context.service';
import { PayerGuard } from './payer-guard.service';
import { PaymentStore } from './payment-store.service';

/**
 * What must follow a payment's new outcome in other streams: the payer's guard is released (R6),
 * a completed repayment takes over the original's views (R12), and a repayment with an outcome
 * releases its original's repayment guard (R12). All are idempotent, so running them again (after
 * a retry or a restart) changes nothing.
 */
@Injectable()
export class PaymentFollowUps {
  private readonly repayments: RepaymentGuard;

  constructor(
    private readonly payments: PaymentStore,
    private readonly guard: PayerGuard,
    @Inject(EVENT_STORE) store: EventStore,
    ledger: LedgerContext,
  ) {
    this.repayments = new RepaymentGuard(store, ledger);
  }

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
