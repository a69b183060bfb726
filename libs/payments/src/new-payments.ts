import { Injectable } from '@nestjs/common';
import { LedgerContext, RefusedError, type CommandMeta } from '@lib/commands';
import {
  decide,
  evolve,
  initialState,
  invariant,
  pendingTransferHoldFor,
  type PaymentState,
  type RequestPayment,
} from '@lib/ledger';
import { PayerGuard } from './payer-guard';
import { PaymentStore } from './payment-store';

/**
 * Opens a new payment (R1–R6), for a first payment and a repayment alike. For a bank transfer the
 * payer's guard is taken BEFORE the payment is written: if the process dies in between, the hold
 * lapses at its own deadline and no payment exists, so nothing is charged and no one is blocked
 * for longer than the window.
 */
@Injectable()
export class NewPayments {
  constructor(
    private readonly ledger: LedgerContext,
    private readonly payments: PaymentStore,
    private readonly guard: PayerGuard,
  ) {}

  async open(command: RequestPayment, meta: CommandMeta): Promise<PaymentState> {
    const decision = decide(command, initialState, this.ledger.decisionContext(meta));
    if (decision.refusal !== undefined) throw new RefusedError(decision.refusal);
    const [requested] = decision.events;
    invariant(
      requested?.type === 'PaymentRequested' && decision.events.length === 1,
      'A payment request must decide exactly one PaymentRequested',
    );
    const hold = pendingTransferHoldFor(requested);
    if (hold !== null) await this.guard.hold(hold, meta);
    await this.payments.create(requested, meta);
    return evolve(initialState, requested);
  }
}
