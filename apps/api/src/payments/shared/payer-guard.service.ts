import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@lib/event-store';
import { handleCommand } from '@lib/event-store/command/handle-command';
import { EVENT_STORE } from '@lib/event-store/event-store.token';
import {
  PAYER_GUARD_EVENT_SCHEMA_VERSIONS,
  decidePayerGuard,
  evolvePayerGuard,
  initialPayerGuardState,
  payerStreamId,
  pendingTransferReleaseFor,
  type DecisionContext,
  type HoldPendingTransfer,
  type PayerGuardEvent,
  type PaymentState,
} from '@lib/ledger';
import type { CommandMeta } from './command-meta';
import { LedgerContext } from './ledger-context.service';
import { refusalProblem } from './refusal.problem';

const guardEvolver = { initialState: initialPayerGuardState, evolve: evolvePayerGuard };

/**
 * The payer's double-charge guard (R6), one stream per payer appended with the expected revision:
 * of two simultaneous bank-transfer requests from one payer, exactly one can take the hold.
 */
@Injectable()
export class PayerGuard {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ledger: LedgerContext,
  ) {}

  /** Takes the hold, or throws PENDING_TRANSFER_EXISTS. */
  async hold(command: HoldPendingTransfer, ctx: DecisionContext, meta: CommandMeta): Promise<void> {
    const handled = await handleCommand(
      this.store,
      payerStreamId(command.data.payerKey),
      guardEvolver,
      (state) => {
        const decision = decidePayerGuard(command, state, ctx);
        return { events: decision.events, result: decision.refusal };
      },
      { metadataFor: (event: PayerGuardEvent) => this.metadata(event, meta) },
    );
    if (handled.result !== undefined) throw refusalProblem(handled.result);
  }

  /** Ends the hold once the transfer has an outcome; nothing for card payments or pending ones. */
  async releaseFor(payment: PaymentState, meta: CommandMeta): Promise<void> {
    const release = pendingTransferReleaseFor(payment);
    if (release === null) return;
    const ctx = this.ledger.decisionContext(meta);
    await handleCommand(
      this.store,
      payerStreamId(release.payerKey),
      guardEvolver,
      (state) => ({
        events: decidePayerGuard(release.command, state, ctx).events,
        result: undefined,
      }),
      { metadataFor: (event: PayerGuardEvent) => this.metadata(event, meta) },
    );
  }

  private metadata(event: PayerGuardEvent, meta: CommandMeta) {
    return this.ledger.eventMetadata(meta, PAYER_GUARD_EVENT_SCHEMA_VERSIONS[event.type]);
  }
}
