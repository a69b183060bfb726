import { Injectable } from '@nestjs/common';
import { LedgerContext, RefusedError, type CommandMeta } from '@lib/commands';
import { WrongExpectedVersionError } from '@lib/event-store';
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
 *
 * A request's payment id comes from its Idempotency-Key (docs/adr/0011), so a retry meets the
 * payment its first attempt wrote and answers it again; two attempts at once race on the stream's
 * expected revision, and the loser answers what the winner wrote.
 */
@Injectable()
export class NewPayments {
  constructor(
    private readonly ledger: LedgerContext,
    private readonly payments: PaymentStore,
    private readonly guard: PayerGuard,
  ) {}

  async open(command: RequestPayment, meta: CommandMeta): Promise<PaymentState> {
    const { paymentId } = command.data;
    const answered = await this.payments.replay(paymentId, meta);
    if (answered !== null) return answered;
    const decision = decide(command, initialState, this.ledger.decisionContext(meta));
    if (decision.refusal !== undefined) throw new RefusedError(decision.refusal);
    const [requested] = decision.events;
    invariant(
      requested?.type === 'PaymentRequested' && decision.events.length === 1,
      'A payment request must decide exactly one PaymentRequested',
    );
    const hold = pendingTransferHoldFor(requested);
    if (hold !== null) await this.guard.hold(hold, meta);
    try {
      await this.payments.create(requested, meta);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const winner = await this.payments.replay(paymentId, meta);
        if (winner !== null) return winner;
      }
      throw error;
    }
    return evolve(initialState, requested);
  }
}
