import { Inject, Injectable } from '@nestjs/common';
import { AggregateStreams, LedgerContext, RefusedError, type CommandMeta } from '@lib/commands';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import {
  decidePayerGuard,
  payerStreamId,
  pendingTransferReleaseFor,
  type HoldPendingTransfer,
  type PayerGuardEvent,
  type PayerGuardState,
  type PaymentState,
  payerGuardDecider,
} from '@lib/ledger';

/**
 * The payer's double-charge guard (R6), one stream per payer appended with the expected revision:
 * of two simultaneous bank-transfer requests from one payer, exactly one can take the hold.
 */
@Injectable()
export class PayerGuard {
  private readonly streams: AggregateStreams<PayerGuardState, PayerGuardEvent>;

  constructor(@Inject(EVENT_STORE) store: EventStore, ledger: LedgerContext) {
    this.streams = new AggregateStreams(store, ledger, payerGuardDecider);
  }

  /** Takes the hold, or throws PENDING_TRANSFER_EXISTS. */
  async hold(command: HoldPendingTransfer, meta: CommandMeta): Promise<void> {
    const { decision } = await this.streams.run(
      payerStreamId(command.data.payerKey),
      (state, ctx) => decidePayerGuard(command, state, ctx),
      meta,
    );
    if (decision.refusal !== undefined) throw new RefusedError(decision.refusal);
  }

  /** Ends the hold once the transfer has an outcome; nothing for card payments or pending ones. */
  async releaseFor(payment: PaymentState, meta: CommandMeta): Promise<void> {
    const release = pendingTransferReleaseFor(payment);
    if (release === null) return;
    await this.streams.run(
      payerStreamId(release.payerKey),
      (state, ctx) => decidePayerGuard(release.command, state, ctx),
      meta,
    );
  }
}
