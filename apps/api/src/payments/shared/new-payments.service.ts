import { Injectable } from '@nestjs/common';
import {
  decide,
  evolve,
  initialState,
  pendingTransferHoldFor,
  type PaymentState,
  type RequestPayment,
} from '@lib/ledger';
import type { CommandMeta } from './command-meta';
import { LedgerContext } from './ledger-context.service';
import { PayerGuard } from './payer-guard.service';
import { PaymentStore } from './payment-store.service';
import { refusalProblem } from './refusal.problem';

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
    const ctx = this.ledger.decisionContext(meta);
    const decision = decide(command, initialState, ctx);
    if (decision.refusal !== undefined) throw refusalProblem(decision.refusal);
    const [requested] = decision.events;
    if (requested?.type !== 'PaymentRequested' || decision.events.length !== 1) {
      throw new Error('A payment request must decide exactly one PaymentRequested');
    }
    const hold = pendingTransferHoldFor(requested);
    if (hold !== null) await this.guard.hold(hold, ctx, meta);
    await this.payments.create(requested, meta);
    return evolve(initialState, requested);
  }
}
